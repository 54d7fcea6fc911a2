"""Frame data: cue and actor references, the per-sentence cue index, frames and shared constants."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from tracker.extract.normalize import ar_fold

CUES_KEY = "tracker_cues"
ACTORS_KEY = "tracker_actors"

#: Target categories, most specific first.
TARGET_PRIORITY = ("energy infrastructure", "transport infrastructure", "shipping", "civilians", "military",
                   "infrastructure", "export restrictions", "tariffs", "prices", "exports", "workforce", "plant",
                   "oil output", "sales", "customers", "industrial action", "loans", "user data", "deforestation",
                   "intelligence sharing")
#: What a refrain commitment on a target halts.
TARGET_ACTION = {"energy infrastructure": "strike", "infrastructure": "strike", "civilians": "strike",
                 "transport infrastructure": "strike", "shipping": "use of force", "military": "strike",
                 "tariffs": "impose tariffs", "deforestation": "deforestation", "prices": "raise prices",
                 "exports": "export", "workforce": "lay off workers", "plant": "close plant",
                 # a suspended export ban rules out blocking exports; a quota or compensation cut producing
                 # above it; a stop-sales pledge selling; a paused disconnection disconnecting customers
                 "export restrictions": "block exports", "oil output": "overproduction", "sales": "sales",
                 "customers": "disconnection",
                 # a no-strike pledge rules out a walkout; a loan standstill calling in the loan; a data pledge
                 # selling or handing over users' data
                 "industrial action": "walkout", "loans": "call in loan", "user data": "share user data"}
#: Targets of economic and corporate commitments (no strike action, no victim party).
ECONOMIC_TARGETS = frozenset({"tariffs", "deforestation", "intelligence sharing", "prices", "exports", "workforce",
                              "plant", "export restrictions", "oil output", "sales", "customers",
                              "industrial action", "loans", "user data"})
#: Economic targets whose commitment applies in a market named with it ("stop all sales in Russia",
#: "halt exports to China"): the place actor is the commitment's scope.
MARKET_TARGETS = frozenset({"sales", "exports"})
#: An imposing verb (an ``IMPOSE`` cue, by its id) followed by a target of a kind is an event:
#: "raised tariffs", "hiked prices", "cut 500 jobs", "closed the plant", «повысила цены», «أغلقت المصنع».
VERB_TARGET_EVENTS = {("impose tariffs", "tariffs"): "impose tariffs", ("raise", "tariffs"): "impose tariffs",
                      ("impose tariffs", "prices"): "raise prices", ("raise", "prices"): "raise prices",
                      ("cut", "workforce"): "lay off workers", ("close", "plant"): "close plant",
                      ("disconnect", "customers"): "disconnection", ("ship", "exports"): "export"}
#: Perform obligations of a truce (a mediator named with a party is not bound by them).
SECURITY_PERFORM = frozenset({"withdraw", "deploy troops", "release hostages", "release prisoners", "open crossing",
                              "allow passage", "uphold ceasefire", "disarm", "restore service"})
#: Economic acts: two of them next to each other are two events, not one.
ECONOMIC_ACTIONS = frozenset({"impose tariffs", "raise prices", "lay off workers", "close plant", "export",
                              "block exports", "overproduction", "sales", "disconnection", "walkout",
                              "call in loan", "share user data"})
#: The target an economic event acts on ("raised prices" acts on prices): events take it from their action.
ACTION_TARGET = {"raise prices": "prices", "impose tariffs": "tariffs", "lay off workers": "workforce",
                 "close plant": "plant", "export": "exports", "block exports": "export restrictions",
                 "overproduction": "oil output", "sales": "sales", "disconnection": "customers",
                 "walkout": "industrial action", "call in loan": "loans", "share user data": "user data"}
#: Targets that a keep/preserve verb protects: "keep the plant open", "preserve jobs" is a pledge
#: not to close it / lay them off.
KEEP_TARGETS = frozenset({"plant", "workforce"})
#: Finite non-past verb endings (perfective future or present) of Russian and Ukrainian: a halt
#: verb in this form is a stated future ("приостановит удары", «призупинить удари»).
SLAVIC_FUTURE_ENDINGS = {
    "ru": ("ит", "ат", "ят", "ут", "ют", "ёт", "им", "ится", "ется", "ятся", "атся", "утся", "ются", "ает", "яет",
           "ует", "ет"),
    "uk": ("ить", "ать", "ять", "уть", "ють", "имо", "емо", "ме", "не", "ане", "иться", "еться", "ються", "уться",
           "ає", "яє", "ує", "иє"),
}
_GENERIC_ACTIONS = {"ceasefire breach": 0, "hostilities": 1, "self defence": 2, "attack": 3, "strike": 3}
_STRONG_COMMIT = {"agree", "pledge", "effect"}
_AR_VICTIM_PREFIXES = ("ل", "لل", "ول", "ولل", "فل")
#: A sentence without one of these cues cannot hold a commitment or an event.
#: (CLAIM: a responsibility claim in its own sentence names the actor of the incident told before it;
#: INTERCEPT: "shot down 30 Ukrainian drones" is an attack by the drones' side)
_EVENT_GATE = frozenset({"EVT", "MISS", "HIT", "IMPOSE", "CLAIM", "INTERCEPT"})
_CONTENT_GATE = frozenset({"TRUCE", "HALT", "PERF", "EXTEND"})
_COMMIT_GATE = frozenset({"AGREE", "ORDER", "FUT", "RFUT", "CONT", "ACCEPT", "PROPOSE", "OBLIG", "EXTEND"})


def _slavic_past(word: str) -> bool:
    """A Russian/Ukrainian past-tense verb form ("обстреляла", "нанёс", "атакували", «атакував»); a
    noun in «-лі» («землі», «школі») or a genitive plural in «-ів» is none."""
    return word.endswith(("л", "ла", "ли", "ло", "лась", "лись", "лися", "лося")) or (
        # Ukrainian masculine past: «атакував», «вдарив», «обстріляв»
        len(word) >= 5 and word.endswith(("ав", "ив", "яв"))) or word in ("нанёс", "нанес", "завдав", "приніс")


def _bisect_claimers(claimers: list, at: int) -> int:
    """How many claimers have their attribution cue before ``at`` (claimers are in cue order)."""
    lo, hi = 0, len(claimers)
    while lo < hi:
        mid = (lo + hi) // 2
        if claimers[mid][3] < at:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _key(c: Cue) -> tuple[str, str, int, int]:
    return (c.label, c.id, c.start, c.end)


def _near_any(items: list[Cue], others: list[Cue], gap: int) -> list[Cue]:
    """The items within ``gap`` tokens of one of ``others`` (order kept; others found by bisection)."""
    ordered = sorted(others, key=lambda c: c.start)
    starts = [c.start for c in ordered]
    reach = max((c.end - c.start for c in ordered), default=0)
    return [a for a in items if any(
        min(abs(a.start - b.end), abs(b.start - a.end)) <= gap
        for b in ordered[bisect_left(starts, a.start - gap - reach):bisect_right(starts, a.end + gap)])]


def name_runs(doc, sent, is_name: Callable[[int], bool], *, joiners: Collection[str] = (),
              attached: Collection[str] = (), open_joiners: Collection[str] = (),
              max_len: int | None = None) -> Iterator[tuple[int, int]]:
    """Runs of name tokens in ``sent``, left to right, as ``(start, end)`` token offsets.

    A run opens at a token ``is_name`` accepts that does not follow another one, and goes on over name
    tokens and, inside it, over ``joiners`` (lower-cased words: "of", "the") that a name token follows
    ("Movement for the Liberation of Azawad"), ``attached`` marks written with no space on either side that
    a name token follows ("-" in "Mai-Tembo"), and ``open_joiners`` whatever follows them ("&" in "Procter &
    Gamble"); it holds at most ``max_len`` tokens, and a name token right after a run cut short opens none.
    """
    i = sent.start
    while i < sent.end:
        if not is_name(i) or (i > sent.start and is_name(i - 1)):
            i += 1
            continue
        j = i
        while j < sent.end and (max_len is None or j - i < max_len):
            word = doc[j].lower_
            if is_name(j) or word in open_joiners:
                j += 1
            elif j > i and j + 1 < sent.end and is_name(j + 1) and (word in joiners or (
                    word in attached and not doc[j - 1].whitespace_ and not doc[j].whitespace_)):
                j += 1
            else:
                break
        yield i, j
        i = j


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


class CueIndex:
    """The cues of one sentence indexed once by label, start and end (queries by bisection).

    ``cues`` must be sorted by start. Range queries are half-open (``lo <= x < hi``) and return
    cues in their order in ``cues``, so a query gives what a scan over ``cues`` would give.
    """

    __slots__ = ("cues", "_pos", "_by_label", "_starts", "_by_end", "_ends", "_all_starts", "_all_by_end",
                 "_all_ends", "maxlen")

    def __init__(self, cues: list[Cue]) -> None:
        self.cues = cues
        self._pos = {id(c): i for i, c in enumerate(cues)}
        self._by_label: dict[str, list[Cue]] = {}
        for c in cues:
            self._by_label.setdefault(c.label, []).append(c)
        self._starts = {k: [c.start for c in v] for k, v in self._by_label.items()}
        self._by_end = {k: sorted(v, key=lambda c: c.end) for k, v in self._by_label.items()}
        self._ends = {k: [c.end for c in v] for k, v in self._by_end.items()}
        self._all_starts = [c.start for c in cues]
        self._all_by_end = sorted(cues, key=lambda c: c.end)
        self._all_ends = [c.end for c in self._all_by_end]
        self.maxlen = max((c.end - c.start for c in cues), default=0)

    def label(self, label: str) -> list[Cue]:
        return self._by_label.get(label, [])

    def _ordered(self, found: list[Cue], several: bool) -> list[Cue]:
        return sorted(found, key=lambda c: self._pos[id(c)]) if several else found

    @staticmethod
    def _between(keys: dict, cues: dict, labels: tuple[str, ...], lo: int, hi: int) -> list[Cue]:
        """Cues of ``labels`` whose sorted key (in ``keys``, aligned with ``cues``) is in [lo, hi)."""
        out: list[Cue] = []
        for k in labels:
            ks = keys.get(k)
            if ks:
                out.extend(cues[k][bisect_left(ks, lo):bisect_left(ks, hi)])
        return out

    def starting(self, labels: str | tuple[str, ...], lo: int, hi: int) -> list[Cue]:
        """Cues of ``labels`` with ``lo <= start < hi``."""
        labels = (labels,) if isinstance(labels, str) else labels
        return self._ordered(self._between(self._starts, self._by_label, labels, lo, hi), len(labels) > 1)

    def ending(self, labels: str | tuple[str, ...], lo: int, hi: int) -> list[Cue]:
        """Cues of ``labels`` with ``lo <= end < hi``."""
        labels = (labels,) if isinstance(labels, str) else labels
        return self._ordered(self._between(self._ends, self._by_end, labels, lo, hi), True)

    def ending_any(self, lo: int, hi: int) -> list[Cue]:
        """Cues of any label with ``lo <= end < hi``."""
        found = self._all_by_end[bisect_left(self._all_ends, lo):bisect_left(self._all_ends, hi)]
        return self._ordered(found, True)

    def min_end(self, labels: tuple[str, ...]) -> int | None:
        """The smallest end among cues of ``labels``."""
        ends = [self._ends[k][0] for k in labels if self._ends.get(k)]
        return min(ends) if ends else None

    def covering(self, i: int) -> list[Cue]:
        """Cues with ``start <= i < end``."""
        lo = bisect_left(self._all_starts, i - self.maxlen + 1)
        hi = bisect_right(self._all_starts, i)
        return [c for c in self.cues[lo:hi] if c.end > i]

    def within(self, lo: int, hi: int) -> list[Cue]:
        """All cues with ``lo <= start < hi``."""
        return self.cues[bisect_left(self._all_starts, lo):bisect_left(self._all_starts, hi)]


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
