"""The pairing rules: does an event contradict a commitment?

One implementation, used by ``tracker.extract`` for in-document pairs and by the
database-wide ``tracker.pairing.engine`` on candidates found by indexed queries.

A pair needs, in this order:

1. the same actor (an event with no actor never pairs);
2. an action of the same family, with opposed polarity: a ``refrain`` commitment
   against a ``did`` event, a ``perform`` commitment against a ``stopped`` event;
3. a target inside the commitment's target scope (``covers``), or possibly inside
   it (``partly``: flagged ``target_uncertain``);
4. a place inside the commitment's place scope (unknown: flagged ``place_uncertain``);
5. a time inside the window. Imprecise dates are treated as ranges of readings: inside
   under every reading is fine, inside under only some readings is flagged
   ``timing_uncertain``, inside under none is no pair.

The score starts at 1 and is lowered by each uncertainty, then blended with the
extraction confidences. Reasons are plain language for the reviewer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Iterable

from tracker.records import Commitment, Event, Pair, PairVerdict, TimeSpan, Window

PAIRING_VERSION = "tracker.pairing.v1"

_MISSED = re.compile(r"\b(?:miss|missed|misses|fail|failed|fails|did not|didn't|not meet|not met|not hit|fell short)\b",
                     re.IGNORECASE)

__all__ = [
    "PAIRING_VERSION",
    "evaluate",
    "pair_document",
    "action_family",
    "covered_targets",
    "partly_covered_targets",
    "target_relation",
    "taxonomy",
    "window_bounds",
]

# Multipliers applied to the score for each uncertainty.
_PENALTY = {
    "target_uncertain": 0.75,
    "place_uncertain": 0.85,
    "timing_uncertain": 0.7,
    "open_start": 0.85,
    "undated_event": 0.6,
    "opposing_claim": 0.85,
    "conditional": 0.9,
    "mt_suspect": 0.5,
    "denied": 0.8,
}


# --------------------------------------------------------------------------- taxonomy


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    """The parsed ``taxonomy.json``."""
    text = resources.files("tracker.pairing").joinpath("taxonomy.json").read_text(encoding="utf-8")
    return json.loads(text)


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().replace("-", " ").split())


@lru_cache(maxsize=1)
def _family_index() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    tax = taxonomy()
    exact: dict[str, str] = {}
    for family, members in tax["action_families"].items():
        exact[_norm(family)] = family
        for m in members:
            exact.setdefault(_norm(m), family)
    words: list[tuple[str, str]] = []
    for family, heads in tax.get("action_words", {}).items():
        if family.startswith("_"):
            continue
        for h in heads:
            words.append((h.casefold(), family))
    return exact, tuple(words)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def action_family(action: str | None) -> str | None:
    """The action family of a (normalised or free-text) action, e.g. "missile strike" -> "military"."""
    if not action:
        return None
    exact, words = _family_index()
    key = _norm(action)
    if key in exact:
        return exact[key]
    singular = " ".join(_singular(w) for w in key.split())
    if singular in exact:
        return exact[singular]
    # Free text: "drone attacks", "use of force / military use of commercial vessels".
    for part in key.replace("/", ",").split(","):
        part = " ".join(_singular(w) for w in part.split())
        if part in exact:
            return exact[part]
    for head, family in words:
        for token in key.replace("/", " ").split():
            if token.startswith(head) and not token.startswith("ceasefire"):
                return family
    return None


@lru_cache(maxsize=1)
def _military_targets() -> frozenset[str]:
    return frozenset(_norm(t) for t in taxonomy().get("military_targets", ()))


@lru_cache(maxsize=1)
def _known_targets() -> frozenset[str]:
    """Taxonomy target names and military targets, normalised."""
    return frozenset({_norm(t) for t in taxonomy()["targets"]} | _military_targets())


def _expand(items: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for item in items:
        if item.startswith("*"):
            family = item[1:]
            if family == "military":
                out |= _military_targets()
            else:
                out.add(_norm(family))
        else:
            out.add(_norm(item))
    return out


@lru_cache(maxsize=1024)
def covered_targets(target: str | None) -> frozenset[str]:
    """Event targets fully inside a commitment target's scope ("infrastructure" covers "energy infrastructure")."""
    key = _norm(target)
    if not key:
        return frozenset()
    entry = _target_entry(key)
    if entry is None:
        return frozenset({key})
    return frozenset(_expand(entry.get("covers", ())) | {key})


@lru_cache(maxsize=1024)
def partly_covered_targets(target: str | None) -> frozenset[str]:
    """Event targets that may or may not be inside the scope ("unspecified" for an energy pause)."""
    entry = _target_entry(_norm(target))
    if entry is None:
        return frozenset()
    return frozenset(_expand(entry.get("partly", ())))


def _target_entry(key: str) -> dict | None:
    targets = taxonomy()["targets"]
    for name, entry in targets.items():
        if _norm(name) == key:
            return entry
    return None


@lru_cache(maxsize=4096)
def _canonical_target(target: str | None) -> str:
    """Fold free-text targets onto taxonomy names: "energy infrastructure (oil refinery)" -> "energy infrastructure"."""
    key = _norm(target)
    if not key:
        return "unspecified"
    known = _known_targets()
    if key in known:
        return key
    base = key.split("(")[0].strip()
    if base in known:
        return base
    if "energy" in key or "power" in key or "refiner" in key or "oil" in key or "gas" in key:
        return "energy infrastructure"
    return key


@lru_cache(maxsize=8192)
def target_relation(commitment_target: str | None, event_target: str | None, family: str | None = None) -> str:
    """``covers``, ``partly`` or ``outside``. (A pure function of its strings: cached, since a
    database-wide re-pair asks about the same few target pairs hundreds of thousands of times.)"""
    c = _canonical_target(commitment_target)
    e = _canonical_target(event_target)
    if e in covered_targets(c):
        return "covers"
    if e in partly_covered_targets(c):
        return "partly"
    if c == "all hostilities" and family == "military":
        return "covers"
    known = _known_targets()
    if c in known and e in known:
        return "outside"
    if family and family != "military":
        # Non-military families (tariffs, pledges): the family already carries the scope.
        return "partly" if c != e else "covers"
    if c not in known and e not in known:
        return "covers" if c == e else "partly"
    return "partly"


# --------------------------------------------------------------------------- actors


_US = {"us", "u.s.", "usa", "u.s.a.", "united states", "united states of america", "america"}


def _fold_actor(name: str) -> str:
    key = " ".join(name.casefold().replace("the ", " ").split())
    if key in _US:
        return "united states"
    return key


def _same_actor(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    try:  # the actors package knows more aliases, when it is there
        from tracker.actors import same_actor  # type: ignore

        return bool(same_actor(a, b))
    except Exception:  # noqa: BLE001 - optional dependency between parts
        return _fold_actor(a) == _fold_actor(b)


# --------------------------------------------------------------------------- time


#: A commitment with a start but no stated end counts as lapsed this many days on,
#: and pairings later than OPEN_WINDOW_DOUBT_DAYS are flagged "timing uncertain".
OPEN_WINDOW_LAPSE_DAYS = 365
OPEN_WINDOW_DOUBT_DAYS = 90
#: Corporate and economic pledges with no stated end ("stop all sales in Russia", "no layoffs",
#: "keep the plant open") are meant to last: they lapse after this many days, and pairings later
#: than PLEDGE_DOUBT_DAYS are flagged.
PLEDGE_LAPSE_DAYS = 3 * 365
PLEDGE_DOUBT_DAYS = 365
_LASTING_FAMILIES = frozenset({"sales", "employment", "plant closure", "prices", "trade", "export restriction",
                               "output", "disconnection", "deforestation", "industrial action", "debt",
                               "user data"})


def _period(day: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """Every day a bound given with ``precision`` may stand for."""
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if precision == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    return day, day


def _day(value) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def window_bounds(window: Window) -> tuple[tuple[dt.date, dt.date] | None, tuple[dt.date, dt.date] | None]:
    """(earliest, latest) readings of the window's start and end; None when open."""
    vf, vu = _day(window.valid_from), _day(window.valid_until)
    start = _period(vf, window.from_precision or "day") if vf else None
    end = _period(vu, window.until_precision or "day") if vu else None
    return start, end


def _fmt_window(window: Window) -> str:
    a = _day(window.valid_from).isoformat() if window.valid_from else "an unknown start"
    b = _day(window.valid_until).isoformat() if window.valid_until else "open end"
    return f"{a} – {b}"


def _fmt_event_time(event: Event) -> str:
    w = event.when
    if w is None or w.earliest is None:
        return "event"
    if w.earliest == w.latest or w.latest is None:
        return f"event {_day(w.earliest).isoformat()}"
    return f"event {_day(w.earliest).isoformat()}–{_day(w.latest).isoformat()}"


def _time_check(commitment: Commitment, event: Event, family: str | None = None) -> tuple[str, list[str], list[str]]:
    """``inside`` | ``uncertain`` | ``open_start`` | ``undated`` | ``before`` | ``after``, reasons, flags."""
    lapse, doubt = (PLEDGE_LAPSE_DAYS, PLEDGE_DOUBT_DAYS) if family in _LASTING_FAMILIES else (
        OPEN_WINDOW_LAPSE_DAYS, OPEN_WINDOW_DOUBT_DAYS)
    window = commitment.window
    start, end = window_bounds(window)
    w = event.when
    if w is None or not w.anchored:
        flags = ["timing_uncertain"]
        if start is None and end is None:
            return "undated", ["event date unknown; the commitment's window is open"], flags
        return "undated", [f"event date unknown; window {_fmt_window(window)}"], flags
    if w.earliest is None and w.latest is not None:
        w = TimeSpan(None, _day(w.latest), w.precision, w.text, w.relative, w.time_of_day)
        # reported by a date, no earlier bound: only "before the window" can be told
        if start is not None and w.latest < start[0]:
            return "before", [f"event reported by {w.latest.isoformat()}, before the window starts "
                              f"({start[0].isoformat()})"], []
        return "uncertain", [f"event date unknown (reported by {w.latest.isoformat()}); "
                             f"window {_fmt_window(window)}"], ["timing_uncertain"]
    e1 = _day(w.earliest or w.latest)
    e2 = _day(w.latest or w.earliest)
    assert e1 is not None and e2 is not None
    if start is not None and e2 < start[0]:
        return "before", [f"{_fmt_event_time(event)} is before the window starts ({start[0].isoformat()})"], []
    if end is not None and e1 > end[1]:
        return "after", [f"{_fmt_event_time(event)} is after the window ended ({end[1].isoformat()})"], []
    label = _fmt_event_time(event)
    stale: list[str] = []
    if end is None and start is not None:
        # A commitment with no stated end is not binding forever: past a horizon it
        # is treated as lapsed, and well before that the pairing is flagged.
        age = (e1 - start[1]).days
        if age > lapse:
            return "after", [f"{label} is {age} days after an open-ended commitment began "
                             f"({start[0].isoformat()}); treated as lapsed after {lapse} days"], []
        if age > doubt:
            stale.append(f"timing uncertain: the commitment states no end and began {age} days before the event")
    if start is None:
        if end is not None and e2 > end[0]:
            return "uncertain", [f"{label} may fall after the window ends ({end[0].isoformat()})"], [
                "timing_uncertain"
            ]
        return "open_start", [f"{label}; the window's start is unknown ({_fmt_window(window)})"], []
    reasons: list[str] = []
    flags: list[str] = []
    certain = True
    # Announced on day D: an event on D may have come before or after the announcement.
    if e1 <= start[1]:
        certain = False
        if e1 == e2 == start[0] == start[1]:
            reasons.append("timing uncertain: same day as the announcement")
        elif e1 <= start[1] <= e2 and w.precision == "range":
            reasons.append("timing uncertain: the event's date range overlaps the window's start")
        else:
            reasons.append("timing uncertain: the window's start is not known to the day")
    if end is not None and e2 > end[0]:
        certain = False
        reasons.append("timing uncertain: the event may fall after the window ends")
    if stale:
        certain = False
        reasons.extend(stale)
    if certain:
        reasons.insert(0, f"{label} is inside the window {_fmt_window(window)}")
        return "inside", reasons, flags
    reasons.insert(0, f"{label} may be inside the window {_fmt_window(window)}")
    flags.append("timing_uncertain")
    return "uncertain", reasons, flags


# --------------------------------------------------------------------------- place


def _place_check(commitment: Commitment, event: Event) -> tuple[bool | None, str | None]:
    scope_country = commitment.scope_country
    scope_place = commitment.scope_place
    if not scope_country and not scope_place:
        return True, None
    place = event.place
    where = (place.name or place.raw) if place else None
    try:
        from tracker.geo import in_scope

        result = in_scope(scope_country, scope_place, place)
    except Exception:  # noqa: BLE001 - geo unavailable: fall back on country codes
        result = None
        if place is not None and place.country and scope_country:
            result = place.country.upper() == scope_country.upper()
    scope = scope_place or scope_country
    if result is True:
        return True, f"place {where} is within the commitment's scope ({scope})"
    if result is False:
        country = f" ({place.country})" if place and place.country else ""
        return False, f"place {where}{country} is outside the commitment's scope ({scope})"
    if place is None:
        return None, f"place unknown; the commitment applies to {scope}"
    return None, f"place {where} may or may not be within {scope}"


# --------------------------------------------------------------------------- evaluate


#: Extraction flags for events that their own article places outside the truce they
#: mention ("hours before the truce took effect", "after the truce ended").
OUTSIDE_WINDOW_FLAGS = frozenset({"before_window", "after_window"})


def evaluate(commitment: Commitment, event: Event) -> PairVerdict | None:
    """A verdict when ``event`` contradicts ``commitment``, else None."""
    if not event.actor or not commitment.actor:
        return None
    if not _same_actor(commitment.actor, event.actor):
        return None
    if OUTSIDE_WINDOW_FLAGS & set(event.flags):
        # the event's own article places it before the truce began or after it ended
        return None
    # polarity
    wanted = "did" if commitment.polarity == "refrain" else "stopped"
    if event.polarity != wanted:
        return None
    c_family = action_family(commitment.action) or action_family(commitment.target)
    e_family = action_family(event.action)
    if c_family is None or e_family is None or c_family != e_family:
        return None

    reasons: list[str] = [f"same actor: {commitment.actor}"]
    flags: list[str] = []
    score = 1.0

    if commitment.polarity == "refrain":
        reasons.append(f"{event.action} is a {c_family} action the commitment rules out")
    else:
        reasons.append(f"the event reports {c_family} stopping, which the commitment promised to keep up")

    relation = target_relation(commitment.target, event.target, c_family)
    if relation == "outside":
        return None
    if relation == "covers":
        reasons.append(f"target {event.target} is within the commitment's scope ({commitment.target})")
    else:
        reasons.append(f"target {event.target} may be outside the commitment's scope ({commitment.target})")
        flags.append("target_uncertain")
        score *= _PENALTY["target_uncertain"]

    in_place, place_reason = _place_check(commitment, event)
    if in_place is False:
        return None
    if place_reason:
        reasons.append(place_reason)
    if in_place is None:
        flags.append("place_uncertain")
        score *= _PENALTY["place_uncertain"]

    timing, t_reasons, t_flags = _time_check(commitment, event, c_family)
    if timing == "after" and _MISSED.search(event.action or "") and commitment.window.valid_until is not None:
        # a missed deadline is only known once the deadline has passed
        timing, t_flags = "inside", []
        t_reasons = [f"the event reports the commitment's deadline ({commitment.window.valid_until.isoformat()}) missed"]
    if timing in ("before", "after"):
        return None
    reasons.extend(t_reasons)
    flags.extend(t_flags)
    if timing == "uncertain":
        score *= _PENALTY["timing_uncertain"]
    elif timing == "open_start":
        score *= _PENALTY["open_start"]
    elif timing == "undated":
        score *= _PENALTY["undated_event"]

    if event.claimed_by_party and not _same_actor(event.claimed_by_party, event.actor):
        if not _same_actor(event.claimed_by_party, commitment.actor):
            reasons.append(f"claimed only by the opposing side ({event.claimed_by_party})")
            flags.append("opposing_claim")
            score *= _PENALTY["opposing_claim"]
    if commitment.conditional:
        reasons.append("commitment is conditional/reciprocal")
        flags.append("conditional")
        score *= _PENALTY["conditional"]
    event_flags = set(event.flags)
    if event_flags & {"mt_suspect", "contradicted_in_document"}:
        reasons.append("the event's sentence may be a mistranslation (contradicted in the same article)")
        flags.append("mt_suspect")
        score *= _PENALTY["mt_suspect"]
    if "denied" in event_flags:
        reasons.append("the accused side denies the event")
        flags.append("denied")
        score *= _PENALTY["denied"]

    confidence = min(max(commitment.confidence, 0.0), 1.0) * min(max(event.confidence, 0.0), 1.0)
    score = score * (0.6 + 0.4 * confidence**0.5)
    seen: set[str] = set()
    uniq_flags = tuple(f for f in flags if not (f in seen or seen.add(f)))
    return PairVerdict(score=round(min(max(score, 0.0), 1.0), 3), reasons=tuple(reasons), flags=uniq_flags)


def pair_document(commitments: Iterable[Commitment], events: Iterable[Event]) -> list[Pair]:
    """Every (commitment, event) pair of one document that the rules accept, best first per event."""
    events = list(events)
    pairs: list[Pair] = []
    for c in commitments:
        for e in events:
            verdict = evaluate(c, e)
            if verdict is not None:
                pairs.append(Pair(c.id, e.id, verdict.score, verdict.reasons, verdict.flags))
    pairs.sort(key=lambda p: (-p.score, p.commitment, p.event))
    return pairs
