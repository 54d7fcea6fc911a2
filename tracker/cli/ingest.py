"""``tracker ingest``, ``tracker runs``, ``tracker pairs``, ``tracker pair`` and ``tracker schedule``.

Exit codes (also in docs/ingest.md):
  0  every item was stored, or was a duplicate, or was dropped with a reason
  1  unexpected error
  2  configuration error (bad database URL, bad feeds file, bad option)
  3  database unreachable or not migrated
  4  some items failed (each with its reason in the summary); the others were stored
  130 interrupted (Ctrl-C or SIGTERM); what was stored stays stored, re-run to finish
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import signal
import sys
from collections.abc import Iterator

import click

from tracker import settings
from tracker.errors import ConfigError, InputError

STATUSES = ("unreviewed", "confirmed", "rejected", "needs-evidence")


def _engine(obj: dict | None):
    from tracker.db import ensure_schema

    return ensure_schema(settings.database_url((obj or {}).get("db_url")))


def _parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


class _Progress:
    """A progress bar on stderr when stdout is a terminal; silent otherwise."""

    def __init__(self, total: int | None, enabled: bool):
        self.enabled = enabled
        self.total = total
        self.n = 0
        self.bar = None
        if enabled and total:
            self.bar = click.progressbar(length=total, label="ingesting", file=sys.stderr,
                                         show_pos=True, show_eta=True)
            self.bar.__enter__()

    def __call__(self, outcome) -> None:
        self.n += 1
        if not self.enabled:
            return
        if self.bar is not None:
            if self.n > self.bar.length:  # a JSONL or feed file holds more than one item
                self.bar.length = self.n
            self.bar.update(1)
        elif self.n % 10 == 0:
            click.echo(f"\ringesting: {self.n} items", nl=False, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        elif self.enabled and self.n >= 10:
            click.echo("", err=True)


def _print_summary(summary, as_json: bool) -> None:
    data = summary.to_json()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"ingest run {data['run_id']}: {summary.items} items in {data['seconds']:.1f} s")
    click.echo(f"  new        {data['new']}")
    if data["version"]:
        click.echo(f"  versions   {data['version']}  (changed articles at known URLs; old versions kept)")
    click.echo(f"  duplicate  {data['duplicate']}")
    click.echo(f"  dropped    {data['dropped']}")
    for reason, n in data["dropped_reasons"].items():
        click.echo(f"    {n:5d}  {reason}")
    click.echo(f"  failed     {data['failed']}")
    shown = data["failed_items"][:20]
    for item in shown:
        click.echo(f"    - {item['reason']}")
    if len(data["failed_items"]) > len(shown):
        click.echo(f"    ... and {len(data['failed_items']) - len(shown)} more (see the ingest_runs record)")
    if data.get("unchanged_feeds"):
        click.echo(f"  unchanged feeds  {len(data['unchanged_feeds'])}  (not modified since their last full fetch)")
    click.echo(f"  pairs written: {data['pairs_written']}")


@click.command()
@click.argument("inputs", nargs=-1, metavar="PATH|URL ...")
@click.option("--feeds", "feeds_file", type=click.Path(dir_okay=False),
              help="YAML or TOML feeds file: every feed and URL in it is ingested once now.")
@click.option("--source", help="Source (outlet) name to record for every document of this run.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that give none.")
@click.option("--no-pair", is_flag=True, help="Store documents only; run `tracker pair` later.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--batch-size", default=16, show_default=True, help="Documents per extraction batch.")
@click.option("--full-fetch", is_flag=True,
              help="Fetch every feed in full, ignoring the ETag/Last-Modified kept from earlier runs.")
@click.pass_obj
def ingest(obj: dict, inputs: tuple[str, ...], feeds_file: str | None, source: str | None,
           published: str | None, no_pair: bool, as_json: bool, batch_size: int, full_fetch: bool) -> None:
    """Ingest files, directories (recursively), URLs and RSS/Atom feeds into the database.

    Files may be header-format text (URL/DATE/LANG/TITLE lines, a blank line, the body), bare
    text, HTML, JSON or JSONL records ({text, url, title, published, language}) or feeds. Each
    document is extracted and stored in its own transaction; re-running changes nothing. Exit
    codes: 0 done, 2 bad option or feeds file, 3 database problem, 4 some items failed.
    """
    from tracker.ingest import feeds as feeds_mod
    from tracker.ingest import pipeline

    if not inputs and not feeds_file:
        raise click.UsageError("give at least one PATH or URL, or --feeds FILE")
    day = _parse_day(published)
    specs = feeds_mod.load_feeds_file(feeds_file) if feeds_file else []
    engine = _engine(obj)
    tty = sys.stdout.isatty() and not as_json
    total = pipeline.count_inputs(inputs) if tty and not specs else None
    progress = _Progress(total, tty)
    requested = {"inputs": list(inputs), "feeds_file": feeds_file, "source": source, "published": published,
                 "pair": not no_pair}
    try:
        with _sigterm_interrupts():
            summary = pipeline.Ingestor(engine, source=source, published=day, pair=not no_pair,
                                        batch_size=batch_size, on_outcome=progress,
                                        conditional_get=not full_fetch).run(
                list(inputs), feeds=specs, requested=requested)
    finally:
        progress.close()
    _print_summary(summary, as_json)
    if summary.counts["failed"]:
        sys.exit(InputError.exit_code)


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Let SIGTERM (``kill``, systemd stop) end a run like Ctrl-C: recorded as ``interrupted``."""

    def handler(signum, frame):  # noqa: ANN001, ARG001
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (embedded use): keep the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _runs_table(rows: list[dict]) -> str:
    if not rows:
        return "no runs"
    lines = [f"{'id':>6}  {'status':<11}  {'started (UTC)':<19}  {'finished (UTC)':<19}  "
             f"{'new':>5} {'ver':>4} {'dup':>5} {'drop':>5} {'fail':>5}  worker"]
    for r in rows:
        c = r["counts"]
        when = [(t.astimezone(dt.timezone.utc) if t.tzinfo else t).strftime("%Y-%m-%d %H:%M:%S") if t else "-"
                for t in (r["started"], r["finished"])]
        lines.append(f"{r['id']:>6}  {r['status']:<11}  {when[0]:<19}  {when[1]:<19}  {c.get('new', 0):>5} "
                     f"{c.get('version', 0):>4} {c.get('duplicate', 0):>5} {c.get('dropped', 0):>5} "
                     f"{c.get('failed', 0):>5}  {r['worker'] or '-'}")
    return "\n".join(lines)


@click.command("runs")
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many runs, newest first.")
@click.option("--status", type=click.Choice(["running", "finished", "failed", "interrupted", "abandoned"]),
              help="Only runs in this state.")
@click.option("--json", "as_json", is_flag=True, help="Print the runs as JSON.")
@click.pass_obj
def runs_cmd(obj: dict, limit: int, status: str | None, as_json: bool) -> None:
    """List ingest runs, newest first, with their state and counts.

    States: running, finished, failed, interrupted (Ctrl-C or SIGTERM) and abandoned (the process
    died without recording an end: SIGKILL, power loss). Dead runs are found and marked abandoned
    first (docs/ingest.md, "Ingest runs").
    """
    from tracker.ingest.runs import list_runs

    rows = list_runs(_engine(obj), limit=limit, status=status)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(_runs_table(rows))


@click.command("pair")
@click.option("--full", is_flag=True,
              help="Re-pair everything under the current rules (after a pairing-version change). "
                   "Scores and reasons are updated in place, pairs the rules no longer accept are marked "
                   "inactive; reviews are never touched.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@click.pass_obj
def pair_cmd(obj: dict, full: bool, as_json: bool) -> None:
    """Run the database-wide pairing engine (incremental by default)."""
    from tracker.pairing import engine as pe

    engine = _engine(obj)
    stats = pe.pair_all(engine) if full else pe.pair_incremental(engine)
    data = {"mode": "full" if full else "incremental", "pairing_version": pe.pairing_version(), **stats.to_json()}
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(f"{data['mode']} pairing ({data['pairing_version']}): {stats.commitments} commitments, "
                   f"{stats.events} events, {stats.candidates} candidates checked, {stats.pairs_written} pairs "
                   f"written, {stats.deactivated} deactivated, {stats.seconds:.2f} s")


@click.command()
@click.option("--status", type=click.Choice(STATUSES), help="Only pairs whose current verdict is this.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--min-score", type=float, default=0.0, help="Only pairs scoring at least this.")
@click.option("--actor", help="Only pairs whose commitment is by this actor.")
@click.option("--limit", type=int, default=None, help="At most this many pairs (best first).")
@click.option("--all", "include_inactive", is_flag=True, help="Include pairs that a newer pairing version retired.")
@click.pass_obj
def pairs(obj: dict, status: str | None, fmt: str, min_score: float, actor: str | None, limit: int | None,
          include_inactive: bool) -> None:
    """List commitment-event pairs with both sides' evidence, actors, dates, places and sources."""
    from tracker.ingest.listing import list_pairs

    engine = _engine(obj)
    rows = list_pairs(engine, status=status, min_score=min_score, actor=actor, limit=limit,
                      include_inactive=include_inactive)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from tracker.ingest.listing import CSV_COLUMNS, flatten

        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow(flatten(r))
    else:
        from tracker.ingest.listing import table

        click.echo(table(rows))


@click.command()
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--once", is_flag=True, help="Run every job once now and exit (for cron or a systemd timer).")
@click.option("--concurrency", default=1, show_default=True,
              help="Jobs run at once by this worker (PostgreSQL only).")
@click.option("--no-worker", is_flag=True,
              help="PostgreSQL: only register the periodic jobs; run no worker in this process.")
@click.option("--list", "list_only", is_flag=True, help="Show each entry and its next run times, and exit.")
@click.pass_obj
def schedule(obj: dict, feeds_file: str, once: bool, concurrency: int, no_worker: bool, list_only: bool) -> None:
    """Run the scheduled ingestion jobs from a YAML/TOML feeds file (cron syntax per entry).

    On PostgreSQL the jobs go through procrastinate: run this on as many machines as you like;
    each scheduled tick is deferred once and each job runs on one worker. On SQLite it runs in
    this single process and a lock file stops a second scheduler.
    """
    from tracker import schedule as sched

    specs = sched.load(feeds_file)
    if list_only:
        from croniter import croniter

        now = dt.datetime.now().astimezone()
        for spec in specs:
            it = croniter(spec.schedule, now)
            upcoming = ", ".join(it.get_next(dt.datetime).strftime("%Y-%m-%d %H:%M") for _ in range(3))
            click.echo(f"{spec.key}\n  {spec.url}\n  schedule {spec.schedule!r} ({spec.kind}); next: {upcoming}")
        return
    url = settings.database_url((obj or {}).get("db_url"))
    if once:
        with _sigterm_interrupts():
            summary = sched.run_once(url, specs, log=lambda msg: click.echo(msg, err=True))
        _print_summary(summary, as_json=False)
        if summary.counts["failed"]:
            sys.exit(InputError.exit_code)
        return
    if concurrency < 1:
        raise ConfigError("--concurrency must be at least 1")
    sched.run_forever(url, specs, concurrency=concurrency, worker=not no_worker,
                      log=lambda msg: click.echo(msg, err=True))
