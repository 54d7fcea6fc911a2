"""Frames -> records: offsets, places, dates, windows, merged mentions, MT checks, pairs."""

from __future__ import annotations

import logging
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from dataclasses import replace

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from tracker.extract.frames import CUES_KEY, Frame
from tracker.extract.lexicon import load_lang
from tracker.extract.ruler import matches
from tracker.records import Commitment, DocumentInput, Event, ExtractionResult, Mention, Pair, Place, Window

logger = logging.getLogger(__name__)

EXTRACTOR_VERSION = "tracker.extract.v1"
_TRIM = set(" \t\n\r\"'“”«»„,،.;؛:—–-()[]")
_TRIM_END = set(" \t\n\r,،;؛:—–-([")
_ENERGY_LIKE = {"energy infrastructure", "infrastructure"}


def dropped(document: DocumentInput, lang: str | None, reason: str) -> ExtractionResult:
    """A result with nothing extracted and a human-readable reason."""
    return ExtractionResult(document=document, language=lang, status="dropped", reason=reason,
                            extractor_version=EXTRACTOR_VERSION)


# ---------------------------------------------------------------- optional helpers
@lru_cache(maxsize=4096)
def _find_places(gaz, text: str, lang: str):
    return tuple(gaz.find(text, lang))


def _gazetteer():
    try:
        from tracker.geo import get_gazetteer
        return get_gazetteer()
    except ImportError:
        return None


def _country_of(name: str | None) -> str | None:
    if not name:
        return None
    try:
        from tracker.geo import country_of
    except ImportError:
        return None
    try:
        return country_of(name)
    except Exception:  # noqa: BLE001
        return None


def _find_dates(text: str, lang: str, published):
    """``find_dates``, or None when it is unavailable or failed."""
    try:
        from tracker.timex import find_dates
    except ImportError:
        return None
    try:
        return find_dates(text, lang, published)
    except Exception as e:  # noqa: BLE001
        logger.debug("find_dates failed: %s", e)
        return None


def _resolve_window(text: str, lang: str, published, dates=None, default_from=None) -> Window:  # noqa: ANN001
    try:
        from tracker.timex import resolve_window
    except ImportError:
        return Window()
    try:
        if default_from is not None:
            return resolve_window(text, lang, published, dates=dates, default_from=default_from) or Window()
        return resolve_window(text, lang, published, dates=dates) or Window()
    except Exception as e:  # noqa: BLE001
        logger.debug("resolve_window failed: %s", e)
        return Window()


def _pair(commitments, events) -> list[Pair]:
    from tracker.pairing.rules import pair_document

    return list(pair_document(commitments, events))


# ---------------------------------------------------------------- offsets
def _char_span(bounds: tuple[list[int], list[int]], start: int, end: int, offset: int, body: str) -> tuple[int, int]:
    """Token span -> trimmed character span into the original body."""
    s = bounds[0][start] + offset
    e = bounds[1][end - 1] + offset
    while s < e and body[s] in _TRIM:
        s += 1
    while e > s and body[e - 1] in _TRIM_END:
        e -= 1
    # keep a closing quote or bracket only when its opener is inside the span
    while e > s and body[e - 1] in "\"”»)]'" and body[e - 1] not in body[s:e - 1]:
        e -= 1
    return s, e


def _places(text: str, lang: str, s_char: int, e_char: int, blocked: list[tuple[int, int]]):
    gaz = _gazetteer()
    if gaz is None:
        return []
    try:
        found = _find_places(gaz, text[s_char:e_char], lang)
    except Exception as e:  # noqa: BLE001
        logger.debug("gazetteer failed: %s", e)
        return []
    out = []
    for ps, pe, place in found:
        a, b = ps + s_char, pe + s_char
        if any(a < be and bs < b for bs, be in blocked):
            continue
        out.append((a, b, place))
    return out


# ---------------------------------------------------------------- token offsets and sentences
#: cue labels whose words may also be part of a place name (never block a place)
_NOT_BLOCKING = frozenset({"SCOPE", "TGT", "PREP_V", "CONJ", "BY", "WITH", "NEG", "REL"})


def _token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character of every token, read as two arrays."""
    arr = doc.to_array([IDX, LENGTH]).astype("int64")
    starts = arr[:, 0]
    return starts.tolist(), (starts + arr[:, 1]).tolist()


class _Sent:
    """What records need of a sentence ``Span``: token bounds, character bounds and text."""

    __slots__ = ("start", "end", "start_char", "end_char", "text")

    def __init__(self, start: int, end: int, text: str, tok_idx: list[int], tok_end: list[int]) -> None:
        self.start, self.end = start, end
        if end > start:
            self.start_char, self.end_char = tok_idx[start], tok_end[end - 1]
        else:  # an empty span sits where its start token does
            self.start_char = self.end_char = tok_idx[start] if start < len(tok_idx) else len(text)
        self.text = text[self.start_char:self.end_char]


def _sentences(doc: Doc, text: str, tok_idx: list[int], tok_end: list[int]) -> list[_Sent]:
    """``doc.sents`` from the sentence-start array: a sentence starts at token 0 and wherever
    ``sent_start`` is 1."""
    n = len(doc)
    if not n:
        return []
    flags = doc.to_array(SENT_START).astype("int64")
    bounds = [0, *(numpy.flatnonzero(flags[1:] == 1) + 1).tolist(), n]
    return [_Sent(a, b, text, tok_idx, tok_end) for a, b in pairwise(bounds)]


def _text_between(text: str, tok_idx: list[int], tok_end: list[int], start: int, end: int) -> str:
    """``doc[start:end].text``."""
    return text[tok_idx[start]:tok_end[end - 1]] if end > start else ""


class _Memo:
    """A function's results for one document, by argument."""

    __slots__ = ("fn", "seen")

    def __init__(self, fn) -> None:  # noqa: ANN001
        self.fn = fn
        self.seen: dict = {}

    def __call__(self, key):  # noqa: ANN001, ANN204
        try:
            return self.seen[key]
        except KeyError:
            value = self.seen[key] = self.fn(key)
            return value


# ---------------------------------------------------------------- build
@lru_cache(maxsize=None)
def _generic_agents(lang: str) -> frozenset[str]:
    """The language's unnamed non-state agents ("militants", «مسلحين»): an actor that is only one of
    these words names nobody."""
    return frozenset(p["pattern"].casefold() for p in load_lang(lang).actor_patterns
                     if p.get("id") == "@nonstate" and isinstance(p["pattern"], str))


def build_result(document: DocumentInput, lang: str, parts: list[tuple[int, Doc]]) -> ExtractionResult:
    """Turn the frames of one document (possibly in chunks) into an ``ExtractionResult``.

    ``parts`` holds ``(offset, doc)`` pairs, each doc made by the pipeline from the body's text
    starting at ``offset``.
    """
    body = document.body
    published = document.published
    commitments: list[Commitment] = []
    c_keys: list[tuple] = []
    strengths: list[int] = []
    events: list[Event] = []
    e_keys: list[tuple] = []
    owners: Counter = Counter()
    victims_by_event: dict[str, list[str]] = {}
    for offset, sdoc in parts:
        last_when = None
        frames: list[Frame] = sdoc._.tracker_frames or []
        if not frames:
            continue
        # token offsets and sentences read once as arrays (no Token or Span object per token)
        tok_idx, tok_end = _token_offsets(sdoc)
        # the doc was made from this stretch of the body, and spaCy keeps every character:
        # its text is that stretch (``sdoc.text`` would rebuild it token by token)
        text = body[offset:offset + tok_end[-1] + len(sdoc[-1].whitespace_)] if len(sdoc) else ""
        sents = _sentences(sdoc, text, tok_idx, tok_end)
        cue_chars = None  # cue spans never taken for places; only needed once there is an event
        # per document: the same sentence (or tail of one) is dated once, however many frames it holds
        dates_of = _Memo(lambda t: _find_dates(t, lang, published))
        window_of = _Memo(lambda t: _resolve_window(t, lang, published, dates_of(t)))  # noqa: B023 - same iteration
        title = " ".join((document.title or "").split())
        if title:
            # the headline repeated at the top of the body summarises events reported below
            frames = [f for f in frames if not (f.kind == "event" and f.sent < len(sents)
                                                and " ".join(sents[f.sent].text.split()) == title)]
        generic = _generic_agents(lang)
        if generic:
            # «مسلحين», «الفصائل» alone: an agent for the sentence's grammar, but no party anyone can
            # hold to a commitment (the actor is unknown, so it never pairs)
            frames = [replace(f, actor=None) if f.actor and f.actor.casefold() in generic else f for f in frames]
        per_sent = Counter(f.sent for f in frames if f.kind == "event")
        for f in frames:
            sent = sents[f.sent] if f.sent < len(sents) else _Sent(f.start, f.end, text, tok_idx, tok_end)
            if f.kind == "commitment" or per_sent[f.sent] == 1:
                # one item in the sentence: the sentence is its evidence
                start, end = _char_span((tok_idx, tok_end), sent.start, sent.end, offset, body)
            else:
                start, end = _char_span((tok_idx, tok_end), f.start, f.end, offset, body)
            if end <= start:
                continue
            evidence = body[start:end]
            sent_text = sent.text
            claimed = None
            if f.claimer:
                cs, ce = _char_span((tok_idx, tok_end), f.claimer[0], f.claimer[1], offset, body)
                claimed = body[cs:ce] or None
            if f.kind == "commitment":
                window = window_of(sent_text)
                # "... agreed a week-long truce, from Monday evening": a start stated after the
                # commitment beats a date earlier in the sentence (which dates the report)
                tail = window_of(_text_between(text, tok_idx, tok_end, f.start, sent.end))
                if _explicit_from(tail, published) and tail.valid_from != window.valid_from:
                    window = tail
                if f.trigger is not None and f.trigger < sent.end:
                    # the effect verb after the announcement ("announced on 28 April ... will be in
                    # force from 8 May", «объявил 28 апреля перемирие, которое будет действовать с 8 мая»)
                    eff = window_of(_text_between(text, tok_idx, tok_end, f.trigger, sent.end))
                    if _explicit_from(eff, published) and eff.valid_from != window.valid_from:
                        window = replace(eff, valid_until=eff.valid_until or window.valid_until,
                                         until_precision=eff.until_precision if eff.valid_until else window.until_precision)
                scope_country = _country_of(f.scope)
                # an extension ("the truce will be extended until 18 February") is a new commitment
                # with its own window, not a mention of the first one
                key = (f.actor, f.polarity, f.target, "extension" in f.flags)
                mention = Mention(evidence, start, end)
                if key in c_keys:
                    i = c_keys.index(key)
                    c = commitments[i]
                    if any(m.start == start for m in (Mention(c.evidence, c.start, c.end), *c.mentions)):
                        continue
                    if published is not None and _explicit_from(c.window, published) != _explicit_from(window, published):
                        # one mention dates the deal, the other gives its length ("took effect on 2 March" ...
                        # "for 30 days"): the undated one is read from the dated one's start
                        if _explicit_from(c.window, published):
                            window = _resolve_window(sent_text, lang, published, dates_of(sent_text),
                                                     default_from=c.window.valid_from)
                        else:
                            c = replace(c, window=_resolve_window(c.evidence, lang, published,
                                                                  default_from=window.valid_from))
                    window = _merge_windows(c.window, window, published)
                    better = (c.conditional and not f.conditional) or f.strength > strengths[i]
                    if better:
                        strengths[i] = f.strength
                    if better:
                        commitments[i] = replace(
                            c, evidence=evidence, start=start, end=end, stated_by=claimed or c.stated_by,
                            mentions=c.mentions + (Mention(c.evidence, c.start, c.end),), confidence=f.confidence,
                            window=window,
                            scope_place=c.scope_place or f.scope, scope_country=c.scope_country or scope_country,
                            flags=tuple(x for x in c.flags if x != "implied_parties") + tuple(
                                x for x in f.flags if x not in c.flags))
                    else:
                        commitments[i] = replace(
                            c, mentions=c.mentions + (mention,),
                            window=window,
                            scope_place=c.scope_place or f.scope, scope_country=c.scope_country or scope_country)
                    continue
                c_keys.append(key)
                strengths.append(f.strength)
                commitments.append(Commitment(
                    id="", actor=f.actor or "unknown", stated_by=claimed, polarity=f.polarity, action=f.action,
                    target=f.target, evidence=evidence, start=start, end=end, scope_place=f.scope,
                    scope_country=scope_country, window=window, confidence=f.confidence,
                    conditional=f.conditional, flags=tuple(f.flags)))
                if f.scope:
                    owners[(f.target, f.scope)] += 1
            else:
                if cue_chars is None:
                    cue_chars = [(tok_idx[s], tok_end[e - 1]) for label, _id, s, e in matches(sdoc, CUES_KEY)
                                 if label not in _NOT_BLOCKING]
                blocked = cue_chars + ([(tok_idx[f.claimer[0]], tok_end[f.claimer[1] - 1])] if f.claimer else [])
                if f.actor_span:
                    a0, a1 = f.actor_span
                    blocked.append((tok_idx[a0], tok_end[a1 - 1]))
                ev_s, ev_e = start - offset, end - offset
                places = _places(text, lang, ev_s, ev_e, blocked) or _places(
                    text, lang, sent.start_char, sent.end_char, blocked)
                place = _choose_place(places)
                trig = f.trigger if f.trigger is not None and f.start <= f.trigger < f.end else f.start
                when = _choose_date(dates_of(sent_text) or [], tok_idx[trig] - sent.start_char,
                                    (tok_idx[f.start] - sent.start_char, tok_end[f.end - 1] - sent.start_char))
                if when is None and last_when is not None and f.sent - last_when[0] <= 2 and f.actor:
                    # "the strikes" of the next sentences happened when the last ones did (a narrative goes
                    # on: «تواصل القتال اليوم ... وقصف سلاح الجو»; measured: limiting it to the same party
                    # loses dated events before a truce on the dev and held-out sets)
                    when = last_when[1]
                elif when is not None:
                    last_when = (f.sent, when)
                victims = list(f.victims)
                party = None
                if claimed:
                    party = f.claimer_party
                key = (f.actor, f.action, f.target, place.name if place else None,
                       when.earliest if when else None)
                same = None
                if f.actor and "actor_from_context" in f.flags:
                    # a follow-up sentence about the last attack, unless it adds a new place or target
                    for i in range(len(events) - 1, -1, -1):
                        prev = events[i]
                        if prev.actor != f.actor:
                            continue
                        new_place = place and (not prev.place or prev.place.name != place.name)
                        if not new_place and f.target in (prev.target, "unspecified"):
                            same = i
                        break
                if same is not None:
                    i = same
                    events[i] = replace(events[i], mentions=events[i].mentions + (Mention(evidence, start, end),))
                    continue
                e_keys.append(key)
                eid = f"e{len(events) + 1}"
                victims_by_event[eid] = victims
                if place and place.country:
                    owners[(f.target, place.country)] += 1
                for v in victims:
                    owners[(f.target, v)] += 1
                events.append(Event(
                    id=eid, actor=f.actor, claimed_by=claimed, action=f.action, target=f.target,
                    evidence=evidence, start=start, end=end, polarity=f.polarity, claimed_by_party=party,
                    place=place, when=when, confidence=f.confidence if f.actor else min(f.confidence, 0.5),
                    flags=tuple(f.flags)))
    commitments = _fold_unspecified(commitments)
    commitments = _date_from_article(commitments, lang, published)
    events = _mt_check(events, owners, victims_by_event)
    commitments = [replace(c, id=f"c{i + 1}") for i, c in enumerate(commitments)]
    pairs = _pair(commitments, events) if commitments and events else []
    if not commitments and not events:
        return dropped(document, lang, "no commitment or event found")
    return ExtractionResult(document=document, language=lang, commitments=tuple(commitments), events=tuple(events),
                            pairs=tuple(pairs), status="extracted", extractor_version=EXTRACTOR_VERSION)


def _explicit_from(w: Window, published) -> bool:
    """Whether the window's start was stated (not just the publication date by default)."""
    return w.valid_from is not None and w.valid_from != published


def _fold_unspecified(commitments: list[Commitment]) -> list[Commitment]:
    """"Putin ordered a halt to such attacks": a commitment with no target of its own is a
    mention of the same party's commitment with the same polarity, when there is one."""
    out = list(commitments)
    for c in commitments:
        if c.target != "unspecified":
            continue
        host = next((o for o in out if o is not c and o.actor == c.actor and o.polarity == c.polarity
                     and o.target != "unspecified"), None)
        if host is None:
            continue
        i = out.index(host)
        mentions = tuple(sorted(host.mentions + (Mention(c.evidence, c.start, c.end),) + c.mentions,
                                key=lambda m: m.start))
        out[i] = replace(host, mentions=mentions)
        out.remove(c)
    return out


#: how many days before the report an agreement dated elsewhere in the article may start a mention
#: of it that gives no date ("the deal calls for a 60-day halt", "days after the parties agreed ...")
_ARTICLE_DATE_DAYS = 60


def _date_from_article(commitments: list[Commitment], lang: str, published) -> list[Commitment]:  # noqa: ANN001
    """A commitment whose own sentences give no start (its window starts on the report's day by default)
    starts when the article dates the agreement elsewhere: the stated start of the nearest other
    commitment, when that is a day shortly before the report. Events between that day and the
    report are then inside the window."""
    if published is None or len(commitments) < 2:
        return commitments
    dated = [c for c in commitments if c.window.valid_from is not None and c.window.from_precision == "day"
             and 0 < (published - c.window.valid_from).days <= _ARTICLE_DATE_DAYS]
    if not dated:
        return commitments
    out = []
    for c in commitments:
        w = c.window
        if w.valid_from != published or any(c is d for d in dated) or _dates_report_day(c.evidence, lang, published):
            out.append(c)
            continue
        anchor = min(dated, key=lambda o: abs(o.start - c.start)).window.valid_from
        new = _resolve_window(c.evidence, lang, published, default_from=anchor)
        out.append(replace(c, window=new) if new.valid_from == anchor else c)
    return out


def _dates_report_day(text: str, lang: str, published) -> bool:  # noqa: ANN001
    """Whether ``text`` itself names the report's day ("today", "on Thursday" of a Thursday report)."""
    return any(span.precision == "day" and span.earliest == published
               for _, _, span in (_find_dates(text, lang, published) or []))


def _merge_windows(a: Window, b: Window, published) -> Window:
    """The window of the mention that says most (a stated start, an end); the first on ties."""
    def info(w: Window) -> int:
        return 2 * _explicit_from(w, published) + (w.valid_until is not None)
    best, other = (b, a) if info(b) > info(a) else (a, b)
    if best.valid_until is None and other.valid_until is not None and other.valid_from == best.valid_from:
        # the same start, and only the other mention says when it ends
        best = replace(best, valid_until=other.valid_until, until_precision=other.until_precision)
    return best


def _choose_place(places: list[tuple[int, int, Place]]) -> Place | None:
    if not places:
        return None
    rank = {"city": 0, "region": 1, "area": 2, "country": 3, None: 4}
    return sorted(places, key=lambda p: (rank.get(p[2].precision, 4), p[0]))[0][2]


def _choose_date(dates, anchor: int, span: tuple[int, int] | None = None):
    """The date of an event: one written inside its own span (clause) nearest its trigger ``anchor``;
    else the one nearest that span (a date of another clause, e.g. of the report, only when no other)."""
    if not dates:
        return None
    if span is not None:
        inside = [d for d in dates if span[0] <= d[0] < span[1]]
        if inside:
            return min(inside, key=lambda d: abs(d[0] - anchor))[2]
        return min(dates, key=lambda d: (max(span[0] - d[1], d[0] - span[1], 0), abs(d[0] - anchor)))[2]
    return min(dates, key=lambda d: abs(d[0] - anchor))[2]


def _mt_check(events: list[Event], owners: Counter, victims_by_event: dict[str, list[str]]) -> list[Event]:
    """Flag events whose actor attacks what the same article says is its own.

    A mistranslation can turn "Kyiv keeps coming under attack" into "Kyiv continues
    attacks": the actor is then the owner of the target, which the rest of the article
    contradicts. Such events keep their extraction but get ``mt_suspect`` and half the
    confidence, so that pairing never treats them as firm.
    """
    out = []
    for e in events:
        if not e.actor or e.target not in _ENERGY_LIKE | {"civilians"}:
            out.append(e)
            continue
        own = _country_of(e.actor)
        explicit_owner = victims_by_event.get(e.id) or []
        place_c = e.place.country if e.place else None
        if explicit_owner:
            suspect = e.actor in explicit_owner
        elif place_c:
            suspect = False
        else:
            tallies = Counter()
            for (target, who), n in owners.items():
                if target in _ENERGY_LIKE if e.target in _ENERGY_LIKE else target == e.target:
                    tallies[who] += n
            top = tallies.most_common(1)
            suspect = bool(top) and not e.claimed_by and (top[0][0] == e.actor or (own and top[0][0] == own))
        if suspect:
            e = replace(e, flags=e.flags + ("mt_suspect",), confidence=e.confidence * 0.5)
        out.append(e)
    return out
