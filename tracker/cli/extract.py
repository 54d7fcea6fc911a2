"""``tracker extract PATH``: run extraction on one file and print the result (no database)."""

from __future__ import annotations

import json

import click


@click.command("extract")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--published", metavar="YYYY-MM-DD", default=None,
              help="Publication date (overrides the file's DATE header); anchors relative dates.")
@click.option("--lang", metavar="xx", default=None, help="Language code (default: header LANG, else detected).")
@click.option("--json", "as_json", is_flag=True, help="Print the ExtractionResult JSON (offsets into the body).")
def extract(path: str, published: str | None, lang: str | None, as_json: bool) -> None:
    """Extract commitments, events and in-document pairs from PATH.

    PATH is header-format text (URL/DATE/LANG/TITLE, a blank line, the body), bare text,
    or any format tracker's readers accept. Nothing is written to the database.
    """
    import dataclasses
    import datetime as dt

    from tracker.extract import extract_document
    from tracker.ingest.readers import read_file

    documents = read_file(path)
    if published:
        try:
            day = dt.date.fromisoformat(published)
        except ValueError as e:
            raise click.BadParameter("expected YYYY-MM-DD", param_hint="--published") from e
        documents = [dataclasses.replace(d, published=day) for d in documents]
    results = [extract_document(d, lang=lang) for d in documents]
    if as_json:
        payload = results[0].to_json() if len(results) == 1 else [r.to_json() for r in results]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for r in results:
        doc = r.document
        click.echo(f"{doc.origin or path}: {r.language or '?'}, {r.status}"
                   + (f" ({r.reason})" if r.reason else "")
                   + f": {len(r.commitments)} commitments, {len(r.events)} events, {len(r.pairs)} pairs")
        for c in r.commitments:
            window = f"{c.window.valid_from or '?'}..{c.window.valid_until or ''}"
            click.echo(f"  {c.id} {c.actor} {c.polarity} {c.action} / {c.target} [{window}]"
                       f"{' (conditional)' if c.conditional else ''}: {_short(c.evidence)}")
        for e in r.events:
            place = e.place.name or e.place.raw if e.place else "?"
            day = e.occurred_on or (e.when.earliest if e.when else None) or "?"
            flags = f" [{', '.join(e.flags)}]" if e.flags else ""
            click.echo(f"  {e.id} {e.actor or 'unknown'} {e.action} / {e.target} at {place} on {day}"
                       f" (claimed by {e.claimed_by or 'the article'}){flags}: {_short(e.evidence)}")
        for p in r.pairs:
            click.echo(f"  pair {p.commitment} x {p.event} score {p.score:.2f}: {'; '.join(p.reasons)}")


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
