"""``tracker bench``: run the benchmarks and write BENCHMARKS.md."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from tracker.errors import ConfigError


def _redact(arg: str) -> str:
    """Hide a password in a database URL given on the command line."""
    if "://" in arg and "@" in arg:
        try:
            from sqlalchemy.engine import make_url

            return make_url(arg).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - not a URL after all
            return arg
    return arg


@click.command()
@click.option("--quick", is_flag=True, help="Smoke version: tiny sizes, seconds instead of an hour.")
@click.option("--only", default="extraction,ingest,pairing,dashboard", show_default=True,
              help="Comma-separated sections to run.")
@click.option("--output", type=click.Path(dir_okay=False), default="BENCHMARKS.md", show_default=True,
              help="Markdown report to write.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the raw figures as JSON here.")
@click.option("--pg", "pg_url", envvar="TRACKER_BENCH_PG_URL", default=None,
              help="PostgreSQL server to benchmark (a throw-away schema is created and dropped). "
                   "Default: $TRACKER_BENCH_PG_URL, else $TRACKER_TEST_DATABASE_URL, else SQLite only.")
@click.option("--db-kinds", default="sqlite,postgres", show_default=True,
              help="Databases to measure ingest, pairing and dashboard on.")
@click.option("--sizes", default=None, help="Pairing sizes in events, e.g. 10000,100000,1000000.")
@click.option("--no-full-repair", is_flag=True, help="Skip the full re-pair (it dominates the run at 1M).")
@click.option("--from-json", "from_json", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Run nothing: write the report from the --json files of earlier runs (repeatable).")
def bench(quick: bool, only: str, output: str, json_path: str | None, pg_url: str | None, db_kinds: str,
          sizes: str | None, no_full_repair: bool, from_json: tuple[str, ...]) -> None:
    """Benchmark extraction, ingest, pairing and dashboard queries; write BENCHMARKS.md.

    Never touches your database: SQLite files go to a temporary folder and PostgreSQL gets a
    throw-away schema.
    """
    from dataclasses import replace

    from tracker import bench as b

    if from_json:
        merged = b.from_json_files([Path(p) for p in from_json])
        Path(output).write_text(b.render_markdown(merged), encoding="utf-8")
        click.echo(f"wrote {output} from {len(from_json)} run(s)")
        return
    sections = [s.strip() for s in only.split(",") if s.strip()]
    unknown = sorted(set(sections) - set(b.SECTIONS))
    if unknown:
        raise ConfigError(f"unknown section(s) {', '.join(unknown)}: choose from {', '.join(b.SECTIONS)}")
    config = b.BenchConfig.quick_config() if quick else b.BenchConfig()
    if sizes:
        try:
            config = replace(config, pairing_sizes=tuple(int(x) for x in sizes.split(",") if x.strip()))
        except ValueError:
            raise click.BadParameter(f"{sizes!r}: give sizes as integers, e.g. 10000,100000") from None
    if no_full_repair:
        config = replace(config, full_repair=False)
    pg_url = pg_url or os.environ.get("TRACKER_TEST_DATABASE_URL") or None
    kinds = [k.strip() for k in db_kinds.split(",") if k.strip()]
    if "postgres" in kinds and not pg_url:
        click.echo("PostgreSQL: no --pg URL (or $TRACKER_TEST_DATABASE_URL); measuring SQLite only", err=True)
    argv = sys.argv[sys.argv.index("bench") + 1:] if "bench" in sys.argv else []
    command = "tracker bench " + " ".join(shlex.quote(_redact(a)) for a in argv)

    def log(msg: str) -> None:
        click.echo(msg, err=True)

    result = b.run(config, only=sections, pg_url=pg_url, databases=kinds, command=command.strip(), log=log)
    Path(output).write_text(b.render_markdown(result), encoding="utf-8")
    if json_path:
        Path(json_path).write_text(b.to_json(result), encoding="utf-8")
    click.echo(f"wrote {output}" + (f" and {json_path}" if json_path else ""))
    if result.errors:
        for k, v in result.errors.items():
            click.echo(f"section {k} failed: {v}", err=True)
        sys.exit(1)
