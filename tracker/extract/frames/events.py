"""Event frames: grouping event cues by clause, blocking non-reports, actor, target and timing."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from spacy.tokens import Doc, Span

from tracker.extract.frames.model import ACTION_TARGET, ECONOMIC_ACTIONS, _GENERIC_ACTIONS, ActorRef, Cue, CueIndex, Frame, _slavic_past
from tracker.extract.frames.model import ACTORS_KEY, CUES_KEY
from tracker.extract.normalize import ar_fold
from tracker.extract.ruler import matches


#: Prepositions before "the strike" that make it a reference to a reported event ("comment on the strike",
#: "responsibility for the attack", "details of the attack"), not a new report.
_EN_REFERRING_PREPS = frozenset({"on", "about", "for", "of", "after", "since", "behind", "following"})


#: Economic acts whose announcement is the act (a future tense after "announced"/"said" still counts).
_ANNOUNCED_ACTS = frozenset({"close plant", "lay off workers", "raise prices"})


#: Copulas of a general statement after a bare event noun ("attacks ... are a crime").
_COPULAS = {"en": frozenset({"are", "is", "constitute", "constitutes", "amount"}),
            "ru": frozenset({"являются", "является"}),
            "uk": frozenset({"є", "являється", "являє", "стає"})}
#: Past forms of "to be" («это были удары»): no agent.
_BE_PAST = frozenset({"были", "была", "было", "були", "була", "було", "стали", "стала", "стало"})
#: Interception verbs (folded Arabic): the subject downed or intercepted the weapon.
_INTERCEPT = {"en": frozenset({"intercepted", "intercepts", "intercept", "intercepting", "downed", "downs",
                               "repelled", "repulsed", "neutralised", "neutralized"}),
              "ru": frozenset({"сбили", "сбил", "сбила", "сбито", "перехватили", "перехватил", "перехватила",
                               "перехвачено", "отразили", "отразил"}),
              "uk": frozenset({"збили", "збив", "збила", "збито", "перехопили", "перехопив", "перехопила",
                               "перехоплено", "відбили", "відбив"}),
              "ar": frozenset({"اعترض", "اعترضت", "يعترض", "تعترض", "اسقط", "اسقطت", "يسقط", "تسقط", "تصدت",
                               "تصدى", "اعتراض"})}
#: Arabic light verbs before a verbal noun: «قام بالضرب», «نفذت غارة» (folded).
_AR_LIGHT_VERBS = frozenset({"قام", "قامت", "يقوم", "تقوم", "نفذ", "نفذت", "ينفذ", "تنفذ", "شن", "شنت"})
#: Complementizers a reported clause opens with, and determiners before its head noun.
_COMPLEMENTIZERS = frozenset({"that", "что", "що", "будто", "нібито"})
_DETERMINERS = frozenset({"the", "this", "that", "этот", "эта", "эти", "цей", "ця", "ці", "такий", "такой"})
#: Arabic copula verbs before the event noun: «تعد/تعتبر/تشكل الهجمات ... جريمة».
_AR_COPULAS = frozenset({"تعد", "تعتبر", "تشكل", "يعد", "يعتبر", "يشكل"})
#: Words between "no" and an event word that show "no" negates something else ("no injuries in the attack").
_EN_NOT_NEGATED = frozenset("""one longer sooner later doubt in on at of from by after during since for with
without near casualties injuries damage deaths victims""".split())
#: Habitual adverbs: "the town often comes under fire", «часто попадает под обстрелы», «تتعرض باستمرار
#: لقصف» describe a pattern, not one incident (folded forms; Arabic folded with ar_fold).
_HABITUAL = {"en": frozenset({"often", "regularly", "frequently", "routinely", "usually", "constantly", "typically"}),
             "ru": frozenset({"часто", "регулярно", "постоянно", "обычно", "нередко", "систематически"}),
             "uk": frozenset({"часто", "регулярно", "постійно", "зазвичай", "нерідко", "систематично"}),
             "ar": frozenset({"باستمرار", "عاده", "غالبا", "كثيرا", "بانتظام", "دائما"})}


#: Negative determiners before an event noun: «никаких ударов», «жодних обстрілів», «أي غارات» after «لم»
#: is handled by the clause negation; these negate the noun itself.
_NEG_DETERMINERS = {"ru": frozenset({"никаких", "никакого", "никакой", "никакие", "ни", "нет"}),
                    "uk": frozenset({"жодних", "жодного", "жодної", "жодні", "ніяких", "ніякого", "ні", "немає"})}
#: Ukrainian/Russian verbs of occurrence, recording, doing or owning up, negated after the event noun: «ударов
#: ВСУ не наносили», «Страйку профспілка не оголошувала», «ответственность за атаку не признала»,
#: «масових звільнень немає» (stems; the verb follows «не» within the clause).
_SLAVIC_NEG_VERB_STEMS = ("был", "было", "були", "було", "був", "фиксир", "зафиксир", "фіксу", "зафіксов", "нанос",
                          "нанес", "нанёс", "завда", "вел", "вёл", "провод", "провел", "провёл", "прове", "объяв",
                          "оголош", "оголоси", "призна", "визна", "соверш", "здійсн", "отмеч", "відзнач", "наблюда",
                          "спостеріга", "поступа", "надход", "планир", "планув", "допуска", "допуст", "збира", "собира",
                          "намер", "мае", "має", "будем", "будемо", "станем", "станемо")
#: Negated existence after the event noun: «звільнень немає», «обстрелов нет».
_SLAVIC_NONE = frozenset({"нет", "немає", "нема", "немa"})
#: English verbs after "has not"/"were not" that deny the event took place: "fighting has not resumed",
#: "strikes were not recorded".
_EN_NOT_OCCURRED = frozenset("""resumed resume occurred occur happened happen taken take been recorded reported
registered observed seen carried conducted launched broken broke erupted erupt""".split())
_EN_AUX = frozenset("has have had was were is are did does do been".split())
#: A responsibility noun before the event: "(did not claim) responsibility for the attack", «ответственность за
#: атаку», «مسؤوليتها عن التفجير» (folded): when negated, the sentence only says who did not own up.
_RESPONSIBILITY = frozenset({"responsibility", "ответственность", "ответственности", "відповідальність",
                             "відповідальності", "مسووليه", "المسووليه", "مسووليتها", "مسووليته", "مسووليتهم"})
#: Words that make an UNKNOWN cue a statement about a claim ("no group claimed", «لم تتبن أي جهة», «неясно, кто»),
#: not a description of the perpetrator ("unidentified gunmen", «مسلحون مجهولون»); folded forms.
_NOBODY = frozenset({"no", "nobody", "none", "unclear", "not", "never", "لم", "ولم", "دون", "لا", "ولا", "никто",
                     "ніхто", "неясно", "неизвестно", "непонятно", "незрозуміло", "невідомо"})
#: Retaliation and revenge nouns or verbs before an event noun: "vowed to retaliate for the attack", «пообіцяв
#: помститися за удар», «توعد بالرد على الهجوم»: the event is an earlier one, named as the reason of a threat.
_RETALIATION = {"en": frozenset({"retaliate", "retaliation", "revenge", "avenge", "reprisal", "reprisals", "vengeance",
                                 "responded", "responding", "respond", "response"}),
                "ru": frozenset({"отомстить", "отомстим", "месть", "мести", "возмездие", "ответить", "ответим",
                                 "ответ", "отплатить"}),
                "uk": frozenset({"помститися", "помстимося", "помста", "помсти", "відплата", "відповісти",
                                 "відповімо", "відповідь"}),
                "ar": frozenset({"بالرد", "الرد", "سنرد", "سترد", "برد", "بالانتقام", "الانتقام", "بالثار", "الثار"})}
#: Ballots and threats about an action: "voted to authorise strike action", «проголосувала за страйк»,
#: «пригрозила страйком», «صوتت النقابة على الإضراب», «هددت بالإضراب» (folded/lower-cased forms).
_VOTE_THREAT = {"en": frozenset({"voted", "vote", "votes", "ballot", "ballots", "balloted", "authorise", "authorize",
                                 "authorised", "authorized", "mandate", "threatening", "threaten", "warned"}),
                "ru": frozenset({"проголосовали", "проголосовал", "проголосовала", "голосование", "голосования",
                                 "пригрозил", "пригрозила", "пригрозили", "угрожает", "угрожают", "грозит",
                                 "грозят", "угроза", "угрозой"}),
                "uk": frozenset({"проголосували", "проголосував", "проголосувала", "голосування", "пригрозив",
                                 "пригрозила", "пригрозили", "погрожує", "погрожують", "загроза", "загрозою"}),
                "ar": frozenset({"صوت", "صوتت", "التصويت", "تصويت", "بالتصويت", "هدد", "هددت", "يهدد", "تهدد",
                                 "لوح", "لوحت", "يلوح", "تلوح", "بالاضراب"})}
#: Words that begin a condition after the event: "would walk out if ...", «оголосить страйк, якщо ...».
_COND_AFTER = {"en": frozenset({"if", "unless"}), "ru": frozenset({"если", "ежели"}),
               "uk": frozenset({"якщо"}), "ar": frozenset({"اذا", "لو", "حال"})}
#: Onset nouns between "since"/"after" and the event noun: "since the outbreak of fighting", «منذ اندلاع
#: المواجهات», «с начала боёв»: the event is the background of a toll or a history line.
_ONSET = frozenset({"outbreak", "start", "beginning", "onset", "اندلاع", "بدء", "بدايه", "انطلاق", "نشوب", "начала",
                    "начало", "початку", "початок"})


def _known_actors(lang: str) -> frozenset[str]:
    """Canonical actor ids of the actor lexicon (an Arabic armed group written as such is none of them)."""
    return _lexicon_ids(lang, None)


def _known_companies(lang: str) -> frozenset[str]:
    """Canonical ids of the companies in the actor lexicon."""
    return _lexicon_ids(lang, "company")


def _armed_groups(lang: str) -> frozenset[str]:
    """Canonical ids of the armed groups in the actor lexicon (Hamas, M23, the RSF ...)."""
    return _lexicon_ids(lang, "armed_group")


@lru_cache(maxsize=32)
def _lexicon_ids(lang: str, kind: str | None) -> frozenset[str]:
    """Canonical ids of the actor lexicon's entries of ``kind`` (None: all of them)."""
    try:
        from tracker.actors.lexicon import lexicon
        return frozenset(cid for cid, k in lexicon(lang).values() if kind is None or k == kind)
    except Exception:  # noqa: BLE001  (the actors package is optional; bad data must not stop extraction)
        return frozenset()


#: English anaphors of an armed group after an accusation verb: "blamed the group", "accused the militia".
_EN_GROUP_ANAPHORS = frozenset({"group", "militia", "militias", "rebels", "militants", "insurgents", "movement",
                                "faction", "fighters", "jihadists", "organisation", "organization"})
_EN_GROUP_ADJ = frozenset({"rebel", "militant", "armed", "insurgent", "jihadist", "islamist", "separatist", "same"})


#: Nouns that refer back to an armed group named a sentence or two before: "the rebels", «бойовики»,
#: «группировка», «الجماعة» (Arabic folded, a clitic و/ف stripped). As the subject of an event with no
#: named actor they stand for that group.
_GROUP_BACKREF = {
    "en": frozenset({"rebels", "militants", "insurgents", "fighters", "militia", "militias", "group", "movement",
                     "jihadists", "separatists", "guerrillas", "gunmen", "faction", "insurgency"}),
    "ru": frozenset({"боевики", "боевиков", "повстанцы", "группировка", "группировки", "сепаратисты",
                     "ополченцы", "движение", "экстремисты", "джихадисты", "формирования", "отряды"}),
    "uk": frozenset({"бойовики", "бойовиків", "повстанці", "угруповання", "сепаратисти", "ополченці", "рух",
                     "екстремісти", "джихадисти", "формування", "загони"}),
    "ar": frozenset({"الجماعه", "الحركه", "المسلحون", "المسلحين", "المتمردون", "المتمردين", "الفصائل",
                     "الميليشيا", "المليشيا", "الميليشيات", "المليشيات", "التنظيم", "مسلحو", "مقاتلو",
                     "عناصرها", "مقاتلوها", "مسلحوها", "المقاتلون", "المقاتلين"}),
}
#: Words of a responsibility claim made in a sentence after the incident: "claimed responsibility",
#: «взяла на себя ответственность», «أعلنت مسؤوليتها» (Arabic folded, clitics stripped).
_CLAIM_WORDS = {
    "en": frozenset({"responsibility", "claimed"}),
    "ru": frozenset({"ответственность"}),
    "uk": frozenset({"відповідальність"}),
    "ar": frozenset({"مسووليه", "المسووليه", "مسووليتها", "مسووليته", "مسووليتهم", "تبنت", "تبنى", "يتبنى",
                     "تتبنى"}),
}


#: "Since 2019", «منذ عام 2022», «с 2022 года», «з 2022 року»: a history line counted from a past year (the
#: preposition; a year follows within three tokens). An event under it is background, not an incident.
_SINCE = {"en": frozenset({"since"}), "ru": frozenset({"с", "со", "начиная"}), "uk": frozenset({"з", "із", "від",
                                                                                              "починаючи"}),
          "ar": frozenset({"منذ", "ومنذ"})}
#: Verbs of an onset after "since the war" (English: "since the war began"; the nouns are _ONSET).
_BEGAN = frozenset({"began", "begun", "started", "erupted", "broke", "start"})
#: What "since the ... began" counts from for a history line: the war, not the truce ("since it began").
_WARS = frozenset({"war", "conflict", "fighting", "invasion", "hostilities", "offensive", "insurgency", "rebellion",
                   "uprising", "crisis", "revolution", "coup"})
#: Vague counts before an event noun: "dozens of bombings", «عشرات الهجمات», «десятки обстрілів».
_AGGREGATE = frozenset({"dozens", "hundreds", "scores", "numerous", "countless", "thousands", "десятки", "сотни",
                        "сотні", "десятков", "десятків", "многочисленные", "численні", "عشرات", "مئات", "العديد",
                        "الاف", "آلاف"})
#: "not a single shell", "not one explosion", "without any shelling": the noun is negated.
_EN_NONE_BEFORE = (("not", "one"), ("not", "a", "single"), ("without", "a", "single"), ("without", "any"),
                   ("not", "any"), ("nor", "any"), ("not", "a"), ("zero",))
#: "(fired) only in self-defence", «лише в порядку самооборони», «فقط دفاعا عن النفس»: a claim of self-defence.
_ONLY = frozenset({"only", "solely", "purely", "лише", "тільки", "виключно", "только", "исключительно", "лишь",
                   "فقط"})


#: Words after "by" that make it a deadline ("cut 600 jobs by March", "by the end of the year", "by then"),
#: not a passive agent.
_EN_DEADLINE_WORDS = frozenset("""january february march april may june july august september october november
december monday tuesday wednesday thursday friday saturday sunday end then next mid early late midnight noon
spring summer autumn fall winter year-end tomorrow tonight""".split())


#: A plant stoppage: a past halt verb («зупинив», «остановил», "halted", «أوقفت») with a production unit as its
#: object within three words («зупинив коксову батарею», "halted production at", «أوقفت خط الإنتاج») is the
#: company's act (close plant), not a pledge. Objects as written (ru/uk accusative, Arabic folded).
_STOPPAGE_OBJECTS = {
    "en": frozenset({"production", "output", "furnace", "furnaces", "line", "lines", "plant", "mill", "factory",
                     "kiln", "kilns", "battery", "smelter", "refinery", "operations", "assembly", "shifts"}),
    "ru": frozenset({"печь", "печи", "домну", "домны", "цех", "цеха", "цехи", "производство", "линию", "линии",
                     "конвейер", "батарею", "батареи", "шахту", "энергоблок", "завод", "фабрику", "комбинат", "стан",
                     "мощности", "предприятие", "выпуск", "работу"}),
    "uk": frozenset({"піч", "печі", "домну", "домни", "цех", "цехи", "виробництво", "лінію", "лінії", "конвеєр",
                     "батарею", "батареї", "шахту", "енергоблок", "завод", "фабрику", "комбінат", "стан",
                     "потужності", "підприємство", "випуск", "роботу"}),
    "ar": frozenset({"الانتاج", "العمل", "المصنع", "المعمل", "الفرن", "الافران", "خط", "خطوط", "البوابات",
                     "المنجم", "المصفاه"}),
}
_EN_STOP_PAST = frozenset({"halted", "stopped", "suspended", "idled", "shut", "paused", "closed", "mothballed"})
_AR_STOP_PAST = frozenset({"اوقف", "اوقفت", "اغلق", "اغلقت", "علق", "علقت", "اوقفوا", "عطل", "عطلت"})


#: Union nouns (word starts; Arabic folded): who strikes is the union or the workers, never the company.
_UNION_HEADS = {"en": ("union",), "ru": ("профсоюз",), "uk": ("профспілк",), "ar": ("نقابه", "النقابه", "اتحاد")}


#: "Sources of fire" before a fire noun: «مصادر إطلاق النار», «источники огня», «джерела вогню».
_FIRE_SOURCES = frozenset({"مصادر", "مصدر", "sources", "source", "источники", "источников", "источник", "джерела",
                           "джерело", "джерел"})


#: Eyewitness sources ("farmers reported explosions", «وتحدث شهود عن», «очевидцы сообщили»): what they heard has
#: no known author, so no actor is carried over to it from an earlier attack (Arabic folded).
_WITNESSES = frozenset({"witnesses", "witness", "residents", "farmers", "villagers", "locals", "shepherds",
                        "شهود", "الشهود", "سكان", "السكان", "اهالي", "الاهالي", "مزارعون", "مزارعين", "очевидцы",
                        "очевидец", "жители", "местные", "свідки", "очевидці", "мешканці", "місцеві", "жителі"})


#: Recording verbs: "the General Staff recorded 140 assaults", «Минобороны зафиксировало 90 атак», «رصدت 40
#: خرقا»: the party before the verb counted the attacks, it did not make them (word starts; Arabic folded).
_RECORD_STEMS = {"en": ("recorded", "registered", "logged", "counted", "documented", "tallied"),
                 "ru": ("зафиксир", "фиксиру", "зарегистрир", "насчита"),
                 "uk": ("зафіксува", "фіксу", "зареєструва", "нарахува"),
                 "ar": ("رصد", "سجل", "وثق", "ورصد", "وسجل", "ووثق")}


#: "halt all fighting, air raids included", «включая удары», «بما في ذلك الغارات»: a list item of what is
#: halted or agreed, not a report (the words just before or after the event noun).
_INCLUDED = {"en": (("including",), ("included",), ("includes",), ("as", "well", "as")),
             "ru": (("включая",), ("в", "том", "числе")), "uk": (("включно", "з"), ("зокрема",), ("у", "тому", "числі"),
                                                               ("в", "тому", "числі")),
             "ar": (("بما", "في", "ذلك"), ("بما", "فيها"), ("بما", "فيه"))}


class EventMixin:
    """Event frames for :class:`~tracker.extract.frames.builder.FrameBuilder` (a mixin: uses its
    ``lang``, ``vso``, ``mediators`` and the other mixins' methods)."""

    def _events(self, doc: Doc, sent: Span, si: int, cues: list[Cue], actors: list[ActorRef],
                claimers, clauses, party_spans=(), state: dict | None = None) -> list[Frame]:
        frames: list[Frame] = []
        idx = CueIndex(cues)
        cl_starts = [s for s, _e in clauses]

        def clause_no(pos: int) -> int:
            k = bisect_right(cl_starts, pos) - 1
            return k if k >= 0 and pos < clauses[k][1] else -1

        a_starts = [a.start for a in actors]
        window = (a_starts, max((a.end - a.start for a in actors), default=0))
        excluded = [(s, e) for s, e, _p, _a in claimers]
        covered = {i for s, e in excluded for i in range(s, e)}
        unknown = bool(idx.label("UNKNOWN"))
        claimer_party = next((p for s_, e_, p, _a in claimers if p), None)
        stated = False  # a frame of another action than a breach was made in this sentence
        if state is not None:
            groups_kind = _armed_groups(self.lang)
            seen = state.setdefault("armed_groups_seen", set())
            counts = state.setdefault("party_counts", {})
            for a in actors:
                if not a.id.startswith("@") and a.id not in self.mediators:
                    counts[a.id] = counts.get(a.id, 0) + 1
            named_now = state.get("named_groups") or ()
            seen.update(a.id for a in actors if a.id in groups_kind or a.id in named_now)
            prev_group = state.get("last_group")
            here = [a for a in actors if a.id in groups_kind or a.id in named_now]
            if here:
                state["last_group"] = (here[-1].id, si)
            self._claim_fill(doc, sent, si, cues, actors, claimers, state)
        else:
            prev_group = None
        evts = [c for c in cues if c.label in ("EVT", "MISS", "WPN")]
        stops = self._stoppages(doc, sent, idx)
        if stops:
            evts = sorted(evts + stops, key=lambda c: (c.start, c.end))
        ctx_hits = self._context_damage(doc, sent, si, idx, state) if not evts else []
        if ctx_hits:
            evts = ctx_hits
        groups: list[list[Cue]] = []
        for c in evts:
            cl = clause_no(c.start)
            if groups:
                last = groups[-1][-1]
                lcl = clause_no(last.start)
                if lcl == cl and c.start - last.end <= 4 and not (
                        # "closed the plant and cut 1,200 jobs": two economic acts are two events
                        c.id in ECONOMIC_ACTIONS and any(x.id in ECONOMIC_ACTIONS and x.id != c.id for x in groups[-1])):
                    groups[-1].append(c)
                    continue
            groups.append([c])
        groups = [g for g in groups if any(c.label in ("EVT", "MISS") for c in g)]  # a weapon alone is no event
        for gi, g in enumerate(groups):
            g_start, g_end = g[0].start, g[-1].end
            k = clause_no(g_start)
            cl = clauses[k] if k >= 0 else (sent.start, sent.end)
            # sub-clause: split a clause between two groups at the midpoint/conjunction
            sub_s, sub_e = cl
            if gi > 0 and groups[gi - 1][-1].end > cl[0]:
                prev_end = groups[gi - 1][-1].end
                conj = idx.starting("CONJ", prev_end, g_start)
                sub_s = conj[0].start if conj else prev_end
                sub_s = self._back_to_subject(doc, actors, cues, sub_s, g_start)
            if gi + 1 < len(groups) and groups[gi + 1][0].start < cl[1]:
                nxt = groups[gi + 1][0].start
                conj = idx.starting("CONJ", g_end, nxt)
                sub_e = conj[-1].start if conj else nxt
            if self._event_blocked(doc, cues, g, sent, cl, idx):
                continue
            rel = [c for c in idx.starting("REL", sub_s, g_start) if g_start - c.end <= 3]
            prior = []
            j = bisect_left(a_starts, rel[0].start) - 1 if rel else -1
            while j >= 0:
                if actors[j].end <= rel[0].start and not any(i in covered for i in range(actors[j].start, actors[j].end)):
                    prior = [actors[j]]
                    break
                j -= 1
            accusers = idx.ending("ACCUSE", g_start - 8, g_start + 1)
            if not accusers and self.lang in ("ru", "uk"):
                # «обвинил правительственные войска в том, что в четверг их артиллерия обстреляла»: the
                # accusation's content clause reaches farther
                accusers = [a for a in idx.ending("ACCUSE", max(sent.start, g_start - 16), g_start - 7)
                            if any(doc[k].lower_ in ("том", "тому") and doc[k + 2].lower_ in ("что", "що")
                                   for k in range(a.end, g_start - 2))]
            accused = []
            if accusers:
                k_end = min(k.end for k in accusers)
                accused = [a for a in actors[bisect_left(a_starts, k_end):bisect_left(a_starts, g_start)]
                           if a.end <= g_start and not any(i in covered for i in range(a.start, a.end))]
            if accusers and not accused and state is not None:
                # "the army blamed the group for the bombing": the one armed group the article has named
                k_end = min(k.end for k in accusers)
                anaphor = self._group_anaphor(doc, k_end, g_start)
                if anaphor is not None and len(state.get("armed_groups_seen") or ()) == 1:
                    accused = [ActorRef(next(iter(state["armed_groups_seen"])), *anaphor)]
            if prior:
                actor = prior[-1]  # "... the RSF, which responded with anti-aircraft fire"
            elif accused:
                actor = accused[0]  # "Russia accused Ukraine of violating the truce announced by Putin"
            else:
                actor = self._pick_actor(doc, actors, g_start, g_end, idx, cl, excluded, list(party_spans), covered,
                                         window)
            if actor is not None and state is not None and self._recorder(doc, actor, g_start):
                # "Ukraine's General Staff recorded 140 assaults", «Минобороны России зафиксировало 90 атак ВСУ»: the
                # side named right after the attacks, else the article's other party, made them
                after = [a for a in actors[bisect_left(a_starts, g_end):bisect_left(a_starts, g_end + 2)]
                         if not idx.ending("PREP_V", a.start - 1, a.start + 1) and not a.id.startswith("@")]
                if after:
                    actor = after[0]
                else:
                    other = self._other_party(actor.id, state)
                    actor = ActorRef(other, actor.start, actor.end) if other else None
            if actor is not None and actor.end <= g_start and self._intercepted(doc, actor.end, min(g_end, sent.end - 1)):
                actor = None  # "Israeli air defences intercepted a missile fired from Yemen": the defender
            shared = False
            if actor is not None and gi > 0 and sub_s > cl[0] and actor.end <= sub_s and idx.ending(
                    "PREP_V", actor.start - 1, actor.start + 1):
                actor = None  # "explosions were heard in Kyiv after a missile attack": a place of the earlier clause
            if actor is None and frames and frames[-1].actor and frames[-1].actor_span:
                last = frames[-1]
                actor = ActorRef(last.actor, *last.actor_span)  # shared subject: "X shelled ... and launched ..."
                shared = last.actor_span[1] <= sub_s
            # (not a noun after a preposition, «звинуватив ... в обстрілі», nor after an accusation verb: the
            # accuser is never the one who struck)
            if self.lang in ("ru", "uk") and (_slavic_past(doc[g_start].lower_) or self._past_verb_before(
                    doc, g_start, sub_s)) and not idx.ending(
                    "PREP_V", g_start, g_start + 1) and not any(
                    a.start < g_start for a in idx.label("ACCUSE")):
                # pro-drop in reported speech: «ЦАХАЛ сообщил, что нанёс удар по ...»
                for cs, ce, party, att_at in claimers:
                    if party and ce <= att_at < g_start and not any(
                            att_at < a.start < g_start and not (cs <= a.start < ce) for a in actors):
                        actor = ActorRef(party, cs, ce)
                        break
            # self-claim: "Hezbollah said (that) it had targeted an Israeli post", «قال حزب الله إنه استهدف»
            # (Arabic light verbs stretch it: «قال الجيش إنه قام في وقت لاحق بالضرب على»)
            self_reach = 3
            if self.lang == "ar" and any(ar_fold(doc[k].text) in _AR_LIGHT_VERBS for k in range(
                    max(sent.start, g_start - 6), g_start)) and not idx.starting(
                    ("NEG", "UNKNOWN"), max(sent.start, g_start - 6), g_start):
                self_reach = 6  # (not «إنه لا يعرف من قام بإطلاقها»: who did it is what is not known)
            for sf in idx.ending("SELF", g_start - self_reach, g_start + 1):
                if bisect_left(a_starts, sf.end) < bisect_left(a_starts, g_start):
                    continue
                src = next(((cs, ce, party) for cs, ce, party, att_at in claimers if party and att_at < sf.start
                            and (sf.start - att_at <= 3 or 0 <= sf.start - ce <= 2)), None)
                if src:
                    actor = ActorRef(src[2], src[0], src[1])
                    break
            own = [c for c in idx.starting("POSS", sub_s, g_start) if g_start - c.end <= 3]
            if own and claimer_party and not (accusers and accused):
                actor = None  # "the army said its warplanes struck X": X is the target
            if unknown:
                actor = None  # "no group claimed responsibility", «لم يتضح من يقف وراء»
            elif actor is None:
                claim = idx.ending("CLAIM", g_start - 4, g_start + 1)
                party = claimer_party
                # (not an accuser's: «X обвинил войска в том, что их артиллерия обстреляла»)
                if party and (claim or (own and not (accusers and accused))):
                    # "the army said its warplanes struck", "the Houthis claimed a missile attack"
                    s_, e_ = next((s_, e_) for s_, e_, p, _a in claimers if p)
                    actor = ActorRef(party, s_, e_)
            if actor is None and not unknown and ctx_hits and g[0] in ctx_hits:
                # «Минобороны обвинило ВСУ в обстрелах ... По словам губернатора, в Валуйках повреждена линия»: the
                # damage reported right after an accusation is the accused side's
                actor = ActorRef(state["last_accused"][0], g_start, g_start)
            if accusers and accused and state is not None:
                state["last_accused"] = (accused[0].id, si, self._action(g))
            if actor is None and not unknown and state is not None:
                # "the rebels stormed the town", «бойовики захопили селище», «شنت الجماعة هجوما»: the group
                # named a sentence or two before
                actor = self._group_backref(doc, sent, si, sub_s, g_start, g_end, idx, actors, prev_group, state)
            econ = self._action(g) in ACTION_TARGET
            # "the cars had been sold by independent traders": a passive agent that names no party
            passive_agent = econ and any(
                b.end < sent.end and not doc[b.end].like_num and not self._deadline_after(doc, b.end, sent.end)
                and not idx.starting("HALT", b.end, b.end + 3)
                for b in idx.starting("BY", g_end, g_end + 2))
            if econ:
                # "Nordhavn beer was still on sale", "found that Hallbrook raised prices": the party right
                # before an economic act is its subject (not the outlet "by" which it was reported)
                near = [a for a in actors[bisect_left(a_starts, max(sent.start, g_start - 8)):bisect_left(a_starts, g_start)]
                        if 0 <= g_start - a.end <= 3 and not any(i in covered for i in range(a.start, a.end))
                        and not idx.ending("PREP_V", a.start - 1, a.start + 1)]
                if near:
                    actor = near[-1]
            if econ and (actor is None or g_start <= actor.start < g_end):
                # "Kazakhstan's oil output rose ..., exceeding its OPEC+ quota": whose output (prices, plant)
                # it is acts; a party named inside "its OPEC+ quota" does not
                owner = [a for a in actors[bisect_left(a_starts, sent.start):bisect_left(a_starts, g_start)]
                         if any(t.id in ACTION_TARGET.values() for t in idx.starting("TGT", a.end, a.end + 3))
                         and not any(i in covered for i in range(a.start, a.end))]
                if owner:
                    actor = owner[0]
            if econ and actor is not None and not self.vso and actor.start >= g_end:
                # "produced 1.8 million barrels, above its quota of OPEC+": the producer is the subject before;
                # "beer was still on sale in 40 Russian cities": a market named after a sale is no seller
                before = [a for a in actors[bisect_left(a_starts, sent.start):bisect_left(a_starts, g_start)]
                          if not any(i in covered for i in range(a.start, a.end))]
                if before:
                    actor = before[-1]
                elif self._action(g) in ("sales", "export"):
                    actor = None
            if actor is None and claimer_party and econ and (idx.ending(
                    ("ATTR", "AGREE", "SELF"), g_start - 3, g_start + 1)) and not any(
                    # a passive agent ("sold by independent traders"), not a deadline ("by the end of the year")
                    b.end < sent.end and not doc[b.end].like_num and not self._deadline_after(doc, b.end, sent.end)
                and not idx.starting("HALT", b.end, b.end + 3)
                    for b in idx.starting("BY", g_end, g_end + 2)):
                actor = next(ActorRef(p, s_, e_) for s_, e_, p, _a in claimers if p)  # "the company announced 300 layoffs"
            if actor is not None and g[0].id == "hostilities" and len(g) == 1 and (not (
                    0 <= g_start - actor.end <= 1 or 0 <= actor.start - g_end <= 1)
                    or idx.starting("WITH", g_end, actor.start)):  # "clashes between A and B"
                actor = None  # fighting and clashes have two sides; keep only an explicit subject
            action = self._action(g)
            if action == "walkout" and state is not None and (actor is None or (
                    actor.id in (state.get("companies") or ()) or actor.id in _known_companies(self.lang))
                    and self._workers_of(doc, idx, actor)):
                # «نفذ عمال شركة الغزل إضرابا», «гірники шахти «Степова» страйкують»: the company's workers strike;
                # the union named in the sentence is the actor, else no one named
                actor = self._union(doc, sent, idx)
            if any(c.id == "exchange" for c in g):
                continue  # "the two armies exchanged fire", «обмінювалися ударами»: background between two sides
            tgts = self._targets(idx, sub_s, sub_e) or self._targets(idx, cl[0], cl[1])
            if not tgts:
                k = bisect_left(cl_starts, cl[1])
                nxt_cl = clauses[k] if k < len(clauses) else None
                if nxt_cl and idx.starting("PREP_V", nxt_cl[0], nxt_cl[0] + 1):
                    tgts = self._targets(idx, nxt_cl[0], nxt_cl[1])  # "strikes on Kherson, on the station"
                    if tgts:
                        sub_e = max(sub_e, nxt_cl[1])
            target = ACTION_TARGET.get(action) or self._best_target(tgts)  # "raised prices": prices
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
            for a in actors[bisect_left(a_starts, sub_s):bisect_left(a_starts, sub_e)]:
                if actor is not None and a.start < actor.end and actor.start < a.end:
                    continue
                after_tgt = bool(idx.ending("TGT", a.start - 2, a.start + 1))
                before_tgt = not self.vso and bool(idx.starting("TGT", a.end, a.end + 2))
                after_prep = bool(idx.ending("PREP_V", a.start - 1, a.start + 1))
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
                if not who and claimer_party and idx.ending(("ATTR", "AGREE"), g_start - 4, g_start + 1):
                    who = [claimer_party]  # «أعلنت حماس تأجيل تسليم ...», "X announced it postponed the delivery"
                for pid in who:
                    frames.append(Frame("event", start, end, t_action, t_target, actor=pid, trigger=g_start,
                                        polarity="did" if _pol == "refrain" else "stopped", sent=si,
                                        flags=["missed_pledge"] + ([] if actor else ["actor_from_context"]),
                                        confidence=0.6 if actor else 0.45))
                    stated = stated or t_action != "ceasefire breach"
                continue
            if action == "ceasefire breach":
                if stated:
                    continue  # "... struck X, in a new breach of the truce": the strike is the event
                if actor is None or min(abs(actor.start - g_end), abs(g_start - actor.end)) > 5:
                    continue  # a breach with no one named next to it is commentary, not a report
            if fr.actor is None and not unknown and not passive_agent and state is not None and action != "hostilities":
                # the incident told a sentence or two before, named again with no actor («the attack lasted an
                # hour»): the actor of that incident, not a second actor-less event
                same = {f.actor for s_i, f in state.get("recent_events", ()) if si - s_i <= 2 and f.kind == "event"
                        and f.actor and f.action == action and s_i < si}
                if len(same) == 1 and fr.claimer_party not in same:
                    # (not "Israel said the strikes were provoked": its author describing its own attack)
                    fr.actor = next(iter(same))
                    fr.flags.append("actor_from_context")
            if ctx_hits and g[0] in ctx_hits and fr.actor is not None:
                fr.flags.append("actor_from_context")
                fr.confidence = 0.55
            if unknown or (passive_agent and actor is None):
                fr.flags.append("unknown_agent")
            elif fr.actor is None and any((ar_fold(doc[k].text).lstrip("و") if self.lang == "ar" else doc[k].lower_)
                                          in _WITNESSES for k in range(sent.start, g_start)):
                fr.flags.append("unknown_agent")  # "Farmers reported explosions near the ridge": no author known
            if action == "self defence":
                fr.action = "gunfire"
                fr.flags.append("self_defence")
            # "accused local militants of firing rockets, attacking a patrol and shelling villages", «обвинили
            # боевиков в обстреле сел, нападении на патруль»: one accusation of a group the lexicon does not
            # name is one event, not one actor-less event per listed act
            acc = idx.ending("ACCUSE", sent.start, g_start + 1)
            if acc and frames and frames[-1].kind == "event" and (
                    (fr.actor is None and frames[-1].actor is None) or (
                        # «اتهمت حماس مستوطنين مسلحين بمهاجمة قرية، وإحراق سيارات»: the same unnamed group
                        fr.actor is not None and fr.actor == frames[-1].actor
                        and fr.actor_span == frames[-1].actor_span and fr.actor not in _known_actors(self.lang))) \
                    and frames[-1].sent == si and frames[-1].trigger is not None \
                    and frames[-1].trigger >= max(c.end for c in acc) \
                    and not idx.starting(("ATTR", "ACCUSE"), frames[-1].trigger, g_start):
                frames[-1].end = max(frames[-1].end, fr.end)
                continue
            frames.append(fr)
            stated = stated or fr.action != "ceasefire breach"
        if idx.label("INTERCEPT"):
            frames.extend(self._interceptions(doc, sent, si, idx, actors, claimers, clauses, frames))
        if state is not None and frames:
            recent = [x for x in state.get("recent_events", ()) if si - x[0] <= 2]
            state["recent_events"] = recent + [(si, f) for f in frames]
        return frames

    def _recorder(self, doc: Doc, actor: ActorRef, g_start: int) -> bool:
        """Whether a recording verb stands between the actor and the event noun (within six words)."""
        stems = _RECORD_STEMS.get(self.lang)
        if not stems:
            return False
        if self.vso:
            lo, hi = max(0, actor.start - 6), actor.start  # «ورصدت وزارة الدفاع 40 هجوما»: the verb first
            if not (actor.end <= g_start):
                return False
        else:
            if not (actor.end <= g_start and g_start - actor.end <= 6):
                return False
            lo, hi = actor.end, g_start
        return any((ar_fold(doc[k].text) if self.lang == "ar" else doc[k].lower_).startswith(stems) for k in range(lo, hi))

    @staticmethod
    def _other_party(pid: str, state: dict) -> str | None:
        """The article's other party: the most mentioned party besides ``pid``, when ``pid`` is one of the two
        most mentioned and a third is mentioned clearly less often."""
        counts = sorted((state.get("party_counts") or {}).items(), key=lambda kv: -kv[1])
        top = [p for p, _n in counts[:2]]
        if pid not in top or len(counts) < 2 or (len(counts) > 2 and counts[2][1] * 2 > counts[1][1]):
            return None
        return next(p for p in top if p != pid)

    def _interceptions(self, doc: Doc, sent: Span, si: int, idx: CueIndex, actors: list[ActorRef], claimers,
                       clauses, frames: list[Frame]) -> list[Frame]:
        """Interception tallies: "air defences shot down 30 Ukrainian drones", «сбили 30 украинских
        беспилотников», «اعترضت الدفاعات 12 مسيرة أوكرانية» report an attack by the side the weapon's adjective
        names (the defender is not the attacker). Only when no event of the sentence covers the weapon."""
        out: list[Frame] = []
        for c in idx.label("INTERCEPT"):
            if not (sent.start <= c.start < sent.end) or idx.starting("NEG", max(sent.start, c.start - 2), c.start):
                continue
            if idx.starting(("COND", "HYPO", "FUT", "ORDER"), max(sent.start, c.start - 4), c.start):
                continue
            for w in idx.starting("WPN", c.end, min(sent.end, c.end + 6)):
                if any(f.trigger is not None and c.start <= f.trigger <= w.end for f in frames + out):
                    break
                if self.vso:
                    owner = [a for a in actors if a.start == w.end]
                else:
                    owner = [a for a in actors if a.end == w.start]
                owner = [a for a in owner if not a.id.startswith("@") and a.id not in self.mediators]
                if not owner:
                    continue
                a = owner[0]
                cl = next(((s_, e_) for s_, e_ in clauses if s_ <= c.start < e_), (sent.start, sent.end))
                claimer = self._claimer_for(claimers, a, c.start)
                out.append(Frame("event", min(cl[0], c.start), max(cl[1], w.end), w.id, "unspecified", actor=a.id,
                                 actor_span=(a.start, a.end), trigger=w.start,
                                 claimer=claimer[:2] if claimer else None,
                                 claimer_party=claimer[2] if claimer else None, sent=si, flags=["interception"],
                                 confidence=0.55))
                break
        return out

    def _context_damage(self, doc: Doc, sent: Span, si: int, idx: CueIndex, state: dict | None) -> list[Cue]:
        """A passive damage report with no event word ("a power line was damaged in X on Sunday", «в Валуйках
        повреждена линия», «пошкоджено лінію») in the sentence right after an accusation: an event of the
        accused side (the accusation's action), when the sentence names a day or a place."""
        if state is None or not state.get("last_accused") or si - state["last_accused"][1] != 1:
            return []
        if idx.label("NEG") or idx.label("DENY") or not idx.label("TGT"):
            return []
        for h in idx.label("HIT"):
            if not (sent.start <= h.start < sent.end):
                continue
            w = doc[h.start].lower_
            if self.lang in ("ru", "uk"):
                passive = w.endswith(("на", "но", "ны", "ні", "ена", "ено", "ены", "ені", "та", "то", "ты", "ті"))
            elif self.lang == "en":
                passive = h.start > 0 and doc[h.start - 1].lower_ in ("was", "were", "been")
            else:
                passive = False
            if passive and idx.starting("TGT", max(sent.start, h.start - 6), min(sent.end, h.end + 4)) \
                    and self._dated_or_placed(doc, sent, list(idx.label("PREP_V"))):
                return [Cue("EVT", state["last_accused"][2], h.start, h.end)]
        return []

    def _stoppages(self, doc: Doc, sent: Span, idx: CueIndex) -> list[Cue]:
        """Plant stoppages told in the past: a halt verb in a past form with a production unit as its object
        ("halted production", «зупинив коксову батарею», «остановил доменную печь», «أوقفت خط الإنتاج»), in a
        sentence with no pledge, order, condition or negation before the verb."""
        objects = _STOPPAGE_OBJECTS.get(self.lang)
        halts = idx.label("HALT")
        if not objects or not halts:
            return []
        if any(idx.label(x) for x in ("AGREE", "FUT", "ORDER", "COND", "HYPO", "OBLIG", "PROPOSE", "RFUT")):
            return []
        out = []
        for h in halts:
            if not (sent.start <= h.start < sent.end) or h.end - h.start != 1:
                continue
            t = doc[h.start]
            if self.lang == "ar":
                w = ar_fold(t.text)
                past = w in _AR_STOP_PAST or (w[:1] in ("و", "ف") and w[1:] in _AR_STOP_PAST)
            elif self.lang == "en":
                past = t.lower_ in _EN_STOP_PAST and not (h.start > 0 and doc[h.start - 1].lower_ in _EN_AUX - {
                    "has", "have", "had", "was", "were"})
            else:
                past = _slavic_past(t.lower_)
            if not past or idx.starting("NEG", max(sent.start, h.start - 2), h.start) or idx.starting(
                    ("EVT", "TRUCE"), max(sent.start, h.start - 1), h.end + 4):
                continue  # (not «остановил обстрелы»: the halted act is an event noun of its own)
            lo, hi = h.end, min(sent.end, h.end + 4)
            for k in range(lo, hi):
                w = ar_fold(doc[k].text) if self.lang == "ar" else doc[k].lower_
                if w in objects:
                    out.append(Cue("EVT", "close plant", h.start, h.end))
                    break
                if doc[k].is_punct and doc[k].text not in ("«", "»", '"', "№"):
                    break
        return out

    def _workers_of(self, doc: Doc, idx: CueIndex, actor: ActorRef) -> bool:
        """Whether the company is named as the employer of workers just before it ("workers at X", «عمال شركة
        X», «гірники шахти «X»»): the workers, not the company, are who strike."""
        lo = max(0, actor.start - 3)
        if idx.ending("TGT", lo, actor.start + 1) and any(c.id == "workforce" for c in idx.ending("TGT", lo, actor.start + 1)):
            return True
        words = ("гірник", "шахтар", "горняк", "шахтер", "шахтёр", "робітник", "рабоч", "працівник", "сотрудник",
                 "workers", "miners", "employees", "staff", "عمال", "موظف")
        return any((ar_fold(doc[k].text) if self.lang == "ar" else doc[k].lower_).startswith(words)
                   for k in range(lo, actor.start))

    def _union(self, doc: Doc, sent: Span, idx: CueIndex) -> ActorRef | None:
        """The union named in the sentence ("the Textile Workers' Union", «نقابة عمال الغزل», «профспілка
        гірників»), as written, or None."""
        heads = _UNION_HEADS.get(self.lang, ())
        # where a verb, event or preposition cue starts (the ruler's raw matches: nested ones too)
        stops = {m[2] for m in matches(doc, CUES_KEY) if sent.start <= m[2] < sent.end and m[0] in (
            "EVT", "MISS", "ATTR", "AGREE", "HALT", "IMPOSE", "NEG", "FUT", "PREP_V", "BY", "TEMP")}
        for k in range(sent.start, sent.end):
            w = ar_fold(doc[k].text) if self.lang == "ar" else doc[k].lower_
            if not w.startswith(heads):
                continue
            if self.lang == "en":
                i = k
                while i > sent.start and doc[i - 1].text[:1].isupper() and doc[i - 1].is_alpha:
                    i -= 1
                if i == k:
                    continue  # "the union": unnamed
                return ActorRef(doc[i:k + 1].text, i, k + 1)
            j = k + 1
            while j < sent.end and j - k <= 4 and doc[j].is_alpha and j not in stops and not (
                    self.lang == "ar" and ar_fold(doc[j].text) in ("في", "من", "الي", "علي", "يوم", "عن")) and not (
                    self.lang != "ar" and (doc[j].lower_ in ("на", "в", "у", "з", "із", "с", "о", "об") or not doc[j].is_lower)):
                j += 1
            if j == k + 1:
                continue  # «النقابة», «профспілка»: unnamed
            return ActorRef(doc[k:j].text, k, j)
        return None

    @staticmethod
    def _deadline_after(doc: Doc, k: int, hi: int) -> bool:
        """Whether "by" before token ``k`` opens a deadline ("by March", "by the end of May"), not an agent."""
        w = doc[k].lower_
        if w == "the" and k + 1 < hi:
            w = doc[k + 1].lower_
            return w in ("end", "close", "middle", "start", "beginning", "summer", "winter", "spring", "autumn")
        return w in _EN_DEADLINE_WORDS

    def _group_backref(self, doc: Doc, sent: Span, si: int, lo: int, g_start: int, g_end: int, idx: CueIndex,
                       actors: list[ActorRef], prev_group, state: dict) -> ActorRef | None:
        """The armed group a back-reference noun heading the event stands for ("the rebels", «бойовики»,
        «الجماعة»): the group named in the last three sentences, else the one group the article has named."""
        words = _GROUP_BACKREF.get(self.lang)
        if not words:
            return None
        if self.lang == "ar":
            span = range(max(sent.start, lo, g_start - 3), min(sent.end, g_end + 3))
        else:
            span = range(max(sent.start, lo, g_start - 5), g_start)
        hit = None
        for k in span:
            t = doc[k]
            if self.lang == "ar":
                w = ar_fold(t.text)
                if w[:1] in ("و", "ف") and len(w) > 4 and w[1:] in words:
                    w = w[1:]
            else:
                w = t.lower_
            if w not in words or idx.ending("PREP_V", k, k + 1):
                continue
            if self.lang == "en" and not (k > 0 and doc[k - 1].lower_ in ("the", "these", "those", "that", "this")):
                continue  # "rebels stormed a town" may be a new group; "the rebels" refers back
            if self.lang in ("ru", "uk") and k + 1 < sent.end and doc[k + 1].is_title:
                continue  # «бойовики ISWAP», «группировка Вагнер»: the name follows (another group)
            hit = k
            break
        if hit is None:
            return None
        gid = None
        if prev_group is not None and si - prev_group[1] <= 3:
            gid = prev_group[0]
        elif len(state.get("armed_groups_seen") or ()) == 1:
            gid = next(iter(state["armed_groups_seen"]))
        if gid is None or any(a.id == gid for a in actors):
            return None  # a group named in this sentence and not picked is its target, not the attacker
        return ActorRef(gid, hit, hit + 1)

    def _claim_fill(self, doc: Doc, sent: Span, si: int, cues: list[Cue], actors: list[ActorRef], claimers,
                    state: dict) -> None:
        """A responsibility claim after the incident ("The Houthis claimed responsibility for the attack.",
        «وأعلنت الجماعة مسؤوليتها»): the actor-less event of the last two sentences gets the claimant."""
        recent = [f for s_i, f in state.get("recent_events", ()) if 0 < si - s_i <= 2 and f.kind == "event"
                  and (f.actor is None or "actor_from_context" in f.flags or "unknown_agent" in f.flags)]
        if not recent:
            return
        words = _CLAIM_WORDS.get(self.lang, ())
        fold = (lambda t: ar_fold(t.text).lstrip("وف")) if self.lang == "ar" else (lambda t: t.lower_)
        at = next((t.i for t in sent if fold(t) in words), None)
        if at is None and not any(c.label == "CLAIM" for c in cues):
            return
        if any(c.label in ("NEG", "UNKNOWN", "DENY", "HYPO", "COND") for c in cues) or any(
                fold(t) in _NOBODY for t in sent):
            return  # "no group claimed", «لم تتبن أي جهة»
        party = next((p for _s, _e, p, _a in claimers if p and not p.startswith("@")), None)
        if party is None:
            ids = {a.id for a in actors if not a.id.startswith("@") and a.id not in self.mediators}
            if len(ids) == 1:
                party = next(iter(ids))
            elif not ids and at is not None:
                prev = state.get("last_group")
                if prev is not None and any(fold(doc[k]) in _GROUP_BACKREF.get(self.lang, ())
                                            for k in range(sent.start, sent.end)):
                    party = prev[0]
        if party is None:
            return
        f = recent[-1]
        f.actor, f.actor_span = party, None
        f.flags = [x for x in f.flags if x not in ("unknown_agent", "actor_from_context")] + ["actor_from_claim"]

    @staticmethod
    def _back_to_subject(doc: Doc, actors: list[ActorRef], cues: list[Cue], sub_s: int, g_start: int) -> int:
        return sub_s

    @staticmethod
    def _action(g: list[Cue]) -> str:
        ids = [c.id for c in g if c.label in ("EVT", "WPN")] or ["missed"]
        best = max(ids, key=lambda i: (_GENERIC_ACTIONS.get(i, 5 if " " in i else 4)))
        return best

    def _event_blocked(self, doc: Doc, cues: list[Cue], g: list[Cue], sent: Span, cl: tuple[int, int],
                       idx: CueIndex | None = None) -> bool:
        idx = idx or CueIndex(cues)
        g_start, g_end = g[0].start, g[-1].end
        # negated: "no strikes", «ударів ... не було»
        if idx.ending("NEG", g_start - 1, g_start + 1):
            return True
        # "No shots were fired by our units", "no rockets have been launched": a negative determiner before the
        # noun that heads the passive event
        # (not "no injuries in the drone attacks": the negated noun is another one)
        if self.lang == "en" and any(doc[k].lower_ == "no" and all(
                doc[m].is_alpha and doc[m].lower_ not in _EN_NOT_NEGATED for m in range(k + 1, g_start))
                for k in range(max(cl[0], g_start - 3), g_start - 1)):
            return True
        if self._non_event(doc, g, sent, cl, idx):
            return True
        # a habitual pattern, not an incident: "the border town often comes under fire", «часто обстреливают»
        habitual = _HABITUAL.get(self.lang, ())
        if habitual and any((ar_fold(doc[k].text).lstrip("و") if self.lang == "ar" else doc[k].lower_) in habitual
                            for k in range(max(cl[0], g_start - 5), min(cl[1], g_end + 2))):
            return True
        if any(len(doc[c.start:c.end]) > 1 for c in idx.starting("NEG", g_end, g_end + 5)):
            return True
        # halted: the event noun is what a truce or pledge halts
        if any(c.start >= cl[0] and not any(
                # «до вступления перемирия в силу российские дроны атаковали»: a new subject (or the
                # truce's own verb) comes between, so the attack is not what the truce halts
                x.label in ("WPN", "FORCES") or (x.label == "AGREE" and x.id == "effect")
                for x in idx.starting(("WPN", "FORCES", "AGREE"), c.end, g_start))
                for c in idx.ending(("HALT", "TRUCE", "PROPOSE"), g_start - 6, g_start + 1)):
            return True

        # passive: "the strikes on X will be stopped by Russia": the event noun is what is halted
        if any(idx.starting("BY", h.end, h.end + 2) for h in idx.starting("HALT", g_end, g_end + 8)):
            return True
        # «мораторій на підвищення тарифів»: the act begins inside the halt phrase
        if any(c.start < g_start < c.end for c in idx.covering(g_start) if c.label in ("HALT", "TRUCE")):
            return True

        def attr_between(c: Cue) -> bool:
            return bool(idx.starting(("ATTR", "ACCUSE"), c.end, g_start))

        # condition, hypothesis, order, denial, compliance in the clause before the trigger
        for c in idx.starting(("COND", "HYPO"), cl[0], g_start):
            if c.end <= g_start or (c.label == "HYPO" and c.end <= g_end):
                return True  # ... or a hypothesis holding the verb: «قد ترفع» (may raise)
        orders = idx.ending("ORDER", g_start - 8, g_start + 1)
        if orders and not attr_between(max(orders, key=lambda c: c.end)):
            return True
        denials = idx.ending("DENY", 0, g_start + 1)
        if denials:
            last = max(denials, key=lambda c: c.end)
            # «رفضت روسيا الاتهامات بقصف», "rejected Kyiv's accusations of shelling": the accusation is what
            # is denied (its object), not a new claim after the denial
            between = idx.starting(("ATTR", "ACCUSE"), last.end, g_start)
            def object_noun(c: Cue) -> bool:  # "the accusations", «الاتهامات», not a new verb «واتهمت», "accused"
                w = doc[c.start].lower_
                return c.label == "ACCUSE" and c.start - last.end <= 3 and not any(
                    doc[k].is_punct for k in range(last.end, c.start)) and w not in ("accused", "accuses", "accusing") \
                    and not (self.lang == "ar" and doc[c.start].text.startswith(("و", "ف"))) \
                    and not (self.lang in ("ru", "uk") and _slavic_past(w))
            if not between or all(object_noun(c) for c in between):
                return True
        if idx.starting("COMPLY", cl[0], cl[1]):
            return True
        if self._listed_in_pledge(doc, g_start, max(c.end for c in g), sent, idx):
            return True
        # "did not comment on the strike", "responsibility for the attack": a definite event noun after a
        # preposition refers to an event reported before (English marks definiteness)
        # (not "blamed the group for the bombing of a bridge": the accusation is the report)
        if self.lang == "en" and len(g) == 1 and g_start >= 2 and doc[g_start - 1].lower_ in (
                "the", "this", "that", "these", "those") and doc[g_start - 2].lower_ in _EN_REFERRING_PREPS and not (
                doc[g_start - 2].lower_ in ("for", "of") and idx.ending("ACCUSE", max(sent.start, g_start - 8), g_start - 2)):
            return True
        # "after the strike", "as a result of the attack", «внаслідок удару», «جراء القصف»: an event
        # noun governed by a temporal or consequence marker refers to an event reported before
        if any(not any(doc[i].is_alpha and len(doc[i]) > 3 for i in range(t.end, g_start))
               and not idx.starting(("WPN", "FORCES", "BY"), t.end, g_start)
               for t in idx.ending("TEMP", g_start - 2, g_start + 1) if t.id in ("after", "temporal")):
            return True
        # "Attacks on civilians are a war crime", «Удари по цивільних є воєнним злочином», «تعد الهجمات على
        # المدنيين جريمة حرب»: a bare event noun heading a copula states a norm, it reports no incident
        # (also heading a reported clause: «наголосив, що удар «є прямим порушенням» домовленостей»)
        head = g_start
        while head > sent.start and doc[head - 1].lower_ in _DETERMINERS:
            head -= 1
        clause_head = head == sent.start or (head - 1 > sent.start and doc[head - 1].lower_ in _COMPLEMENTIZERS)
        if clause_head and not idx.label("WPN") and not idx.label("FORCES"):
            for i in range(g[0].end, min(g_end + 6, sent.end - 1)):
                w, nxt = doc[i].lower_, doc[i + 1].lower_
                if w in ('"', "«", "“") and i + 2 < sent.end:
                    w, nxt = nxt, doc[i + 2].lower_
                if w in _COPULAS.get(self.lang, ()) and not nxt.endswith(("ing", "ed")):
                    return True
        if self.lang == "ar" and g_start - sent.start <= 1 and any(
                ar_fold(t.text) in _AR_COPULAS for t in doc[sent.start:g_start]):
            return True
        # a future or threatened action is not a reported one: "new sanctions will follow"; but a company's
        # announced closure, layoffs or price rise is the decision itself ("announced that it would close
        # its plant and cut 2,000 jobs", «объявила, что закроет завод»)
        if idx.starting("FUT", max(cl[0], g_start - 4), min(cl[1], g_start + 5)) and not (
                any(c.id in _ANNOUNCED_ACTS for c in g) and idx.ending("ATTR", sent.start, g_start)
                and not idx.starting(("NEG", "HYPO"), sent.start, g_end)):
            return True
        return False

    def _listed_in_pledge(self, doc: Doc, g_start: int, g_end: int, sent: Span, idx: CueIndex) -> bool:
        """Whether the event noun is an item ("including X", "X included") of what a halt, truce or agreement
        earlier in the sentence covers: "agreed to halt all fighting, air raids included"."""
        phrases = _INCLUDED.get(self.lang)
        if not phrases or not idx.starting(("HALT", "TRUCE", "AGREE", "PROPOSE"), sent.start, g_start):
            return False
        words = [self._word(t) for t in doc[sent.start:sent.end]]

        def at(k: int, p: tuple[str, ...]) -> bool:
            i = k - sent.start
            return 0 <= i and i + len(p) <= len(words) and tuple(words[i:i + len(p)]) == p

        return any(at(g_start - len(p), p) or at(g_start - len(p) - 1, p) or at(g_end, p) for p in phrases)

    def _group_anaphor(self, doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
        """The span of "the (rebel) group", "that militia", "the militants" right after an accusation verb
        (English), or None."""
        if self.lang != "en" or lo >= hi or doc[lo].lower_ not in ("the", "that", "this", "those"):
            return None
        k = lo + 1
        while k < hi and doc[k].lower_ in _EN_GROUP_ADJ:
            k += 1
        if k < hi and doc[k].lower_ in _EN_GROUP_ANAPHORS and k + 1 < len(doc) and doc[k + 1].lower_ in ("for", "of"):
            return (lo, k + 1)
        return None

    @staticmethod
    def _past_verb_before(doc: Doc, g_start: int, lo: int) -> bool:
        """A Russian/Ukrainian past verb just before a quoted or qualified event noun: «завдали «групового
        удару»», «нанесли массированный удар» (the verb, not the noun, carries the elided subject)."""
        for k in range(g_start - 1, max(lo, g_start - 4) - 1, -1):
            t = doc[k]
            if t.text in ("«", "»", '"', "„", "“"):
                continue
            if not t.is_alpha:
                return False
            if _slavic_past(t.lower_) and t.lower_.endswith(("ли", "ла", "ло")) and t.lower_ not in _BE_PAST:
                return True
        return False

    def _intercepted(self, doc: Doc, lo: int, hi: int) -> bool:
        """Whether an interception verb ("intercepted", "shot down", «сбили», «اعترضت») stands between the
        party at ``lo`` and the weapon at ``hi``: the party defended, it did not attack."""
        words = _INTERCEPT.get(self.lang, ())
        if not words or hi - lo > 8:
            return False
        for k in range(lo, hi):
            w = ar_fold(doc[k].text).lstrip("و") if self.lang == "ar" else doc[k].lower_
            if w in words or (self.lang == "en" and w in ("shot", "shoot", "shoots", "shooting")
                              and k + 1 < hi and doc[k + 1].lower_ == "down"):
                return True
        return False

    def _word(self, tok) -> str:
        return ar_fold(tok.text) if self.lang == "ar" else tok.lower_

    def _non_event(self, doc: Doc, g: list[Cue], sent: Span, cl: tuple[int, int], idx: CueIndex) -> bool:
        """Sentences that name an event without reporting one: a negated report ("fighting has not resumed",
        «ударов не наносили», «масових звільнень немає»), a denial of responsibility, a claim nobody made
        ("no group claimed responsibility for the attack", «ولم يتم التعرف على هوية المهاجمين»), a vow to
        retaliate for an earlier attack, a ballot or threat about a strike, an act under a condition that
        follows it ("would walk out if ..."), and the onset of fighting a toll is counted from."""
        lang = self.lang
        g_start, g_end = g[0].start, g[-1].end
        word = self._word
        lo = max(cl[0], sent.start)
        # a negative determiner on the noun: «никаких ударов», «жодних обстрілів»
        dets = _NEG_DETERMINERS.get(lang)
        if dets and any(doc[k].lower_ in dets for k in range(max(lo, g_start - 2), g_start)):
            return True
        # the noun, then its negated verb of occurrence in the same clause: «ударов ВСУ не наносили»,
        # «Страйку профспілка не оголошувала», «звільнень немає», "fighting has not resumed"
        stop = min(cl[1], sent.end, g_end + 5)
        for k in range(g_end, stop):
            t = doc[k]
            if t.is_punct and t.text not in ("«", "»", '"'):
                break
            w = t.lower_
            if lang in ("ru", "uk"):
                if w in _SLAVIC_NONE:
                    return True
                if w == "не" and k + 1 < sent.end and doc[k + 1].lower_.startswith(_SLAVIC_NEG_VERB_STEMS):
                    return True
            elif lang == "en" and w in ("not", "n't", "never") and k > g_end and doc[k - 1].lower_ in _EN_AUX:
                # (adverbs and auxiliaries between: "has not fully resumed", "have not yet been recorded")
                nxt = [w for w in (doc[j].lower_ for j in range(k + 1, min(k + 5, sent.end)))
                       if not (w.endswith("ly") or w in _EN_AUX or w in ("yet", "since", "so", "far"))]
                if nxt and nxt[0] in _EN_NOT_OCCURRED:
                    return True
        neg_in_sent = bool(idx.starting("NEG", sent.start, sent.end))
        # "did not claim responsibility for the attack", «ответственность за атаку не признала»
        if neg_in_sent and any(word(doc[k]) in _RESPONSIBILITY for k in range(max(sent.start, g_start - 3), g_start)):
            return True
        # "no group claimed responsibility for the blast", «لم يتضح من أطلق الصواريخ», «ولم يتم التعرف على هوية
        # المهاجمين»: a statement that nobody owned up to (or was found for) an attack told before
        for u in idx.starting("UNKNOWN", sent.start, g_start):
            # (undated, or the incident told earlier in the sentence: «ولم يتضح من يقف وراء انفجار وقع في سوق يوم
            # الاثنين» is the report itself; «تم إطلاق صاروخين يوم الأحد، وقال الجيش إنه لا يعرف من قام بإطلاقها» is not)
            if any(word(doc[i]) in _NOBODY for i in range(u.start, u.end)) and u.end <= g_start and (
                    not self._dated_or_placed(doc, sent, []) or idx.starting(("EVT", "MISS"), sent.start, u.start)):
                return True
        # a vow to retaliate for an earlier attack: "vowed to retaliate for the shelling", «بالرد على الهجوم»
        ret = _RETALIATION.get(lang, ())
        if any(word(doc[k]).lstrip("و") in ret if lang == "ar" else doc[k].lower_ in ret
               for k in range(max(lo, g_start - 3), g_start)):
            return True
        # a ballot or a threat about the act: "voted to authorise strike action", «проголосувала за страйк»
        vt = _VOTE_THREAT.get(lang, ())
        if any((word(doc[k]).lstrip("و") if lang == "ar" else doc[k].lower_) in vt
               for k in range(max(lo, g_start - 6), g_start)):
            return True
        # a condition after the act: "would walk out if the offer is not improved", «оголосить страйк, якщо»
        conds = _COND_AFTER.get(lang, ())
        trig = doc[g_start].lower_
        past = trig.endswith("ed") if lang == "en" else _slavic_past(trig) if lang in ("ru", "uk") else False
        if conds and not past:
            for k in range(g_end, min(g_end + 8, sent.end)):
                w = word(doc[k]).lstrip("و") if lang == "ar" else doc[k].lower_
                if w in conds and not (lang == "en" and doc[k - 1].lower_ in ("as", "even")):
                    if lang == "ar" and w == "حال" and not (k > 0 and word(doc[k - 1]) in ("في", "وفي")):
                        continue
                    return True
        # "since the outbreak of the fighting", «منذ اندلاع المواجهات», «с начала боёв»: background
        for t in idx.ending("TEMP", g_start - 4, g_start):
            between = [word(doc[i]) for i in range(t.end, g_start) if doc[i].is_alpha]
            if between and any(w in _ONSET for w in between) and all(
                    w in _ONSET or len(w) <= 3 for w in between):
                return True
        # "Since the war began in 2019, fighting has ...", «ومنذ عام 2022 شنت الجماعة عشرات الهجمات», «с 2022 года»:
        # a history line counted from a past year or from the onset of the war
        since = _SINCE.get(lang, ())
        # (from at most 15 words before the event: a scan from the sentence's start per event was quadratic in a
        # long sentence)
        for k in range(max(sent.start, g_start - 15), min(sent.end, g_end + 6)):
            w = word(doc[k])
            if w not in since or (g_start <= k < g_end):
                continue
            ahead = doc[k + 1:min(sent.end, k + 5)]
            if any(t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20") for t in ahead) or (
                    lang == "en" and any(t.lower_ in _BEGAN for t in doc[k + 1:min(sent.end, k + 7)])
                    and any(t.lower_ in _WARS for t in doc[k + 1:min(sent.end, k + 5)])):
                return True
        # "dozens of bombings", «عشرات الهجمات», «десятки обстрілів» with no one named: a vague aggregate
        if any(word(doc[k]).lstrip("و") in _AGGREGATE for k in range(max(lo, g_start - 3), g_start)) \
                and not self._sentence_has_party(doc, sent):
            return True
        # "fired only in self-defence": a self-defence claim, not a report of an attack
        for c in idx.label("EVT"):
            if c.id == "self defence" and sent.start <= c.start < sent.end and any(
                    word(doc[k]) in _ONLY for k in range(max(sent.start, c.start - 4), c.start)):
                return True
        if lang == "en":
            before = [doc[k].lower_ for k in range(max(lo, g_start - 3), g_start)]
            if any(tuple(before[-len(p):]) == p for p in _EN_NONE_BEFORE if len(before) >= len(p)):
                return True
        # «تعاملت مع مصادر إطلاق النار», "returned fire at the sources of fire", «подавили источники огня»: the
        # fire is the other side's, named as what the speaker's units answered, not reported as an incident
        if any(word(doc[k]).lstrip("و") in _FIRE_SOURCES for k in range(max(lo, g_start - 2), g_start)):
            return True
        if lang == "uk" and any(doc[k].lower_ == "через" for k in range(max(lo, g_start - 2), g_start)) \
                and not doc[g_start - 1].like_num:
            return True  # «простій через обстріли»: a cause, not a report (not «через годину»)
        return False

    def _sentence_has_party(self, doc: Doc, sent: Span) -> bool:
        """Whether the actor ruler found a named party in the sentence (not a generic noun)."""
        try:
            return any(sent.start <= m[2] < sent.end and not str(m[1]).startswith("@") for m in matches(doc, ACTORS_KEY))
        except Exception:  # noqa: BLE001  (no actor matches on this doc)
            return False

    @staticmethod
    def _timing_flags(doc: Doc, cues: list[Cue], events: list[Frame], has_commitment: bool) -> list[Frame]:
        """Events placed against the truce by the sentence itself.

        * "hours before the truce took effect, jets struck ...": ``before_window``;
        * "... already after the truce ended": ``after_window``;
        * "agreed to a ceasefire after four days of mutual strikes": the strikes are background
          (a summary of what led to the commitment), not a reported event.
        """
        idx = CueIndex(cues)
        temps = idx.label("TEMP")

        def truce_at(t_lo: int, t_hi: int) -> list[Cue]:
            """Truce nouns and effect/deal cues starting in ``t_lo:t_hi``."""
            return [c for c in idx.starting(("TRUCE", "AGREE"), t_lo, t_hi)
                    if c.label == "TRUCE" or c.id in ("effect", "deal")]

        before = any(x.id == "before" and any(not idx.starting("EXPIRE", t.end, t.end + 5)
                                              for t in truce_at(x.end, x.end + 4)) for x in temps)
        ended = any(x.id == "after" and any(idx.starting("EXPIRE", t.end, t.end + 3)
                                            for t in truce_at(x.end, x.end + 4)) for x in temps) or any(
            x.id == "after" and idx.starting("EXPIRE", x.end, x.end + 2) for x in temps)
        attributed = bool(idx.label("ATTR") or idx.label("ACCUSE"))
        out = []
        for e in events:
            trig = e.trigger if e.trigger is not None else e.start
            if has_commitment and not attributed and any(x.id == "temporal" and not any(
                    not doc[i].is_alpha and not doc[i].is_digit for i in range(x.end, trig)) and not
                    idx.starting(("FORCES", "ATTR", "ACCUSE"), x.end, trig)
                    for x in idx.ending("TEMP", trig - 8, trig + 1)):
                continue
            if before and "before_window" not in e.flags:
                e.flags.append("before_window")
            if ended and "after_window" not in e.flags:
                e.flags.append("after_window")
            out.append(e)
        return out
