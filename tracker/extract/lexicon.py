"""Load extraction language data (JSONL patterns, tables) from ``tracker/lang``."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

logger = logging.getLogger(__name__)

SUPPORTED_LANGS: tuple[str, ...] = ("ar", "en", "ru", "uk")
#: Cue labels the frame builder understands; anything else in a data file is an error.
CUE_LABELS = frozenset({
    "EVT", "WPN", "MISS", "TRUCE", "HALT", "AGREE", "PERF", "CONT", "FUT", "TGT", "SCOPE", "FORCES",
    "ATTR", "ACCUSE", "SRC", "DENY", "COND", "PROPOSE", "ACCEPT", "HYPO", "ORDER", "NEG",
    "COMPLY", "BY", "PREP_V", "WITH", "REL", "CONJ", "FULFIL", "POSS", "CLAIM", "RFUT", "HIT", "IMPOSE", "UNKNOWN", "COMPANY", "CAUSE",
    "TEMP",  # temporal subordinator: "before/after/since the truce" (a reference, not a statement)
    "SELF",  # a pronoun subject after a reporting verb: "X said it had struck" (X is the agent)
    "EXTEND",  # a truce extended: "the deal will be extended until 18 February"
    "EXPIRE",  # a truce ending: "after the truce ended" (events then fall outside its window)
    "OBLIG",  # an obligation in agreement terms: "it requires X to", "troops are to withdraw"
    "DESC",  # a sponsor descriptor: "Iran-backed", "backed by Iran" (the sponsor is not the party)
    "GOV",  # a government or ministry named without its country ("the government", «Правительство», «الحكومة»)
})


@dataclass(frozen=True)
class LangData:
    """Everything extraction reads for one language."""

    lang: str
    cue_patterns: tuple[dict[str, Any], ...]
    actor_patterns: tuple[dict[str, Any], ...]
    mediators: frozenset[str] = field(default_factory=frozenset)
    actor_stop: tuple[str, ...] = ()


def _read_jsonl(lang: str, name: str) -> list[dict[str, Any]]:
    path = resources.files("tracker.lang").joinpath(lang, name)
    if not path.is_file():
        return []
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"tracker/lang/{lang}/{name}:{lineno}: invalid JSON") from e
        if "label" not in row or "pattern" not in row:
            raise ValueError(f"tracker/lang/{lang}/{name}:{lineno}: needs label and pattern")
        rows.append(row)
    return rows


def read_table(name: str) -> dict[str, Any]:
    """A shared JSON table from ``tracker/lang/xx``."""
    path = resources.files("tracker.lang").joinpath("xx", name)
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load_lang(lang: str) -> LangData:
    """Read the cue packs, domain packs and extra actor aliases for ``lang``."""
    roles = read_table("roles.json")
    cues: list[dict[str, Any]] = []
    for name in ["common"] + list(roles.get("domains", [])):
        for row in _read_jsonl(lang, f"{name}.jsonl"):
            if row["label"] not in CUE_LABELS:
                raise ValueError(f"tracker/lang/{lang}/{name}.jsonl: unknown label {row['label']!r}")
            cues.append(row)
    actors = _read_jsonl(lang, "actors.jsonl")
    stop = resources.files("tracker.lang").joinpath(lang, "actor_stop.txt")
    words = tuple(w.strip() for w in stop.read_text(encoding="utf-8").splitlines()
                  if w.strip() and not w.startswith("#")) if stop.is_file() else ()
    return LangData(lang=lang, cue_patterns=tuple(cues), actor_patterns=tuple(actors),
                    mediators=frozenset(roles.get("mediators", [])), actor_stop=words)
