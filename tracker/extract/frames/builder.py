"""The ``tracker_frames`` spaCy component: runs the frame builder over each sentence of a doc."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from tracker.extract.frames.actors import ActorMixin, GroupNameMixin
from tracker.extract.frames.attribution import AttributionMixin
from tracker.extract.frames.commitments import CommitmentMixin
from tracker.extract.frames.cues import CueMixin
from tracker.extract.frames.events import _NOBODY, EventMixin
from tracker.extract.frames.model import (
    _COMMIT_GATE, _CONTENT_GATE, _EVENT_GATE, ACTORS_KEY, CUES_KEY, ECONOMIC_TARGETS, ActorRef, Cue, Frame,
)
from tracker.extract.lexicon import load_lang
from tracker.extract.normalize import ar_fold
from tracker.extract.segment import clause_bounds, clause_breaks


#: Day words that date an incident (weekdays, months, "today", "overnight") in the four languages.
_DAY_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight overnight morning evening
january february march april may june july august september october november december
понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье сегодня вчера ночью утром
вечером января февраля марта апреля мая июня июля августа сентября октября ноября декабря
понеділок вівторок середа середу четвер п'ятниця п'ятницю субота суботу неділя неділю сьогодні вчора вночі
зранку ввечері січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد اليوم أمس الليلة فجر صباح مساء يناير فبراير مارس أبريل
مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
""".split())


@lru_cache(maxsize=8)
def _countries(lang: str) -> frozenset[str]:
    """Canonical names that are countries, from the actor tables the pipeline already loaded for
    ``lang``; empty without tracker.actors."""
    try:
        from tracker.actors.lexicon import lexicon
    except ImportError:  # the actors package is optional for extraction
        return frozenset()
    try:
        return frozenset(cid for cid, kind in lexicon(lang).values() if kind == "country")
    except Exception:  # noqa: BLE001  (bad actor data must not stop extraction)
        return frozenset()


@lru_cache(maxsize=8)
def _company_ids(lang: str) -> frozenset[str]:
    """Canonical names that are companies, from the actor tables (empty without tracker.actors)."""
    try:
        from tracker.actors.lexicon import lexicon
    except ImportError:
        return frozenset()
    try:
        return frozenset(cid for cid, kind in lexicon(lang).values() if kind == "company")
    except Exception:  # noqa: BLE001  (bad actor data must not stop extraction)
        return frozenset()


@lru_cache(maxsize=1024)
def _forces_of(state: str) -> str:
    """The canonical name a state's own army is reported as (Sudan -> Sudanese Armed Forces)."""
    try:
        from tracker.actors import forces_of
    except ImportError:
        return state
    try:
        return forces_of(state) or state
    except Exception:  # noqa: BLE001
        return state


#: Arabic words between fighters and their group: «مسلحين من حماس», «مسلحين تابعين للجيش الوطني» (folded).
_AR_OF_GROUP = frozenset({"من", "تابعين", "التابعين", "تابعون", "تابعه", "التابعه"})


#: Words that may link a collective noun to the party next to it ("Russia's army", "the army of Sudan").
_LINKS = frozenset({"'s", "’s", "'", "’", "of", "-"})


#: Singular forms of "side" (ru, uk): one party, not "both sides".
_ONE_SIDE = frozenset({"сторона", "сторону", "стороной", "стороною", "стороне", "стороні"})

#: Targets of a company's own acts (its plants, staff, prices, sales, customers).
_COMPANY_TARGETS = frozenset({"plant", "workforce", "prices", "sales", "customers"})


#: Arabic place prepositions (folded): a country right after one is where, not who.
_AR_PLACE_PREPS = frozenset({"في", "الي", "داخل", "شمال", "جنوب", "شرق", "غرب", "وسط", "انحاء"})


class FrameBuilder(CueMixin, AttributionMixin, ActorMixin, GroupNameMixin, EventMixin, CommitmentMixin):
    """Turns the cue and actor spans of a doc into commitment and event frames."""

    def __init__(self, nlp: Language, *, lang: str) -> None:
        self.lang = lang
        self.vso = lang == "ar"  # verb-subject order and post-nominal adjectives
        if not Doc.has_extension("tracker_frames"):
            Doc.set_extension("tracker_frames", default=None)
        self.mediators: frozenset[str] = frozenset()
        self.actor_stop: frozenset[str] = frozenset()

    @staticmethod
    def _dateline(doc: Doc, sent, start: int, end: int) -> bool:
        """A place heading the text before a dash ("VIENNA —", «КИЇВ —», "KYIV (Reuters) -", «ВЕНА, 5
        марта. /ТАСС/», «Вена, 5 марта —») is a dateline: where the report was filed, never a party."""
        if start != sent.start:
            return False
        head = doc[start:end].text
        if not (head.isupper() or (end < sent.end and doc[end].text == ",")):
            return False
        # the dash or agency mark comes within the dateline itself (a place and a date); an all-caps
        # name without one is still a party ("ISRAEL said ...")
        return any(doc[j].text in ("—", "–", "-", "--", "/", "(") for j in range(end, min(end + 8, sent.end)))

    def _placed(self, doc: Doc, sent, cues: list[Cue]) -> bool:
        """Whether a sentence may name a place: a capitalised word after a place preposition (cased
        scripts), «في» / «ب...» in Arabic."""
        if self.lang == "ar":
            return any(t.text in ("في", "وفي") for t in sent)
        return any(c.label == "PREP_V" and sent.start <= c.start and c.end < sent.end and doc[c.end].is_title
                   for c in cues)

    def _dated_or_placed(self, doc: Doc, sent, cues: list[Cue]) -> bool:
        """Whether a sentence names a day or a place: a number, a day word, or (cased scripts) a
        capitalised word after a place preposition. A fighting noun without either is background."""
        for t in sent:
            if t.like_num or t.lower_ in _DAY_WORDS:
                return True
        if self.lang == "ar":
            return False
        return any(c.label == "PREP_V" and c.end < sent.end and doc[c.end].is_title and not doc[c.end].is_sent_start
                   for c in cues)

    def _home_state(self, actor_map: dict[int, list]) -> str | None:
        """The state a collective noun of the article ("the army", «الجيش», «уряд») belongs to: the
        country the article mentions most, when it is mentioned at least twice as often as any other
        country; None when the article is about two comparable countries or names none (the noun then
        stays unresolved)."""
        countries = _countries(self.lang)
        counts = Counter(m[1] for ms in actor_map.values() for m in ms if m[1] in countries)
        top = counts.most_common(2)
        if not top or (len(top) == 2 and top[0][1] < 2 * top[1][1]):
            return None
        return top[0][0]

    def _named_army(self, actor_map: dict[int, list]) -> str | None:
        """The one national army the article names ("the Sudanese Armed Forces"), which "the army"
        then stands for when no home state stands out; None when it names none or several."""
        armies = {_forces_of(c) for c in _countries(self.lang)} - _countries(self.lang)
        named = {m[1] for ms in actor_map.values() for m in ms if m[1] in armies}
        return next(iter(named)) if len(named) == 1 else None

    def _two_parties(self, actor_map: dict[int, list]) -> tuple[str, ...]:
        """The two parties "both sides" of the article stands for: the two named non-mediator parties
        it mentions most, when a third is mentioned clearly less often; else none."""
        counts = Counter(m[1] for ms in actor_map.values() for m in ms
                         if not m[1].startswith("@") and m[1] not in self.mediators)
        top = counts.most_common(3)
        if len(top) < 2 or (len(top) == 3 and top[2][1] * 2 > top[1][1]):
            return ()
        return (top[0][0], top[1][0])

    @staticmethod
    def _outer(ms: list) -> list:
        """A sentence's actor mentions without those nested in a longer one («سوريا» inside «الجيش
        الوطني السوري», «الحوثي» inside «جماعة الحوثي»): each name counts once."""
        return [m for m in ms if not any(o is not m and o[2] <= m[2] and m[3] <= o[3] and o[3] - o[2] > m[3] - m[2]
                                         for o in ms)]

    def _pairs_so_far(self, actor_map: dict[int, list], n_sents: int, doc: Doc | None = None) -> list[tuple[str, ...]]:
        """Arabic: for each sentence, the two parties «الطرفان/الجانبين» stands for there: the two
        named non-mediator parties mentioned most up to that sentence (the article's later parties,
        such as a third state named in a separate report, are not yet in play); () when unclear."""
        counts: Counter = Counter()
        out = []
        for si in range(n_sents):
            counts.update(m[1] for m in self._outer(actor_map.get(si, []))
                          if not m[1].startswith("@") and m[1] not in self.mediators and not (
                              # «طرفا النزاع في السودان»: a country after a place preposition is the theatre
                              doc is not None and m[2] > 0 and m[1] in _countries(self.lang)
                              and ar_fold(doc[m[2] - 1].text) in _AR_PLACE_PREPS))
            top = counts.most_common(3)
            ok = len(top) >= 2 and not (len(top) == 3 and top[2][1] * 2 > top[1][1])
            out.append((top[0][0], top[1][0]) if ok else ())
        return out

    def _doc_army(self, doc: Doc, actor_map: dict[int, list]) -> str | None:
        """Arabic: the one army the article names with its party («الجيش السوداني», «الجيش
        الإسرائيلي»), which a bare «الجيش» or «طيران الجيش» later in the article refers to."""
        named = set()
        for ms in actor_map.values():
            for m in ms:
                if m[1] != "@forces":
                    continue
                for o in ms:
                    if not o[1].startswith("@") and o[2] <= m[2] and m[3] <= o[3] and o[3] - o[2] > m[3] - m[2]:
                        named.add(o[1])  # «الجيش» inside «الجيش السوداني»
                    elif not o[1].startswith("@") and o[2] == m[3] and ar_fold(doc[m[3] - 1].text).startswith("ال"):
                        named.add(o[1])  # «الجيش» + «الإسرائيلي»
        return next(iter(named)) if len(named) == 1 else None

    @staticmethod
    def _collective(doc: Doc, sent, actors: list[ActorRef], home: str | None,
                    pair: tuple[str, ...] = (), countries: frozenset[str] = frozenset(),
                    army: str | None = None) -> list[ActorRef]:
        """Resolve collective actors: ``@state`` ("the government", «уряд») and ``@forces`` ("the army",
        «الجيش»). Next to a named party ("the Russian army", «الجيش الإسرائيلي») that party stands for
        it; otherwise the article's home state (its forces for ``@forces``: Sudan's army is the Sudanese
        Armed Forces), or nothing."""
        if not any(a.id.startswith("@") for a in actors):
            return actors
        out: list[ActorRef] = []
        # Arabic names the army's party right after it («الجيش السوداني»); a name before it is another
        # party («اتهمت قوات الدعم السريع الجيش»: the subject, then the object)
        ar = doc.lang_ == "ar"
        gap = -1 if ar else 1
        taken = -1  # an Arabic group's name ends here (its country adjective is no actor of its own)
        for k, a in enumerate(actors):
            if a.start < taken:
                continue
            if not a.id.startswith("@"):
                out.append(a)
                continue
            prev = actors[k - 1] if k > 0 else None
            nxt = actors[k + 1] if k + 1 < len(actors) else None
            # (a word between is only a possessive or "of": "Russia's army", "the army of Sudan", not "the RSF
            # said army drones struck", "army drones struck RSF positions")
            if a.id in ("@state", "@forces") and ((prev and not prev.id.startswith("@") and a.start - prev.end <= gap
                                                  and all(doc[i].lower_ in _LINKS for i in range(prev.end, a.start))) or (
                    nxt and not nxt.id.startswith("@") and nxt.start - a.end <= (0 if ar else 1)
                    and all(doc[i].lower_ in _LINKS for i in range(a.end, nxt.start)))):
                continue  # the adjacent name is the party
            if a.id == "@nonstate":
                # "Syrian rebels", «сирийские боевики»: a country adjective before a non-state group
                # names the group, not the state
                if out and out[-1].end == a.start and out[-1].id in countries:
                    named = out.pop()
                    out.append(ActorRef(doc[named.start:a.end].text, named.start, a.end))
                elif ar and nxt and not nxt.id.startswith("@") and (
                        (nxt.start == a.end and nxt.id not in countries)
                        or (nxt.start == a.end + 1 and ar_fold(doc[a.end].text) in _AR_OF_GROUP)):
                    pass  # «فصائل الجيش الوطني السوري», «مسلحين من حماس», «مسلحين تابعين لـ...»: the named group
                elif ar:
                    # Arabic puts the adjective after the noun: «الفصائل الفلسطينية», «العشائر العربية»,
                    # «فصائل سورية مسلحة» name the group (never the state); a bare «مسلحون» is an
                    # agent too, so that the target after the verb is not taken for one
                    end = nxt.end if nxt and nxt.start == a.end and nxt.id in countries else a.end
                    if end < len(doc) and doc[end].text.startswith("ال") and doc[end].is_alpha \
                            and ar_fold(doc[end].text).endswith(("يه", "يين", "يون")):
                        end += 1  # «العشائر العربية»: a nisba adjective that names no state
                    out.append(ActorRef(doc[a.start:end].text, a.start, end))
                    taken = end
                continue
            if a.id == "@both" and a.end - a.start == 1 and doc[a.start].lower_ in _ONE_SIDE:
                continue  # «російська сторона», «с российской стороной»: one side (the stemmer folds it with «сторони»)
            if a.id == "@both":
                # "the two sides agreed", «الطرفان», «обидві сторони»: the article's two parties
                end = a.end
                if end - a.start > 1 and doc[a.start].lower_.startswith("сторон"):
                    end = a.start + 1  # «Сторони домовилися»: the subject ends at its noun (the verb is a cue)
                out.extend(ActorRef(p, a.start, end) for p in pair)
                continue
            if home and a.id in ("@state", "@forces"):
                out.append(ActorRef(_forces_of(home) if a.id == "@forces" else home, a.start, a.end))
            elif army and a.id == "@forces":
                out.append(ActorRef(army, a.start, a.end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        frames: list[Frame] = []
        state: dict = {}
        prev_actors: list[str | None] = []
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]
        breaks = clause_breaks(doc)
        cue_map = self._by_sentence(doc, CUES_KEY, starts, None)
        actor_map = self._by_sentence(doc, ACTORS_KEY, starts, None)
        home = self._home_state(actor_map)
        army = self._named_army(actor_map) if home is None else None
        pair = self._two_parties(actor_map)
        pairs_at: list[tuple[str, ...]] = []
        if self.lang == "ar":
            pairs_at = self._pairs_so_far(actor_map, len(sents), doc)
            if home is None:
                # «وسيط عماني»: a mediator named once does not make the article two-country
                countries = _countries(self.lang)
                counts = Counter(m[1] for ms in actor_map.values() for m in self._outer(ms)
                                 if m[1] in countries and m[1] not in self.mediators)
                top = counts.most_common(2)
                if top and not (len(top) == 2 and top[0][1] < 2 * top[1][1]):
                    home = top[0][0]
            if home is None:
                army = army or self._doc_army(doc, actor_map)  # «الجيش الإسرائيلي» named, then «الجيش»
        for si, sent in enumerate(sents):
            raw = cue_map.get(si)
            if not raw:
                continue
            labels = {m[0] for m in raw}
            may_event = bool(labels & _EVENT_GATE) or ("NEG" in labels and "FULFIL" in labels)
            may_commit = bool(labels & _CONTENT_GATE and labels & _COMMIT_GATE) or (
                "AGREE" in labels and state.get("topic") and any(m[1] == "pledge" for m in raw)) or (
                "ACCEPT" in labels) or ("CONT" in labels and "TGT" in labels) or (
                # "promised that it would not cut jobs", "suspended its export ban": the halt is made from cues
                labels & _COMMIT_GATE and "NEG" in labels and labels & {"EVT", "IMPOSE"}) or (
                "HALT" in labels and "TGT" in labels) or (
                # «припиняють вогонь», «ستوقف»: the future is read from the verb form, not from a cue
                self.lang in ("ru", "uk", "ar") and bool(labels & {"HALT", "TRUCE"})) or (
                self.lang in ("ar", "ru", "uk") and "PERF" in labels) or (  # «سيفتحان الطرق», «освободит»: will open, will free
                # «не планирует повышать цены», "has no plans to close": a negated intention before an act
                "NEG" in labels and labels & {"EVT", "IMPOSE", "TGT"} and any(m[1] == "neg_intent" for m in raw)) or (
                # "undertook to hand over ...", «пообещал открыть»: the deliverable is read from the complement verb
                "AGREE" in labels and any(m[0] == "AGREE" and m[1] in ("pledge", "agree") for m in raw)) or (
                # "would keep paying its dividend", «будут и дальше выплачивать»
                "ATTR" in labels and labels & {"FUT", "RFUT", "CONT"}) or (
                # "it will also erase the recordings by the end of March": a future act with a deadline
                self.lang == "en" and bool(labels & {"FUT", "RFUT"})) or (
                # «продолжит выплачивать дивиденды», «ستواصل صرف الأرباح»
                self.lang in ("ru", "uk", "ar") and "CONT" in labels) or (
                # «Компания «X» удалит записи до конца марта»: a future act with a deadline
                self.lang in ("ru", "uk") and self._slavic_deadline(doc, sent.start, sent.end))
            refs = [ActorRef(m[1], m[2], m[3]) for m in actor_map.get(si, [])
                    if not (m[3] - m[2] == 1 and doc[m[2]].norm_ in self.actor_stop)
                    and not self._dateline(doc, sent, m[2], m[3])] if (
                may_event or may_commit or "COMPANY" in labels) else []
            if not (may_event or may_commit):
                if "COMPANY" in labels:
                    self._companies(doc, sent, raw, state, refs)  # a company named here is "the company" later
                continue
            refs += self._companies(doc, sent, raw, state, refs)
            refs += self._governments(doc, sent, raw, home, refs, state)
            refs += self._named_groups(doc, sent, refs, state)  # unlisted groups named as written
            s_pair = (pairs_at[si] or pairs_at[-1] or pair) if pairs_at else pair
            if state.get("company_pair") and any(m[0] in ("TGT", "TRUCE") and m[1] in ECONOMIC_TARGETS for m in raw):
                s_pair = state["company_pair"]  # "both companies" after "A and B said": the two companies
            actors = self._collective(doc, sent, self._sentence_actors(refs), home, s_pair, _countries(self.lang),
                                      army)
            cues = self._pledge_shapes(doc, self._sentence_cues([Cue(*m) for m in raw], doc, actors), actors)
            actors = self._drop_descriptors(doc, actors, cues)
            clauses = clause_bounds(doc, sent.start, sent.end, breaks)
            claimers = self._claimers(doc, cues, actors, sent)
            commits = []
            c_starts = [c.start for c in cues]
            a_starts = [a.start for a in actors]
            for part in self._commit_parts(doc, sent, cues, actors):
                p_cues = cues[bisect_left(c_starts, part.start):bisect_left(c_starts, part.end)]
                p_actors = actors[bisect_left(a_starts, part.start):bisect_left(a_starts, part.end)]
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
            weapons = [c for c in cues if c.label == "WPN"]
            impacts = [c for c in cues if c.label == "HIT"]
            for e in events:
                if e.actor is None and e.action == "hostilities" and "unknown_agent" not in e.flags \
                        and not self._dated_or_placed(doc, sent, cues):
                    continue  # "the fighting was among the heaviest this year": no incident, background
                # "a missile hit a house in Kryvyi Rih": a weapon as the subject names no one; the last
                # attacker is not carried over to it
                # "a drone launched from Yemen was shot down": an indefinite weapon heading the event
                subject_weapon = any(e.start <= w.start < h.start < e.end for w in weapons for h in impacts) or any(
                    w.start == e.trigger and w.start > 0 and doc[w.start - 1].lower_ in ("a", "an") for w in weapons)
                if e.actor is None and e.target in _COMPANY_TARGETS and state.get("company_order") \
                        and "unknown_agent" not in e.flags:
                    # "the plant was closed", «300 семей были отключены»: in an article about a company, its act
                    e.actor = state.get("company_focus") or state["company_order"][0]
                    e.flags.append("actor_from_context")
                    e.confidence -= 0.15
                if e.actor is None and e.action != "hostilities" and "unknown_agent" not in e.flags \
                        and len(distinct) == 1 and e.claimer_party in distinct and not subject_weapon \
                        and self._anaphoric(doc, e, all_langs=True) and not self._dated_or_placed(doc, sent, cues):
                    # "The attack came hours after Moscow said ...", «Атака произошла после того, как Кремль
                    # заявил»: the last attack again (folded into it), not a new one claimed by its author
                    e.actor = next(iter(distinct))
                    e.flags.append("actor_from_context")
                    e.target = "unspecified"
                elif e.actor is None and e.action != "hostilities" and "unknown_agent" not in e.flags \
                        and not (len(distinct) == 1 and e.claimer_party in distinct):
                    if len(distinct) == 1 and not subject_weapon:
                        e.actor = next(iter(distinct))
                        e.flags.append("actor_from_context")
                        e.confidence -= 0.15
                        if self._anaphoric(doc, e, all_langs=True) and not any(t.lower_ in _DAY_WORDS for t in sent):
                            # "the raid killed dozens", «أسفرت الغارة عن», «Удар повредил»: a definite noun with
                            # no agent or day of its own is a mention of the last attack (folded into it
                            # unless it names a new place)
                            e.target = "unspecified"
                    elif self._anaphoric(doc, e):
                        continue  # "the attacks" with nothing before it to refer to
                elif e.actor is not None and distinct == {e.actor} and "actor_from_context" not in e.flags \
                        and self._definite_with_actor(doc, e) and not any(t.lower_ in _DAY_WORDS for t in sent) \
                        and not self._placed(doc, sent, cues):
                    # "The Israeli strike killed 20", «وأسفرت الغارة الإسرائيلية عن», «Российский удар повредил»:
                    # the attack told before, named again (folded into it unless a new place is given)
                    e.flags.append("actor_from_context")
                    e.target = "unspecified"
                kept.append(e)
            events = kept
            if not events and frames and any(c.label == "UNKNOWN" and any(
                    (ar_fold(t.text) if self.lang == "ar" else t.lower_) in _NOBODY for t in doc[c.start:c.end])
                    for c in cues):
                # "... near a tanker. No group claimed responsibility.": the incident before has no known party,
                # so the actor carried over from an earlier attack is dropped
                last = frames[-1]
                if last.kind == "event" and last.sent == si - 1 and "actor_from_context" in last.flags:
                    last.actor, last.actor_span = None, None
                    last.flags.remove("actor_from_context")
                    last.flags.append("unknown_agent")
            if any(e.actor for e in events):
                prev_actors = [e.actor for e in events]
            for f in commits + events:  # the company an article is about: the last one that pledged or acted
                if f.actor and f.actor in (state.get("companies") or ()):
                    state["company_focus"] = f.actor
                elif f.kind == "commitment" and f.actor in _countries(self.lang) and f.target in ECONOMIC_TARGETS:
                    state["econ_state"] = f.actor  # the state whose economic pledge the article reports
            frames.extend(commits)
            frames.extend(events)
        # a company raises prices, not trade tariffs: a telecom's or utility's «тарифи» are its prices
        companies = state.get("companies") or ()
        for f in frames:
            if f.target == "tariffs" and f.actor in companies:
                f.target, f.action = "prices", "raise prices"
        # implied parties: a truce with no named party binds the document's belligerents
        # (a group known only by its written name, "the Wazalendo militias", is a third party, not a side)
        named = state.get("named_groups") or ()
        belligerents = Counter(f.actor for f in frames if f.kind == "event" and f.actor and f.actor not in self.mediators
                               and f.actor not in named)
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
                    if nf.scope == pid:
                        # «мораторій на удари по енергетиці» next to a Russian drone: a party's truce does
                        # not protect the party itself (its scope is the other side, or unknown)
                        nf.scope = next((p for p in parties if p != pid), None) if len(parties) == 2 else None
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
