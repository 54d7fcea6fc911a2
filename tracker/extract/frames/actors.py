"""Actor roles: the perpetrator of an event and the bound parties of a commitment."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from tracker.extract.frames.model import (
    _AR_VICTIM_PREFIXES, _STRONG_COMMIT, ActorRef, Cue, CueIndex, Frame, name_runs,
)
from tracker.actors.sources import english_demonyms
from tracker.extract.normalize import ar_fold


#: Nouns after a party adjective that make "from the X side" the attacker, not an origin.
_SIDE_NOUNS = frozenset({"side", "territory", "positions", "position", "forces", "troops", "army", "lines"})


#: Collective nouns before "of" and an event noun ("the series of strikes", "this wave of attacks").
_EN_COLLECTIVE = frozenset({"series", "wave", "waves", "string", "round", "rounds", "barrage", "spate", "volley", "flurry"})
#: Passive auxiliaries and the impact participles after them: the subject of "was damaged" is what was hit.
_PASSIVE_AUX = frozenset({"was", "were", "been", "being", "is", "are", "got"})
_EN_DAMAGE_PARTICIPLES = frozenset("""damaged destroyed hit struck shelled targeted attacked bombed killed wounded
injured shot burned burnt razed flattened raided stormed looted seized hurt""".split())
#: «الغارة», «والقصف», «بالهجوم»: an event noun with the article (and a clitic conjunction or preposition).
_AR_DEFINITE = re.compile(r"^[وفبل]?ال")
#: «этот удар», «цей обстріл», «той напад»: a demonstrative before the event noun.
_SLAVIC_DEMONSTRATIVES = frozenset("""этот эта это эти этого этой этим этих данный данного данная тот та
цей ця це ці цього цієї цим цих той та того тієї""".split())
#: Past and infinitive verb endings: «Ударили по Харькову» (subjectless) is no noun heading the sentence.
_SLAVIC_VERB_ENDINGS = ("ли", "ла", "ло", "ть", "ти", "ся", "сь")

_QUOTES = frozenset({"«", "»", "\"", "“", "”", "„", "'"})
#: Government nouns a party's name follows in the genitive («уряд Чаду», «правительство Чада»).
_STATE_NOUNS = frozenset({"уряд", "правительство", "влада", "власти", "керівництво", "руководство"})
#: Coalition nouns (word starts, Arabic folded) and the English noun a led coalition is named with.
_COALITION_NOUNS = {
    "en": {"coalition": "coalition", "alliance": "alliance"},
    "ru": {"коалиц": "coalition", "альянс": "alliance"},
    "uk": {"коаліці": "coalition", "коаліцій": "coalition", "альянс": "alliance"},
    "ar": {"التحالف": "coalition", "تحالف": "coalition", "والتحالف": "coalition", "للتحالف": "coalition"},
}
#: The words between a coalition noun and the state leading it.
_LED_MARKERS = {
    "en": (("led", "by"), ("headed", "by")),
    "ru": (("во", "главе", "с"), ("во", "главе", "со"), ("под", "руководством")),
    "uk": (("на", "чолі", "з"), ("на", "чолі", "із"), ("під", "проводом"), ("під", "керівництвом")),
    "ar": (("بقياده",), ("تقوده",), ("الذي", "تقوده")),
}
#: Words for a company's products, before its name: the prices of X's products are X's prices.
_PRODUCT_WORDS = frozenset({"منتجات", "سلع", "منتجاتها", "продукцию", "продукции", "продукция", "товары", "товаров",
                            "продукцію", "продукції", "товари", "товарів"})
#: «قبل أن», «بعد أن»: a temporal clause follows.
_AR_TEMPORAL = frozenset({"قبل", "وقبل", "بعد", "وبعد"})
#: «ومنها», «من بينها», «أبرزها»: "among them", before the names of a list.
_AR_AMONG = frozenset({"منها", "ومنها", "بينها", "وبينها", "ابرزها", "وابرزها", "مثل"})


#: Words of ownership or affiliation before a party: "a refinery owned by X", «НПЗ, принадлежащий «X»», "JNIM,
#: affiliated with al-Qaeda", «афілійованої з «Аль-Каїдою»», «المرتبطة بتنظيم القاعدة»: the owner of what was hit,
#: or the parent of the group that acted, is not the actor (word starts; Arabic folded, the article kept).
_OWNER_STEMS = {
    "en": ("owned", "belonging", "affiliat", "linked", "allied", "loyal", "aligned", "tied", "offshoot", "franchise"),
    "ru": ("принадлеж", "аффилирова", "связанн", "лояльн", "подконтрольн", "ответвлени", "филиал"),
    "uk": ("належн", "належит", "належат", "афілійова", "пов'язан", "повʼязан", "лояльн", "підконтрольн", "відгалуженн",
           "філі"),
    "ar": ("المرتبط", "مرتبط", "الموالي", "موالي", "المملوك", "مملوك", "المنتسب", "منتسب", "فرع", "المقرب"),
}


#: Passive casualty verbs before the party (Arabic folded, clitic و stripped): «أصيب أربعة جنود أذربيجانيين»,
#: «ранены двое украинских военных», «поранено трьох російських військових»: the party's own people were hit.
_CASUALTY_BEFORE = {
    "ar": frozenset({"اصيب", "اصيبت", "قتل", "قتلت", "جرح", "جرحت", "استشهد", "استشهدت", "لقي", "لقيت", "سقط"}),
    "ru": frozenset({"ранены", "ранен", "ранена", "погибли", "погиб", "погибла", "убиты", "убит", "пострадали",
                     "пострадал", "получили", "погибших", "раненых"}),
    "uk": frozenset({"поранені", "поранено", "поранений", "загинули", "загинув", "загинуло", "вбиті", "вбито",
                     "постраждали", "постраждав", "отримали", "загиблих", "поранених"}),
}
#: «مخزن أسلحة تابعا للحركة»: a target's owner after «تابع» (not «مسلحين تابعين للجيش»: fighters of the army).
_AR_BELONGING = frozenset({"تابع", "تابعا", "تابعه", "التابع", "التابعه", "تابعين", "التابعين"})


#: A state's own bodies after its possessive ("Peru's government and ..."): the state itself.
_EN_OWN_BODIES = frozenset({"government", "army", "military", "forces", "authorities", "troops", "administration"})


class ActorMixin:
    """Actor roles for :class:`~tracker.extract.frames.builder.FrameBuilder` (a mixin: uses its
    ``lang``, ``vso``, ``mediators`` and the other mixins' methods)."""

    def _actor_score(self, doc: Doc, a: ActorRef, g_start: int, g_end: int, idx: CueIndex,
                     clause: tuple[int, int], verbal: bool) -> float:
        if a.end <= g_start:
            dist = g_start - a.end
            before = True
        elif a.start >= g_end:
            dist = a.start - g_end
            before = False
        else:
            # the trigger itself names the actor ("Russian-launched"); «صواريخ روسية أصابت»: the
            # weapon's nisba inside the trigger names who fired it
            return 12.0 if self.vso and idx.ending("WPN", a.start, a.start + 1) else 8.0
        if dist == 1 and before and doc[a.end].lower_ in ("'s", "’s", "'"):
            dist = 0  # "Ukraine's attacks"
        relative = False
        if before and dist > 2 and idx.starting("REL", a.end, a.end + 2):
            # "The X militias, which are allied to the army, have attacked": the subject before a relative
            # clause is as near as the clause's closing comma
            commas = [i for i in range(a.end + 2, g_start) if doc[i].text == ","]
            if commas:
                dist = min(dist, g_start - commas[-1] - 1)
                relative = True
        score = 10.0 - 0.6 * dist
        if not (clause[0] <= a.start < clause[1]) and not relative:
            score -= 4
        prev = idx.ending_any(a.start - 1, a.start + 1)
        nxt = idx.within(a.end, a.end + 2)
        gap_max = 0 if self.vso else 3  # "fire ... were reported from the Cambodian side"
        # "from the Cambodian side/territory/positions" names the side that fired; "launched from
        # Yemen" names only where the weapon came from
        side = a.end < len(doc) and doc[a.end].lower_ in _SIDE_NOUNS
        prev = [c for c in prev if not (c.label == "BY" and c.id == "from" and side)] + [
            Cue("BY", "by", c.start, c.end) for c in prev if c.label == "BY" and c.id == "from" and side]
        cause_before = bool(idx.ending("CAUSE", a.start - 2, a.start + 1))
        # an origin ("a drone launched from Yemen", «إطلاقها من إيران») is where the weapon came from,
        # not who fired it: only an agentive "by" marks the attacker
        # "aircraft of the Saudi-led coalition", "fighters of the Three Brotherhood Alliance": the weapon's or
        # force's owner after "of" is who acts
        of_at = a.start - 2 if a.start >= 2 and doc[a.start - 1].lower_ == "the" else a.start - 1
        possessor = self.lang == "en" and of_at > 0 and doc[of_at].lower_ == "of" and before and (bool(
            idx.ending(("WPN", "FORCES"), of_at, of_at + 1)) or doc[of_at - 1].lower_ in _EN_MEMBERS)
        if possessor:
            score += 3
        elif any(c.label == "BY" and c.id != "from" for c in prev) and (before or any(
                c.label == "BY" and c.id != "from" and c.start - g_end <= gap_max and not idx.starting(
                    ("TGT", "PREP_V", "CAUSE", "EVT"), g_end, c.start)
                for c in prev)) and not cause_before:
            score += 6  # "fired by Iran", «إطلاقها من إيران»; not «عناصر من حزب الله» (members of)
        elif any(c.label == "PREP_V" for c in prev) and dist > 0:
            score -= 8
        if self.lang == "ar":
            raw = doc[a.start].text
            if raw.startswith(_AR_VICTIM_PREFIXES) and not doc[a.start].norm_.startswith("ل") and not any(
                    c.label == "BY" for c in prev):
                score -= 6
                if not before and dist >= 1:
                    score -= 4  # «استهدفت غارة مقرا لحركة حماس»: the owner of the struck object
            if idx.ending("PREP_V", a.start - 1, a.start + 1):
                score -= 2
        if dist > 0 and not before and idx.ending("PREP_V", a.start - 3, a.start) \
                and not any(c.label in ("BY", "FORCES") for c in prev):
            score -= 8  # genitive after a place: "in various regions of Ukraine"
        if not self.vso and not before and not any(c.label == "BY" and c.id != "from" for c in prev):
            score -= 3  # after the verb in SVO languages: the object, not the agent
        if cause_before:
            score -= 8  # "strikes provoked by Hamas militants firing ...": the provoker, not the agent
        if self._owner_before(doc, a.start):
            score -= 8  # "a refinery owned by X", "JNIM, affiliated with al-Qaeda": the owner or the parent
        casualty = _CASUALTY_BEFORE.get(self.lang)
        if casualty and any((ar_fold(doc[k].text).lstrip("و") if self.lang == "ar" else doc[k].lower_) in casualty
                            for k in range(max(0, a.start - 4), a.start)):
            score -= 8  # «أصيب أربعة جنود أذربيجانيين في كمين»: the wounded side, not the attacker
        if self.lang == "ar" and a.start >= 1 and ar_fold(doc[a.start - 1].text) in _AR_BELONGING and idx.ending(
                "TGT", max(0, a.start - 4), a.start) and a.start >= g_end:
            score -= 8  # «مخزن أسلحة تابعا للحركة»: the owner of the struck depot
        forces = [c for c in prev + nxt if c.label == "FORCES"]
        if forces and not any(idx.ending("PREP_V", f.start - 1, f.start + 1) for f in forces):
            score += 3  # "Russian forces"; not "struck militants of Hezbollah"
        if any(c.end >= a.end for c in idx.starting("TGT", a.start - idx.maxlen, a.start + 1)):
            score -= 8
        if a.start > 0 and (ar_fold(doc[a.start - 1].text) if self.lang == "ar" else doc[a.start - 1].lower_) \
                in _PRODUCT_WORDS and any(c.id == "prices" for c in idx.ending("TGT", a.start - 3, a.start)):
            score += 9  # «زيادة في أسعار منتجات إيديتا», «цены на продукцию X»: whose products' prices rose
        if idx.ending("TGT", a.start - 2, a.start + 1):
            score -= 5  # "infrastructure of Russia", «البنية التحتية الأوكرانية»
            if not before and idx.ending("TGT", a.start, a.start + 1) and not any(c.label == "BY" for c in prev):
                score -= 5  # the struck object's owner: «قصفت المسيرات منشآت الطاقة الأوكرانية»
        if self.lang in ("ru", "uk") and not before and dist >= 1 and doc[a.start - 1].is_alpha \
                and doc[a.start - 1].is_lower and not idx.covering(a.start - 1):
            score -= 6  # a genitive owner after the object: «атакували посольство Польщі»
        if self.lang == "en" and before and any(
                doc[i].lower_ in _PASSIVE_AUX and doc[i + 1].lower_ in _EN_DAMAGE_PARTICIPLES
                for i in range(a.end, min(g_end, len(doc) - 1))):
            score -= 8  # the subject of a passive impact verb is hit: "China's consulate was damaged in an attack"
        if not self.vso and idx.starting("TGT", a.end, a.end + 2) and not any(c.label == "FORCES" for c in nxt):
            score -= 5  # "Russia's energy infrastructure", "Ukrainian port"
        if before and any(c.id == "by" and c.end >= g_start - 3 for c in idx.starting("BY", a.end, g_end + 2)):
            score -= 8  # passive: "Kyiv was attacked by ...", "Beirut's suburbs were hit by an air strike"
        if self.lang == "en" and not before and not any(c.label in ("BY", "FORCES") for c in prev + nxt) and all(
                doc[i].lower_ in ("the", "a", "an") for i in range(g_end, a.start)) and dist <= 2:
            score -= 6  # the object of an English verb: "drones attacked Moscow"
        first_accuse = idx.min_end(("ACCUSE",))
        if first_accuse is not None and first_accuse <= a.start and before:
            score += 4  # "accused Kyiv of attacks"
        if before and not self.vso:
            score += 1.5
        if not before and any(c.label == "BY" and c.id == "from" for c in prev) and not any(
                c.label == "BY" and c.id != "from" for c in prev):
            score -= 6  # "a drone launched from Yemen": the country of origin, not the attacker
        if self.vso and not before and any(c.label == "BY" and c.id == "from" and c.start > g_end for c in prev):
            score -= 6  # «استهدفت عناصر من حزب الله»: "of Hezbollah" qualifies the object (its members)
        if self.vso and idx.ending("WPN", a.start, a.start + 1):
            score += 4  # «صواريخ روسية», «مسيرة إسرائيلية»: the weapon's nisba names who fired it
        if self.vso and not before and dist <= 2:
            score += 1.5  # «هجوم صاروخي روسي», «قصف الاحتلال»
        if self.vso and before and verbal and dist <= 1:
            score += 1.0
        return score

    def _owner_before(self, doc: Doc, start: int) -> bool:
        """Whether an ownership or affiliation word ("owned by", «принадлежащий», «المرتبطة») stands right
        before the actor starting at ``start`` (a preposition, article or quote between)."""
        stems = _OWNER_STEMS.get(self.lang)
        if not stems:
            return False
        k = start - 1
        seen = 0
        while k >= 0 and seen < 3:
            t = doc[k]
            w = ar_fold(t.text) if self.lang == "ar" else t.lower_
            if w.startswith(stems):
                return True
            if self.lang == "ar" and t.text[:1] in ("ب", "ل") and ar_fold(t.text[1:]).startswith(stems):
                return True
            if not (t.text in _QUOTES or len(w) <= 3 or t.is_punct):
                return False
            k -= 1
            seen += 1
        return False

    #: No actor farther than this from the trigger can score above the threshold (10 - 0.6 d plus
    #: at most 14.5 of bonuses must exceed 2).
    _ACTOR_REACH = 42

    def _pick_actor(self, doc: Doc, actors: list[ActorRef], g_start: int, g_end: int, idx: CueIndex,
                    clause: tuple[int, int], excluded: list[tuple[int, int]],
                    soft: list[tuple[int, int]] = (), covered: set[int] | None = None,
                    window: tuple[list[int], int] | None = None) -> ActorRef | None:
        """The best-scoring actor for a trigger; ``window`` (the start-sorted actors' starts and the
        longest actor's length) limits the search to actors near the trigger."""
        best, best_score = None, 2.0
        if window is not None:
            starts, a_reach = window
            lo = bisect_left(starts, g_start - self._ACTOR_REACH - a_reach)
            hi = bisect_left(starts, g_end + self._ACTOR_REACH)
            actors = actors[lo:hi]
        for a in actors:
            if covered is not None:
                if any(i in covered for i in range(a.start, a.end)):
                    continue
            elif any(a.start < e and s < a.end for s, e, *_ in excluded):
                continue
            if any(a.start < e and s < a.end for s, e in soft) and g_start < a.start and not (
                    idx.ending("BY", a.start - 1, a.start + 1) and a.start - g_end <= 2):
                continue  # a party of a commitment made later in the sentence ("attacks came after X agreed")
            sc = self._actor_score(doc, a, g_start, g_end, idx, clause, True)
            if sc > best_score:
                best, best_score = a, sc
        return best

    def _coordinated(self, doc: Doc, a: ActorRef, b: ActorRef) -> bool:
        """Whether two actor mentions (a before b) are coordinated: "Kyiv and Moscow"."""
        gap = [t for t in doc[a.end:b.start] if t.text not in _QUOTES]  # «Лукойл» и «Роснефть»
        if len(gap) > 2 and gap[0].lower_ in ("'s", "’s") and gap[1].lower_ in _EN_OWN_BODIES:
            gap = gap[2:]  # "Colombia's government and the ELN": the state's own body, then its partner
        if len(gap) == 0:
            return True
        if len(gap) > 2:
            return False
        if self.lang == "ar" and any(ar_fold(t.text) in ("ان", "بان", "وان", "انه", "انها") for t in gap):
            return False  # «الحكومة العراقية إن الفصائل تعهدت»: the source, then the subject
        # «коаліція ... та уряд Чаду», «и правительство Чада»: a government noun before the second party's name
        return all(not t.is_alpha or len(t) <= 3 or t.text.lower() in ("paramilitary",) or (
            t.i == b.start - 1 and t.lower_ in _STATE_NOUNS) for t in gap)

    def _subject_parties(self, doc: Doc, cands: list[ActorRef], commit: list[Cue], content: list[Cue],
                         idx: CueIndex, *, with_parties: bool = True) -> list[ActorRef]:
        """The parties of a commitment: the subject group nearest the commitment cue, plus
        "with/between A and B" groups between the cue and what is committed."""
        if not cands:
            return []
        anchor = min(c.start for c in commit)
        c_start = min(c.start for c in content)
        if self.lang == "ar":
            # «نفذ طيران التحالف غارة ... قبل أن يتم الإعلان عن الهدنة»: the subject of the main clause does not
            # make the truce of a temporal clause after it
            temporal = [i for i in range(max(0, anchor - 8), anchor + 1) if ar_fold(doc[i].text) in _AR_TEMPORAL
                        and i + 1 < len(doc) and ar_fold(doc[i + 1].text) in ("ان", "ما")]
            if temporal:
                cands = [a for a in cands if a.start > temporal[-1]]
                if not cands:
                    return []
            # «إنها ملتزمة بوقف إطلاق النار طالما التزمت إسرائيل به»: the party of the condition is not bound
            conds = [c.start for c in idx.label("COND") if c.start > anchor]
            if conds:
                cands = [a for a in cands if a.start < min(conds)]
                commit = [c for c in commit if c.start < min(conds)] or commit
                if not cands:
                    return []
        before = [a for a in cands if a.end <= anchor]
        after = [a for a in cands if a.start >= anchor]
        out: list[ActorRef] = []
        if self.vso:
            for k in sorted(commit, key=lambda c: c.start):
                if k.id not in _STRONG_COMMIT:
                    continue
                if k.start > c_start and idx.starting("ATTR", k.start, k.start + 1):
                    continue  # «... بحسب ما أعلنت الوساطة القطرية»: who reports it, after what is committed
                near_after = [a for a in cands if 0 <= a.start - k.end <= 3]
                if near_after:
                    # «وتوصلت إليه حركة حماس وإسرائيل»: the subject follows the verb
                    group = [a for a in near_after if a.start == near_after[0].start]  # «الطرفان»: both parties
                    for a in cands:
                        if a.start > group[-1].start and self._coordinated(doc, group[-1], a):
                            group.append(a)
                    if with_parties:
                        # «اتفقت الوزارة مع شركات جهينة وإيديتا على تثبيت الأسعار»: the parties after «مع»
                        # between the verb and what is agreed; «مع كبار المنتجين، ومنها شركة ... وشركة ...»:
                        # the names listed after "among them"
                        withs = [w.start for w in idx.label("WITH") if k.end <= w.start < c_start]
                        among = [i for i in range(k.end, c_start) if ar_fold(doc[i].text) in _AR_AMONG]
                        listed: list[ActorRef] = []
                        for a in cands:
                            if a in group or not (k.end <= a.start < c_start) or not withs or a.start < withs[0]:
                                continue
                            near_with = any(0 <= a.start - w <= 6 for w in withs)
                            after_among = any(0 < a.start - m <= 3 for m in among if m > withs[0])
                            if near_with or after_among or (listed and self._listed(doc, listed[-1], a, idx)):
                                listed.append(a)
                        group.extend(listed)
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
        for a in after:
            if a in out or not with_parties:
                continue
            if any(w.start >= anchor - 1 for w in idx.ending("WITH", a.start - 6, a.start + 1)):
                if not out or any(self._coordinated(doc, o, a) or o.start < a.start for o in out):
                    out.append(a)
        return out

    @staticmethod
    def _listed(doc: Doc, prev: ActorRef, a: ActorRef, idx: CueIndex) -> bool:
        """Whether ``a`` follows ``prev`` in a list of names: only commas, «و» and company nouns
        («وشركة») between them."""
        if a.start - prev.end > 3:
            return False
        return all(not doc[i].is_alpha or doc[i].text in ("و",) or idx.covering(i) and any(
            c.label == "COMPANY" for c in idx.covering(i)) or doc[i].text.startswith("و") and a.start == i + 1
                   for i in range(prev.end, a.start))

    def _definite_with_actor(self, doc: Doc, e: Frame) -> bool:
        """Whether the event is a definite noun whose party is only its adjective: "the Israeli strike",
        «الغارة الإسرائيلية», «Российский удар», «цей російський удар» (a reference to an attack told before)."""
        if e.actor_span is None or e.trigger is None:
            return False
        a0, a1 = e.actor_span
        i = e.trigger
        if self.lang == "ar":
            return a0 == i + 1 and bool(_AR_DEFINITE.match(ar_fold(doc[i].text))) and doc[a0].text.startswith("ال")
        if a1 != i:
            return False
        if self.lang == "en":
            return a0 > 0 and doc[a0 - 1].lower_ in ("the", "this", "that")
        if self.lang in ("ru", "uk"):
            return doc[a0].is_sent_start or (a0 > 0 and doc[a0 - 1].lower_ in _SLAVIC_DEMONSTRATIVES)
        return False

    def _anaphoric(self, doc: Doc, e: Frame, all_langs: bool = False) -> bool:
        """Whether the event's trigger is a definite reference ("the strikes"); with ``all_langs`` also
        «الغارة» (the article on the noun), «этот удар», «цей обстріл» (a demonstrative) and a
        sentence-initial noun in Russian and Ukrainian («Удар повредил», «Атака триває»)."""
        i = e.trigger if e.trigger is not None else e.start
        j = i  # "the “series of strikes”", "this wave of attacks": the determiner before a collective noun
        while j > 0 and doc[j - 1].text in _QUOTES:
            j -= 1
        if j >= 2 and doc[j - 1].lower_ == "of" and doc[j - 2].lower_ in _EN_COLLECTIVE:
            j -= 2
            while j > 0 and doc[j - 1].text in _QUOTES:
                j -= 1
        window = [t.lower_ for t in doc[max(e.start, j - 2):j]] if j == i else [t.lower_ for t in doc[max(0, j - 1):j]]
        if any(w in ("the", "these", "those", "such", "this") for w in window):
            return True
        if not all_langs or i >= len(doc):
            return False
        trig = doc[i]
        if self.lang == "ar":
            return bool(_AR_DEFINITE.match(ar_fold(trig.text))) and not any(
                t.lower_ in ("هذا", "هذه") for t in doc[max(0, i - 1):i]) or any(
                ar_fold(t.text) in ("هذه", "هذا", "تلك", "ذلك") for t in doc[i + 1:i + 2])
        if self.lang in ("ru", "uk"):
            if any(w in _SLAVIC_DEMONSTRATIVES for w in window):
                return True
            return trig.is_sent_start and trig.is_title and not trig.lower_.endswith(_SLAVIC_VERB_ENDINGS)
        return False


#: Capitalised head words that end an armed group's or organisation's own name ("Three Brotherhood
#: Alliance", "Stability Support Apparatus", "National Liberation Front").
_EN_NAME_HEADS = frozenset("""alliance front brigade brigades movement council coalition militia militias battalion
battalions corps apparatus organisation organization union committee command army guard guards lions tigers eagles
wolves hawks falcons legion regiment division group""".split())
#: Lower-case non-state group nouns after a name ("the Wazalendo militias", "Saudi-led coalition").
_EN_GROUP_NOUNS = frozenset("""militia militias rebels rebel fighters militants insurgents separatists tribesmen gunmen
coalition alliance group groups""".split())
#: Name words that are no group's name at the start of a sentence or after a preposition.
_EN_NOT_NAMES = frozenset("""the a an this that these those government state police army military security
on in at of for by from with after before during since as but and or its their his her our new former local
rival armed""".split())
#: Heads that "the <head>" refers back to ("the alliance", "the coalition"); not "the army" or "the group",
#: which as often mean a state's army or any group.
_EN_ANAPHORIC_HEADS = frozenset("""alliance coalition front brigade brigades movement militia guard battalion legion
regiment""".split())
#: Members of a group before "of" ("gunmen of the Stone Valley Guard"): the group acts.
_EN_MEMBERS = frozenset("""gunmen fighters militants members militiamen rebels troops soldiers units forces
jets aircraft warplanes drones""".split())
_DEMONYM_ENDINGS = ("ish", "ian", "ean", "ese", "i", "an", "led", "backed")


class GroupNameMixin:
    """Armed groups and organisations the actor lexicon does not know, named as written: a capitalised
    name with a group head word ("Three Brotherhood Alliance"), a name before a group noun ("the Wazalendo
    militias", "Saudi-led coalition"), and in Russian and Ukrainian a Latin-script name or acronym after a
    group noun («бойовики ELN», «угруповання Estado Mayor Central», «бойовики Армії ... (ELN)»). The name is
    the actor, so that an unlisted group's act is never given to a listed party nearby."""

    def _named_groups(self, doc: Doc, sent, refs: list[ActorRef], state: dict | None = None) -> list[ActorRef]:
        if self.lang == "en":
            out = self._en_named_groups(doc, sent, refs, state)
        elif self.lang in ("ru", "uk"):
            out = self._slavic_named_groups(doc, sent, refs)
        else:
            out = []
        led = self._led_coalitions(doc, sent, refs, state)
        if led:
            out = sorted([a for a in out if not any(a.start < b.end and b.start < a.end for b in led)] + led,
                         key=lambda a: a.start)
        if state is not None and out:
            state.setdefault("named_groups", set()).update(a.id for a in out)
        return out

    def _led_coalitions(self, doc: Doc, sent, refs: list[ActorRef], state: dict | None) -> list[ActorRef]:
        """A coalition named by the state leading it: "a coalition led by Portugal", «коалиция во главе с
        Португалией», «коаліція на чолі з Португалією», «التحالف بقيادة البرتغال» are one party, "the
        Portuguese-led coalition" (as "the Saudi-led coalition" is written), not the leading state; later
        "the coalition", «сили коаліції», «قوات التحالف» in the same article are that coalition."""
        state = state if state is not None else {}
        nouns = _COALITION_NOUNS.get(self.lang, {})
        countries = {a.start: a for a in refs if a.id in english_demonyms()}
        out: list[ActorRef] = []
        for i in range(sent.start, sent.end):
            word = ar_fold(doc[i].text) if self.lang == "ar" else doc[i].lower_
            kind = next((v for k, v in nouns.items() if word.startswith(k)), None)
            if kind is None:
                continue
            j = i + 1
            marker = next((m for m in _LED_MARKERS.get(self.lang, ()) if [
                ar_fold(t.text) if self.lang == "ar" else t.lower_ for t in doc[j:j + len(m)]] == list(m)
                if not m[-1].endswith("*")), None)
            if marker is None and self.lang in ("ru", "uk") and j < sent.end and doc[j].lower_.startswith(
                    ("возглавляем", "очолюван")):
                marker = (doc[j].lower_,)  # «коалиция, возглавляемая Францией»
            if marker is not None:
                k = j + len(marker)
                if k < sent.end and doc[k].lower_ == "the":
                    k += 1
                leader = countries.get(k)
                if leader is not None:
                    name = f"{english_demonyms()[leader.id]}-led {kind}"
                    out.append(ActorRef(name, i, leader.end))
                    state.setdefault("led_coalitions", {})[kind] = name
                    continue
            known = state.get("led_coalitions", {}).get(kind)
            if known and not any(a.start <= i < a.end and not a.id.startswith("@") for a in refs):
                out.append(ActorRef(known, i, i + 1))  # "the coalition", «сили коаліції»
        return out

    @staticmethod
    def _taken(refs: list[ActorRef], s: int, e: int, *, nonstate_ok: bool = True) -> bool:
        """Whether a named party overlaps ``s:e`` (a collective noun, «Армії», "the army", does not)."""
        return any(a.start < e and s < a.end and not a.id.startswith("@") for a in refs)

    def _en_named_groups(self, doc: Doc, sent, refs: list[ActorRef], state: dict | None = None) -> list[ActorRef]:
        out: list[ActorRef] = []
        heads: dict = state.setdefault("group_heads", {}) if state is not None else {}

        def cap(i: int) -> bool:
            t = doc[i]
            return bool(t.text[:1].isupper()) and (t.is_alpha or "-" in t.text) and len(t.text) > 1 \
                and t.lower_ not in _EN_NOT_NAMES

        # capitalised runs, joined by "of/for/the" ("Army of the Republic") and by a hyphen ("Mai-Tembo")
        for i, j in name_runs(doc, sent, cap, joiners=("of", "for", "the"), attached=("-",)):
            head = doc[j - 1].lower_
            name_end = span_end = j
            taken_ok = False
            if j + 2 < sent.end and doc[j].text == "-" and doc[j + 1].lower_ in ("led", "backed") \
                    and doc[j + 2].lower_ in _EN_GROUP_NOUNS:
                # "the Saudi-led coalition", "Iran-backed militias": the group, not the country that leads it
                name_end = span_end = j + 3
                taken_ok = True
            elif head in _EN_NAME_HEADS and j - i >= 2:
                pass  # "Three Brotherhood Alliance"
            elif j < sent.end and doc[j].lower_ in _EN_GROUP_NOUNS:
                span_end = j + 1
                # "Saudi-led coalition", "Kurdish fighters": an adjective alone names the group with its noun
                if j - i == 1 and doc[i].lower_.endswith(_DEMONYM_ENDINGS):
                    name_end = j + 1
            else:
                continue
            if (not taken_ok and self._taken(refs, i, span_end)) or self._dateline(doc, sent, i, j):
                continue
            out.append(ActorRef(doc[i:name_end].text, i, span_end))
            if doc[name_end - 1].lower_ in _EN_ANAPHORIC_HEADS:
                heads[doc[name_end - 1].lower_] = doc[i:name_end].text
        # "fighters of the alliance", "the coalition said": a group named before by its head word
        for i in range(sent.start + 1, sent.end):
            w = doc[i].lower_
            if w in heads and doc[i - 1].lower_ == "the" and not doc[i].text[:1].isupper() \
                    and not any(a.start <= i < a.end for a in out) and not self._taken(refs, i - 1, i + 1):
                out.append(ActorRef(heads[w], i - 1, i + 1))
        return sorted(out, key=lambda a: a.start)

    def _slavic_named_groups(self, doc: Doc, sent, refs: list[ActorRef]) -> list[ActorRef]:
        out: list[ActorRef] = []

        def latin(i: int) -> bool:
            t = doc[i]
            return t.text.isascii() and t.is_alpha and (t.is_upper or t.is_title)

        for a in refs:
            if a.id != "@nonstate" or not (sent.start <= a.start < sent.end):
                continue
            i = a.end
            # «бойовики Армії національного визволення (ELN)»: a written-out name, then its acronym
            k = i
            while k < min(sent.end, a.end + 6) and doc[k].text != "(" and not latin(k) and doc[k].is_alpha:
                k += 1
            if k < sent.end and doc[k].text == "(" and k + 1 < sent.end and latin(k + 1) and doc[k + 1].is_upper:
                e = k + 2
                if e < sent.end and doc[e].text == ")":
                    e += 1
                if not self._taken(refs, a.end, e, nonstate_ok=False):
                    out.append(ActorRef(doc[k + 1].text, a.start, e))
                continue
            # «бойовики ELN», «угруповання Estado Mayor Central»
            j = i
            while j < sent.end and j - i < 4 and latin(j):
                j += 1
            if j > i and not self._taken(refs, i, j, nonstate_ok=False):
                out.append(ActorRef(doc[i:j].text, a.start, j))
        return out
