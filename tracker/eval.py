"""Score extraction against a gold directory, exactly as ``shared/gold/README.md`` says.

A gold directory holds ``gold.yaml`` (one entry per article: ``commitments``, ``events``,
``pairs``) and the article files it names. For each article the predictor is run and its
output compared with the gold entry:

- a predicted item *may stand for* a gold item when the actors are equal (case ignored,
  aliases folded, every spelling of "unknown" the same) and the evidence strings overlap
  (containment, or a longest common substring of at least half the shorter string) with the
  gold ``evidence`` or any ``also_in`` mention, after :func:`normalize_evidence`;
- predictions are assigned to gold items by a maximum one-to-one (bipartite) matching;
  matched predictions are right, unmatched ones that may stand for some gold item are
  duplicates (neither right nor wrong), the rest are false positives;
- a predicted pair is right when its commitment may stand for the gold pair's commitment and
  its event for the gold pair's event; pairs are matched one-to-one the same way;
- precision, recall and F1 are micro-averaged over articles, overall and per language.

A crash on an article counts as predicting nothing for it (the error is kept in the report).
With no predictions and no gold items a score is perfect (1.0); with no predictions but some
gold items precision is 0.0.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from tracker.errors import InputError

log = logging.getLogger(__name__)

KINDS: tuple[str, ...] = ("commitments", "events", "pairs")

#: What a predictor may return for one article: an ``ExtractionResult``, its ``to_json()``
#: dict, or ``None`` (nothing predicted).
Prediction = Any
Predictor = Callable[[Path], Prediction]

# ---------------------------------------------------------------------------
# Normalisation and the "may stand for" test
# ---------------------------------------------------------------------------

_TATWEEL = "\u0640"
_DOUBLE_QUOTES = "\"“”„‟«»″‶〝〞〟＂‹›"
_SINGLE_QUOTES = "'‘’‚‛′‵ʼʹ`´＇"
_QUOTE_TABLE = str.maketrans(
    {**{c: '"' for c in _DOUBLE_QUOTES}, **{c: "'" for c in _SINGLE_QUOTES}, _TATWEEL: None}
)
_WS_RE = re.compile(r"\s+")

#: Spellings of "no actor named".
UNKNOWN_ACTORS = frozenset({"", "unknown", "unidentified", "null", "none"})

#: Common aliases folded before actors are compared (lower-case key -> lower-case canonical).
#: Kept here, fixed, so that the score does not move when the actor lexicon changes.
ACTOR_ALIASES: dict[str, str] = {
    "us": "united states",
    "u.s.": "united states",
    "u.s": "united states",
    "usa": "united states",
    "u.s.a.": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "russian federation": "russia",
}


def normalize_evidence(text: str | None) -> str:
    """NFKC, tatweel removed, quote marks folded, whitespace collapsed, lower-cased."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_TABLE)
    return _WS_RE.sub(" ", text).strip().lower()


def normalize_actor(actor: str | None) -> str:
    """Lower-cased canonical actor; ``""`` stands for unknown."""
    if actor is None:
        return ""
    key = _WS_RE.sub(" ", unicodedata.normalize("NFKC", str(actor))).strip().lower()
    if key in UNKNOWN_ACTORS:
        return ""
    return ACTOR_ALIASES.get(key, key)


def actors_equal(a: str | None, b: str | None) -> bool:
    """Actor equality used by the scorer (case ignored, aliases folded, unknowns equal)."""
    return normalize_actor(a) == normalize_actor(b)


def longest_common_substring(a: str, b: str) -> int:
    """Length of the longest common substring of ``a`` and ``b``."""
    if not a or not b:
        return 0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.find_longest_match(0, len(a), 0, len(b)).size


def evidence_overlaps(a: str, b: str) -> bool:
    """Whether two *normalised* evidence strings overlap (containment or LCS >= half the shorter)."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return 2 * longest_common_substring(a, b) >= min(len(a), len(b))


@dataclass(frozen=True, slots=True)
class Item:
    """One commitment or event, reduced to what scoring looks at."""

    actor: str  # normalised; "" = unknown
    evidence: tuple[str, ...]  # normalised; gold: evidence + also_in, prediction: evidence only
    id: str | None = None
    raw: Mapping[str, Any] | None = None  # the original record, for reports


def may_stand_for(pred: Item, gold: Item) -> bool:
    """Whether a predicted item may stand for a gold one."""
    if pred.actor != gold.actor:
        return False
    return any(evidence_overlaps(p, g) for p in pred.evidence for g in gold.evidence)


# ---------------------------------------------------------------------------
# Maximum bipartite matching
# ---------------------------------------------------------------------------


def maximum_matching(edges: Sequence[Sequence[int]], n_right: int) -> dict[int, int]:
    """Maximum one-to-one matching of a bipartite graph (Hopcroft-Karp).

    Args:
        edges: for each left node, the right nodes it may be matched with.
        n_right: number of right nodes.

    Returns:
        left index -> right index for every matched left node.
    """
    n_left = len(edges)
    inf = n_left + n_right + 1
    match_l = [-1] * n_left
    match_r = [-1] * n_right
    dist = [0] * n_left

    def bfs() -> bool:
        queue = []
        for u in range(n_left):
            if match_l[u] == -1:
                dist[u] = 0
                queue.append(u)
            else:
                dist[u] = inf
        found = False
        head = 0
        while head < len(queue):
            u = queue[head]
            head += 1
            for v in edges[u]:
                w = match_r[v]
                if w == -1:
                    found = True
                elif dist[w] == inf:
                    dist[w] = dist[u] + 1
                    queue.append(w)
        return found

    def dfs(u: int) -> bool:
        for v in edges[u]:
            w = match_r[v]
            if w == -1 or (dist[w] == dist[u] + 1 and dfs(w)):
                match_l[u] = v
                match_r[v] = u
                return True
        dist[u] = inf
        return False

    while bfs():
        for u in range(n_left):
            if match_l[u] == -1:
                dfs(u)
    return {u: v for u, v in enumerate(match_l) if v != -1}


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    """Counts for one kind (commitments, events or pairs) and the rates they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    duplicates: int = 0

    @property
    def n_gold(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.n_gold == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.n_gold == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / self.n_gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.duplicates += other.duplicates

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "duplicates": self.duplicates,
            "gold": self.n_gold,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class KindResult:
    """How one kind scored on one article, with what was missed and what was wrong."""

    score: Score
    missed: list[dict[str, Any]] = field(default_factory=list)  # gold items not matched
    wrong: list[dict[str, Any]] = field(default_factory=list)  # false-positive predictions

    def to_json(self) -> dict[str, Any]:
        return {**self.score.to_json(), "missed": self.missed, "wrong": self.wrong}


@dataclass(slots=True)
class ArticleResult:
    id: str
    file: str
    language: str
    kinds: dict[str, KindResult]
    error: str | None = None
    dropped: str | None = None  # the extractor's reason when it dropped the document

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "language": self.language, "error": self.error,
                "dropped": self.dropped, **{kind: self.kinds[kind].to_json() for kind in KINDS}}


@dataclass(slots=True)
class EvalReport:
    """Micro-averaged scores overall and per language, with per-article details."""

    articles: list[ArticleResult]
    overall: dict[str, Score]
    by_language: dict[str, dict[str, Score]]

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(a.id, a.error) for a in self.articles if a.error]

    def score(self, kind: str, language: str | None = None) -> Score:
        """The score for ``kind``, overall or for one language (an empty score if absent)."""
        if language is None:
            return self.overall[kind]
        return self.by_language.get(language, {}).get(kind, Score())

    def to_json(self, *, details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "overall": {kind: s.to_json() for kind, s in self.overall.items()},
            "by_language": {lang: {kind: s.to_json() for kind, s in scores.items()}
                            for lang, scores in sorted(self.by_language.items())},
            "errors": [{"id": i, "error": e} for i, e in self.errors],
        }
        if details:
            out["articles"] = [a.to_json() for a in self.articles]
        return out


def _match(preds: Sequence[Item], golds: Sequence[Item],
           may: Callable[[int, int], bool]) -> tuple[Score, dict[int, int], list[int], list[int]]:
    """Match predictions to gold items; return score, matching, unmatched gold, false positives."""
    edges = [[g for g in range(len(golds)) if may(p, g)] for p in range(len(preds))]
    matching = maximum_matching(edges, len(golds))
    matched_gold = set(matching.values())
    score = Score(tp=len(matching))
    false_pos = []
    for p in range(len(preds)):
        if p in matching:
            continue
        if edges[p]:
            score.duplicates += 1
        else:
            score.fp += 1
            false_pos.append(p)
    missed = [g for g in range(len(golds)) if g not in matched_gold]
    score.fn = len(missed)
    return score, matching, missed, false_pos


def _summary(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    raw = raw or {}
    return {k: raw.get(k) for k in ("id", "actor", "action", "target", "evidence") if k in raw}


def score_article(gold: Mapping[str, Any], prediction: Prediction) -> dict[str, KindResult]:
    """Score one article's prediction against its gold entry.

    Args:
        gold: a ``gold.yaml`` entry (``commitments``, ``events``, ``pairs``).
        prediction: an ``ExtractionResult``, its ``to_json()`` dict, or ``None``.
    """
    pred = _prediction_dict(prediction)
    results: dict[str, KindResult] = {}
    items: dict[str, tuple[list[Item], list[Item], list[list[bool]]]] = {}
    for kind in ("commitments", "events"):
        golds = [_gold_item(g) for g in (gold.get(kind) or [])]
        preds = [_pred_item(p) for p in (pred.get(kind) or [])]
        table = [[may_stand_for(p, g) for g in golds] for p in preds]
        score, _, missed, false_pos = _match(preds, golds, lambda p, g, t=table: t[p][g])
        results[kind] = KindResult(score, [_summary(golds[g].raw) for g in missed],
                                   [_summary(preds[p].raw) for p in false_pos])
        items[kind] = (preds, golds, table)

    c_preds, _, c_table = items["commitments"]
    e_preds, _, e_table = items["events"]
    c_index = {p.id: i for i, p in enumerate(c_preds) if p.id is not None}
    e_index = {p.id: i for i, p in enumerate(e_preds) if p.id is not None}
    gold_pairs = [(int(gp["commitment"]), int(gp["event"])) for gp in (gold.get("pairs") or [])]
    pred_pairs: list[tuple[int | None, int | None]] = []
    raw_pairs = list(pred.get("pairs") or [])
    for pp in raw_pairs:
        pred_pairs.append((c_index.get(str(pp.get("commitment"))), e_index.get(str(pp.get("event")))))

    def may_pair(p: int, g: int) -> bool:
        pc, pe = pred_pairs[p]
        gc, ge = gold_pairs[g]
        if pc is None or pe is None:
            return False
        return (gc < len(c_table[pc]) and c_table[pc][gc]) and (ge < len(e_table[pe]) and e_table[pe][ge])

    score, _, missed, false_pos = _match(pred_pairs, gold_pairs, may_pair)
    results["pairs"] = KindResult(
        score,
        [{"commitment": gold_pairs[g][0], "event": gold_pairs[g][1]} for g in missed],
        [{"commitment": raw_pairs[p].get("commitment"), "event": raw_pairs[p].get("event")} for p in false_pos],
    )
    return results


def _gold_item(entry: Mapping[str, Any]) -> Item:
    texts = [entry.get("evidence")] + list(entry.get("also_in") or [])
    evidence = tuple(t for t in (normalize_evidence(str(x)) for x in texts if x) if t)
    return Item(actor=normalize_actor(entry.get("actor")), evidence=evidence, raw=entry)


def _pred_item(entry: Mapping[str, Any]) -> Item:
    ev = normalize_evidence(entry.get("evidence"))
    ident = entry.get("id")
    return Item(actor=normalize_actor(entry.get("actor")), evidence=(ev,) if ev else (),
                id=None if ident is None else str(ident), raw=entry)


def _prediction_dict(prediction: Prediction) -> dict[str, Any]:
    """Accept an ExtractionResult, its JSON dict, or None."""
    if prediction is None:
        return {}
    if isinstance(prediction, Mapping):
        return dict(prediction)
    to_json = getattr(prediction, "to_json", None)
    if callable(to_json):
        return to_json()
    raise TypeError(f"cannot score a prediction of type {type(prediction).__name__}")


# ---------------------------------------------------------------------------
# Gold directories
# ---------------------------------------------------------------------------

_LANG_RE = re.compile(r"^LANG:[ \t]*(\S+)", re.MULTILINE)


def default_predict(path: Path) -> Prediction:
    """Read an article with ``tracker.ingest.readers`` and extract it with ``tracker.extract``."""
    from tracker.extract import extract_document  # lazy: spaCy is heavy
    from tracker.ingest.readers import read_file

    docs = read_file(path)
    if not docs:
        return None
    return extract_document(docs[0])


def _dropped(prediction: Prediction) -> str | None:
    """The reason an extractor gave for dropping the document ("unsupported language: fr")."""
    if prediction is None:
        return None
    if getattr(prediction, "status", None) == "dropped":
        return getattr(prediction, "reason", None) or "dropped"
    if isinstance(prediction, Mapping):
        document = prediction.get("document") or {}
        if isinstance(document, Mapping) and document.get("status") == "dropped":
            return document.get("reason") or "dropped"
    return None


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Read ``gold_dir/gold.yaml`` into a list of entries."""
    import yaml

    path = Path(gold_dir) / "gold.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    except yaml.YAMLError as e:
        raise InputError(f"{path}: not valid YAML: {e}") from e
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a list of articles")
    for i, entry in enumerate(data):
        if not isinstance(entry, dict) or "file" not in entry:
            raise InputError(f"{path}: entry {i} has no 'file'")
    return data


def article_language(entry: Mapping[str, Any], path: Path) -> str:
    """The article's language: the entry's ``lang``, else the file's ``LANG:`` header, else ``und``."""
    if entry.get("lang"):
        return str(entry["lang"]).lower()
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:2000]
    except OSError:
        return "und"
    header = head.split("\n\n", 1)[0]
    m = _LANG_RE.search(header)
    return m.group(1).lower() if m else "und"


def evaluate_dir(gold_dir: Path, *, predict: Predictor | None = None,
                 only: Iterable[str] | None = None) -> EvalReport:
    """Run the predictor on every article of a gold directory and score it.

    Args:
        gold_dir: folder with ``gold.yaml`` and the article files it names.
        predict: ``path -> ExtractionResult | dict | None``; default reads the file and runs
            ``tracker.extract.extract_document``. An exception counts as predicting nothing.
        only: restrict to these article ids (strings).

    Returns:
        The report, micro-averaged overall and per language.
    """
    gold_dir = Path(gold_dir)
    predict = predict or default_predict
    wanted = {str(x) for x in only} if only is not None else None
    articles: list[ArticleResult] = []
    overall = {kind: Score() for kind in KINDS}
    by_language: dict[str, dict[str, Score]] = {}
    for entry in load_gold(gold_dir):
        art_id = str(entry.get("id", entry["file"]))
        if wanted is not None and art_id not in wanted:
            continue
        path = gold_dir / entry["file"]
        language = article_language(entry, path)
        error = None
        try:
            prediction = predict(path)
        except Exception as e:  # noqa: BLE001 - a crash counts as predicting nothing
            log.warning("article %s: prediction failed: %s: %s", art_id, type(e).__name__, e)
            prediction, error = None, f"{type(e).__name__}: {e}"
        try:
            kinds = score_article(entry, prediction)
        except (TypeError, ValueError, AttributeError) as e:
            log.warning("article %s: unusable prediction: %s", art_id, e)
            error = error or f"unusable prediction: {e}"
            kinds = score_article(entry, None)
        articles.append(ArticleResult(art_id, str(entry["file"]), language, kinds, error, _dropped(prediction)))
        lang_scores = by_language.setdefault(language, {kind: Score() for kind in KINDS})
        for kind in KINDS:
            overall[kind].add(kinds[kind].score)
            lang_scores[kind].add(kinds[kind].score)
    return EvalReport(articles, overall, by_language)


# ---------------------------------------------------------------------------
# Floors (the CI gate)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Floor:
    """A minimum F1 for one kind, overall (``language=None``) or in one language."""

    kind: str
    value: float
    language: str | None = None

    @property
    def label(self) -> str:
        return f"{self.language}:{self.kind}" if self.language else self.kind


def parse_floor(spec: str) -> list[Floor]:
    """Parse ``KIND=VALUE`` or ``LANG:KIND=VALUE``; KIND ``all`` means every kind."""
    name, sep, value = spec.partition("=")
    if not sep:
        raise ValueError(f"floor {spec!r}: expected KIND=VALUE")
    language, _, kind = name.strip().rpartition(":")
    return _floors(kind.strip(), value, language.strip() or None)


def _floors(kind: str, value: Any, language: str | None) -> list[Floor]:
    try:
        number = float(value)
    except (TypeError, ValueError) as e:
        raise ValueError(f"floor {kind}: {value!r} is not a number") from e
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"floor {kind}: {number} is outside 0..1")
    if kind in ("all", "*"):
        return [Floor(k, number, language) for k in KINDS]
    if kind not in KINDS:
        raise ValueError(f"floor {kind!r}: kind must be one of {', '.join(KINDS)} or all")
    return [Floor(kind, number, language)]


def floors_from_mapping(data: Mapping[str, Any]) -> list[Floor]:
    """Floors from ``{"commitments": 0.8, "ar": {"pairs": 0.5}}``; keys starting ``_`` are comments.

    ``{"overall": {...}, "by_language": {"ar": {...}}}`` is accepted as well.
    """
    floors: list[Floor] = []
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if key == "overall" and isinstance(value, Mapping):
            floors += floors_from_mapping(value)
        elif key == "by_language" and isinstance(value, Mapping):
            for lang, kinds in value.items():
                floors += [Floor(f.kind, f.value, str(lang)) for f in floors_from_mapping(kinds)]
        elif isinstance(value, Mapping):
            for kind, number in value.items():
                if not str(kind).startswith("_"):
                    floors += _floors(str(kind), number, str(key))
        else:
            floors += _floors(key, value, None)
    return floors


def load_floors(path: Path) -> list[Floor]:
    """Read floors from a JSON or YAML file (see :func:`floors_from_mapping`)."""
    import json

    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as e:
        raise InputError(f"{path}: cannot parse floors: {e}") from e
    if not isinstance(data, Mapping):
        raise InputError(f"{path}: floors must be a mapping")
    try:
        return floors_from_mapping(data)
    except ValueError as e:
        raise InputError(f"{path}: {e}") from e


def check_floors(report: EvalReport, floors: Iterable[Floor]) -> list[tuple[Floor, float]]:
    """Return the floors the report falls below, with the F1 it reached."""
    failed = []
    for floor in floors:
        if floor.language is not None and floor.language not in report.by_language:
            failed.append((floor, 0.0))  # a floor for a language the gold set lacks is a mistake
            continue
        f1 = report.score(floor.kind, floor.language).f1
        if f1 + 1e-9 < floor.value:
            failed.append((floor, f1))
    return failed
