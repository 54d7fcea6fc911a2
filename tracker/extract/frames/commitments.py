"""Commitment frames: content plus a commitment cue, parties, scope and references."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span

from tracker.extract.frames.model import (
    ACTION_TARGET, ECONOMIC_TARGETS, MARKET_TARGETS, SECURITY_PERFORM, TARGET_ACTION, _AR_VICTIM_PREFIXES,
    _STRONG_COMMIT, ActorRef, Cue, CueIndex, Frame, _key, _near_any
)


_OPEN_QUOTES = frozenset({"«", "“", "\"", "„", "'", "‘"})
_CLOSE_QUOTES = frozenset({"»", "”", "\"", "“", "'", "’"})
#: The future of an impersonal pledge («сокращений не будет», "prices will be frozen"): no subject names the party.
_IMPERSONAL = "will (impersonal)"


#: Labels that already say what a pledge commits to (a complement verb under one of them is read by them).
_CONTENT_LABELS = frozenset({"TRUCE", "HALT", "PERF", "EXTEND", "EVT", "IMPOSE", "NEG"})
#: Complement verbs that state no deliverable: talks, study, vague support ("agreed to meet", "pledged to
#: look into", «пообещал рассмотреть», «تعهد بدراسة»).
_VAGUE_COMPLEMENTS = {
    "en": frozenset({"meet", "discuss", "talk", "negotiate", "consider", "study", "review", "examine", "investigate",
                     "look", "explore", "seek", "try", "work", "cooperate", "help", "support", "be", "have", "do",
                     "make", "take", "get", "go", "come", "respond", "retaliate", "fight", "defend", "protect",
                     "punish", "avenge", "crush", "destroy", "defeat", "win", "resume", "return", "attend",
                     "join", "engage", "participate", "pursue", "press", "push", "strengthen", "deepen", "boost",
                     "expand", "increase", "step", "continue", "abide", "comply", "respect", "honour", "honor",
                     "observe", "implement", "stand", "remain", "stay", "uphold", "ensure",
                     "consult", "coordinate", "monitor", "check", "verify", "assess", "evaluate", "decide",
                     "act", "answer", "reply", "use", "spare", "sign", "agree", "accept", "reach", "put",
                     "develop", "draft", "prepare", "establish", "form", "set", "create", "find"}),
    "ru": ("обсуд", "рассмотр", "изуч", "провести переговор", "вести переговор", "встрет", "продолж", "помо",
           "поддерж", "сотруднич", "работ", "ответ", "защищ", "защит", "уничтож", "побед", "разобра", "провер",
           "соблюд", "выполн", "уваж", "подпис", "соглас", "договор", "быть", "стать", "сделать", "обеспеч",
           "добива", "добить", "стремит", "сохран", "остават", "остать", "держ", "бороть", "наказ", "отомст",
           "вернуться к", "возобнов", "участв", "следов", "контрол", "изуча", "учесть", "учит", "оказывать давл",
           "оказать давл", "давить", "настаив", "требов", "укрепл", "наращив", "развив", "расшир", "наступ",
           "атак", "обстрел", "бомб", "штурм", "воевать", "сражат", "наказыв", "преслед", "получ", "потеря",
           "станет", "станут", "будет", "будут", "захват", "взят", "возьм", "займ", "заним", "посет", "приед",
           "прилет", "выступ", "заяв", "сообщ", "объяв"),
    "uk": ("обговор", "обгово", "розгляну", "розгляда", "вивч", "провести переговор", "вести переговор", "зустр",
           "продовж", "допом", "підтрим", "співпрац", "працюв", "відповіс", "відповіда", "захищ", "захист",
           "знищ", "перемог", "розібра", "перевір", "дотрим", "викона", "поваж", "підпис", "погод", "домов",
           "бути", "стати", "зробити", "забезпеч", "доби", "прагн", "зберег", "зберіг", "залиш", "трима",
           "борот", "покара", "помст", "поверн", "відновити переговор", "участ", "стеж", "контрол", "врахов",
           "чинити тиск", "тиснути", "наполяг", "вимага", "зміцн", "нарощ", "розвива", "розшир", "наступ", "атак",
           "обстрі", "бомб", "штурм", "воювати", "переслід", "отрима", "втрат", "стане", "стануть", "буде",
           "будуть", "захоп", "візьм", "займ", "займа", "відвіда", "приїд", "приїзд", "приліт",
           "виступ", "заяв", "повідом", "оголос"),
    "ar": ("دراسة", "بحث", "مناقشة", "النظر", "التفاوض", "المفاوضات", "الحوار", "التعاون", "العمل", "دعم",
           "مساعدة", "الرد", "الدفاع", "حماية", "القضاء", "مواصلة", "الاستمرار", "احترام", "الالتزام", "تطبيق",
           "تنفيذ", "متابعة", "مراقبة", "التحقيق", "ذلك", "هذا", "هذه", "أن", "ان", "أنه", "انه", "أنها", "انها",
           "عدم", "وقف", "ضمان", "تعزيز", "الحفاظ", "المحافظة", "العودة", "استئناف", "المشاركة", "حل", "محاسبة",
           "معاقبة", "الثأر", "الانتقام", "الرد", "محاربة", "مكافحة"),
}
_TALK_NOUNS = frozenset({"talks", "negotiations", "meeting", "meetings", "consultations", "dialogue", "discussions",
                         "summit", "contacts"})
_EN_NON_VERBS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                           "all", "any", "each", "both", "such", "no", "some", "further", "new", "more", "what",
                           "which", "it", "them", "him", "us", "me", "date", "ceasefire", "truce"})
_EN_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                        "saturday", "sunday", "year-end", "mid-year", "spring", "summer", "autumn", "winter"})
_SLAVIC_DEADLINE_WORDS = ("конц", "кінц", "осен", "осін", "весн", "зим", "лет", "літ", "январ", "феврал", "март",
                          "апрел", "мая", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр", "січ",
                          "лют", "берез", "квіт", "травн", "черв", "лип", "серп", "верес", "жовт", "листопад",
                          "груд", "середин", "понедельник", "понеділк", "пятниц", "п'ятниц", "нового год",
                          "нового рок")
_SLAVIC_INF = ("ть", "ться", "ти", "тися", "тись", "чь", "чься")
_UK_SYNTH_FUT = ("тиму", "тимеш", "тиме", "тимемо", "тимете", "тимуть")
#: the auxiliary of the Russian and Ukrainian compound future («будут выплачивать», «буде діяти»)
_SLAVIC_WILL = frozenset({"будут", "будет", "буде", "будуть"})
_SLAVIC_ONWARD = {"ru": (("и", "дальше"), ("и", "впредь"), ("и", "далее"), ("по-прежнему",)),
                  "uk": (("і", "далі"), ("і", "надалі"), ("й", "далі"), ("й", "надалі"), ("надалі",),
                         ("як", "і", "раніше"))}
#: Future verbs of keeping a truce in force («сохранит перемирие», «ستحافظ على الهدنة»).
_KEEP_TRUCE_VERBS = {"ru": frozenset({"сохранит", "сохранят", "сохраним", "продлит", "продлят"}),
                     "uk": frozenset({"збереже", "збережуть", "збережемо", "дотримуватиметься", "дотримуватимуться"}),
                     "ar": frozenset({"ستحافظ", "سيحافظ", "ستلتزم", "سيلتزم", "ستواصل", "سيواصل"})}
#: Plural company nouns: a subject standing for all the companies named ("the retailers", «торговые сети»).
_GROUP_NOUNS = frozenset({"companies", "retailers", "chains", "firms", "banks", "operators", "producers", "carriers",
                          "supermarkets", "grocers", "сети", "компании", "ритейлеры", "производители", "банки",
                          "операторы", "магазины", "мережі", "компанії", "ритейлери", "виробники", "оператори",
                          "الشركات", "الشركتان", "الشركتين", "البنوك", "السلسلتان"})
#: Words marking a truce as one side's own («односторонн», "unilateral", «أحادي»).
_OWN_TRUCE = ("unilateral", "own", "themselves", "itself", "односторон", "собственн", "власн", "الأحادي", "أحادي",
              "احادي", "الاحادي", "جانب واحد")
_AGREE_STEMS = {"en": ("agree", "consent"), "ru": ("договор", "соглас"), "uk": ("домов", "погод"),
                "ar": ("اتفق", "واتفق", "وافق", "ووافق", "توافق")}


class CommitmentMixin:
    """Commitment frames for :class:`~tracker.extract.frames.builder.FrameBuilder` (a mixin: uses its
    ``lang``, ``vso``, ``mediators`` and the other mixins' methods)."""

    def _pledge_shapes(self, doc: Doc, cues: list[Cue], actors: list[ActorRef] | None = None) -> list[Cue]:
        """Pledge shapes that have no commitment verb of their own, rewritten as the cues they amount to.

        - a negated intention or a negated perfective future («не планирует повышать», «не намерен»,
          «не введёт», "does not plan to raise", "has no plans to close", «لا تعتزم رفع»: NEG ``neg_intent``)
          before an act is a pledge not to do it (a halt and a future); the planning word is no proposal;
        - a negated existential future («сокращений не будет», «повышения цен не последует», «скорочень не
          буде», «لن تكون هناك تسريحات»: TRUCE ``none_future``) next to an economic act noun is a pledge
          to refrain from that act (the act's own target);
        - a passive or intransitive future keep («цены будут сохранены», «ціни буде збережено», "prices
          will be frozen", "jobs will be preserved", "exports will stay at current levels": CONT ``kept``)
          after or before an economic target is a freeze of that target (exports: a pledge to keep
          exporting);
        - a keep verb before an activity ("keep serving", «ستواصل تزويد»: PERF ``continue service``)
          keeps that activity, not the plant or customers named after it.
        """
        extra = self._complement_pledges(doc, cues, actors or [])
        if extra:
            cues = sorted(cues + extra, key=lambda c: (c.start, -c.end))
        special = [c for c in cues if (c.label == "NEG" and c.id == "neg_intent")
                   or (c.label == "TRUCE" and c.id in ("none_future", "operations")) or (c.label == "CONT" and c.id == "kept")
                   or (c.label == "PERF" and c.id.startswith(("continue service", "offer jobs", "reduce")))
                   or (c.label == "HYPO" and c.end - c.start == 1 and doc[c.start].lower_ == "would")]
        if not special:
            return cues
        idx = CueIndex(cues)
        drop: set[int] = set()
        add: list[Cue] = []
        for c in special:
            if c.label == "NEG":
                drop.update(id(x) for x in idx.starting(("PROPOSE", "HYPO", "OBLIG"), c.start, c.end))
                # «не піднімемо ціни»: the verb is inside the phrase, its object right after it
                if idx.starting("EVT", c.start + 1, c.end + 2) or any(
                        t.id in ECONOMIC_TARGETS for t in idx.starting("TGT", c.end, c.end + 2)):
                    add += [Cue("HALT", "halt", c.start, c.end), Cue("FUT", "will", c.start, c.end)]
            elif c.label == "TRUCE" and c.id == "operations":
                # "will be suspending operations from 1 May", "declared the stopping of operations": halted
                # fighting, unless the sentence is about a company ("suspend operations at its plant")
                drop.add(id(c))
                if not any(x.label == "COMPANY" or (x.label == "TGT" and x.id in ECONOMIC_TARGETS) for x in cues) \
                        and not any(t.label == "TRUCE" and t is not c and t.start <= c.start < t.end for t in cues):
                    add.append(Cue("TRUCE", "hostilities", c.start, c.end))
            elif c.label == "TRUCE":
                drop.add(id(c))
                if any(h.start < c.end and c.start < h.end for h in idx.starting("HALT", c.start - 4, c.end)):
                    continue  # «не будет повышать»: a negated future verb, read as such
                acts = [e for e in idx.starting(("EVT", "IMPOSE"), c.start - 7, c.end + 4)
                        if (e.end <= c.start or e.start >= c.end) and (
                            (e.label == "EVT" and e.id in ACTION_TARGET)
                            or (e.label == "IMPOSE" and e.id == "cut"))
                        and not any(doc[i].text in ",;،؛" for i in range(min(e.end, c.end), max(e.start, c.start)))]
                if acts:
                    act = min(acts, key=lambda e: min(abs(e.start - c.end), abs(c.start - e.end)))
                    target = ACTION_TARGET[act.id] if act.label == "EVT" else "workforce"
                    add += [Cue("TRUCE", target, c.start, c.end), Cue("FUT", _IMPERSONAL, c.start, c.end)]
            elif c.label == "CONT":
                drop.add(id(c))
                fut = idx.ending("FUT", c.start - 3, c.start + 1) or idx.starting("FUT", c.start, c.end)
                if not fut and not (self.lang in ("ru", "uk") and any(
                        doc[i].lower_ in _SLAVIC_WILL for i in range(c.start - 4, c.start)
                        if i >= 0)):
                    continue
                tgts = [t for t in idx.starting("TGT", c.start - 7, c.end + 4) if (t.end <= c.start or t.start >= c.end)
                        and t.id in ("prices", "tariffs", "workforce", "plant", "exports")
                        and not any(doc[i].text in ",;،؛" for i in range(min(t.end, c.end), max(t.start, c.start)))]
                if not tgts:
                    continue
                # "jobs at its plant will be preserved": the head noun before the keep (its first target),
                # else the nearest one after it («буде збережено ціни»)
                before = [t for t in tgts if t.end <= c.start]
                t = before[0] if before else min(tgts, key=lambda t: t.start)
                if t.id == "exports":
                    add.append(Cue("PERF", "keep exporting|exports", c.start, c.end))
                else:
                    add.append(Cue("TRUCE", t.id, c.start, c.end))
                add.append(Cue("FUT", _IMPERSONAL, c.start, c.end))
            elif c.label == "HYPO":
                # "Washington agreed to pause the tariff, and Mexico would not impose levies": "would" after an
                # agreement is its reported future (a negated act after it is pledged not to happen)
                if not any(a.end <= c.start and (a.label == "ATTR" or (a.label == "AGREE" and a.id in (
                        "agree", "pledge"))) for a in idx.starting(("AGREE", "ATTR"), 0, c.start)) or idx.label("COND"):
                    continue
                drop.add(id(c))
                add.append(Cue("FUT", "would", c.start, c.end))
                for n in idx.starting("NEG", c.end, c.end + 1):
                    if idx.starting("EVT", n.end, n.end + 2):
                        add.append(Cue("HALT", "halt", n.start, n.end))
            elif c.id.startswith("reduce"):
                # "pledged not to reduce its workforce", «обещал снизить цены»: a cut of staff or prices is no
                # emissions pledge; not cutting staff is a no-layoff pledge, cutting prices a pledge on prices
                tgts = [t for t in idx.starting("TGT", c.end, c.end + 3) if t.id in ("workforce", "prices")]
                if not tgts:
                    continue
                drop.add(id(c))
                negs = idx.ending("NEG", c.start - 1, c.start + 1)
                if tgts[0].id == "workforce":
                    add.append(Cue("EVT", "lay off workers", c.start, tgts[0].end))
                    if negs:
                        add.append(Cue("HALT", "halt", negs[0].start, negs[0].end))
                elif not negs:
                    add.append(Cue("TRUCE", "prices", c.start, c.end))
            elif c.id.startswith("offer jobs"):
                # "staff will be offered jobs at its other plants": an offer promised, not proposed
                drop.update(id(x) for x in idx.starting("PROPOSE", c.start, c.end))
            else:
                # "keep serving all routes", «ستواصل تزويد المصانع»: what is kept is the activity
                drop.update(id(h) for h in idx.ending("HALT", c.start - 1, c.start + 1) if h.id == "keep")
                drop.update(id(h) for h in idx.starting("HALT", c.start, c.end) if h.id == "keep")
        if not drop and not add:
            return cues
        out = [c for c in cues if id(c) not in drop] + add
        out.sort(key=lambda c: (c.start, -c.end))
        return out

    def _vague(self, doc: Doc, i: int, word: str) -> bool:
        """Whether the complement verb at ``i`` states no deliverable (talks, study, support, compliance)."""
        vague = _VAGUE_COMPLEMENTS.get(self.lang, ())
        if self.lang == "en":
            forms = {word}
            if word.endswith("ing") and len(word) > 5:  # "working", "making", "stepping"
                stem = word[:-3]
                forms |= {stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem}
            return bool(forms & vague) or any(doc[j].lower_ in _TALK_NOUNS for j in range(i + 1, min(i + 4, len(doc))))
        text = " ".join(t.lower_ for t in doc[i:i + 2]) if self.lang != "ar" else word
        return text.startswith(vague)

    def _complement_pledges(self, doc: Doc, cues: list[Cue], actors: list[ActorRef]) -> list[Cue]:
        """Deliverables a pledge names with a verb of its own, read as perform cues (``<verb>|deliverable``).

        - a pledge or agreement verb with an infinitive complement no content cue covers: "undertook to hand
          over the remains", "pledged to erase the recordings", «обязался удерживать добычу», «пообіцяв до
          осені відкрити», «تعهد البنك بمنح موظفيه», «اتفقا على تسليم»;
        - a reported future of keeping an activity going: "would keep paying its dividend", "will continue to
          pay", «будут и дальше выплачивать», «виплачуватимуть і надалі», «знижки діятимуть і надалі»
          (with a pledge or an attribution in the sentence).
        Talks, study and vague support are no deliverable ("agreed to meet", «пообещал рассмотреть»).
        """
        if not cues:
            return []
        lo_s = cues[0].start
        sent = doc[lo_s].sent
        s0, s1 = sent.start, sent.end
        covered = set()
        # where event and target cues start (looked up by position: a pass over the cues per cue was quadratic
        # in a long sentence)
        evt_tgt_at = {t.start for t in cues if t.label in ("EVT", "TGT")}
        tgt_at = {t.start for t in cues if t.label == "TGT"}
        for c in cues:
            # an act the lexicon reads already (a truce, a halt, an economic act on its target) is not re-read
            if c.label in ("TRUCE", "PERF", "EXTEND") or (c.label == "HALT" and any(
                    k in evt_tgt_at for k in range(c.end, c.end + 3))) or (
                    c.label in ("EVT", "IMPOSE") and (
                    c.id in ACTION_TARGET or any(k in tgt_at for k in range(c.end, c.end + 4)))):
                covered.update(range(c.start, c.end))
        pledges = [c for c in cues if c.label == "AGREE" and (c.id == "pledge" or (
            c.id == "agree" and doc[c.start].lower_.startswith(_AGREE_STEMS[self.lang])))]
        reported = pledges or [c for c in cues if c.label == "ATTR"]
        deadline = self._deadline(doc, s0, s1) if self.lang == "en" else (
            self.lang in ("ru", "uk") and self._slavic_deadline(doc, s0, s1))
        if not reported and not deadline and not any(c.label == "CONT" and c.id == "continue" for c in cues):
            return []
        negs = [c for c in cues if c.label in ("NEG", "DENY", "PROPOSE", "COND")]
        out: list[Cue] = []

        attacks = {i for c in cues if c.label in ("EVT", "HIT", "WPN") and c.id not in ACTION_TARGET
                   for i in range(c.start, c.end)}

        def free(i: int) -> bool:
            # (not an attack: "will continue strikes", «ستواصل الهجمات» is a threat, no deliverable)
            return i not in covered and i not in attacks and not any(
                c.label in ("TRUCE", "PERF", "EXTEND") and i <= c.start <= i + 6 for c in cues)

        def add(i: int, word: str, negated: bool = False) -> None:
            if not any(o.start == i for o in out):
                out.append(Cue("PERF", f"{'not ' if negated else ''}{word}|deliverable", i, i + 1))

        def stop(i: int) -> bool:
            return doc[i].is_punct and doc[i].text not in ("'", "’", "-")

        def negated(j: int) -> bool:
            return j > s0 and doc[j - 1].lower_ in ("не", "not", "ні")

        def en_verb(j: int) -> str | None:
            """The verb (with its particle: "hand over") of an English complement starting at ``j``."""
            if j < s1 and doc[j].lower_ in ("also", "further", "then", "jointly", "immediately", "not", "never"):
                j += 1
            if j >= s1 or not (doc[j].is_alpha and doc[j].is_lower) or doc[j].lower_ in _EN_NON_VERBS:
                return None
            w = doc[j].lower_
            if self._vague(doc, j, w) or not free(j):
                return None
            if j + 1 < s1 and doc[j + 1].lower_ in ("over", "back", "out", "up", "down", "off"):
                w += " " + doc[j + 1].lower_
            return w

        for p in pledges:
            if any(n.end <= p.start and p.start - n.end <= 2 for n in negs if n.label == "NEG" or n.label == "DENY"):
                continue  # "did not promise to", «не обещал»
            if any(c.label == "TEMP" and c.end <= p.start and p.start - c.end <= 2 for c in cues) or any(
                    c.label == "FULFIL" and c.start == p.start for c in cues if self.lang == "ar"):
                continue  # "before it pledged to", «يلتزم» (abides by)
            if self.lang == "en":
                i = p.end if doc[p.end - 1].lower_ != "to" else p.end - 1
                if i < s1 and doc[i].lower_ == "not" and i + 1 < s1 and doc[i + 1].lower_ == "to":
                    i += 1  # "pledged not to cut"
                if i < s1 and doc[i].lower_ == "to":
                    w = en_verb(i + 1)
                    if w:
                        j = i + 1 + (doc[i + 1].lower_ in ("also", "further", "then", "jointly", "immediately",
                                                           "not", "never"))
                        add(j, w, doc[i - 1].lower_ == "not" or doc[j - 1].lower_ in ("not", "never"))
                # a second infinitive of the same pledge: "... and to pull back troops", "and not to raise"
                for k in range(p.end, min(p.end + 20, s1 - 2)):
                    if doc[k].lower_ in ("and", "or") and doc[k + 1].lower_ in ("to", "not"):
                        t = k + 1 + (doc[k + 1].lower_ == "not")
                        if t < s1 - 1 and doc[t].lower_ == "to":
                            w = en_verb(t + 1)
                            if w:
                                add(t + 1, w, doc[k + 1].lower_ == "not")
            elif self.lang in ("ru", "uk"):
                first = True
                for j in range(p.end, min(p.end + 20, s1)):
                    if doc[j].is_punct and doc[j].text not in (",", "'", "’", "-"):
                        break
                    w = doc[j].lower_
                    if not (w.endswith(_SLAVIC_INF) and len(w) > 4):
                        continue
                    # the first infinitive; later ones only right after a conjunction («и не стягивать»)
                    if first and j - p.end > 5:
                        break
                    if not first and not (doc[j - 1].lower_ in ("и", "й", "і", "та", "а") or (
                            negated(j) and j - 2 >= s0 and doc[j - 2].lower_ in ("и", "й", "і", "та", "а"))):
                        continue
                    if free(j) and not self._vague(doc, j, w):
                        add(j, w, negated(j))
                    first = False
            else:
                for j in range(p.end, min(p.end + 6, s1)):
                    if stop(j):
                        break
                    w = doc[j].text
                    if len(w) >= 4 and (w.startswith("ب") or (j > 0 and doc[j - 1].text in ("على", "علي"))) \
                            and not w.startswith(("بين", "بعد", "بأن", "بان", "بشأن", "بنك", "بلد", "بيان", "بدور",
                                                  "بشكل", "بصورة", "بالفعل", "بذلك", "بهذا", "بعض", "بكل", "بما",
                                                  "بينما", "بسبب", "بحسب", "بحلول")) \
                            and not any(a.start <= j < a.end for a in actors):
                        stem = w[1:] if w.startswith("ب") else w
                        if free(j) and not self._vague(doc, j, stem):
                            add(j, stem)
                        break
        # «Компания «Кедр» удалит записи до конца марта», «Кишинів до осені відкриє»: a finite future verb after
        # its subject, with a deadline
        if deadline and self.lang in ("ru", "uk"):
            from tracker.extract.frames.model import SLAVIC_FUTURE_ENDINGS
            for a in actors:
                for j in range(a.end, min(a.end + 4, s1)):
                    if doc[j].is_punct and doc[j].text not in ("»", "\""):
                        break
                    w = doc[j].lower_
                    inf = _SLAVIC_INF if self.lang == "ru" else ("ти", "тися", "тись")
                    if len(w) > 5 and w.endswith(SLAVIC_FUTURE_ENDINGS[self.lang]) and not w.endswith(inf) \
                            and not (w.endswith("ет") and w[-3] not in "аяеуюио") and not w.endswith(("ость", "ость")):
                        if free(j) and not self._vague(doc, j, w) and not any(
                                e.label in ("EVT", "HIT", "WPN") and j < e.start <= j + 4 for e in cues):
                            add(j, w)
                            out.append(Cue("FUT", "will", j, j + 1))  # the finite verb states the future
                        break
        # a future act with a deadline: "it will also erase recordings older than six months by the end of March"
        if deadline and self.lang == "en":
            for c in cues:
                if c.label in ("FUT", "RFUT") and c.id in ("will", "would") and c.end - c.start == 1 \
                        and c.start > s0 and doc[c.start - 1].lower_ in ("it", "they", "we", "company", "group",
                                                                          "firm", "bank", "government", "ministry"):
                    j = c.end + (c.end < s1 and doc[c.end].lower_ in ("also", "then", "now"))
                    if j < s1 and doc[j].lower_ not in ("keep", "continue", "not", "never", "be", "have"):
                        w = en_verb(j)
                        # "will launch an offensive by May" is a threat, not a deliverable
                        if w and not any(o.start == j for o in out) and not any(
                                e.label in ("EVT", "HIT", "WPN") and j < e.start <= j + 5 for e in cues):
                            add(j, w)
        # «продолжит выплачивать дивиденды», «продовжить виплачувати», «ستواصل صرف الأرباح»: a future of continuing
        for c in cues:
            if c.label != "CONT" or c.id != "continue":
                continue
            w0 = doc[c.start].lower_
            if self.lang in ("ru", "uk") and w0.startswith(("продолж", "продовж")) and w0.endswith(
                    ("ит", "ат", "ят", "ить", "ать", "ять", "иму", "име", "имуть", "тиме", "тимуть")):
                for j in range(c.end, min(c.end + 3, s1)):
                    w = doc[j].lower_
                    if w.endswith(_SLAVIC_INF) and len(w) > 4:
                        if free(j) and not self._vague(doc, j, w):
                            add(j, "keep " + w)
                        break
            elif self.lang == "ar" and c.end < s1 and doc[c.start].text.startswith(("ستبقى", "ستظل", "وستبقى", "وستظل",
                                                                                     "سيبقى", "سيظل")):
                # «ستظل الخصومات سارية»: a future of keeping something in force
                for j in range(c.end, min(c.end + 4, s1)):
                    if doc[j].text in ("سارية", "ساريا", "سارياً", "قائمة", "نافذة", "مستمرة") and free(j):
                        add(j, "keep in place")
                        break
            elif self.lang == "ar" and doc[c.start].text.startswith(("ست", "سي", "وست", "وسي")) and c.end < s1:
                j = c.end + (doc[c.end].text in ("في", "فى"))
                w = doc[j].text if j < s1 else ""
                if len(w) >= 3 and doc[j].is_alpha and free(j) and not self._vague(doc, j, w) \
                        and not any(a.start <= j < a.end for a in actors):
                    add(j, "keep " + w)
        # keep-doing: "would keep paying", «будут и дальше выплачивать», «діятимуть і надалі»
        if self.lang == "en":
            for c in cues:
                if c.label in ("FUT", "RFUT") and c.id in ("will", "would"):
                    j = c.end
                    if j < s1 and doc[j].lower_ in ("also", "still"):
                        j += 1
                    # "the discounts would remain in place", "the offer will stay in force"
                    if reported and j + 2 < s1 and doc[j].lower_ in ("remain", "stay") and (
                            doc[j + 1].lower_, doc[j + 2].lower_) in (("in", "place"), ("in", "force"), ("in", "effect")) \
                            and free(j) and not any(t.label == "TRUCE" for t in cues):
                        add(j, "keep in place")
                        continue
                    if j + 1 < s1 and doc[j].lower_ in ("keep", "continue"):
                        k = j + 1 + (doc[j + 1].lower_ == "to")
                        if k < s1 and doc[k].is_alpha and doc[k].is_lower and doc[k].lower_ not in _EN_NON_VERBS \
                                and free(k) and not self._vague(doc, k, doc[k].lower_):
                            add(k, "keep " + doc[k].lower_)
        elif self.lang in ("ru", "uk"):
            onward = _SLAVIC_ONWARD[self.lang]
            # the sentence's words read once (a Token per word per phrase was a third of extraction's time)
            longest = max(len(o) for o in onward)
            lowers = [t.lower_ for t in doc[s0:min(len(doc), s1 + longest - 1)]]
            firsts = {o[0] for o in onward}
            marks = [s0 + k for k in range(s1 - s0) if lowers[k] in firsts and any(
                tuple(lowers[k:k + len(o)]) == o for o in onward)]
            for m in marks:
                for j in list(range(max(s0, m - 3), m)) + list(range(m + 1, min(s1, m + 5))):
                    if stop(j):
                        continue
                    w = doc[j].lower_
                    fut = w.endswith(_SLAVIC_INF) and any(doc[k].lower_ in _SLAVIC_WILL
                                                          for k in range(max(s0, j - 4), j))
                    if (fut or (self.lang == "uk" and w.endswith(_UK_SYNTH_FUT)) or (
                            self.lang == "ru" and w.endswith(("ать", "ять", "уть", "ют", "ут", "ат", "ят", "ет",
                                                              "ит")) and any(
                                doc[k].lower_ in ("будут", "будет") for k in range(max(s0, j - 3), j + 1)))) \
                            and j not in covered and not self._vague(doc, j, w) and len(w) > 4 \
                            and w not in _SLAVIC_WILL:
                        add(j, "keep " + w)
                        break
            if self.lang == "uk" and pledges:
                # «працівникам виплачуватимуть премію, пообіцяв директор»: a synthetic future next to a pledge
                for j in range(s0, s1):
                    w = doc[j].lower_
                    if w.endswith(_UK_SYNTH_FUT) and len(w) > 7 and free(j) and not self._vague(doc, j, w):
                        add(j, w)
                        break
            if pledges:
                # «сотрудникам будут выплачивать премию, пообещал директор»: a future infinitive next to a pledge
                for j in range(s0, s1 - 1):
                    if doc[j].lower_ in _SLAVIC_WILL:
                        for k in range(j + 1, min(s1, j + 4)):
                            w = doc[k].lower_
                            if w.endswith(_SLAVIC_INF) and len(w) > 4:
                                if free(k) and not self._vague(doc, k, w):
                                    add(k, w)
                                break
        return out

    @staticmethod
    def _deadline(doc: Doc, s0: int, s1: int) -> bool:
        """Whether an English sentence sets a deadline: "by the end of March", "by 1 May", "within two weeks",
        "no later than Friday"."""
        for i in range(s0, s1 - 1):
            w, nxt = doc[i].lower_, doc[i + 1].lower_
            if w == "within" and (doc[i + 1].like_num or nxt in ("a", "the", "two", "three", "six", "ten")):
                return True
            if w == "by" and (doc[i + 1].like_num or nxt in _EN_MONTHS or (
                    nxt in ("the", "mid", "mid-") and i + 2 < s1 and doc[i + 2].lower_ in ("end", "middle", "start"))):
                return True
            if w == "later" and nxt == "than" and i > s0 and doc[i - 1].lower_ == "no":
                return True
        return False

    @staticmethod
    def _slavic_deadline(doc: Doc, s0: int, s1: int) -> bool:
        """Whether a Russian or Ukrainian sentence sets a deadline: «до конца марта», «до осени», «до 1 мая»,
        «в течение двух недель», «протягом тижня», «не позднее пятницы», «за семь дней»."""
        for i in range(s0, s1 - 1):
            w, nxt = doc[i].lower_, doc[i + 1].lower_
            if w == "до" and (doc[i + 1].like_num or nxt.startswith(_SLAVIC_DEADLINE_WORDS)):
                return True
            if (w, nxt) in (("в", "течение"), ("не", "позднее"), ("не", "пізніше")) or w == "протягом":
                return True
        return False

    def _urged(self, doc: Doc, c: Cue, proposes: list[Cue]) -> bool:
        """Whether commitment cue ``c`` is the infinitive complement of an urging verb before it."""
        word = doc[c.start].lower_
        if self.lang == "en":
            infinitive = c.start > 0 and doc[c.start - 1].lower_ == "to"
        elif self.lang in ("ru", "uk"):
            infinitive = word.endswith(("ться", "ть", "тися", "ти"))
        else:
            infinitive = word.startswith(("الموافقة", "بالموافقة", "للموافقة", "القبول", "بالقبول")) or (
                c.start > 0 and doc[c.start - 1].text in ("إلى", "الى"))
        return infinitive and any(p.end <= c.start and c.start - p.end <= 10 and not any(
            doc[i].text in ",،;؛" for i in range(p.end, c.start)) for p in proposes)

    def _commitments(self, doc: Doc, sent: Span, si: int, cues: list[Cue], actors: list[ActorRef],
                     claimers, clauses, state: dict) -> list[Frame]:
        s0, s1 = sent.start, sent.end
        idx = CueIndex(cues)
        memo: dict[str, list[Cue]] = {}

        def has(label: str) -> list[Cue]:
            if label not in memo:
                memo[label] = [c for c in idx.label(label) if c.start >= s0 and c.end <= s1]
            return memo[label]

        truce = has("TRUCE")
        # "stop strikes on X"; passive: "the strikes on X will be stopped by Russia"
        halts = [h for h in has("HALT") if idx.starting(("EVT", "TGT"), h.end, h.end + 7) or (
            idx.ending("EVT", h.start - 8, h.start) and idx.starting("BY", h.end, h.end + 2))]
        # «أعلنت تأجيل تسليم الدفعة», "postponed the delivery": a postponed act is a missed pledge, not one
        perf = [p for p in has("PERF") if not any(m.start <= p.start < m.end or m.end == p.start
                                                   for m in idx.ending("MISS", p.start, p.end + 1))]
        # a deliverable read from a pledge's complement verb (``<verb>|deliverable``) binds its subject like
        # any perform cue, but does not make the sentence's halts and truce a mere purpose or a recipient list
        lex_perf = [p for p in perf if not p.id.endswith("|deliverable")]
        accept = has("ACCEPT")
        agree = has("AGREE")
        strong = [c for c in agree if c.id in _STRONG_COMMIT]
        # "ordered a halt to strikes", "ordered the army to introduce a ceasefire regime"
        order_halt = [o for o in has("ORDER") if any(h.end <= s1 for h in idx.starting("HALT", o.end, o.end + 5))
                      or any(t.end <= s1 for t in idx.starting("TRUCE", o.end, o.end + 8))]
        fut = has("FUT") + has("CONT")
        content = truce + halts + perf
        commit = strong + [c for c in agree if c.id == "deal"] + order_halt + accept
        if perf and fut:
            commit = commit + fut  # "will continue sharing intelligence"
        # agreement terms written as obligations: "it requires Hezbollah to pull its fighters ...",
        # "under the ceasefire, Israeli troops are to withdraw", «يتعين على ... الانسحاب»; only in an
        # agreement's context (a deal or truce named here, or a commitment stated earlier) and not a demand
        ph_starts = {c.start for c in perf + halts}
        oblig = [o for o in has("OBLIG") if any(i in ph_starts for i in range(o.end, o.end + 7)) and not idx.ending(
            ("FUT", "RFUT", "HYPO"), o.start - 2, o.start + 1)]  # "would require"
        if oblig and (truce or any(c.id == "deal" for c in agree) or state.get("agreed")) and not has("PROPOSE") \
                and not has("DENY") and not has("HYPO"):
            commit = commit + oblig
            strong = strong + oblig
        else:
            oblig = []
        # a halt of an economic measure is itself the decision: "the EU postponed its counter-tariffs",
        # "Russia suspended its export ban", «заборонив експорт»; so is a ban imposed ("introduced an
        # export ban", «ввела запрет на экспорт»)
        commit = commit + [h for h in halts if h.id != "keep" and any(
            t.id in ECONOMIC_TARGETS and t.id not in ("deforestation", "intelligence sharing")
            for t in idx.starting("TGT", h.end, h.end + 7))] + [
            t for t in truce if t.id in ECONOMIC_TARGETS and idx.ending("IMPOSE", t.start - 3, t.start + 1)]
        # "will cut output by 200,000 barrels", «заморозит цены»: a future before an economic truce noun
        econ_starts = {t.start for t in truce if t.id in ECONOMIC_TARGETS}
        commit = commit + [f for f in has("FUT") if any(i in econ_starts for i in range(f.start, f.start + 4))]
        halt_starts = {h.start for h in halts}
        # "will stop", «ستوقف»; "не будет наносить", "won't raise": the future right after a negated halt
        truce_starts = {t.start for t in truce}  # "will cease fire", «сторони припиняють вогонь»
        will = [f for f in has("FUT") if any(i in halt_starts for i in range(f.start - 1, f.start + 4))
                or any(i in truce_starts for i in range(f.start, f.start + 4))]
        # "will maintain its own truce", "would keep observing its ceasefire", «сохранит перемирие», «збереже
        # перемир'я», «ستحافظ على الهدنة»: a future of keeping a truce in force renews it
        if truce:
            keep = [f for f in has("FUT") + has("RFUT") if f not in will and any(
                k.start <= f.end + 1 for k in idx.starting(("CONT", "FULFIL"), f.start, f.end + 2)) and any(
                f.end <= t.start <= f.end + 7 for t in truce)]
            if self.lang in ("ru", "uk", "ar"):
                keep += [Cue("FUT", "will", i, i + 1) for t in truce for i in range(max(s0, t.start - 3), t.start)
                         if doc[i].lower_ in _KEEP_TRUCE_VERBS.get(self.lang, ())]
            will = will + keep
        if halts and self.lang in ("ru", "uk", "ar"):
            # «Лондон продолжит воздерживаться от ударов», «ستواصل تعليق غاراتها»: a future of continuing a halt
            will = will + [c for c in has("CONT") if c.id == "continue" and any(
                c.end <= h.start <= c.end + 2 for h in halts) and (
                doc[c.start].text.startswith(("ست", "سي", "وست", "وسي")) if self.lang == "ar"
                else doc[c.start].lower_.endswith(("ит", "ат", "ят", "ить", "ать", "ять", "тиме", "тимуть")))]
        if will:
            commit = commit + will  # "Russia will stop strikes", «ستوقف», "would pause tariffs"
        # "the truce will be extended until ...", "agreed to extend the ceasefire"; "the deal will be
        # extended" once a truce has been stated in the document (the deal is that truce)
        strong_agree = [c for c in strong if c.id in ("agree", "pledge")]
        extend = [x for x in has("EXTEND") if not idx.ending("NEG", x.start - 2, x.start + 1)]
        if extend and not has("PROPOSE") and not has("COND") and not has("HYPO"):
            deal_nouns = [c for c in agree if c.id == "deal"]
            if not truce and deal_nouns and state.get("truce_id"):
                truce = [Cue("TRUCE", state["truce_id"], deal_nouns[0].start, deal_nouns[0].end)]
                content = content + truce
            if truce:
                commit = commit + extend
                strong = strong + extend
        # "has not agreed to a ceasefire", "refused to agree", «لم تعلن إسرائيل أي هدنة», «не объявила
        # перемирие», «لن توافق»: a commitment cue negated right before it commits to nothing
        # (a negated future is a pledge to refrain: «не будет наносить удары», "will not strike")
        if commit and all(c.label in ("AGREE", "ACCEPT", "ORDER", "EXTEND")
                          and idx.ending("NEG", c.start - 2, c.start + 1) for c in commit):
            return []
        # "ready for a ceasefire if Russia agrees", «если Россия согласится», «إذا وافقت روسيا»: a commitment
        # verb inside the condition is what the other side would have to do, not a commitment of its subject
        if commit and all(c.label in ("AGREE", "ACCEPT") and idx.ending("COND", c.start - 4, c.start + 1)
                          for c in commit):
            return []
        # "the UN urged Israel and Hamas to agree to a ceasefire", «призвала Россию и Украину согласиться»,
        # «دعت ... إلى الموافقة»: an agreement asked of others (an infinitive after an urging verb) is a demand
        if commit and has("PROPOSE") and all(c.label in ("AGREE", "ACCEPT") and self._urged(doc, c, has("PROPOSE"))
                                              for c in commit):
            return []
        if has("PROPOSE") and not strong and not accept and not order_halt:
            if content:
                state["proposal"] = (content, sent, self._targets(idx, sent.start, sent.end))
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
            content = _near_any(content, commit, 12)
            commit = _near_any(commit, content, 12)
            kept = {_key(c) for c in content}
            truce = [c for c in truce if _key(c) in kept]
            halts = [c for c in halts if _key(c) in kept]
            perf = [c for c in perf if _key(c) in kept]
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
        reference = self._mentions_only(doc, sent, cues, commit, truce, clauses, idx)

        # the region: clauses holding the cues, plus a leading subject clause
        lo = min([c.start for c in commit + content])
        hi = max([c.end for c in commit + content])
        if from_proposal:
            lo, hi = min(c.start for c in accept), max(c.end for c in accept)
        cl_starts = [s for s, _e in clauses]
        k = bisect_right(cl_starts, lo) - 1
        cl_lo = k if k >= 0 and lo < clauses[k][1] else 0
        k = bisect_left(cl_starts, hi) - 1
        cl_hi = k if k >= 0 and hi <= clauses[k][1] else len(clauses) - 1
        reg_s, reg_e = clauses[cl_lo][0], clauses[cl_hi][1]
        # long clauses (Arabic rarely uses commas): stop shortly after what is committed
        end_at = hi + 6
        for t in idx.starting(("TGT", "SCOPE"), hi, reg_e):
            if t.start - end_at <= 8:
                end_at = max(end_at, t.end)  # "... over the Black Sea ... and against energy targets"
        reg_e = min(reg_e, end_at)
        reg_s = max(reg_s, lo - 16)
        a_starts = [a.start for a in actors]
        own_start = reg_s  # where the commitment's own clauses begin (its window is read from there)
        region_actors = actors[bisect_left(a_starts, reg_s):bisect_left(a_starts, reg_e)]
        if not region_actors and cl_lo > 0:
            reg_s = clauses[cl_lo - 1][0]
            region_actors = actors[bisect_left(a_starts, reg_s):bisect_left(a_starts, reg_e)]

        tgts_all = self._targets(idx, reg_s, reg_e) if not from_proposal \
            else state["proposal"][2]
        # «وزارة النفط», "the Ministry of Energy": a target noun naming a ministry is part of its name
        govs = {i for g in has("GOV") for i in range(g.start + 1, g.end + 1)} | {
            g.end + 1 for g in has("GOV") if g.end < s1 and doc[g.end].lower_ == "of"}
        if govs:
            tgts_all = [t for t in tgts_all if t.start not in govs]
        first_commit = min(c.start for c in commit)
        tgt_ids = {id(t) for t in tgts_all}
        scope_actor: dict[int, str] = {}
        parties: list[ActorRef] = []
        truce_with: list[str] = []
        deal_spans = [c for c in agree if c.id == "deal"]

        lex_perf = [p for p in perf if not p.id.endswith("|deliverable")]

        def classify(cands: list[ActorRef]) -> None:
            for a in cands:
                prev = idx.ending_any(a.start - 1, a.start + 1)
                if any(c.label == "WITH" for c in prev) and not lex_perf and not any(
                        t.id in MARKET_TARGETS and t.end <= a.start for t in tgts_all):  # "stop exporting cars to Russia"
                    parties.append(a)  # "between Ukraine and Russia"
                    continue
                if self.lang == "ar" and oblig and idx.ending("OBLIG", a.start - 1, a.start + 1):
                    parties.append(a)  # «يتعين على القوات الإسرائيلية الانسحاب»: على marks the bound party
                    continue
                prev3 = [c for c in idx.ending("PREP_V", a.start - 3, a.start + 1)
                         if not any(doc[i].text in ",،;؛" or doc[i].lower_ == "that" for i in range(c.end, a.start))
                         and not any(d.start <= c.start and c.end <= d.end and d.end - d.start > 1 for d in deal_spans)
                         ]  # "on 27 November, Israeli troops"; "promised on Monday that the company would";
                # not the preposition of «по условиям соглашения», «за умовами угоди» (the terms, no place)
                if prev3 and not idx.starting("WITH", prev3[0].end, a.start) \
                        and a.start > first_commit and not self.vso:
                    scope_actor[a.start] = a.id  # "based on a statement by the presidents of Russia, ..."
                    continue
                near_tgt = [t for t in idx.ending("TGT", a.start - 2, a.start + 1) + (
                    [] if self.vso else idx.starting("TGT", a.end, a.end + 2)) if t.id in TARGET_ACTION and (
                    id(t) in tgt_ids) and not (  # «Россия приостановила запрет»: a verb between makes it the subject
                        t.start >= a.end and idx.starting(("HALT", "AGREE", "FUT", "IMPOSE"), a.end, t.start)) and not any(
                        k.start == t.start for k in idx.starting("COMPANY", t.start, t.start + 1))  # «Завод «X»» names X
                            ] if not from_proposal else [
                    t for t in tgts_all if t.id in TARGET_ACTION and (
                        0 <= a.start - t.end <= 2 or (not self.vso and 0 <= t.start - a.end <= 1))]
                if near_tgt or any(c.label == "PREP_V" for c in prev) or any(
                        c.label == "SCOPE" for c in idx.covering(a.start)):
                    scope_actor[a.start] = a.id
                    continue
                if self.lang == "ar" and doc[a.start].text.startswith(_AR_VICTIM_PREFIXES) and \
                        not doc[a.start].norm_.startswith("ل"):
                    scope_actor[a.start] = a.id
                    continue
                if perf and idx.ending("WITH", a.start - 2, a.start + 1):
                    if truce and any(w.start > truce[0].start for w in idx.ending("WITH", a.start - 2, a.start + 1)):
                        truce_with.append(a.id)  # "... under a ceasefire deal with Hezbollah"
                    continue  # recipient: "share intelligence with Ukraine"
                parties.append(a)

        classify(region_actors)
        if not parties and not from_proposal and cl_lo > 0 and self.lang == "en":
            # "Colombia's government and the Comuneros del Sur, a splinter faction of the ELN, agreed to a
            # ceasefire": the subject stands before an appositive clause
            k = cl_lo - 1
            while k >= 0 and reg_s - clauses[k][0] <= 24 and not parties:
                earlier = actors[bisect_left(a_starts, clauses[k][0]):bisect_left(a_starts, clauses[k][1])]
                if earlier and not any(c.label in ("EVT", "ATTR", "ACCUSE", "AGREE") for c in idx.within(
                        clauses[k][0], clauses[k][1])):
                    classify(earlier)
                k -= 1
        if len(parties) > 1:
            # «Нафтогаз України», "Ukraine's Naftogaz", "Naftogaz of Ukraine": a state company's pledge is
            # the company's, not its country's
            parties = self._owned_companies(doc, parties, state)
        # the bound party of an obligation is its subject ("Israeli troops are to withdraw") or object
        # ("requires Hezbollah to pull"), not whoever is near "under the ceasefire agreement"
        parties = self._subject_parties(doc, parties, oblig or commit, content, idx, with_parties=not lex_perf)
        party_ids: list[str] = []
        for a in parties:
            if a.id not in party_ids:
                party_ids.append(a.id)
        # «Сети «А» и «Б» подписали соглашение. Торговые сети пообещали ...», "the two retailers pledged":
        # a plural company noun as the subject stands for every company the article has named
        named = state.get("company_order") or []
        if 2 <= len(named) <= 4 and any(c.label in ("TRUCE", "PERF") for c in content):
            group = [a for a in parties if a.id in named and doc[a.end - 1].lower_ in _GROUP_NOUNS]
            if not parties:
                group = [c for c in has("COMPANY") if c.end <= first_commit and first_commit - c.end <= 1
                         and doc[c.end - 1].lower_ in _GROUP_NOUNS]
            if group:
                party_ids = [p for p in party_ids if p not in named] + list(named)
        # "agreed to withdraw ... under a ceasefire deal with Hezbollah": the truce also binds the party
        # after "with" (the withdrawal binds only the subject)
        truce_ids = [t for t in truce_with if t not in party_ids and t not in self.mediators]
        bilateral = bool(truce) and not lex_perf
        cp = next((p for _s, _e, p, _a in claimers if p), None)
        # (not when the truce is one side's own: "during a truce the RSF had declared", "its unilateral truce",
        # «в одностороннем порядке», «الهدنة الأحادية»: the accuser made no commitment)
        own_truce = any(doc[i].lower_.startswith(_OWN_TRUCE) for i in range(s0, s1)) or any(
            a.start >= max(t.end for t in truce) and any(0 <= g.start - a.end <= 2 for g in agree)
            for a in parties) if truce else False
        if bilateral and len(party_ids) == 1 and cp and cp not in party_ids and cp not in self.mediators \
                and has("ACCUSE") and not own_truce:
            party_ids.append(cp)  # "Thailand accused Cambodia of breaking the truce they agreed"

        # what is committed: one (polarity, action, target) per target category
        items: list[tuple[str, str, str]] = []
        for p in perf:
            if any(c.label in ("TRUCE", "HALT") for c in idx.covering(p.start)):
                continue  # "reduce" inside "reduce tariffs" (a tariff cut), not a pledge of its own
            if self.lang == "ar":
                if any(h.start != p.start and not any(t.start <= h.start and t.end <= p.start and t.end > h.end
                                                      for t in idx.ending("TRUCE", h.end, p.start + 1))
                       for h in idx.ending("HALT", p.start - 2, p.start + 1)):
                    # «تعليق إدخال المساعدات»: the halt governs the act after it (not the halt inside a whole
                    # truce phrase before a second term: «وقف إطلاق النار وتسليم الأسلحة»)
                    continue
            elif any(not any(t.start <= h.start and h.end <= t.end <= p.start for t in idx.covering(h.start)
                             if t.label == "TRUCE") for h in idx.starting("HALT", p.end - 4, p.end + 5)):
                # "aid deliveries would be suspended": stopping the action is no pledge to perform it (a halt
                # inside a whole truce phrase before it is the first term: «прекратить огонь и убрать миномёты»)
                continue
            action, _, target = p.id.partition("|")
            if action.startswith("not ") and target == "deliverable":
                # «пообещал не урезать отгрузки», "pledged not to sell": a negated complement is a refrain
                if ("refrain", action[4:], target) not in items:
                    items.append(("refrain", action[4:], target))
                continue
            if ("perform", action, target or "unspecified") not in items:  # «السماح بمرور المساعدات»: one pledge
                items.append(("perform", action, target or "unspecified"))
        if truce or halts:
            cats = []
            if not from_proposal:
                th = sorted(truce + halts, key=lambda k: k.start)
                th_starts = [k.start for k in th]
                th_reach = max((k.end - k.start for k in th), default=0)
                near_t = [t for t in tgts_all if any(
                    k.start - 4 <= t.start and t.start <= k.end + 8
                    for k in th[bisect_left(th_starts, t.start - 8 - th_reach):bisect_right(th_starts, t.start + 4)])]
                chain_end = max([t.end for t in near_t], default=-1)
                taken = {id(t) for t in near_t}
                for t in sorted(tgts_all, key=lambda t: t.start):
                    if id(t) not in taken and chain_end >= 0 and t.start > chain_end and t.start - chain_end <= 8:
                        near_t.append(t)  # "... over the Black Sea ... and against each other's energy targets"
                        chain_end = t.end
                tgts_all = near_t
            for t in tgts_all:
                if t.id in TARGET_ACTION and t.id not in cats and t.id != "intelligence sharing":
                    cats.append(t.id)
            if self._has(idx, "SCOPE", reg_s, reg_e) and "shipping" not in cats:
                cats.append("shipping")
            cats = [c for c in cats if not (c == "infrastructure" and "energy infrastructure" in cats)]
            # "pledged not to lay off workers at its plant": the halted act names its own target;
            # another economic target nearby is a place or an aside, not a second pledge
            halted = {e.id for h in halts for e in idx.starting("EVT", h.end, h.end + 7)}
            for h in (h for h in halts if h.id == "keep"):  # "preserve jobs at the plant": the jobs
                protected = [t for t in idx.starting("TGT", h.end, h.end + 5) if t.id in TARGET_ACTION]
                if protected:
                    halted.add(TARGET_ACTION[protected[0].id])
            if any(TARGET_ACTION[c] in halted for c in cats):
                # ... but "stop all sales in Russia and keep its plant open" halts sales directly too
                direct = {t.id for h in halts if h.id != "keep" and not idx.starting("EVT", h.end, h.end + 7)
                          for t in idx.starting("TGT", h.end, h.end + 4)}
                cats = [c for c in cats if TARGET_ACTION[c] in halted or c in direct or c not in ECONOMIC_TARGETS]
            # "no layoffs at its plants", "compensation cuts to its output": an economic truce noun names its
            # own target; another economic target counts only when a halt governs it
            econ_truce = [t.id for t in truce if t.id in ECONOMIC_TARGETS]
            if econ_truce and not from_proposal:
                governed = {t.id for t in tgts_all if any(h.start - 4 <= t.start <= h.end + 8 for h in halts)}
                cats = [c for c in cats if c not in ECONOMIC_TARGETS or c in governed] + [
                    c for c in dict.fromkeys(econ_truce) if c not in cats]
            # «призупинити відключення споживачів від газопостачання»: the economic noun right after the
            # halt is what is halted; otherwise "halt strikes on plants" is a truce
            right_after = [t.id for h in halts for t in idx.starting("TGT", h.end, h.end + 2)]
            if right_after and right_after[0] in ECONOMIC_TARGETS and right_after[0] in cats:
                # "halt gasoline exports ... to stabilise prices": only what the halts govern (and the
                # economic truce nouns) is committed, not a purpose named after it
                governed = set(right_after) | {t.id for t in truce} | {
                    ACTION_TARGET[e.id] for h in halts for e in idx.starting("EVT", h.end, h.end + 3)
                    if e.id in ACTION_TARGET}
                cats = [c for c in cats if c in ECONOMIC_TARGETS and c in governed]
            elif any(c not in ECONOMIC_TARGETS for c in cats):
                cats = [c for c in cats if c not in ECONOMIC_TARGETS]
            if cats:
                for cat in cats:
                    items.append(("refrain", TARGET_ACTION[cat], cat))
            elif truce:
                tid = truce[0].id
                items.append(("refrain", "hostilities" if tid == "hostilities" else TARGET_ACTION.get(tid, tid),
                              "all hostilities" if tid == "hostilities" else tid))
            elif not lex_perf or (self.lang == "ar" and halts):
                # «سيوقف العمليات العسكرية ... للسماح بدخول المساعدات»: the halt is a pledge besides the aid
                ev = [c for c in cues if c.label == "EVT" and any(0 <= c.start - h.end <= 6 for h in halts)]
                action = self._action(ev) if ev else "strike"
                target = ACTION_TARGET.get(action, "unspecified")
                if action in ("hostilities", "gunfire"):  # «припинення вогню» in any case: a ceasefire
                    action, target = "hostilities", "all hostilities"  # «تعليق عملياتها العسكرية», "halt military operations": a truce
                items.append(("refrain", action, target))
        # "agreed to safe navigation in the Black Sea": a perform phrasing of a refrain on the same
        # target (no use of force against shipping) is that refrain, not a second commitment
        refrained = {t for p, _a, t in items if p == "refrain"}
        items = [i for i in items if not (i[0] == "perform" and i[2] in refrained)]
        if any(p == "refrain" for p, _a, _t in items):
            # "pledged to eliminate deforestation by 2022": the deadline belongs to that pledge
            items = [i for i in items if not (i[0] == "perform" and i[2] == "pledge")]
        if not items:
            return []
        for polarity, action, target in items:
            if (target in ECONOMIC_TARGETS and target != "intelligence sharing") or (
                    polarity == "perform" and target == "delivery"):
                state["topic"] = (polarity, action, target)  # later "X promised ..." refers to this pledge
        # brokers do not bind themselves to a truce, nor to its security terms ("the US and Russia agreed
        # to safe navigation": Russia is bound)
        refrain_military = any((p == "refrain" and a in ("strike", "use of force", "hostilities"))
                               or (p == "perform" and a in SECURITY_PERFORM) for p, a, _ in items)
        if refrain_military:
            party_ids = [p for p in party_ids if p not in self.mediators]  # brokers do not bind themselves
        implied = False
        if not party_ids and scope_actor and any(c.label == "FUT" and c.id == _IMPERSONAL for c in commit):
            # «цены на молоко «Ленты» будут сохранены», "there will be no job cuts at Acme's plants": an
            # impersonal pledge binds the company whose prices, plants or staff it names (not a country named
            # as a place)
            from tracker.extract.frames.builder import _countries
            countries = _countries(self.lang)
            owners = [scope_actor[k] for k in sorted(scope_actor)
                      if scope_actor[k] not in countries and scope_actor[k] not in self.mediators]
            if owners:
                party_ids = owners[:1]
        if not party_ids:
            first_commit = min(c.start for c in commit)
            claimer_party = next((p for s, e, p, _a in claimers if p and e <= first_commit), None)
            if not claimer_party and not parties:
                # «"Ми не піднімемо тарифи", — пообіцяв директор «X»», '"We will keep serving", said X's
                # chief': a pledge quoted first, then its speaker's organisation
                claimer_party = self._quote_speaker(doc, sent, content, actors, idx)
            if not claimer_party and not parties and (any(p.id.endswith("|deliverable") for p in perf) or any(
                    c.label == "FUT" and c.id == _IMPERSONAL for c in commit)):
                # «Сотрудникам и дальше будут платить премию, пообещал директор компании «X»»: an unquoted
                # pledge, then its speech tag after a comma; the speaker's organisation binds itself
                claimer_party = self._tag_speaker(doc, sent, content, actors, idx)
                if not claimer_party and state.get("company_order") and doc[sent.start].lower_ in (
                        "it", "they", "він", "вона", "вони", "он", "она", "они"):
                    # "It will also erase the recordings by March": the article's company, named before
                    claimer_party = state.get("company_focus") or state["company_order"][0]
            if claimer_party and not parties and not (refrain_military and claimer_party in self.mediators):
                party_ids = [claimer_party]
            else:
                implied = True  # filled in from the document's belligerents
        claimer = claimers[0] if claimers else None
        frames = []
        scope_names = [scope_actor[k] for k in sorted(scope_actor) if scope_actor[k] not in self.mediators]
        scope_place = next((c.id for c in self._has(idx, "SCOPE", reg_s, reg_e)), None)
        for polarity, action, target in items:
            # "under the ceasefire, Israeli troops are to withdraw": the obligation's subject is bound
            # to withdraw; the truce named in passing binds the document's belligerents
            pids = [None] if oblig and polarity == "refrain" and truce else (party_ids or [None])
            if polarity == "refrain" and truce_ids and pids != [None]:
                pids = pids + [t for t in truce_ids if t not in pids]
            for pid in pids:
                scope = None
                if target == "shipping" and scope_place:
                    scope = scope_place
                elif scope_names and (target not in ECONOMIC_TARGETS or target in MARKET_TARGETS) \
                        and target != "all hostilities":
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
                elif reg_s < own_start and idx.starting("EVT", reg_s, own_start):
                    # "X cut 300 jobs on Monday, although it had promised in January that there would be no
                    # layoffs": the subject is borrowed from the event clause, its date is not the pledge's
                    fr.trigger = own_start
                if extend and polarity == "refrain" and truce and not strong_agree:
                    fr.flags.append("extension")  # a new window for the same truce: its own commitment
                fr.anchor = min([c.start for c in commit] + [t.start for t in truce])
                if reference:
                    fr.strength = min(fr.strength, 1)
                    fr.flags.append("reference")
                frames.append(fr)
        return frames

    def _owned_companies(self, doc: Doc, parties: list[ActorRef], state: dict) -> list[ActorRef]:
        """Drop a country named right next to a company among the parties (its owner or home)."""
        from tracker.extract.frames.builder import _company_ids, _countries
        countries = _countries(self.lang)
        companies = _company_ids(self.lang) | set(state.get("companies") or ())
        drop = set()
        for a in parties:
            if a.id not in countries:
                continue
            for b in parties:
                if b.id not in companies:
                    continue
                gap = [t.lower_ for t in doc[b.end:a.start]] if b.end <= a.start else [
                    t.lower_ for t in doc[a.end:b.start]]
                if not gap or gap in (["of"], ["'s"], ["’s"]):
                    drop.add(id(a))
        return [a for a in parties if id(a) not in drop]

    @staticmethod
    def _tag_speaker(doc: Doc, sent: Span, inside: list[Cue], actors: list[ActorRef], idx: CueIndex) -> str | None:
        """The organisation in a speech tag after the pledge it reports: the content comes first, then a
        comma and a pledge or reporting verb; the first actor within a few words after that verb."""
        last = max((c.end for c in inside), default=sent.start)
        for v in idx.starting(("ATTR", "AGREE"), last, sent.end):
            if v.start > 0 and doc[v.start - 1].text in (",", "،", "—", "–") or (
                    v.start > 1 and doc[v.start - 1].text in ("—", "–") and doc[v.start - 2].text == ","):
                return next((a.id for a in actors if v.end <= a.start <= v.end + 6), None)
            # "..., Kelvo Telecom said": the speaker between the comma and the verb
            before = [a for a in actors if last <= a.start and a.end <= v.start and v.start - a.end <= 1
                      and a.start > 0 and doc[a.start - 1].text in (",", "—", "–")]
            if before:
                return before[-1].id
        return None

    @staticmethod
    def _quote_speaker(doc: Doc, sent: Span, inside: list[Cue], actors: list[ActorRef], idx: CueIndex) -> str | None:
        """The organisation named in the speech tag after a quoted pledge: the sentence opens with a
        quote that holds the pledge cues, a reporting or pledge verb follows the closing quote, and the
        first actor after that verb (within a few words) is the speaker's side."""
        i = sent.start
        while i < sent.end and not doc[i].is_alpha and doc[i].text not in _OPEN_QUOTES:
            i += 1
        if i >= sent.end or doc[i].text not in _OPEN_QUOTES:
            return None
        close = next((j for j in range(i + 1, sent.end) if doc[j].text in _CLOSE_QUOTES), None)
        if close is None or not inside or any(c.start <= i or c.end > close for c in inside):
            return None
        verbs = [v for v in idx.starting(("ATTR", "AGREE"), close + 1, close + 5)]
        if not verbs:
            return None
        v_end = verbs[0].end
        return next((a.id for a in actors if v_end <= a.start <= v_end + 6), None)

    def _mentions_only(self, doc: Doc, sent: Span, cues: list[Cue], commit: list[Cue], truce: list[Cue],
                       clauses, idx: CueIndex | None = None) -> bool:
        """Whether the sentence reports something else and names the truce only in passing.

        "Ukrainian forces have violated the truce ... since it began", "India accused Pakistan of
        violating the ceasefire the two agreed", "drones attacked X after the ceasefire took effect",
        "hours before the truce took effect, jets struck ...": the head of the sentence is a
        violation, an accusation or an attack (or the truce sits in a before/after/since clause),
        so the sentence states no commitment; the agreement is stated elsewhere.
        """
        first_commit = min(c.start for c in commit)
        anchor = min([first_commit] + [t.start for t in truce])
        idx = idx or CueIndex(cues)
        temps = idx.label("TEMP")
        # "before/after/since the truce (took effect)", «перед перемирием», «قبل الهدنة»
        if any(x.start < anchor for t in truce + commit for x in idx.ending("TEMP", t.start - 3, t.start + 1)):
            return True
        first_temp = temps[0].start if temps else None
        cl_starts = [s for s, _e in clauses]
        for c in cues:
            if c.start >= anchor:
                break
            if c.label == "ACCUSE" or (c.label == "EVT" and c.id == "ceasefire breach"):
                return True
            if c.label == "EVT":
                # background ("after days of strikes, the two agreed ...") is not the head
                if first_temp is not None and first_temp < c.start:
                    continue
                k = bisect_right(cl_starts, c.start) - 1
                cl = clauses[k] if k >= 0 and c.start < clauses[k][1] else (sent.start, sent.end)
                if idx.ending(("HALT", "TRUCE", "PROPOSE", "PERF"), c.start - 6, c.start + 1):
                    continue
                if self._event_blocked(doc, cues, [c], sent, cl, idx):
                    continue
                return True
        return False

    def _commit_parts(self, doc: Doc, sent: Span, cues: list[Cue], actors: list[ActorRef]) -> list[Span]:
        """Split a sentence where a second party states its own commitment: "the US agreed to cut
        tariffs to 30%, while China agreed to lower its duties to 10%" (two commitments, each with its
        own party and content). The split falls at the conjunction or comma before the second subject."""
        commits = sorted((c for c in cues if (c.label == "AGREE" and c.id in ("agree", "pledge")) or c.label == "OBLIG"
                          # "India will not raise tariffs and Pakistan will not impose levies": a future
                          # after its own subject heads a second clause too
                          or (c.label == "FUT" and not self.vso)),
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
                    # the first clause's content may come before its commitment cue («не будет обстреливать»)
                    first = max(cuts) if cuts else sent.start
                    if not any(x.label in ("TRUCE", "HALT", "PERF") and first <= x.start < cut for x in cues):
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
        attackers = {(f.sent, f.actor) for f in frames if f.kind == "event" and f.actor and "before_window" in f.flags}
        out = []
        for f in frames:
            if f.kind == "commitment" and "reference" in f.flags and (f.polarity, f.target) in stated \
                    and (f.actor, f.polarity, f.target) not in keys and (f.sent, f.actor) in violators:
                continue
            # "two days before the truce began, X shelled ...": an attack before the truce does not make
            # its attacker a party to the truce the sentence names in passing (a violation after the
            # truce began does: the violator was bound)
            if f.kind == "commitment" and "reference" in f.flags and (f.sent, f.actor) in attackers \
                    and (f.actor, f.polarity, f.target) not in keys:
                continue
            out.append(f)
        return out
