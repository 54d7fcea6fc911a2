"""Cue cleanup and lookups of one sentence: cue normalisation, actors, targets, descriptors, company names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from tracker.extract.frames.model import (
    ECONOMIC_ACTIONS, ECONOMIC_TARGETS, KEEP_TARGETS, SLAVIC_FUTURE_ENDINGS, TARGET_PRIORITY, VERB_TARGET_EVENTS,
    _AR_FOLD_CLITIC, ActorRef, Cue, CueIndex, name_runs,
)
from tracker.actors.companies import arabic_names, company_name, known_company_ids, nominative, person_word
from tracker.actors.normalize import normalize_token
from tracker.actors.sources import english_demonyms
from tracker.extract.normalize import ar_fold
from tracker.extract.ruler import matches

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_QUOTE_MARKS = frozenset({"«", "»", "\"", "“", "”", "„"})


#: Legal suffixes after a company name, dropped from the name ("Acme Corp" is Acme).
_LEGAL_SUFFIXES = frozenset({"Corp", "Corporation", "Inc", "Ltd", "LLC", "PLC", "Plc", "Co", "AG", "SA", "SE", "NV",
                             "GmbH", "Holdings", "Group"})
#: Targets that make a sentence corporate (a Latin-script subject there is a company).
_CORPORATE_TARGETS = frozenset({"workforce", "plant", "prices", "customers", "sales", "exports", "export restrictions",
                                "oil output"})
#: Cue labels a company subject comes right before: "Ford said", "Acme pledged", "Nordic Steel закрыла".
_SUBJECT_VERBS = frozenset({"AGREE", "ATTR", "IMPOSE", "EVT", "HALT", "FUT", "NEG", "CONT", "ACCUSE", "DENY"})
#: Capitalised English words that open a sentence without being a name.
_EN_NOT_NAMES = frozenset({"the", "a", "an", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we",
                           "i", "you", "in", "on", "at", "but", "and", "officials", "workers", "employees", "analysts",
                           "there", "our", "their", "his", "her", "after", "before", "when", "if", "no", "some",
                           "many", "most", "all", "both", "each", "management", "executives", "unions", "union"})


#: The plural company noun a list of names follows («شركات جهينة وإيديتا»).
_AR_PLURAL_COMPANY = frozenset({"شركات"})
#: Words after «شركات» that describe the companies instead of naming them.
_AR_NOT_COMPANY_NAMES = frozenset({"كبري", "عده", "اخري", "خاصه", "كبيره", "صغيره", "عامه", "تابعه", "محليه",
                                   "اجنبيه", "عالميه", "حكوميه", "عملاقه", "منتجه", "مصنعه"})
#: Arabic words that end a company name written after «شركة».
_AR_NAME_STOP = frozenset({"يوم", "في", "من", "علي", "عن", "الي", "ان", "التي", "الذي", "خلال", "منذ", "بعد", "قبل",
                           "امس", "اليوم", "عدم", "بعدم"})


#: Cue ids of economic content (a sentence about prices, jobs, plants, exports, output, sales or customers).
_ECONOMIC_IDS = (ECONOMIC_TARGETS - {"intelligence sharing"}) | ECONOMIC_ACTIONS
#: Cue ids of whole-phrase economic families (labour, loans, users' data): a word inside such a phrase is no target.
_PHRASE_FAMILIES = frozenset({"industrial action", "walkout", "loans", "call in loan", "user data", "share user data"})


#: Capitalised words after a one-word company name that do not continue it ("Norvik Monday", "Norvik CEO").
_NOT_NAME_TAIL = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                            "february", "march", "april", "may", "june", "july", "august", "september", "october",
                            "november", "december", "ceo", "chief", "president", "chairman", "spokesman",
                            "spokeswoman", "spokesperson", "director", "said", "says", "on", "in", "and", "the"})
#: First words of company names that do not name the company on their own.
_GENERIC_NAME_WORDS = frozenset({"national", "general", "united", "first", "new", "royal", "american", "british",
                                 "international", "global", "state", "central", "northern", "southern", "eastern",
                                 "western", "great", "the", "grupo", "china", "russian", "indian", "saudi", "bank",
                                 "air", "oil", "steel", "energy", "food", "foods"})


class CueMixin:
    """Cue cleanup and lookups of one sentence for :class:`~tracker.extract.frames.builder.FrameBuilder` (a mixin: uses its
    ``lang``, ``vso``, ``mediators`` and the other mixins' methods)."""

    def _sentence_cues(self, cues: list[Cue], doc: Doc | None = None, actors: list | None = None) -> list[Cue]:
        """The sentence's cues cleaned and completed (each step one pass over indexed cues)."""
        actors = actors or []
        idx = CueIndex(cues)  # ruler matches come sorted by start
        reach = idx.maxlen
        out = []
        for c in cues:
            near = idx.starting((c.label, "TRUCE", "HALT") if c.label == "EVT" else c.label, c.start - reach,
                                c.start + 1)
            # "fire" inside "cease fire", "striking" inside "non-striking": what is halted, not an event
            if c.label == "EVT" and any(t.label in ("TRUCE", "HALT") and c.end <= t.end and (
                    t.label == "TRUCE" or t.end - t.start > c.end - c.start) for t in near):
                continue
            # keep the longest cue of a label at a position
            if any(o.label == c.label and c.end <= o.end and (o.end - o.start) > (c.end - c.start) for o in near):
                continue
            out.append(c)
        # «بعدم بيع بيانات المستخدمين», "not to sell user data": a sales or workforce word inside a data,
        # loan or labour phrase is part of that phrase, not a second target
        wide = [c for c in out if c.label in ("TRUCE", "EVT") and c.id in _PHRASE_FAMILIES]
        if wide:
            out = [c for c in out if not (c.label == "TGT" and c.id not in _PHRASE_FAMILIES and any(
                w.start <= c.start and c.end <= w.end for w in wide))]
        if self.lang == "ar" and doc is not None:
            for c in list(out):
                if (c.label in ("HALT", "CONT", "AGREE", "EVT") and c.end - c.start == 1) or c.label == "PERF":
                    raw = _AR_FOLD_CLITIC(doc[c.start].text)
                    if len(raw) > 3 and raw[0] == "س" and raw[1] in "يتنا" and doc[c.start].norm_ != raw:
                        out.append(Cue("FUT", "will", c.start, c.end))  # «ستوقف»: will stop; «ستفرج عن»: will release
        if self.lang in SLAVIC_FUTURE_ENDINGS and doc is not None:
            # «приостановит удары», «призупинить удари», «откажется от»: a halt verb in a finite
            # non-past form states what the party will do
            # the same for the verb opening a perform or economic-truce phrase: «сократит добычу»,
            # «освободит заложников», «сохранит цены неизменными», «відкриє коридор»
            verbs = sorted({c.start for c in out if (c.label == "HALT" and c.end - c.start == 1) or (
                c.label in ("TRUCE", "PERF") and doc[c.start].is_alpha)})
            if self.lang == "uk" and out:
                # the Ukrainian synthetic future of any verb is a future: «не обстрілюватиме», «не
                # завдаватиме ударів», «не підвищуватимуть»
                lo, hi = min(c.start for c in out), min(len(doc), max(c.end for c in out) + 1)
                out.extend(Cue("FUT", "will", i, i + 1) for i in range(lo, hi) if doc[i].is_alpha and len(doc[i]) > 6
                           and doc[i].lower_.endswith(("тиме", "тимуть", "тимемо", "тимете", "тимеш"))
                           and i not in verbs)
            for i in verbs:
                word = doc[i].lower_
                if len(word) > 5 and word.endswith(SLAVIC_FUTURE_ENDINGS[self.lang]) and not (
                        word.endswith("ет") and word[-3] not in "аяеуюио"):  # «запрет» is a noun; «откроет» a verb
                    out.append(Cue("FUT", "will", i, i + 1))
        if self.lang == "ar" and doc is not None:
            # «قد ترفع» (may raise): «قد» before an imperfect verb is a possibility; before a perfect
            # verb («قد رفعت») it reports what happened
            for c in [c for c in out if c.label in ("EVT", "IMPOSE", "HIT", "HALT")]:
                j = c.start - 1
                if j >= 0 and ar_fold(doc[j].text) in ("قد", "وقد") and _AR_FOLD_CLITIC(doc[c.start].text)[:1] in "يتن":
                    out.append(Cue("HYPO", "may", j, j + 1))
        if doc is not None:
            # "on 12 May", "from May 8": a capitalised modal mid-sentence is the month, not a hypothesis
            out = [c for c in out if not (c.label == "HYPO" and c.end - c.start == 1 and doc[c.start].text[:1].isupper()
                                          and not doc[c.start].is_sent_start)]
        # "under the terms of the deal", «по условиям соглашения», «за умовами угоди»: the word for
        # terms inside the name of an agreement's terms is no condition
        deals = [(c.start, c.end) for c in out if c.label == "AGREE" and c.id == "deal" and c.end - c.start > 1]
        if deals:
            out = [c for c in out if not (c.label == "COND" and any(s_ <= c.start and c.end <= e_ for s_, e_ in deals))]
        # "production stood at ..., above its target": a missed-target phrase inside an event is that event
        evt_spans = [(c.start, c.end) for c in out if c.label == "EVT" and c.end - c.start > 2]
        if evt_spans:
            out = [c for c in out if not (c.label == "MISS" and any(s_ <= c.start and c.end <= e_ for s_, e_ in evt_spans))]
        # "would not close any of its plants", «لم ... أي»: "any" after a negation is no hypothesis
        negs_at = [c.end for c in out if c.label == "NEG"]
        if negs_at:
            out = [c for c in out if not (c.label == "HYPO" and c.end - c.start == 1
                                           and any(0 <= c.start - n <= 3 for n in negs_at))]
        labels = {c.label for c in out}
        # "would" after a reporting verb is a reported future ("said it would halt"), else a hypothesis
        first_attr_end = min((a.end for a in out if a.label in ("ATTR", "ACCUSE")), default=None)
        for c in [c for c in out if c.label == "RFUT"]:
            c.label = "FUT" if first_attr_end is not None and first_attr_end <= c.start else "HYPO"
        # "said they would observe these principles", «будут соблюдать перемирие»: compliance stated as a
        # future is a pledge to uphold the truce, not a report of compliance
        fut_ends = {c.end + k for c in out if c.label == "FUT" for k in (0, 1, 2)}
        for c in [c for c in out if c.label == "COMPLY"]:
            # Ukrainian synthetic future: «дотримуватимуться»
            synthetic = self.lang == "uk" and doc is not None and doc[c.start].lower_.endswith(
                ("тиме", "тимуть", "тимемо", "тимуться", "тиметься"))
            if c.start in fut_ends or synthetic:
                c.label, c.id = "PERF", "uphold ceasefire|all hostilities"
                if synthetic:
                    out.append(Cue("FUT", "will", c.start, c.end))
        # "a Russian drone hit ...": a weak impact verb is an attack only after a weapon, force or actor
        hits = [c for c in out if c.label == "HIT"]
        if hits:
            idx = CueIndex(sorted(out, key=lambda c: c.start))
            actor_ends = {a.end for a in actors}
            actor_starts = {a.start for a in actors}
            first_evt_end = min((e.end for e in out if e.label == "EVT"), default=None)
            for c in hits:
                if idx.ending(("WPN", "FORCES"), c.start - 2, c.start + 1) or actor_ends & {c.start, c.start - 1} or (
                        # «أصابت طائرة مسيرة محطة كهرباء»: verb first, the weapon right after it
                        self.vso and idx.starting(("WPN", "FORCES"), c.end, c.end + 2)) or any(
                        # passive with an agent: "was struck by Russian drones"
                        b.id == "by" and (idx.starting(("WPN", "FORCES"), b.end, b.end + 3)
                                          or actor_starts & {b.end, b.end + 1})
                        for b in idx.starting("BY", c.end, c.end + 1)) or (
                        # "shelled Kherson and later struck Odesa": a second verb sharing the attack's subject
                        idx.ending("CONJ", c.start - 1, c.start + 1)
                        and first_evt_end is not None and first_evt_end <= c.start):
                    out.append(Cue("EVT", c.id, c.start, c.end))
                    if first_evt_end is None or c.end < first_evt_end:
                        first_evt_end = c.end
        # "cut its duties on US goods": a cut whose object is tariffs is a tariff cut, not an emissions pledge
        reduces = [c for c in out if c.label == "PERF" and c.id.startswith("reduce")]
        if reduces:
            idx = CueIndex(sorted(out, key=lambda c: c.start))
            for p in reduces:
                if any(t.id == "tariffs" for t in idx.starting("TGT", p.end, p.end + 3)):
                    out.remove(p)
                    out.append(Cue("TRUCE", "tariffs", p.start, p.end))
        # a lifted ban: "suspended its export ban", «приостановило запрет на экспорт», «علقت حظر التصدير»:
        # the commitment is not to block exports (the ban phrase becomes that target)
        bans = [c for c in out if c.label == "TRUCE" and c.id == "exports"]
        if bans:
            idx = CueIndex(sorted(out, key=lambda c: c.start))
            for b in bans:
                if any(h.id == "halt" for h in idx.ending("HALT", b.start - 3, b.start + 1)):
                    out.remove(b)
                    out.append(Cue("TGT", "export restrictions", b.start, b.end))
        # "imposed new tariffs", «ввёл новые пошлины», "hiked prices", "cut 300 jobs", "closed the
        # plant"; "tariffs took effect"
        objects = [c for c in out if c.label == "TGT" and any(t == c.id for _k, t in VERB_TARGET_EVENTS)]
        if objects:
            idx = CueIndex(sorted(out, key=lambda c: c.start))
            pos = {id(c): i for i, c in enumerate(out)}
            for t in objects:
                # the verb nearest the object: «запровадив мораторій на підвищення тарифів» raises nothing
                verbs = sorted((v for v in idx.ending("IMPOSE", t.start - 4, t.start + 1)
                                if (v.id, t.id) in VERB_TARGET_EVENTS), key=lambda c: (-c.end, pos[id(c)]))
                if verbs:
                    out.append(Cue("EVT", VERB_TARGET_EVENTS[(verbs[0].id, t.id)], verbs[0].start, t.end))
                elif t.id == "tariffs" and (
                        any(a.id == "effect" and abs(a.start - t.end) <= 4
                            for a in idx.starting("AGREE", t.end - 4, t.end + 5))
                        and "HALT" not in labels and "TRUCE" not in labels):
                    out.append(Cue("EVT", "impose tariffs", t.start, t.end))
        # "keep the plant open", "preserve jobs", «сохранить рабочие места», «الحفاظ على الوظائف»: a
        # keep verb before a protected target pledges not to close it / lay off
        keeps = [c for c in out if c.label == "CONT"]
        if keeps:
            idx = CueIndex(sorted(out, key=lambda c: c.start))
            for k in keeps:
                if any(t.id in KEEP_TARGETS for t in idx.starting("TGT", k.end, k.end + 5)):
                    out.append(Cue("HALT", "keep", k.start, k.end))
        negs = [c for c in out if c.label == "NEG"]
        if negs:
            idx = CueIndex(sorted(out, key=lambda c: c.start))
            # "agreed not to attack": a negated attack after a commitment cue is what is halted
            # (a future negation such as «لن» is itself the pledge's future: «لن ترفع الرسوم»)
            # (a reported "would" is a future here: "said it would not raise prices")
            now = labels | {c.label for c in out if c.label == "FUT"}
            if now & {"AGREE", "FUT"} or any(n.id == "neg_future" for n in negs):
                pos = {id(c): i for i, c in enumerate(out)}
                for n in negs:
                    if not now & {"AGREE", "FUT"} and n.id != "neg_future":
                        continue
                    for _e in sorted(idx.starting("EVT", n.end, n.end + 2), key=lambda c: pos[id(c)]):
                        out.append(Cue("HALT", "halt", n.start, n.end))
                        if n.id == "neg_future":
                            out.append(Cue("FUT", "will", n.start, n.end))
            # "did not (even) meet", «не выполнил», «لم تف»: a negated fulfilment verb is a missed pledge
            added: list[Cue] = []
            pos = {id(c): i for i, c in enumerate(out)}
            for n in negs:
                for f in sorted(idx.starting("FULFIL", n.end, n.end + 3), key=lambda c: pos[id(c)]):
                    if not any(c.start <= f.start < c.end for c in idx.covering(f.start) if c.label == "MISS") \
                            and not any(c.start <= f.start < c.end for c in added):
                        m = Cue("MISS", "missed", n.start, f.end)
                        added.append(m)
                        out.append(m)
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
    def _has(idx: CueIndex, label: str, start: int, end: int) -> list[Cue]:
        return [c for c in idx.starting(label, start, end) if c.end <= end]

    @staticmethod
    def _targets(cues: list[Cue] | CueIndex, start: int, end: int) -> list[Cue]:
        """The outermost target cues inside ``start:end``."""
        idx = cues if isinstance(cues, CueIndex) else CueIndex(cues)
        tg = [c for c in idx.starting("TGT", start, end) if c.end <= end]
        return [c for c in tg if not any(
            o is not c and o.start <= c.start and c.end <= o.end and (o.end - o.start) > (c.end - c.start)
            and o.start >= start and o.end <= end for o in idx.starting("TGT", c.start - idx.maxlen, c.start + 1))]

    @staticmethod
    def _best_target(tgts: list[Cue]) -> str:
        ids = {c.id for c in tgts}
        for t in TARGET_PRIORITY:
            if t in ids:
                return t
        return "unspecified"

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

    def _companies(self, doc: Doc, sent: Span, raw: list, state: dict, known: list[ActorRef]) -> list[ActorRef]:
        """Company names as written: capitalised Latin words after a company noun ("food company
        Verdant Mills", «агрохолдинг Agro Horizon»), a name before a legal suffix ("Acme Corp"), and,
        in a sentence about jobs, plants, prices or companies, a Latin-script subject before a verb
        ("Ford said", "Nordic Steel закрыла"); later mentions of a name seen before."""
        # the names as written (matched again in later sentences); state["companies"] and
        # state["company_order"] hold the same names as actors are named (Latin script, see canonical below)
        names: set[str] = state.setdefault("company_forms", set())
        order: list[str] = state.setdefault("company_form_order", [])  # names in the order the article gives them
        taken = {(a.start, a.end) for a in known}
        out: list[ActorRef] = []
        for a in known:  # «Лукойл», "Cargill": a company the lexicon knows is one of the article's companies too
            if a.id in known_company_ids():
                names.add(a.id)
                if a.id not in order:
                    order.append(a.id)

        def latin_name(i: int) -> bool:
            t = doc[i]
            return t.text.isascii() and t.is_alpha and (t.is_title or (t.is_upper and len(t) > 1))

        def add(s_: int, e_: int) -> None:
            while e_ - s_ > 1 and doc[e_ - 1].text.rstrip(".") in _LEGAL_SUFFIXES:
                e_ -= 1  # "Acme Corp" is Acme
            if any(x.start < e_ and s_ < x.end for x in out) or any(x_s < e_ and s_ < x_e for x_s, x_e in taken):
                return
            name = doc[s_:e_].text
            if e_ - s_ == 1:
                name = self._full_company_name(doc, name, state)
            names.add(name)
            if name not in order:
                order.append(name)
            out.append(ActorRef(name, s_, e_))

        covered = {i for a in known for i in range(a.start, a.end)}
        cue_at = {i for label, _pid, s_, e_ in raw if label not in ("COMPANY", "PREP_V", "WITH", "CONJ", "POSS")
                  for i in range(s_, e_)}
        tgt_at = {s_ for label, _pid, s_, _e in raw if label == "TGT"}
        for label, _pid, _s, e in raw:
            if label != "COMPANY":
                continue
            if self.lang == "ar" and _AR_FOLD_CLITIC(doc[e - 1].text) in _AR_PLURAL_COMPANY:
                # «مع شركات جهينة وإيديتا وسيفيتال»: a list of names after the plural noun, each its own company
                for s_, e_ in self._ar_company_list(doc, sent, e, covered, cue_at):
                    if any(x_s < e_ and s_ < x_e for x_s, x_e in taken):
                        continue
                    name = doc[s_:e_].text
                    if name.startswith("و") and s_ > e:
                        name = name[1:]
                    names.add(name)
                    if name not in order:
                        order.append(name)
                    out.append(ActorRef(name, s_, e_))
                continue
            # an Arabic name may open with a target word («شركة الكهرباء»), not hold a second one
            span = self._company_name(doc, sent, e, covered, cue_at - ({e} & tgt_at if self.lang == "ar" else set()))
            if span and not any(s_ <= span[0] < e_ for s_, e_ in taken):
                name = doc[span[0]:span[1]].text
                names.add(name)
                if name not in order:
                    order.append(name)
                out.append(ActorRef(name, *span))
                # «сети «Пятёрочка» и «Магнит»»: a second quoted name coordinated with the first
                k = span[1] + (span[1] < sent.end and doc[span[1]].text in _QUOTE_MARKS)
                if k + 3 < sent.end and doc[k].lower_ in ("и", "та", "і", "й", "and") and doc[k + 1].text in _QUOTE_MARKS:
                    close = next((j for j in range(k + 3, min(sent.end, k + 6)) if doc[j].text in _QUOTE_MARKS), None)
                    if close and doc[k + 2].text[:1].isupper() and not any(k + 2 <= x_s < close for x_s, _x in taken):
                        name = doc[k + 2:close].text
                        names.add(name)
                        if name not in order:
                            order.append(name)
                        out.append(ActorRef(name, k + 2, close))
            elif doc[_s].text.rstrip(".") in _LEGAL_SUFFIXES and _s > sent.start and latin_name(_s - 1):
                i = _s - 1
                while i > sent.start and _s - i < 4 and latin_name(i - 1):
                    i -= 1
                add(i, _s + 1)  # "Acme Corp pledged", "Verdant Holdings said"
            elif names and not span and self._company_reference(doc, sent, _s) and not any(
                    x_s < e and _s < x_e for x_s, x_e in taken) and not any(x.start < e and _s < x.end for x in out):
                # "the company", «компания также пообещала», «в компании заявили», «الشركة»: the article's
                # company (the last one that pledged or acted, else the first one it names)
                out.append(ActorRef(state.get("company_focus") or next((n for n in order if n in names),
                                                                      next(iter(names))), _s, e))
        corporate = names or any(m[0] == "COMPANY" or (m[0] == "TGT" and m[1] in _CORPORATE_TARGETS) for m in raw)
        if corporate:
            verbs = {m[2] for m in raw if m[0] in _SUBJECT_VERBS}
            # up to four Latin-script words, "&" among them ("Procter & Gamble")
            runs = list(name_runs(doc, sent, latin_name, open_joiners=("&",), max_len=4))
            subjects: list[tuple[int, int]] = []
            for i, j in runs:
                # the name is the subject of the next verb; in English it opens the sentence or clause
                opens = i == sent.start or doc[i - 1].text in (",", ";", ":", "\"", "“", "«") or doc[i - 1].lower_ in (
                    "that", "and", "but", "while")
                # (not a target word opening the sentence: "Prices will be frozen")
                if j in verbs and (self.lang != "en" or (opens and doc[i].lower_ not in _EN_NOT_NAMES
                                                         and i not in tgt_at)):
                    subjects.append((i, j))
            # "Norvik Foods and Castle Mills said": the names coordinated with a subject are subjects too
            for k in range(len(runs) - 2, -1, -1):
                (i, j), nxt = runs[k], runs[k + 1]
                if nxt in subjects and nxt[0] == j + 1 and doc[j].lower_ in ("and", "и", "та", "і", "й") and (
                        self.lang != "en" or (doc[i].lower_ not in _EN_NOT_NAMES and i not in tgt_at and (
                            i == sent.start or doc[i - 1].text in (",", ";", ":") or doc[i - 1].lower_ in (
                                "that", "but", "while")))):
                    subjects.append((i, j))
                    # "Both later raised prices", "the two companies": these two
                    state["company_pair"] = (self._company_id(doc[i:j].text), self._company_id(doc[nxt[0]:nxt[1]].text))
            for i, j in sorted(subjects):
                add(i, j)
        if corporate:
            # «Укрнафта» пообіцяла не підвищувати ціни, "«Pyaterochka» raised prices": a quoted name right
            # before a verb of a corporate sentence is a company
            verbs = {m[2] for m in raw if m[0] in _SUBJECT_VERBS}
            for i in range(sent.start, sent.end - 2):
                if doc[i].text in ("«", "\"", "“", "„") and doc[i + 1].text[:1].isupper():
                    close = next((j for j in range(i + 2, min(sent.end, i + 6)) if doc[j].text in ("»", "\"", "”", "“")), None)
                    if not close or (self.lang in ("ru", "uk") and not self._nominative_name(doc[i + 1:close].text)):
                        continue  # «сообщили «Коммерсанту»», ««Ведомостям» рассказали»: an addressee, no subject
                    # «Пятёрочка» с 3 апреля подняла цены: the subject opening the sentence or clause, with an
                    # adverbial (no name, no quote) before its verb
                    opens = i == sent.start or doc[i - 1].text in (",", ";", ":", "—", "–")
                    nxt = close + 1 if close + 1 in verbs else next(
                        (j for j in range(close + 1, min(sent.end, close + 7)) if j in verbs), None) if opens else None
                    if nxt is not None and not any(doc[k].text in _QUOTE_MARKS or (
                            doc[k].text[:1].isupper() and k > close + 1) for k in range(close + 1, nxt)):
                        add(i + 1, close)
        if names:
            # "Nordhavn beer", "Norvik said": the distinctive first word of a company's name names it too
            for name in order:
                words = name.split()
                if len(words) > 1 and words[0].lower() not in _GENERIC_NAME_WORDS and words[0].isalpha():
                    for t in sent:
                        if t.text == words[0] and doc[t.i:t.i + len(words)].text != name and not any(
                                a.start <= t.i < a.end for a in out) and not any(
                                x_s <= t.i < x_e for x_s, x_e in taken) and t.i not in cue_at:
                            out.append(ActorRef(name, t.i, t.i + 1))
            for name in names:
                first = name.split()[0]
                for t in sent:
                    if t.text == first and doc[t.i:t.i + len(name.split())].text == name and not any(
                            a.start == t.i for a in out) and (t.i, t.i + len(name.split())) not in taken:
                        out.append(ActorRef(name, t.i, t.i + len(name.split())))
            if self.lang in ("ru", "uk"):
                # «Пятёрочка» ... «у Пятёрочки»: an inflected later mention of a one-word Cyrillic name
                one_word = {self._company_id(n) for n in names if " " not in n and _CYRILLIC.search(n)}
                for t in sent:
                    if one_word and t.text[:1].isupper() and _CYRILLIC.search(t.text) and len(t.text) > 3 \
                            and not any(a.start <= t.i < a.end for a in out) and not any(
                            x_s <= t.i < x_e for x_s, x_e in taken) and t.i not in cue_at \
                            and self._company_id(t.text) in one_word:
                        out.append(ActorRef(t.text, t.i, t.i + 1))
            if self.lang == "ar":
                # «وإيديتا», «لجهينة»: a one-word name seen before, with a proclitic
                one_word = {n for n in names if " " not in n}
                for t in sent:
                    if one_word and len(t.text) > 3 and t.text[0] in "وبلف" and t.text[1:] in one_word \
                            and not any(a.start <= t.i < a.end for a in out) and not any(
                            x_s <= t.i < x_e for x_s, x_e in taken) and t.i not in cue_at:
                        out.append(ActorRef(t.text[1:], t.i, t.i + 1))
        canonical = state.setdefault("companies", set())
        canonical_order = state.setdefault("company_order", [])
        for n in order:
            cid = self._company_id(n)
            canonical.add(cid)
            if cid not in canonical_order:
                canonical_order.append(cid)
        return [a if a.id in canonical else ActorRef(self._company_id(a.id), a.start, a.end) for a in out]

    def _nominative_name(self, name: str) -> bool:
        """Whether a Russian/Ukrainian name as written can be the subject (it is its own nominative)."""
        return nominative(name, self.lang) == name

    def _company_id(self, name: str) -> str:
        """A company's actor name: in Latin script (nominative, then a known English name or a transliteration,
        :func:`tracker.actors.companies.company_name`, cached per name)."""
        return company_name(name, self.lang)

    @staticmethod
    def _full_company_name(doc: Doc, name: str, state: dict) -> str:
        """A one-word Latin name is the longer name the article writes it in elsewhere: "Norvik pledged"
        after "accused Norvik Foods of ..." is Norvik Foods (capitalised words right after it, in the
        middle of a sentence, not a legal suffix)."""
        memo: dict[str, str] = state.setdefault("company_full", {})
        if name in memo:
            return memo[name]
        best = name
        for t in doc:
            if t.text != name or t.is_sent_end:
                continue
            j = t.i + 1
            while j < len(doc) and j - t.i <= 2 and doc[j].text.isascii() and doc[j].is_alpha and doc[j].is_title \
                    and not doc[j].is_sent_start and doc[j].text not in _LEGAL_SUFFIXES \
                    and doc[j].lower_ not in _NOT_NAME_TAIL:
                j += 1
            if j > t.i + 1 and len(doc[t.i:j].text) > len(best):
                best = doc[t.i:j].text
        memo[name] = best
        return best

    def _company_name(self, doc: Doc, sent: Span, e: int, covered: set[int], cue_at: set[int]) -> tuple[int, int] | None:
        """The name written right after a company noun: capitalised words ("chain Hallbrook",
        «агрохолдинг Zernova», «компания Северойл»), a quoted name («компания «Северойл»»), or up to two
        Arabic words («شركة الوادي للمطاحن»)."""
        if e >= sent.end:
            return None
        # «Інший оператор, «Мобілайн», ...», «Другая сеть, «Пятерка», ...»: a quoted name in apposition
        if doc[e].text == "," and e + 1 < sent.end and doc[e + 1].text == "«":
            e += 1
        if doc[e].text in ("«", "\"", "“", "„"):
            close = next((j for j in range(e + 1, min(sent.end, e + 7)) if doc[j].text in ("»", "\"", "”", "“")), None)
            return (e + 1, close) if close and close > e + 1 and doc[e + 1].text[:1].isupper() else None
        j = e
        if self.lang == "ar":
            if _AR_FOLD_CLITIC(doc[e - 1].text).lstrip("بلك").startswith("ال"):
                return None  # «الشركة» refers back; only «شركة» introduces a name
            while j < sent.end and j - e < 2 and doc[j].is_alpha and j not in covered and j not in cue_at and \
                    _AR_FOLD_CLITIC(doc[j].text) not in _AR_NAME_STOP and not (j == e and doc[j].text.startswith(("ل", "ب"))) \
                    and not (j > e and len(doc[j].text) >= 4 and doc[j].text.startswith("ب")):  # «شركة X بمنح»: the pledged act
                j += 1
            return (e, j) if j > e else None
        while j < sent.end and j - e < 4 and doc[j].is_title and doc[j].is_alpha and doc[j].text.isascii() \
                and j not in covered:
            j += 1
        if j == e and self.lang in ("ru", "uk"):
            # «компания Северолес пообещала»: one or two capitalised Cyrillic words, unless the dictionary reads
            # one as a first name, surname or patronymic («компании Олег Марченко» is a person)
            while j < sent.end and j - e < 2 and doc[j].is_title and doc[j].is_alpha and _CYRILLIC.search(doc[j].text) \
                    and j not in covered and j not in cue_at:
                j += 1
            if j > e and any(person_word(doc[k].text, self.lang) for k in range(e, j)):
                return None
        return (e, j) if j > e else None

    @staticmethod
    def _ar_company_list(doc: Doc, sent: Span, e: int, covered: set[int], cue_at: set[int]) -> list[tuple[int, int]]:
        """The names listed after «شركات» (companies): «شركات جهينة وإيديتا وسيفيتال», «شركات دومتي وبسكو مصر»;
        a word with the conjunction «و» opens the next name, a name has at most three words (a country inside
        one, «مصر», only when the table knows the whole name). A definite word or a nisba adjective first
        («شركات الأسمنت», «شركات حكومية») is a sector, not a list of names."""
        first = _AR_FOLD_CLITIC(doc[e].text) if e < sent.end else ""
        if not first or first.startswith("ال") or first.endswith(("يه", "يه")) or first in _AR_NOT_COMPANY_NAMES \
                or not doc[e].is_alpha or e in covered or e in cue_at:
            return []
        known = arabic_names()
        spans: list[list[int]] = [[e, e + 1]]
        j = e + 1
        while j < sent.end and j - e < 12:
            t = doc[j]
            folded = _AR_FOLD_CLITIC(t.text)
            if not t.is_alpha or folded in _AR_NAME_STOP or j in cue_at:
                break
            if t.text.startswith("و") and len(t.text) > 3 and j not in covered:
                spans.append([j, j + 1])
            elif j in covered or spans[-1][1] - spans[-1][0] >= 3:
                whole = doc[spans[-1][0]:j + 1].text.removeprefix("و")
                if company_name(whole, "ar") != whole or normalize_token(whole, "ar") in known:
                    spans[-1][1] = j + 1  # «بسكو مصر»: a known name with a country in it
                else:
                    break
            else:
                spans[-1][1] = j + 1
            j += 1
        return [(a, b) for a, b in spans]

    def _company_reference(self, doc: Doc, sent: Span, s: int) -> bool:
        """A company noun naming no one refers to the article's company: "the company" (not "a company"),
        «Компания», «компания отгрузила», «в компании», «الشركة» (definite)."""
        if self.lang == "en":
            return s > sent.start and doc[s - 1].lower_ in ("the", "this") and doc[s].text.islower()
        if self.lang == "ar":
            return _AR_FOLD_CLITIC(doc[s].text).lstrip("بلك").startswith("ال")
        return s - sent.start <= 1 or doc[s].text[:1].islower()

    @staticmethod
    def _governments(doc: Doc, sent: Span, raw: list, home: str | None, known: list[ActorRef],
                     state: dict | None = None) -> list[ActorRef]:
        """"The energy ministry pledged to freeze fuel prices", «Минэнерго пообещало», «Кабмін», «وزارة
        التموين»: in an economic sentence a ministry or cabinet named without its country is the article's
        home state (as "the government" is; an adjacent country, "Минэнерго России", names it itself).
        "Ottawa promised to lift its surtax ... but a Finance Department order extended it": after a state's
        economic pledge, an unnamed department acts for that state."""
        econ_state = (state or {}).get("econ_state")
        if econ_state is None:
            # "Ottawa pledged to remove its surtax ..., but the Finance Department levied ...": the state heading
            # the sentence
            econ_state = next((a.id for a in known if a.start - sent.start <= 1 and a.id in english_demonyms()), None)
        if (home is None and econ_state is None) or not any(
                m[0] in ("TGT", "TRUCE", "EVT") and m[1] in _ECONOMIC_IDS for m in raw):
            return []
        country = econ_state or home
        out = []
        for label, _pid, s, e in raw:
            if label != "GOV" or any(a.start <= e + 2 and s - 2 <= a.end - 1 for a in known):
                continue  # «Правительство России», "Egypt's government", «الحكومة المصرية»
            out.append(ActorRef(country, s, e))
        return out
