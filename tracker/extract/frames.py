"""The ``tracker_frames`` component: commitment and event frames from cues and actors.

A *frame* is a language-neutral description of one commitment or one event: which cue
triggered it, its action and target, the parties, who said so, and the token span that is
its evidence. The logic reads only cue labels (from the JSONL packs in ``tracker/lang``) and
token positions, so adding a language means adding data.

How a sentence is read:

* **attribution**: a reporting or accusing cue (``ATTR``/``ACCUSE``) and the nearest source
  phrase (``SRC`` nouns and actor names) give ``claimed_by``/``stated_by``; that phrase is
  never the perpetrator;
* **events**: ``EVT`` cues grouped by clause; dropped under a denial, a condition or
  hypothetical, a negation, an order to attack, or when the cue is the object of a halt
  ("stop strikes" is commitment content, not an event). The perpetrator is the actor
  nearest the cue with role bonuses (agentive "by", forces nouns, subject position) and
  penalties (after a target preposition, inside or right after a target, a claimer);
* **commitments**: content (a truce noun, a halt plus what is halted, or a perform action)
  plus a commitment cue (agreed, signed, took effect, pledged, will continue, accepted a
  proposal). Proposals without acceptance, denials, compliance reports and conditions
  without a commitment verb are skipped. Mediators are dropped from refrain commitments
  when a belligerent is named; a bilateral truce yields one frame per party and target.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from tracker.extract.lexicon import load_lang
from tracker.extract.normalize import ar_fold
from tracker.extract.ruler import matches
from tracker.extract.segment import clause_bounds, clause_breaks

CUES_KEY = "tracker_cues"
ACTORS_KEY = "tracker_actors"

#: Target categories, most specific first.
TARGET_PRIORITY = ("energy infrastructure", "transport infrastructure", "shipping", "civilians", "military",
                   "infrastructure", "tariffs", "deforestation", "intelligence sharing")
#: What a refrain commitment on a target halts.
TARGET_ACTION = {"energy infrastructure": "strike", "infrastructure": "strike", "civilians": "strike",
                 "transport infrastructure": "strike", "shipping": "use of force", "military": "strike",
                 "tariffs": "impose tariffs", "deforestation": "deforestation"}
_GENERIC_ACTIONS = {"ceasefire breach": 0, "hostilities": 1, "self defence": 2, "attack": 3, "strike": 3}
_STRONG_COMMIT = {"agree", "pledge", "effect"}
_AR_VICTIM_PREFIXES = ("ل", "لل", "ول", "ولل", "فل")
#: A sentence without one of these cues cannot hold a commitment or an event.
_EVENT_GATE = frozenset({"EVT", "MISS", "HIT", "IMPOSE"})
_CONTENT_GATE = frozenset({"TRUCE", "HALT", "PERF", "EXTEND"})
_COMMIT_GATE = frozenset({"AGREE", "ORDER", "FUT", "RFUT", "CONT", "ACCEPT", "PROPOSE", "OBLIG", "EXTEND"})


def _slavic_past(word: str) -> bool:
    """A Russian/Ukrainian past-tense verb form ("обстреляла", "нанёс", "атакували")."""
    return word.endswith(("л", "ла", "ли", "ло", "лі", "лась", "лись", "лися")) or word in (
        "нанёс", "нанес", "завдав", "приніс")


def _AR_FOLD_CLITIC(text: str) -> str:  # noqa: N802
    """Folded Arabic word without a leading conjunction و/ف."""
    form = ar_fold(text)
    return form[1:] if len(form) > 4 and form[0] in "وف" else form


@dataclass(slots=True)
class Cue:
    label: str
    id: str
    start: int
    end: int


@dataclass(slots=True)
class ActorRef:
    id: str
    start: int
    end: int


@dataclass
class Frame:
    """One commitment or event found in a sentence (token offsets into the doc)."""

    kind: str  # "commitment" | "event"
    start: int
    end: int
    action: str
    target: str
    actor: str | None = None
    actor_span: tuple[int, int] | None = None
    claimer: tuple[int, int] | None = None
    claimer_party: str | None = None
    polarity: str = "did"
    scope: str | None = None
    conditional: bool = False
    implied: bool = False
    flags: list[str] = field(default_factory=list)
    confidence: float = 0.7
    sent: int = 0
    explicit: bool = True
    party_spans: list[tuple[int, int]] = field(default_factory=list)
    trigger: int | None = None
    strength: int = 1
    victims: list[str] = field(default_factory=list)
    anchor: int | None = None  # commitments: first truce/commitment cue (the reference point of its sentence)


class FrameBuilder:
    """Turns the cue and actor spans of a doc into commitment and event frames."""

    def __init__(self, nlp: Language, *, lang: str) -> None:
        self.lang = lang
        self.vso = lang == "ar"  # verb-subject order and post-nominal adjectives
        if not Doc.has_extension("tracker_frames"):
            Doc.set_extension("tracker_frames", default=None)
        self.mediators: frozenset[str] = frozenset()
        self.actor_stop: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ helpers
    def _sentence_cues(self, cues: list[Cue], doc: Doc | None = None, actors: list | None = None) -> list[Cue]:
        actors = actors or []
        by_label: dict[str, list[Cue]] = {}
        for c in cues:
            by_label.setdefault(c.label, []).append(c)
        truce = by_label.get("TRUCE", [])
        out = []
        for c in cues:
            # "fire" inside "cease fire", a breach inside "violation of the truce" stays
            if c.label == "EVT" and any(t.start <= c.start and c.end <= t.end for t in truce):
                continue
            # keep the longest cue of a label at a position
            same = by_label[c.label]
            if len(same) > 1 and any(o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start)
                                     for o in same):
                continue
            out.append(c)
        if self.lang == "ar" and doc is not None:
            for c in list(out):
                if c.label in ("HALT", "CONT", "AGREE", "EVT") and c.end - c.start == 1:
                    raw = _AR_FOLD_CLITIC(doc[c.start].text)
                    if len(raw) > 3 and raw[0] == "س" and raw[1] in "يتنا" and doc[c.start].norm_ != raw:
                        out.append(Cue("FUT", "will", c.start, c.end))  # «ستوقف»: will stop
        if doc is not None:
            # "on 12 May", "from May 8": a capitalised modal mid-sentence is the month, not a hypothesis
            out = [c for c in out if not (c.label == "HYPO" and c.end - c.start == 1 and doc[c.start].text[:1].isupper()
                                          and not doc[c.start].is_sent_start)]
        labels = {c.label for c in out}
        # "would" after a reporting verb is a reported future ("said it would halt"), else a hypothesis
        for c in [c for c in out if c.label == "RFUT"]:
            c.label = "FUT" if any(a.label in ("ATTR", "ACCUSE") and a.end <= c.start for a in out) else "HYPO"
        # "a Russian drone hit ...": a weak impact verb is an attack only after a weapon, force or actor
        for c in [c for c in out if c.label == "HIT"]:
            if any(w.label in ("WPN", "FORCES") and 0 <= c.start - w.end <= 2 for w in out) or any(
                    0 <= c.start - a.end <= 1 for a in actors) or (
                    # "shelled Kherson and later struck Odesa": a second verb sharing the attack's subject
                    any(k.label == "CONJ" and 0 <= c.start - k.end <= 1 for k in out)
                    and any(e.label == "EVT" and e.end <= c.start for e in out)):
                out.append(Cue("EVT", c.id, c.start, c.end))
        # "cut its duties on US goods": a cut whose object is tariffs is a tariff cut, not an emissions pledge
        for p in [c for c in out if c.label == "PERF" and c.id.startswith("reduce")]:
            if any(t.label == "TGT" and t.id == "tariffs" and 0 <= t.start - p.end <= 2 for t in out):
                out.remove(p)
                out.append(Cue("TRUCE", "tariffs", p.start, p.end))
        # "imposed new tariffs", «ввёл новые пошлины»; "tariffs took effect"
        for t in [c for c in out if c.label == "TGT" and c.id == "tariffs"]:
            verbs = [i for i in out if i.label == "IMPOSE" and 0 <= t.start - i.end <= 4]
            if verbs:
                out.append(Cue("EVT", "impose tariffs", verbs[0].start, t.end))
            elif (
                    any(a.label == "AGREE" and a.id == "effect" and abs(a.start - t.end) <= 4 for a in out)
                    and "HALT" not in labels and "TRUCE" not in labels):
                out.append(Cue("EVT", "impose tariffs", t.start, t.end))
        # "agreed not to attack": a negated attack after a commitment cue is what is halted
        if labels & {"AGREE", "FUT"}:
            for n in [c for c in out if c.label == "NEG"]:
                for e in [c for c in out if c.label == "EVT" and 0 <= c.start - n.end <= 1]:
                    out.append(Cue("HALT", "halt", n.start, n.end))
        # "did not (even) meet", «не выполнил», «لم تف»: a negated fulfilment verb is a missed pledge
        for n in [c for c in out if c.label == "NEG"]:
            for f in [c for c in out if c.label == "FULFIL" and 0 <= c.start - n.end <= 2]:
                if not any(c.label == "MISS" and c.start <= f.start < c.end for c in out):
                    out.append(Cue("MISS", "missed", n.start, f.end))
        out.sort(key=lambda c: (c.start, -c.end))
        return out

    @staticmethod
    def _sentence_actors(refs: list[ActorRef]) -> list[ActorRef]:
        out: list[ActorRef] = []
        for a in sorted(refs, key=lambda a: (a.start, -(a.end - a.start))):
            if out and a.start < out[-1].end:
                continue  # overlapping: the first (longest) wins
            out.append(a)
        return out

    @staticmethod
    def _by_sentence(doc: Doc, key: str, starts: list[int], make) -> dict[int, list]:
        """Ruler matches bucketed by sentence index (one pass over the matches)."""
        out: dict[int, list] = {}
        si, n = 0, len(starts)
        for m in matches(doc, key):  # sorted by start: walk the sentences alongside
            while si + 1 < n and starts[si + 1] <= m[2]:
                si += 1
            out.setdefault(si, []).append(m)
        return out

    @staticmethod
    def _has(cues: list[Cue], label: str, start: int, end: int, ids: set[str] | None = None) -> list[Cue]:
        return [c for c in cues if c.label == label and c.start >= start and c.end <= end
                and (ids is None or c.id in ids)]

    def _claimers(self, doc: Doc, cues: list[Cue], actors: list[ActorRef], sent: Span) -> list[tuple[int, int, str | None, int]]:
        """Source phrases: (start, end, party, index of the attribution cue)."""
        out = []
        srcs = [c for c in cues if c.label == "SRC"]
        for ai, att in enumerate(c for c in cues if c.label in ("ATTR", "ACCUSE")):
            cands = []
            after_cost = 0 if self.vso else 4  # SVO: the source precedes the verb unless inverted
            # "Baza, which is close to the security services, reported": skip the aside
            aside = 0
            rel = [c for c in cues if c.label == "REL" and c.start < att.start]
            if rel and doc[att.start - 1].text in ",،" and rel[-1].start > 0 and doc[rel[-1].start - 1].text in ",،":
                aside = att.start - rel[-1].start + 1
            for s in srcs:
                if s.end <= att.start:
                    d = att.start - s.end - (aside if s.end <= rel[-1].start else 0) if rel else att.start - s.end
                    cands.append((d + (2 if self.vso and d > 1 else 0), s))
                elif s.start >= att.end:
                    d = s.start - att.end
                    cands.append((d + after_cost, s))
            by_ends = {c.end for c in cues if c.label == "BY"}
            for a in actors:
                if a.start in by_ends:
                    continue  # "fired from Iran", "by Hamas": an agent, not a source
                span_like = Cue("ACTOR", a.id, a.start, a.end)
                if a.end <= att.start:
                    d = att.start - a.end - (aside if rel and a.end <= rel[-1].start else 0)
                    cands.append((d + (2 if self.vso and d > 1 else 0) + 1, span_like))
                elif a.start >= att.end:
                    d = a.start - att.end
                    cands.append((d + after_cost + 1, span_like))
            # the subject noun of the reporting verb ("The governors of X region that border
            # Ukraine also reported"): prefer a source noun earlier in the same clause
            src_before = [x for x in srcs if x.end <= att.start and att.start - x.end <= 15 and not any(
                doc[i].text in ",،;؛:" for i in range(x.end, att.start))]
            if src_before and not self.vso:
                head = src_before[-1]
                cands = [c for c in cands if not (c[1].label == "ACTOR" and head.end < c[1].start < att.start
                                                  and c[1].start - head.end > 1)]
                cands.append((0.5, head))
            if any(c.label == "BY" and c.start == att.end and doc[c.start].lower_ == "by" for c in cues):
                # passive: "the truce announced by Putin": the source follows "by", nothing before it
                cands = [(d - 1, c) for d, c in cands if c.start >= att.end]
            cands = [c for c in cands if c[0] <= (10 if att.label == "ACCUSE" else 6)]
            if att.label == "ACCUSE" and any(c[1].end <= att.start and att.start - c[1].end <= 1 for c in cands):
                cands = [c for c in cands if c[1].end <= att.start]  # «هيئة الأركان اتهمت القوات الروسية»
            # "According to X, Y attacked": X is the source, Y is beyond the comma
            cands = [c for c in cands if not any(
                doc[i].text in ",،;؛:" for i in range(min(c[1].end, att.end), max(c[1].start, att.start)))]
            if att.label == "ACCUSE" and not self.vso:
                cands = [c for c in cands if c[1].end <= att.start]  # the accuser is the subject, not the accused
            if not cands:
                continue
            cands.sort(key=lambda x: x[0])
            head = cands[0][1]
            start, end = head.start, head.end
            # grow over adjacent source nouns and actor names ("Russian Defence Ministry")
            grown = True
            while grown:
                grown = False
                for x in srcs + [Cue("ACTOR", a.id, a.start, a.end) for a in actors]:
                    has_party = any(a.start < end and start < a.end for a in actors)
                    gap_ok = lambda i: not (att.label == "ACCUSE" and has_party) and doc[i].is_alpha and len(  # noqa: E731
                        doc[i]) > 3 and not any(c.start <= i < c.end for c in cues if c.label not in ("SRC", "FORCES"))
                    overlap = x.start < end and start < x.end
                    span_party = next((a.id for a in actors if a.start < end and start < a.end), None)
                    if x.label == "ACTOR" and span_party and x.id != span_party and not overlap:
                        continue  # "Israeli minister Katz [accused] Iran": the accused is another party
                    if (overlap or x.end == start or (x.end == start - 1 and gap_ok(x.end)) or x.start == end
                            or (x.start == end + 1 and gap_ok(end))) and not (x.start >= start and x.end <= end):
                        if x.end <= start and any(doc[i].text in ",،;" for i in range(x.end, start)):
                            continue
                        if x.start >= end and any(doc[i].text in ",،;" for i in range(end, x.start)):
                            continue
                        start, end = min(start, x.start), max(end, x.end)
                        grown = True
            party = next((a.id for a in actors if a.start < end and start < a.end), None)
            out.append((start, end, party, att.start))
        return out

    # ------------------------------------------------------------------ actors
    def _actor_score(self, doc: Doc, a: ActorRef, g_start: int, g_end: int, cues: list[Cue],
                     clause: tuple[int, int], verbal: bool) -> float:
        if a.end <= g_start:
            dist = g_start - a.end
            before = True
        elif a.start >= g_end:
            dist = a.start - g_end
            before = False
        else:
            return 8.0  # the trigger itself names the actor ("Russian-launched")
        if dist == 1 and before and doc[a.end].lower_ in ("'s", "’s", "'"):
            dist = 0  # "Ukraine's attacks"
        score = 10.0 - 0.6 * dist
        if not (clause[0] <= a.start < clause[1]):
            score -= 4
        prev = [c for c in cues if c.end in (a.start, a.start - 1)]
        nxt = [c for c in cues if c.start in (a.end, a.end + 1)]
        gap_max = 0 if self.vso else 3  # "fire ... were reported from the Cambodian side"
        if any(c.label == "BY" for c in prev) and (before or any(
                c.label == "BY" and c.start - g_end <= gap_max and not any(
                    x.label in ("TGT", "PREP_V", "CAUSE", "EVT") and g_end <= x.start < c.start for x in cues)
                for c in prev)) and not any(x.label == "CAUSE" and x.end in (a.start, a.start - 1, a.start - 2)
                                            for x in cues):
            score += 6  # "fired by Iran", «إطلاقها من إيران»; not «عناصر من حزب الله» (members of)
        elif any(c.label == "PREP_V" for c in prev) and dist > 0:
            score -= 8
        if self.lang == "ar":
            raw = doc[a.start].text
            if raw.startswith(_AR_VICTIM_PREFIXES) and not doc[a.start].norm_.startswith("ل") and not any(
                    c.label == "BY" for c in prev):
                score -= 6
            if any(c.label == "PREP_V" for c in cues if c.end == a.start - 1 or c.end == a.start):
                score -= 2
        if dist > 0 and not before and any(c.label == "PREP_V" and a.start - 3 <= c.end < a.start for c in cues) \
                and not any(c.label in ("BY", "FORCES") for c in prev):
            score -= 8  # genitive after a place: "in various regions of Ukraine"
        if not self.vso and not before and not any(c.label == "BY" for c in prev):
            score -= 3  # after the verb in SVO languages: the object, not the agent
        if any(x.label == "CAUSE" and x.end in (a.start, a.start - 1, a.start - 2) for x in cues):
            score -= 8  # "strikes provoked by Hamas militants firing ...": the provoker, not the agent
        forces = [c for c in prev + nxt if c.label == "FORCES"]
        if forces and not any(c.label == "PREP_V" and c.end in (f.start, f.start - 1) for c in cues for f in forces):
            score += 3  # "Russian forces"; not "struck militants of Hezbollah"
        if any(c.label == "TGT" and c.start <= a.start and a.end <= c.end for c in cues):
            score -= 8
        if any(c.label == "TGT" and (a.start - c.end) in (0, 1, 2) for c in cues):
            score -= 5  # "infrastructure of Russia", «البنية التحتية الأوكرانية»
        if not self.vso and any(c.label == "TGT" and (c.start - a.end) in (0, 1) for c in cues) and not any(
                c.label == "FORCES" for c in nxt):
            score -= 5  # "Russia's energy infrastructure", "Ukrainian port"
        if before and any(c.label == "BY" and c.id == "by" and a.end <= c.start and g_start - 3 <= c.end and c.start <= g_end + 1
                          for c in cues):
            score -= 8  # passive: "Kyiv was attacked by ...", "Beirut's suburbs were hit by an air strike"
        if self.lang == "en" and not before and dist == 0 and not any(c.label in ("BY", "FORCES") for c in prev + nxt):
            score -= 6  # the object of an English verb: "drones attacked Moscow"
        if any(c.label == "ACCUSE" and c.end <= a.start for c in cues) and before:
            score += 4  # "accused Kyiv of attacks"
        if before and not self.vso:
            score += 1.5
        if self.vso and not before and dist <= 2:
            score += 1.5  # «هجوم صاروخي روسي», «قصف الاحتلال»
        if self.vso and before and verbal and dist <= 1:
            score += 1.0
        return score

    def _pick_actor(self, doc: Doc, actors: list[ActorRef], g_start: int, g_end: int, cues: list[Cue],
                    clause: tuple[int, int], excluded: list[tuple[int, int]],
                    soft: list[tuple[int, int]] = ()) -> ActorRef | None:
        best, best_score = None, 2.0
        for a in actors:
            if any(a.start < e and s < a.end for s, e, *_ in excluded):
                continue
            if any(a.start < e and s < a.end for s, e in soft) and g_start < a.start and not (
                    any(c.label == "BY" and c.end in (a.start, a.start - 1) for c in cues) and a.start - g_end <= 2):
                continue  # a party of a commitment made later in the sentence ("attacks came after X agreed")
            sc = self._actor_score(doc, a, g_start, g_end, cues, clause, True)
            if sc > best_score:
                best, best_score = a, sc
        return best

    # ------------------------------------------------------------------ targets
    @staticmethod
    def _targets(cues: list[Cue], start: int, end: int) -> list[Cue]:
        tg = [c for c in cues if c.label == "TGT" and c.start >= start and c.end <= end]
        tg = [c for c in tg if not any(o is not c and o.start <= c.start and c.end <= o.end
                                         and (o.end - o.start) > (c.end - c.start) for o in tg)]
        return tg

    @staticmethod
    def _best_target(tgts: list[Cue]) -> str:
        ids = {c.id for c in tgts}
        for t in TARGET_PRIORITY:
            if t in ids:
                return t
        return "unspecified"

    # ------------------------------------------------------------------ events
    def _events(self, doc: Doc, sent: Span, si: int, cues: list[Cue], actors: list[ActorRef],
                claimers, clauses, party_spans=(), state: dict | None = None) -> list[Frame]:
        frames: list[Frame] = []
        evts = [c for c in cues if c.label in ("EVT", "MISS", "WPN")]
        groups: list[list[Cue]] = []
        for c in evts:
            cl = next((k for k, (s, e) in enumerate(clauses) if s <= c.start < e), -1)
            if groups:
                last = groups[-1][-1]
                lcl = next((k for k, (s, e) in enumerate(clauses) if s <= last.start < e), -1)
                if lcl == cl and c.start - last.end <= 4:
                    groups[-1].append(c)
                    continue
            groups.append([c])
        groups = [g for g in groups if any(c.label in ("EVT", "MISS") for c in g)]  # a weapon alone is no event
        for gi, g in enumerate(groups):
            g_start, g_end = g[0].start, g[-1].end
            cl = next(((s, e) for s, e in clauses if s <= g_start < e), (sent.start, sent.end))
            # sub-clause: split a clause between two groups at the midpoint/conjunction
            sub_s, sub_e = cl
            if gi > 0 and groups[gi - 1][-1].end > cl[0]:
                prev_end = groups[gi - 1][-1].end
                conj = [c for c in cues if c.label == "CONJ" and prev_end <= c.start < g_start]
                sub_s = conj[0].start if conj else prev_end
                sub_s = self._back_to_subject(doc, actors, cues, sub_s, g_start)
            if gi + 1 < len(groups) and groups[gi + 1][0].start < cl[1]:
                nxt = groups[gi + 1][0].start
                conj = [c for c in cues if c.label == "CONJ" and g_end <= c.start < nxt]
                sub_e = conj[-1].start if conj else nxt
            if self._event_blocked(doc, cues, g, sent, cl):
                continue
            excluded = [(s, e) for s, e, _p, _a in claimers]
            rel = [c for c in cues if c.label == "REL" and sub_s <= c.start < g_start and g_start - c.end <= 3]
            prior = [a for a in actors if rel and a.end <= rel[0].start and not any(
                a.start < e and s < a.end for s, e in excluded)]
            accused = [a for a in actors for k in cues if k.label == "ACCUSE" and k.end <= a.start and a.end <= g_start
                       and g_start - k.end <= 8 and not any(a.start < e and s < a.end for s, e in excluded)]
            if prior:
                actor = prior[-1]  # "... the RSF, which responded with anti-aircraft fire"
            elif accused:
                actor = accused[0]  # "Russia accused Ukraine of violating the truce announced by Putin"
            else:
                actor = self._pick_actor(doc, actors, g_start, g_end, cues, cl, excluded, list(party_spans))
            shared = False
            if actor is not None and gi > 0 and sub_s > cl[0] and actor.end <= sub_s and any(
                    c.label == "PREP_V" and c.end in (actor.start, actor.start - 1) for c in cues):
                actor = None  # "explosions were heard in Kyiv after a missile attack": a place of the earlier clause
            if actor is None and frames and frames[-1].actor and frames[-1].actor_span:
                last = frames[-1]
                actor = ActorRef(last.actor, *last.actor_span)  # shared subject: "X shelled ... and launched ..."
                shared = last.actor_span[1] <= sub_s
            if self.lang in ("ru", "uk") and _slavic_past(doc[g_start].lower_):
                # pro-drop in reported speech: «ЦАХАЛ сообщил, что нанёс удар по ...»
                for cs, ce, party, att_at in claimers:
                    if party and ce <= att_at < g_start and not any(
                            att_at < a.start < g_start and not (cs <= a.start < ce) for a in actors):
                        actor = ActorRef(party, cs, ce)
                        break
            # self-claim: "Hezbollah said (that) it had targeted an Israeli post", «قال حزب الله إنه استهدف»
            for sf in [c for c in cues if c.label == "SELF" and c.end <= g_start and g_start - c.end <= 3]:
                if any(sf.end <= a.start < g_start for a in actors):
                    continue
                src = next(((cs, ce, party) for cs, ce, party, att_at in claimers if party and att_at < sf.start
                            and (sf.start - att_at <= 3 or 0 <= sf.start - ce <= 2)), None)
                if src:
                    actor = ActorRef(src[2], src[0], src[1])
                    break
            own = [c for c in cues if c.label == "POSS" and sub_s <= c.start < g_start and g_start - c.end <= 3]
            if own and any(p for *_x, p, _a in claimers):
                actor = None  # "the army said its warplanes struck X": X is the target
            if any(c.label == "UNKNOWN" for c in cues):
                actor = None  # "no group claimed responsibility", «لم يتضح من يقف وراء»
            elif actor is None:
                claim = [c for c in cues if c.label == "CLAIM" and 0 <= g_start - c.end <= 4]
                party = next((p for s_, e_, p, _a in claimers if p), None)
                if party and (own or claim):
                    # "the army said its warplanes struck", "the Houthis claimed a missile attack"
                    s_, e_ = next((s_, e_) for s_, e_, p, _a in claimers if p)
                    actor = ActorRef(party, s_, e_)
            if actor is not None and g[0].id == "hostilities" and len(g) == 1 and not (
                    0 <= g_start - actor.end <= 1 or 0 <= actor.start - g_end <= 1):
                actor = None  # fighting and clashes have two sides; keep only an explicit subject
            action = self._action(g)
            tgts = self._targets(cues, sub_s, sub_e) or self._targets(cues, cl[0], cl[1])
            if not tgts:
                nxt_cl = next(((s_, e_) for s_, e_ in clauses if s_ >= cl[1]), None)
                if nxt_cl and any(c.label == "PREP_V" and c.start == nxt_cl[0] for c in cues):
                    tgts = self._targets(cues, nxt_cl[0], nxt_cl[1])  # "strikes on Kherson, on the station"
                    if tgts:
                        sub_e = max(sub_e, nxt_cl[1])
            target = self._best_target(tgts)
            polarity = "did"
            if any(c.label == "MISS" for c in g):
                polarity = "did"
            claimer = self._claimer_for(claimers, actor, g_start)
            # a shared subject stays with the first clause: the second event's evidence is its own clause
            split = gi > 0 and sub_s > cl[0]  # a second event in the clause: "... and later struck Odesa"
            start = min(sub_s, actor.start) if actor and actor.start >= cl[0] and not shared and not (
                split and actor.end <= sub_s) else sub_s
            end = max(sub_e, actor.end) if actor and actor.end <= cl[1] else sub_e
            # whose property was hit: actors right after a target ("infrastructure of Russia",
            # «البنية التحتية الأوكرانية») or a victim preposition ("on Ukrainian ports")
            victims = []
            for a in actors:
                if actor is not None and a.start < actor.end and actor.start < a.end:
                    continue
                if not (sub_s <= a.start < sub_e):
                    continue
                after_tgt = any(t.label == "TGT" and 0 <= a.start - t.end <= 2 for t in cues)
                before_tgt = not self.vso and any(t.label == "TGT" and 0 <= t.start - a.end <= 1 for t in cues)
                after_prep = any(c.label == "PREP_V" and c.end in (a.start, a.start - 1) for c in cues)
                if after_tgt or before_tgt or after_prep:
                    victims.append(a.id)
            fr = Frame("event", start, end, action, target, actor=actor.id if actor else None, trigger=g_start,
                       victims=victims,
                       actor_span=(actor.start, actor.end) if actor else None,
                       claimer=claimer[:2] if claimer else None, claimer_party=claimer[2] if claimer else None,
                       polarity=polarity, sent=si)
            if any(c.label == "MISS" for c in g) and state is not None and state.get("topic"):
                _pol, t_action, t_target = state["topic"]
                who = [actor.id] if actor else list(state.get("topic_actors") or [])
                for pid in who:
                    frames.append(Frame("event", start, end, t_action, t_target, actor=pid, trigger=g_start,
                                        polarity="did" if _pol == "refrain" else "stopped", sent=si,
                                        flags=["missed_pledge"] + ([] if actor else ["actor_from_context"]),
                                        confidence=0.6 if actor else 0.45))
                continue
            if action == "ceasefire breach":
                if any(fr_.sent == si and fr_.action != "ceasefire breach" for fr_ in frames):
                    continue  # "... struck X, in a new breach of the truce": the strike is the event
                if actor is None or min(abs(actor.start - g_end), abs(g_start - actor.end)) > 5:
                    continue  # a breach with no one named next to it is commentary, not a report
            if any(c.label == "UNKNOWN" for c in cues):
                fr_unknown = True
            else:
                fr_unknown = False
            if fr_unknown:
                fr.flags.append("unknown_agent")
            if action == "self defence":
                fr.action = "gunfire"
                fr.flags.append("self_defence")
            frames.append(fr)
        return frames

    @staticmethod
    def _back_to_subject(doc: Doc, actors: list[ActorRef], cues: list[Cue], sub_s: int, g_start: int) -> int:
        return sub_s

    @staticmethod
    def _action(g: list[Cue]) -> str:
        ids = [c.id for c in g if c.label in ("EVT", "WPN")] or ["missed"]
        best = max(ids, key=lambda i: (_GENERIC_ACTIONS.get(i, 5 if " " in i else 4)))
        return best

    def _event_blocked(self, doc: Doc, cues: list[Cue], g: list[Cue], sent: Span, cl: tuple[int, int]) -> bool:
        g_start, g_end = g[0].start, g[-1].end
        before = [c for c in cues if c.end <= g_start]
        # negated: "no strikes", «ударів ... не було»
        if any(c.label == "NEG" and g_start - c.end <= 1 for c in before):
            return True
        if any(c.label == "NEG" and 0 <= c.start - g_end <= 4 and len(doc[c.start:c.end]) > 1 for c in cues):
            return True
        # halted: the event noun is what a truce or pledge halts
        if any(c.label in ("HALT", "TRUCE", "PROPOSE") and g_start - c.end <= 6 and c.start >= cl[0] and not any(
                # «до вступления перемирия в силу российские дроны атаковали»: a new subject (or the
                # truce's own verb) comes between, so the attack is not what the truce halts
                (x.label in ("WPN", "FORCES") or (x.label == "AGREE" and x.id == "effect")) and c.end <= x.start < g_start
                for x in cues) for c in before):
            return True
        # condition, hypothesis, order, denial, compliance in the clause before the trigger
        for c in before:
            if c.start < cl[0] and c.label not in ("DENY", "ORDER"):
                continue
            between_attr = any(x.label in ("ATTR", "ACCUSE") and c.end <= x.start < g_start for x in cues)
            if c.label in ("COND", "HYPO") and c.start >= cl[0]:
                return True
            if c.label == "ORDER" and g_start - c.end <= 8 and not between_attr:
                return True
            if c.label == "DENY" and not between_attr:
                return True
        if any(c.label == "COMPLY" and cl[0] <= c.start < cl[1] for c in cues):
            return True
        # a future or threatened action is not a reported one: "new sanctions will follow"
        if any(c.label == "FUT" and cl[0] <= c.start < cl[1] and abs(c.start - g_start) <= 4 for c in cues):
            return True
        return False

    @staticmethod
    def _claimer_for(claimers, actor: ActorRef | None, at: int | None = None):
        if at is not None:
            # "Pakistan said India struck ..., and India said Pakistan shelled ...": the nearest
            # attribution before the event is its source
            before = [cm for cm in claimers if cm[3] < at and not (
                actor is not None and cm[0] <= actor.start and actor.end <= cm[1])]
            if len(before) > 1:
                return max(before, key=lambda cm: cm[3])
        for cm in claimers:
            if actor is not None and cm[0] <= actor.start and actor.end <= cm[1]:
                continue
            return cm
        return None

    # ------------------------------------------------------------------ commitments
    def _commitments(self, doc: Doc, sent: Span, si: int, cues: list[Cue], actors: list[ActorRef],
                     claimers, clauses, state: dict) -> list[Frame]:
        s0, s1 = sent.start, sent.end
        has = lambda label, ids=None: self._has(cues, label, s0, s1, ids)  # noqa: E731
        truce = has("TRUCE")
        halts = [h for h in has("HALT") if any(c.label in ("EVT", "TGT") and 0 <= c.start - h.end <= 6 for c in cues)]
        perf = has("PERF")
        accept = has("ACCEPT")
        agree = has("AGREE")
        strong = [c for c in agree if c.id in _STRONG_COMMIT]
        order_halt = [o for o in has("ORDER") if any(h.start >= o.end and h.start - o.end <= 4 for h in has("HALT"))]
        fut = has("FUT") + has("CONT")
        content = truce + halts + perf
        commit = strong + [c for c in agree if c.id == "deal"] + order_halt + accept
        if perf and fut:
            commit = commit + fut  # "will continue sharing intelligence"
        # agreement terms written as obligations: "it requires Hezbollah to pull its fighters ...",
        # "under the ceasefire, Israeli troops are to withdraw", «يتعين على ... الانسحاب»; only in an
        # agreement's context (a deal or truce named here, or a commitment stated earlier) and not a demand
        oblig = [o for o in has("OBLIG") if any(0 <= c.start - o.end <= 6 for c in perf + halts) and not any(
            x.label in ("FUT", "RFUT", "HYPO") and 0 <= o.start - x.end <= 2 for x in cues)]  # "would require"
        if oblig and (truce or any(c.id == "deal" for c in agree) or state.get("agreed")) and not has("PROPOSE") \
                and not has("DENY") and not has("HYPO"):
            commit = commit + oblig
            strong = strong + oblig
        else:
            oblig = []
        commit = commit + [h for h in halts if any(t.label == "TGT" and t.id == "tariffs" and 0 <= t.start - h.end <= 6
                                                   for t in cues)]  # "the EU postponed its counter-tariffs"
        will = [f for f in has("FUT") if any(0 <= h.start - f.start <= 3 for h in halts)]
        if will:
            commit = commit + will  # "Russia will stop strikes", «ستوقف», "would pause tariffs"
        # "the truce will be extended until ...", "agreed to extend the ceasefire"; "the deal will be
        # extended" once a truce has been stated in the document (the deal is that truce)
        strong_agree = [c for c in strong if c.id in ("agree", "pledge")]
        extend = [x for x in has("EXTEND") if not any(n.label == "NEG" and 0 <= x.start - n.end <= 2 for n in cues)]
        if extend and not has("PROPOSE") and not has("COND") and not has("HYPO"):
            deal_nouns = [c for c in agree if c.id == "deal"]
            if not truce and deal_nouns and state.get("truce_id"):
                truce = [Cue("TRUCE", state["truce_id"], deal_nouns[0].start, deal_nouns[0].end)]
                content = content + truce
            if truce:
                commit = commit + extend
                strong = strong + extend
        if has("PROPOSE") and not strong and not accept and not order_halt:
            if content:
                state["proposal"] = (content, sent, self._targets(cues, sent.start, sent.end))
            return []
        if accept and not content and state.get("proposal"):
            content = state["proposal"][0]
        if not content and state.get("topic") and any(c.id == "pledge" for c in agree) and not has("COMPLY") \
                and not has("DENY") and not has("TGT"):
            return self._topic_pledge(doc, sent, si, cues, actors, claimers, state)
        if not content or not commit:
            return []
        from_proposal = bool(state.get("proposal")) and content is state["proposal"][0]
        if from_proposal:
            truce = [c for c in content if c.label == "TRUCE"]
            halts = [c for c in content if c.label == "HALT"]
            perf = [c for c in content if c.label == "PERF"]
        else:
            near = lambda a, b: min(abs(a.start - b.end), abs(b.start - a.end)) <= 12  # noqa: E731
            content = [c for c in content if any(near(c, k) for k in commit)]
            commit = [k for k in commit if any(near(c, k) for c in content)]
            truce = [c for c in truce if c in content]
            halts = [c for c in halts if c in content]
            perf = [c for c in perf if c in content]
            if not content or not commit:
                return []
        if has("COMPLY") and not strong:
            return []  # "Thailand adhered to the truce" reports compliance; "agreed to observe" commits
        first_commit = min(c.start for c in commit)
        if any(c.start < first_commit for c in has("DENY")):
            return []
        conditional = False
        if [c for c in has("COND") if not any(o.start <= c.start < o.end or c.start <= o.start < c.end for o in oblig)]:
            if not strong and not accept and not order_halt:
                return []
            conditional = True
        if has("HYPO") and not strong and not accept and not (perf and fut):
            return []
        if not strong and not accept and not order_halt and any(c.id == "ceasefire breach" for c in has("EVT")):
            return []  # "violated the ceasefire agreement" refers to a commitment, it does not make one
        reference = self._mentions_only(doc, sent, cues, commit, truce, clauses)


        # the region: clauses holding the cues, plus a leading subject clause
        lo = min([c.start for c in commit + content])
        hi = max([c.end for c in commit + content])
        if from_proposal:
            lo, hi = min(c.start for c in accept), max(c.end for c in accept)
        cl_lo = next((k for k, (s, e) in enumerate(clauses) if s <= lo < e), 0)
        cl_hi = next((k for k, (s, e) in enumerate(clauses) if s < hi <= e), len(clauses) - 1)
        reg_s, reg_e = clauses[cl_lo][0], clauses[cl_hi][1]
        # long clauses (Arabic rarely uses commas): stop shortly after what is committed
        end_at = hi + 6
        for t in sorted((t for t in cues if t.label in ("TGT", "SCOPE")), key=lambda t: t.start):
            if t.start >= hi and t.start - end_at <= 8 and t.start < reg_e:
                end_at = max(end_at, t.end)  # "... over the Black Sea ... and against energy targets"
        reg_e = min(reg_e, end_at)
        reg_s = max(reg_s, lo - 16)
        region_actors = [a for a in actors if reg_s <= a.start < reg_e]
        if not region_actors and cl_lo > 0:
            reg_s = clauses[cl_lo - 1][0]
            region_actors = [a for a in actors if reg_s <= a.start < reg_e]

        claimer_spans = [(s, e) for s, e, _p, _a in claimers]
        tgts_all = self._targets(cues, reg_s, reg_e) if not from_proposal \
            else state["proposal"][2]
        scope_actor: dict[int, str] = {}
        parties: list[ActorRef] = []
        for a in region_actors:
            prev = [c for c in cues if c.end in (a.start, a.start - 1)]
            if any(c.label == "WITH" for c in prev) and not perf:
                parties.append(a)  # "between Ukraine and Russia"
                continue
            prev3 = [c for c in cues if a.start - 3 <= c.end <= a.start and c.label == "PREP_V"
                     and not any(doc[i].text in ",،;؛" for i in range(c.end, a.start))]  # "on 27 November, Israeli troops"
            if prev3 and not any(c.label == "WITH" for c in cues if prev3[0].end <= c.start < a.start) \
                    and a.start > min(c.start for c in commit) and not self.vso:
                scope_actor[a.start] = a.id  # "based on a statement by the presidents of Russia, ..."
                continue
            near_tgt = [t for t in tgts_all if t.id in TARGET_ACTION and (
                0 <= a.start - t.end <= 2 or (not self.vso and 0 <= t.start - a.end <= 1))]
            if near_tgt or any(c.label == "PREP_V" for c in prev) or any(
                    c.label == "SCOPE" for c in cues if c.start <= a.start < c.end):
                scope_actor[a.start] = a.id
                continue
            if self.lang == "ar" and doc[a.start].text.startswith(_AR_VICTIM_PREFIXES) and \
                    not doc[a.start].norm_.startswith("ل"):
                scope_actor[a.start] = a.id
                continue
            if perf and any(c.label == "WITH" and 0 <= a.start - c.end <= 2 for c in cues):
                continue  # recipient: "share intelligence with Ukraine"
            parties.append(a)
        # the bound party of an obligation is its subject ("Israeli troops are to withdraw") or object
        # ("requires Hezbollah to pull"), not whoever is near "under the ceasefire agreement"
        parties = self._subject_parties(doc, parties, oblig or commit, content, cues, with_parties=not perf)
        party_ids: list[str] = []
        for a in parties:
            if a.id not in party_ids:
                party_ids.append(a.id)
        bilateral = bool(truce) and not perf
        cp = next((p for _s, _e, p, _a in claimers if p), None)
        if bilateral and len(party_ids) == 1 and cp and cp not in party_ids and cp not in self.mediators \
                and has("ACCUSE"):
            party_ids.append(cp)  # "Thailand accused Cambodia of breaking the truce they agreed"

        # what is committed: one (polarity, action, target) per target category
        items: list[tuple[str, str, str]] = []
        for p in perf:
            if any(c.label in ("TRUCE", "HALT") and c.start <= p.start < c.end for c in cues):
                continue  # "reduce" inside "reduce tariffs" (a tariff cut), not a pledge of its own
            if any(h.label == "HALT" and abs(h.start - p.end) <= 4 for h in cues):
                continue  # "aid deliveries would be suspended": stopping the action is no pledge to perform it
            action, _, target = p.id.partition("|")
            items.append(("perform", action, target or "unspecified"))
        if truce or halts:
            cats = []
            if not from_proposal:
                near_t = [t for t in tgts_all if any(k.start - 4 <= t.start and t.start <= k.end + 8
                                                     for k in truce + halts)]
                chain_end = max([t.end for t in near_t], default=-1)
                for t in sorted(tgts_all, key=lambda t: t.start):
                    if t not in near_t and chain_end >= 0 and t.start > chain_end and t.start - chain_end <= 8:
                        near_t.append(t)  # "... over the Black Sea ... and against each other's energy targets"
                        chain_end = t.end
                tgts_all = near_t
            for t in tgts_all:
                if t.id in TARGET_ACTION and t.id not in cats and t.id != "intelligence sharing":
                    cats.append(t.id)
            if self._has(cues, "SCOPE", reg_s, reg_e) and "shipping" not in cats:
                cats.append("shipping")
            cats = [c for c in cats if not (c == "infrastructure" and "energy infrastructure" in cats)]
            if cats:
                for cat in cats:
                    items.append(("refrain", TARGET_ACTION[cat], cat))
            elif truce:
                tid = truce[0].id
                items.append(("refrain", "hostilities" if tid == "hostilities" else TARGET_ACTION.get(tid, tid),
                              "all hostilities" if tid == "hostilities" else tid))
            elif not perf:
                ev = [c for c in cues if c.label == "EVT" and any(0 <= c.start - h.end <= 6 for h in halts)]
                items.append(("refrain", self._action(ev) if ev else "strike", "unspecified"))
        if any(p == "refrain" for p, _a, _t in items):
            # "pledged to eliminate deforestation by 2022": the deadline belongs to that pledge
            items = [i for i in items if not (i[0] == "perform" and i[2] == "pledge")]
        if not items:
            return []
        for polarity, action, target in items:
            if target in ("deforestation", "tariffs"):
                state["topic"] = (polarity, action, target)  # later "X promised ..." refers to this pledge
        refrain_military = any(p == "refrain" and (a in ("strike", "use of force", "hostilities")) for p, a, _ in items)
        if refrain_military:
            party_ids = [p for p in party_ids if p not in self.mediators]  # brokers do not bind themselves
        implied = False
        if not party_ids:
            first_commit = min(c.start for c in commit)
            claimer_party = next((p for s, e, p, _a in claimers if p and e <= first_commit), None)
            if claimer_party and not parties and not (refrain_military and claimer_party in self.mediators):
                party_ids = [claimer_party]
            else:
                implied = True  # filled in from the document's belligerents
        claimer = claimers[0] if claimers else None
        frames = []
        scope_names = [scope_actor[k] for k in sorted(scope_actor) if scope_actor[k] not in self.mediators]
        scope_place = next((c.id for c in self._has(cues, "SCOPE", reg_s, reg_e)), None)
        for polarity, action, target in items:
            # "under the ceasefire, Israeli troops are to withdraw": the obligation's subject is bound
            # to withdraw; the truce named in passing binds the document's belligerents
            pids = [None] if oblig and polarity == "refrain" and truce else (party_ids or [None])
            for pid in pids:
                scope = None
                if target == "shipping" and scope_place:
                    scope = scope_place
                elif scope_names and target not in ("tariffs", "deforestation", "intelligence sharing", "all hostilities"):
                    others = [n for n in scope_names if n != pid]
                    scope = others[0] if others else None
                elif target == "energy infrastructure" and len(party_ids) == 2:
                    scope = next(p for p in party_ids if p != pid)
                elif scope_place and polarity == "refrain":
                    scope = scope_place
                fr = Frame("commitment", reg_s, reg_e, action, target, actor=pid, polarity=polarity, scope=scope,
                           party_spans=[(a.start, a.end) for a in parties],
                           conditional=conditional, implied=implied or pid is None, sent=si,
                           claimer=claimer[:2] if claimer else None,
                           claimer_party=claimer[2] if claimer else None,
                           explicit=bool(parties))
                fr.confidence = 0.85 if (strong or accept) and parties else 0.7 if parties else 0.55
                # how well this sentence states the commitment (a merged commitment keeps the
                # best-stated mention as its evidence): a firm verb and named parties, and not
                # just a reference inside a report of its violation
                firm = strong or accept or order_halt or will or (perf and fut)
                fr.strength = 2 if firm and party_ids and not implied and not any(
                    c.id == "ceasefire breach" for c in has("EVT")) else 1
                if conditional:
                    fr.confidence -= 0.15
                    fr.flags.append("conditional")
                if implied and firm and any(k.id in ("agree", "pledge") for k in strong) and not any(
                        c.id == "ceasefire breach" for c in has("EVT")):
                    fr.strength = 2  # "the two countries agreed to a full ceasefire": stated, parties implied
                if not reference and not implied:
                    state["agreed"] = True
                if not reference and polarity == "refrain" and truce:
                    state["truce_id"] = truce[0].id
                # "announced on 28 April a truce that will be in force from 8 May": the window starts at
                # the effect verb, not at the announcement date
                eff = [c for c in strong if c.id == "effect" and c.start > min(k.start for k in commit)]
                if eff:
                    fr.trigger = eff[0].start
                if extend and polarity == "refrain" and truce and not strong_agree:
                    fr.flags.append("extension")  # a new window for the same truce: its own commitment
                fr.anchor = min([c.start for c in commit] + [t.start for t in truce])
                if reference:
                    fr.strength = min(fr.strength, 1)
                    fr.flags.append("reference")
                frames.append(fr)
        return frames

    def _mentions_only(self, doc: Doc, sent: Span, cues: list[Cue], commit: list[Cue], truce: list[Cue],
                       clauses) -> bool:
        """Whether the sentence reports something else and names the truce only in passing.

        "Ukrainian forces have violated the truce ... since it began", "India accused Pakistan of
        violating the ceasefire the two agreed", "drones attacked X after the ceasefire took effect",
        "hours before the truce took effect, jets struck ...": the head of the sentence is a
        violation, an accusation or an attack (or the truce sits in a before/after/since clause),
        so the sentence states no commitment; the agreement is stated elsewhere.
        """
        first_commit = min(c.start for c in commit)
        anchor = min([first_commit] + [t.start for t in truce])
        temps = [c for c in cues if c.label == "TEMP"]
        # "before/after/since the truce (took effect)", «перед перемирием», «قبل الهدنة»
        if any(0 <= t.start - x.end <= 3 and x.start < anchor for x in temps for t in truce + commit):
            return True
        for c in cues:
            if c.start >= anchor:
                break
            if c.label == "ACCUSE" or (c.label == "EVT" and c.id == "ceasefire breach"):
                return True
            if c.label == "EVT":
                # background ("after days of strikes, the two agreed ...") is not the head
                if any(x.start < c.start for x in temps):
                    continue
                cl = next(((s, e) for s, e in clauses if s <= c.start < e), (sent.start, sent.end))
                if any(x.label in ("HALT", "TRUCE", "PROPOSE", "PERF") and 0 <= c.start - x.end <= 6 for x in cues):
                    continue
                if self._event_blocked(doc, cues, [c], sent, cl):
                    continue
                return True
        return False

    def _commit_parts(self, doc: Doc, sent: Span, cues: list[Cue], actors: list[ActorRef]) -> list[Span]:
        """Split a sentence where a second party states its own commitment: "the US agreed to cut
        tariffs to 30%, while China agreed to lower its duties to 10%" (two commitments, each with its
        own party and content). The split falls at the conjunction or comma before the second subject."""
        commits = sorted((c for c in cues if (c.label == "AGREE" and c.id in ("agree", "pledge")) or c.label == "OBLIG"),
                         key=lambda c: c.start)
        if len(commits) < 2:
            return [sent]
        cuts = []
        prev = commits[0]
        if self.vso:
            # «وافقت الولايات المتحدة على ...، بينما وافقت الصين على ...»: the verb opens the second clause
            for k in commits[1:]:
                conj = [c for c in cues if c.label == "CONJ" and 0 <= k.start - c.end <= 1 and c.start > prev.end]
                if conj and any(x.label in ("TRUCE", "HALT", "PERF") and prev.end <= x.start < conj[0].start for x in cues) \
                        and any(k.end <= a.start and a.start - k.end <= 2 for a in actors):
                    cuts.append(conj[0].start)
                prev = k
            if not cuts:
                return [sent]
            bounds = [sent.start] + cuts + [sent.end]
            return [doc[bounds[i]:bounds[i + 1]] for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]
        for k in commits[1:]:
            subj = [a for a in actors if a.end <= k.start and k.start - a.end <= 2 and a.start > prev.end
                    and not any(not doc[i].is_alpha for i in range(a.end, k.start))]
            if subj:
                a = subj[-1]
                seps = [c.start for c in cues if c.label == "CONJ" and prev.end <= c.start < a.start]
                seps += [i for i in range(prev.end, a.start) if doc[i].text in ",;"]
                if seps and not any(x.label in ("CONJ",) and a.end <= x.start < k.start for x in cues):
                    cut = max(seps)
                    if not any(x.label in ("TRUCE", "HALT", "PERF") and prev.end <= x.start < cut for x in cues):
                        prev = k
                        continue  # the first clause commits to nothing of its own: no second clause
                    # "A and B agreed": a coordinated subject is no second clause
                    if not (doc[cut].lower_ in ("and",) and cut == a.start - 1 and prev.end == cut):
                        cuts.append(cut)
            prev = k
        if not cuts:
            return [sent]
        bounds = [sent.start] + cuts + [sent.end]
        return [doc[bounds[i]:bounds[i + 1]] for i in range(len(bounds) - 1) if bounds[i] < bounds[i + 1]]

    @staticmethod
    def _timing_flags(doc: Doc, cues: list[Cue], events: list[Frame], has_commitment: bool) -> list[Frame]:
        """Events placed against the truce by the sentence itself.

        * "hours before the truce took effect, jets struck ...": ``before_window``;
        * "... already after the truce ended": ``after_window``;
        * "agreed to a ceasefire after four days of mutual strikes": the strikes are background
          (a summary of what led to the commitment), not a reported event.
        """
        truce = [c for c in cues if c.label == "TRUCE" or (c.label == "AGREE" and c.id in ("effect", "deal"))]
        temps = [c for c in cues if c.label == "TEMP"]
        before = any(x.id == "before" and any(0 <= t.start - x.end <= 3 and not any(
            e.label == "EXPIRE" and 0 <= e.start - t.end <= 4 for e in cues) for t in truce) for x in temps)
        ended = any(x.id == "after" and any(0 <= t.start - x.end <= 3 and any(
            e.label == "EXPIRE" and 0 <= e.start - t.end <= 2 for e in cues) for t in truce) for x in temps) or any(
            x.id == "after" and any(0 <= e.start - x.end <= 1 for e in cues if e.label == "EXPIRE") for x in temps)
        out = []
        for e in events:
            trig = e.trigger if e.trigger is not None else e.start
            if has_commitment and any(x.id == "temporal" and 0 <= trig - x.end <= 8 and not any(
                    not doc[i].is_alpha and not doc[i].is_digit for i in range(x.end, trig)) and not any(
                    c.label in ("FORCES", "ATTR", "ACCUSE") and x.end <= c.start < trig for c in cues)
                    for x in temps) and not any(c.label in ("ATTR", "ACCUSE") for c in cues):
                continue
            if before and "before_window" not in e.flags:
                e.flags.append("before_window")
            if ended and "after_window" not in e.flags:
                e.flags.append("after_window")
            out.append(e)
        return out

    @staticmethod
    def _drop_descriptors(doc: Doc, actors: list[ActorRef], cues: list[Cue]) -> list[ActorRef]:
        """A sponsor named in a descriptor is not a party: "the Iran-backed group", "backed by Iran",
        «المدعومة من إيران», «поддерживаемые Ираном хуситы»."""
        descs = [c for c in cues if c.label == "DESC"]
        if not descs:
            return actors
        def sponsor(a: ActorRef, d: Cue) -> bool:
            if d.start <= a.start and a.end <= d.end:
                return True
            if doc[d.start].text.startswith(("-", "‑", "–")):
                return a.end == d.start  # "Iran-backed Houthis": the sponsor precedes the hyphen
            return a.start == d.end  # "backed by Iran", «поддерживаемые Ираном»
        return [a for a in actors if not any(sponsor(a, d) for d in descs)]

    @staticmethod
    def _drop_references(frames: list[Frame], subject_first: bool = True) -> list[Frame]:
        """A commitment read from a sentence that only refers to it (a violation, an accusation, an
        attack before/after the truce) does not bind the party reported as breaking it unless
        another sentence states that party's commitment: "Ukrainian forces have violated the truce"
        next to Putin's unilateral truce is no Ukrainian commitment. Otherwise such a sentence is a
        weak mention (a stated sentence becomes the evidence when merging)."""
        stated = {(f.polarity, f.target) for f in frames if f.kind == "commitment" and "reference" not in f.flags}
        keys = {(f.actor, f.polarity, f.target) for f in frames if f.kind == "commitment" and "reference" not in f.flags}
        truce_at = {f.sent: f.anchor for f in frames if f.kind == "commitment" and "reference" in f.flags
                    and f.anchor is not None}
        violators = {(f.sent, f.actor) for f in frames if f.kind == "event" and f.actor and (
            f.action == "ceasefire breach" or (subject_first and f.trigger is not None and f.sent in truce_at
                                               and f.trigger < truce_at[f.sent] and f.actor_span
                                               and f.actor_span[0] <= f.trigger <= f.actor_span[1] + 2))}
        out = []
        for f in frames:
            if f.kind == "commitment" and "reference" in f.flags and (f.polarity, f.target) in stated \
                    and (f.actor, f.polarity, f.target) not in keys and (f.sent, f.actor) in violators:
                continue
            out.append(f)
        return out

    def _topic_pledge(self, doc: Doc, sent: Span, si: int, cues: list[Cue], actors: list[ActorRef], claimers,
                      state: dict) -> list[Frame]:
        """"Some companies that promised ... - like A, B and C -": the pledge of the article's topic."""
        claimer_spans = [(s_, e_) for s_, e_, _p, _a in claimers]
        named = []
        for a in actors:
            if a.id not in named and not any(a.start < e_ and s_ < a.end for s_, e_ in claimer_spans):
                named.append(a.id)
        if not named:
            return []
        polarity, action, target = state["topic"]
        frames = []
        for pid in named:
            fr = Frame("commitment", sent.start, sent.end, action, target, actor=pid, polarity=polarity, sent=si,
                       confidence=0.5, flags=["target_from_context"])
            frames.append(fr)
        state["topic_actors"] = named
        return frames

    def _coordinated(self, doc: Doc, a: ActorRef, b: ActorRef) -> bool:
        """Whether two actor mentions (a before b) are coordinated: "Kyiv and Moscow"."""
        gap = doc[a.end:b.start]
        if len(gap) == 0:
            return True
        if len(gap) > 2:
            return False
        return all(not t.is_alpha or len(t) <= 3 or t.text.lower() in ("paramilitary",) for t in gap)

    def _subject_parties(self, doc: Doc, cands: list[ActorRef], commit: list[Cue], content: list[Cue],
                         cues: list[Cue], *, with_parties: bool = True) -> list[ActorRef]:
        """The parties of a commitment: the subject group nearest the commitment cue, plus
        "with/between A and B" groups between the cue and what is committed."""
        if not cands:
            return []
        anchor = min(c.start for c in commit)
        c_start = min(c.start for c in content)
        before = [a for a in cands if a.end <= anchor]
        after = [a for a in cands if a.start >= anchor]
        out: list[ActorRef] = []
        if self.vso:
            for k in sorted(commit, key=lambda c: c.start):
                if k.id not in _STRONG_COMMIT:
                    continue
                near_after = [a for a in cands if 0 <= a.start - k.end <= 3]
                if near_after:
                    # «وتوصلت إليه حركة حماس وإسرائيل»: the subject follows the verb
                    group = [near_after[0]]
                    for a in cands:
                        if a.start > group[-1].start and self._coordinated(doc, group[-1], a):
                            group.append(a)
                    return group
        if before:
            group = [before[-1]]
            for a in reversed(before[:-1]):
                if self._coordinated(doc, a, group[0]):
                    group.insert(0, a)
                else:
                    break
            if anchor - group[-1].end <= 10 or not self.vso:
                out.extend(group)
        if not out and after:
            first = after[0]
            if first.start - anchor <= 6 or not content or first.start < c_start:
                group = [first]
                for a in after[1:]:
                    if self._coordinated(doc, group[-1], a):
                        group.append(a)
                    else:
                        break
                out.extend(group)
        # "reached deals with Ukraine and Russia", "a ceasefire between A and B"
        withs = [c for c in cues if c.label == "WITH"] if with_parties else []
        for a in after:
            if a in out:
                continue
            if any(w.end <= a.start and a.start - w.end <= 6 and w.start >= anchor - 1 for w in withs):
                if not out or any(self._coordinated(doc, o, a) or o.start < a.start for o in out):
                    out.append(a)
        return out

    @staticmethod
    def _companies(doc: Doc, sent: Span, raw: list, state: dict, known: list[ActorRef]) -> list[ActorRef]:
        """Company names as written: capitalised Latin words after a company noun ("food company
        Verdant Mills", «агрохолдинг Agro Horizon»), and later mentions of a name seen before."""
        names: set[str] = state.setdefault("companies", set())
        taken = {(a.start, a.end) for a in known}
        out: list[ActorRef] = []
        for label, _pid, _s, e in raw:
            if label != "COMPANY":
                continue
            j = e
            while j < sent.end and j - e < 4 and doc[j].is_title and doc[j].text.isascii() and doc[j].is_alpha:
                j += 1
            if j > e and not any(s_ <= e < e_ for s_, e_ in taken):
                name = doc[e:j].text
                names.add(name)
                out.append(ActorRef(name, e, j))
        if names:
            for name in names:
                first = name.split()[0]
                for t in sent:
                    if t.text == first and doc[t.i:t.i + len(name.split())].text == name and not any(
                            a.start == t.i for a in out) and (t.i, t.i + len(name.split())) not in taken:
                        out.append(ActorRef(name, t.i, t.i + len(name.split())))
        return out

    def _anaphoric(self, doc: Doc, e: Frame) -> bool:
        """Whether the event's trigger is a definite reference ("the strikes")."""
        i = e.trigger if e.trigger is not None else e.start
        window = [t.lower_ for t in doc[max(e.start, i - 2):i]]
        return any(w in ("the", "these", "those", "such", "this") for w in window)

    # ------------------------------------------------------------------ doc level
    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = []
        state: dict = {}
        prev_actors: list[str | None] = []
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]
        breaks = clause_breaks(doc)
        cue_map = self._by_sentence(doc, CUES_KEY, starts, None)
        actor_map = self._by_sentence(doc, ACTORS_KEY, starts, None)
        for si, sent in enumerate(sents):
            raw = cue_map.get(si)
            if not raw:
                continue
            labels = {m[0] for m in raw}
            may_event = bool(labels & _EVENT_GATE) or ("NEG" in labels and "FULFIL" in labels)
            may_commit = bool(labels & _CONTENT_GATE and labels & _COMMIT_GATE) or (
                "AGREE" in labels and state.get("topic") and any(m[1] == "pledge" for m in raw)) or (
                "ACCEPT" in labels)
            if not (may_event or may_commit):
                continue
            refs = [ActorRef(m[1], m[2], m[3]) for m in actor_map.get(si, [])
                    if not (m[3] - m[2] == 1 and doc[m[2]].norm_ in self.actor_stop)]
            refs += self._companies(doc, sent, raw, state, refs)
            actors = self._sentence_actors(refs)
            cues = self._sentence_cues([Cue(*m) for m in raw], doc, actors)
            actors = self._drop_descriptors(doc, actors, cues)
            clauses = clause_bounds(doc, sent.start, sent.end, breaks)
            claimers = self._claimers(doc, cues, actors, sent)
            commits = []
            for part in self._commit_parts(doc, sent, cues, actors):
                p_cues = [c for c in cues if part.start <= c.start < part.end]
                p_actors = [a for a in actors if part.start <= a.start < part.end]
                p_clauses = [(max(s_, part.start), min(e_, part.end)) for s_, e_ in clauses
                             if s_ < part.end and part.start < e_]
                commits.extend(self._commitments(doc, part, si, p_cues, p_actors, claimers, p_clauses, state))
            party_spans = [(s_, e_) for c in commits for s_, e_ in c.party_spans]
            events = self._events(doc, sent, si, cues, actors, claimers, clauses, party_spans, state)
            events = self._timing_flags(doc, cues, events, any("reference" not in c.flags for c in commits))
            # an event inside a commitment's halted content is not an event
            events = [e for e in events if not any(
                c.start <= e.start and e.end <= c.end and e.action != "ceasefire breach" and not e.actor
                for c in commits)]
            # an unattributed attack: the perpetrator of the last reported attack, when unambiguous
            kept = []
            distinct = {a for a in prev_actors if a}
            for e in events:
                if e.actor is None and e.action != "hostilities" and "unknown_agent" not in e.flags \
                        and not (len(distinct) == 1 and e.claimer_party in distinct):
                    if len(distinct) == 1:
                        e.actor = next(iter(distinct))
                        e.flags.append("actor_from_context")
                        e.confidence -= 0.15
                    elif self._anaphoric(doc, e):
                        continue  # "the attacks" with nothing before it to refer to
                kept.append(e)
            events = kept
            if any(e.actor for e in events):
                prev_actors = [e.actor for e in events]
            frames.extend(commits)
            frames.extend(events)
        # implied parties: a truce with no named party binds the document's belligerents
        belligerents = Counter(f.actor for f in frames if f.kind == "event" and f.actor and f.actor not in self.mediators)
        if len(belligerents) < 2:
            for f in frames:
                if f.kind == "event" and f.claimer_party and f.claimer_party not in self.mediators \
                        and f.claimer_party not in belligerents and len(belligerents) < 2:
                    belligerents[f.claimer_party] = 0
        resolved: list[Frame] = []
        for f in frames:
            if f.kind == "commitment" and f.actor is None and f.action not in (
                    "hostilities", "strike", "use of force", "attack", "gunfire", "shelling"):
                continue  # only a truce binds parties it does not name (the belligerents)
            if f.kind == "commitment" and f.actor is None:
                parties = [a for a, _n in belligerents.most_common(2)] if len(belligerents) <= 2 else []
                if not parties:
                    parties = [a for a, _n in Counter(
                        f2.actor for f2 in frames if f2.kind == "commitment" and f2.actor and f2.actor not in self.mediators
                    ).most_common(2)]
                for pid in parties:
                    nf = Frame(**{**f.__dict__, "flags": list(f.flags) + ["implied_parties"]})
                    nf.actor = pid
                    nf.confidence = min(nf.confidence, 0.55)
                    if nf.target == "energy infrastructure" and len(parties) == 2 and not nf.scope:
                        nf.scope = next(p for p in parties if p != pid)
                    resolved.append(nf)
            else:
                resolved.append(f)
        # "Ukrainian drones attacked X after the truce took effect": the attacker heads the sentence
        # (subject-first languages only; verb-first Arabic reads the subject after the verb)
        doc._.tracker_frames = self._drop_references(resolved, subject_first=not self.vso)
        return doc


@Language.factory("tracker_frames", assigns=["doc._.tracker_frames"], requires=["doc.spans"],
                  default_config={"lang": None, "mediators": []})
def make_frame_builder(nlp: Language, name: str, *, lang: str | None, mediators: list[str]) -> FrameBuilder:
    fb = FrameBuilder(nlp, lang=lang or nlp.lang)
    fb.mediators = frozenset(mediators)
    fb.actor_stop = frozenset(nlp.vocab[w].norm_ for w in load_lang(fb.lang).actor_stop)
    return fb
