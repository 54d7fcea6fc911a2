"""Attribution: who said or alleged what (source phrases of reporting and accusing cues)."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span

from tracker.extract.frames.model import _AR_FOLD_CLITIC, ActorRef, Cue, CueIndex, _bisect_claimers
from tracker.extract.normalize import ar_fold

#: Arabic complementizers after a reporting verb («قال إن», «أفاد بأن», «أعلن أنه»), folded.
_AR_COMPLEMENTIZERS = frozenset({"ان", "بان", "وان", "انه", "انها", "بانه", "بانها", "انهم", "بانهم"})


#: Words between a reported clause's subject and its event verb: "had shelled", "have since fired".
_AUX_BETWEEN = frozenset({"had", "have", "has", "were", "was", "also", "already", "reportedly", "allegedly", "then",
                          "again", "repeatedly", "since", "later", "on", "earlier", "twice"})


class AttributionMixin:
    """Attribution for :class:`~tracker.extract.frames.builder.FrameBuilder` (a mixin: uses its
    ``lang``, ``vso``, ``mediators`` and the other mixins' methods)."""

    def _claimers(self, doc: Doc, cues: list[Cue], actors: list[ActorRef], sent: Span) -> list[tuple[int, int, str | None, int]]:
        """Source phrases: (start, end, party, index of the attribution cue).

        Only sources and actors near each attribution cue can be its source, so each cue looks at
        a window of the indexed cues and the start-sorted actors (linear in the sentence)."""
        out = []
        idx = CueIndex(cues)
        reach = idx.maxlen
        a_starts = [a.start for a in actors]
        a_reach = max((a.end - a.start for a in actors), default=0)
        by_ends = {c.end for c in idx.label("BY")}
        rels = idx.label("REL")
        rel_starts = [c.start for c in rels]

        def near_actors(lo: int, hi: int) -> list[ActorRef]:
            """Actors with ``end >= lo`` and ``start < hi`` (actors do not overlap)."""
            return actors[bisect_left(a_starts, lo - a_reach):bisect_left(a_starts, hi)]

        for att in [c for c in cues if c.label in ("ATTR", "ACCUSE")]:
            cands = []
            after_cost = 0 if self.vso else 4  # SVO: the source precedes the verb unless inverted
            # "Baza, which is close to the security services, reported": skip the aside
            aside = 0
            rel = rels[:bisect_left(rel_starts, att.start)]
            if rel and doc[att.start - 1].text in ",،" and rel[-1].start > 0 and doc[rel[-1].start - 1].text in ",،":
                aside = att.start - rel[-1].start + 1
            # every candidate farther than this costs more than the largest kept cost
            lo = min(att.start - 16, (rel[-1].start - 13) if aside else att.start)
            hi = att.end + 13
            srcs = idx.starting("SRC", lo - reach, hi)
            for s in srcs:
                if s.end <= att.start:
                    d = att.start - s.end - (aside if s.end <= rel[-1].start else 0) if rel else att.start - s.end
                    cands.append((d + (2 if self.vso and d > 1 else 0), s))
                elif s.start >= att.end:
                    d = s.start - att.end
                    cands.append((d + after_cost, s))
            near = near_actors(lo, hi)
            for a in near:
                if a.start in by_ends:
                    continue  # "fired from Iran", "by Hamas": an agent, not a source
                if not self.vso and att.label == "ATTR" and a.start >= att.end and self._reported_subject(
                        doc, idx, a, sent):
                    continue  # "the rebels said Ethiopian troops had shelled": the subject of what was said
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
            if any(doc[c.start].lower_ == "by" for c in idx.starting("BY", att.end, att.end + 1)):
                # passive: "the truce announced by Putin": the source follows "by", nothing before it
                cands = [(d - 1, c) for d, c in cands if c.start >= att.end]
            cands = [c for c in cands if c[0] <= (10 if att.label == "ACCUSE" else 6)]
            if att.label == "ACCUSE" and any(c[1].end <= att.start and att.start - c[1].end <= 1 for c in cands):
                cands = [c for c in cands if c[1].end <= att.start]  # «هيئة الأركان اتهمت القوات الروسية»
            # "According to X, Y attacked": X is the source, Y is beyond the comma
            cands = [c for c in cands if not any(
                doc[i].text in ",،;؛:" for i in range(min(c[1].end, att.end), max(c[1].start, att.start)))]
            if self.lang == "ar":
                # «قال مسؤول إن الجيش قصف», «أفاد بأن طائرة إسرائيلية»: what follows the complementizer
                # is the report, not its source
                comp = next((i for i in range(att.end, min(att.end + 4, sent.end))
                             if _AR_FOLD_CLITIC(doc[i].text) in _AR_COMPLEMENTIZERS), None)
                if comp is not None:
                    cands = [c for c in cands if c[1].start < comp]
            if att.label == "ACCUSE" and not self.vso:
                cands = [c for c in cands if c[1].end <= att.start]  # the accuser is the subject, not the accused
            if not cands:
                continue
            cands.sort(key=lambda x: x[0])
            head = cands[0][1]
            start, end = head.start, head.end

            # called only in this iteration, so it reads this iteration's att and has_party
            def gap_ok(i: int) -> bool:
                return not (att.label == "ACCUSE" and has_party) and doc[i].is_alpha and len(doc[i]) > 3 and not any(  # noqa: B023
                    c.label not in ("SRC", "FORCES") for c in idx.covering(i))

            # grow over adjacent source nouns and actor names ("Russian Defence Ministry")
            grown = True
            while grown:
                grown = False
                w_lo, w_hi = start - 48, end + 48  # growth within one pass stays far inside this window
                w_actors = near_actors(w_lo, w_hi)
                for x in idx.starting("SRC", w_lo - reach, w_hi) + [Cue("ACTOR", a.id, a.start, a.end) for a in w_actors]:
                    has_party = any(a.start < end and start < a.end for a in w_actors)
                    overlap = x.start < end and start < x.end
                    span_party = next((a.id for a in w_actors if a.start < end and start < a.end), None)
                    if x.label == "ACTOR" and span_party and x.id != span_party and not overlap:
                        continue  # "Israeli minister Katz [accused] Iran": the accused is another party
                    if self.lang == "ar" and att.label == "ACCUSE" and x.label == "ACTOR" and not has_party \
                            and start >= att.end and x.start >= end and not overlap and not (
                                doc[x.start].text.startswith("ال") and ar_fold(doc[x.start].text).endswith(("ي", "يه", "يين", "يون"))
                                and x.end - x.start == 1):
                        continue  # «اتهم الجيش قوات الدعم السريع»: the accused name after the accuser noun
                    if self.lang == "ar" and att.label == "ACCUSE" and has_party and x.start >= end and not overlap \
                            and x.label == "SRC" and idx.covering(x.start) and any(
                                c.label == "FORCES" for c in idx.covering(x.start)):
                        continue  # «اتهمت قوات الدعم السريع الجيش»: the accuser, then the accused army
                    if (overlap or x.end == start or (x.end == start - 1 and gap_ok(x.end)) or x.start == end
                            or (x.start == end + 1 and gap_ok(end))) and not (x.start >= start and x.end <= end):
                        if x.end <= start and any(doc[i].text in ",،;" for i in range(x.end, start)):
                            continue
                        if x.start >= end and any(doc[i].text in ",،;" for i in range(end, x.start)):
                            continue
                        start, end = min(start, x.start), max(end, x.end)
                        grown = True
            party = next((a.id for a in near_actors(start, end) if a.start < end and start < a.end), None)
            out.append((start, end, party, att.start))
        return out

    @staticmethod
    def _reported_subject(doc: Doc, idx: CueIndex, a: ActorRef, sent: Span) -> bool:
        """Whether an actor after a reporting verb heads the reported clause: its event verb follows, past
        forces nouns ("Ethiopian troops had shelled", "SDF fighters attacked", "army drones struck"),
        auxiliaries and the adverbs of a perfect ("had already fired")."""
        k = a.end
        while k < sent.end and k - a.end <= 4:
            cov = idx.covering(k)
            if any(c.label in ("EVT", "MISS") and c.start == k for c in cov):
                return True
            if any(c.label in ("FORCES", "WPN") for c in cov) or doc[k].lower_ in _AUX_BETWEEN:
                k += 1
                continue
            return False
        return False

    @staticmethod
    def _claimer_for(claimers, actor: ActorRef | None, at: int | None = None):
        """The source of a frame: the nearest attribution before ``at`` when there are several,
        else the first source that does not contain the actor. ``claimers`` are in cue order."""
        def other(cm) -> bool:
            return not (actor is not None and cm[0] <= actor.start and actor.end <= cm[1])

        if at is not None:
            # "Pakistan said India struck ..., and India said Pakistan shelled ...": the nearest
            # attribution before the event is its source
            j = _bisect_claimers(claimers, at)
            before = []
            while j > 0 and len(before) < 2:
                j -= 1
                if other(claimers[j]):
                    before.append(j)
            if len(before) > 1:
                top = claimers[before[0]][3]
                j = before[0]
                while j > 0 and claimers[j - 1][3] == top:  # the first of equal positions, as max() does
                    j -= 1
                    if other(claimers[j]):
                        before[0] = j
                return claimers[before[0]]
        for cm in claimers:
            if other(cm):
                return cm
        return None
