"""``tracker eval GOLD_DIR``: score extraction against a gold directory (the CI eval gate)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.errors import TrackerError


class BelowFloorError(TrackerError):
    """An eval score is below its pinned floor."""

    exit_code = 7


def _table(report) -> str:
    from tracker.eval import KINDS

    rows = [("scope", "kind", "P", "R", "F1", "tp", "fp", "fn", "dup")]
    scopes = [("overall", report.overall)] + sorted(report.by_language.items())
    for scope, scores in scopes:
        for kind in KINDS:
            s = scores[kind]
            rows.append((scope, kind, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                         str(s.tp), str(s.fp), str(s.fn), str(s.duplicates)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _details(report) -> str:
    from tracker.eval import KINDS

    lines = []
    for art in report.articles:
        parts = []
        for kind in KINDS:
            res = art.kinds[kind]
            for item in res.missed:
                parts.append(f"  missed {kind[:-1]}: {_short(item)}")
            for item in res.wrong:
                parts.append(f"  wrong  {kind[:-1]}: {_short(item)}")
        if art.error:
            parts.insert(0, f"  error: {art.error}")
        elif art.dropped:
            parts.insert(0, f"  dropped by the extractor: {art.dropped}")
        if parts:
            lines.append(f"{art.id} [{art.language}] {art.file}")
            lines.extend(parts)
    return "\n".join(lines)


def _short(item: dict) -> str:
    text = ", ".join(f"{k}={v}" for k, v in item.items() if k != "evidence")
    ev = item.get("evidence")
    if ev:
        ev = " ".join(str(ev).split())
        text += f" | {ev[:100]}{'…' if len(ev) > 100 else ''}"
    return text


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (with per-article details).")
@click.option("--min-f1", "min_f1", multiple=True, metavar="[LANG:]KIND=VALUE",
              help="Fail (exit 7) when F1 is below VALUE. KIND: commitments, events, pairs or all; "
                   "prefix LANG: for one language (ar:pairs=0.5). Repeatable.")
@click.option("--floors", "floors_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help='JSON or YAML floors: {"commitments": 0.8, "ar": {"pairs": 0.5}}.')
@click.option("--details", is_flag=True, help="Also list missed and wrong items per article.")
@click.option("--only", multiple=True, metavar="ID", help="Score only these article ids. Repeatable.")
def eval_cmd(gold_dir: Path, as_json: bool, min_f1: tuple[str, ...], floors_file: Path | None,
             details: bool, only: tuple[str, ...]) -> None:
    """Score extraction against GOLD_DIR (gold.yaml + articles/), overall and per language."""
    from tracker.eval import check_floors, evaluate_dir, load_floors, parse_floor

    floors = []
    try:
        for spec in min_f1:
            floors += parse_floor(spec)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--min-f1") from e
    if floors_file:
        floors += load_floors(floors_file)

    report = evaluate_dir(gold_dir, only=only or None)
    failed = check_floors(report, floors)
    if as_json:
        out = report.to_json()
        out["floors"] = [{"scope": f.label, "min_f1": f.value,
                          "f1": round(report.score(f.kind, f.language).f1, 4),
                          "ok": all(f is not g for g, _ in failed)} for f in floors]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(report))
        if details:
            click.echo()
            click.echo(_details(report))
    if report.errors:
        click.echo(f"{len(report.errors)} article(s) failed and count as predicting nothing "
                   f"(first: {report.errors[0][0]}: {report.errors[0][1]})", err=True)
    if failed:
        msg = "; ".join(f"{f.label} F1 {f1:.3f} < {f.value:.3f}" for f, f1 in failed)
        raise BelowFloorError(f"below floor: {msg}")
