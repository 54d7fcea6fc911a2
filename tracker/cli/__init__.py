"""The ``tracker`` command line. Commands live in their own modules and load lazily,
so that ``tracker --help`` and ``tracker db current`` do not pay for importing spaCy."""

from __future__ import annotations

import importlib
import logging
import sys

import click

from tracker.errors import TrackerError

#: command name -> "module:attribute" (module under tracker.cli)
COMMANDS: dict[str, tuple[str, str]] = {
    "db": ("tracker.cli.db:db", "Manage the database schema (upgrade, downgrade, current)."),
    "extract": ("tracker.cli.extract:extract", "Extract commitments, events and pairs from one document; print JSON."),
    "eval": ("tracker.cli.eval:eval_cmd", "Score extraction against a gold.yaml directory."),
    "ingest": ("tracker.cli.ingest:ingest", "Ingest files, directories, URLs and feeds into the database."),
    "runs": ("tracker.cli.ingest:runs_cmd",
             "List ingest runs with their state (running, finished, failed, interrupted, abandoned)."),
    "pairs": ("tracker.cli.ingest:pairs", "List commitment-event pairs with their evidence."),
    "pair": ("tracker.cli.ingest:pair_cmd", "Run the pairing engine (incremental, or a full re-pair)."),
    "schedule": ("tracker.cli.ingest:schedule", "Run the scheduled ingestion jobs from a feeds file."),
    "dashboard": ("tracker.cli.dashboard:dashboard", "Start the Streamlit review dashboard."),
    "reviewer": ("tracker.cli.dashboard:reviewer", "Manage reviewer accounts."),
    "export": ("tracker.cli.dashboard:export", "Export pairs as ClaimReview JSON-LD or CSV."),
    "bench": ("tracker.cli.bench:bench", "Run the benchmarks and write BENCHMARKS.md."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, _ = COMMANDS[cmd_name]
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name == module_name:
                return None
            raise
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_url", envvar="TRACKER_DATABASE_URL", default=None,
              help="Database URL (default: $TRACKER_DATABASE_URL, else the embedded SQLite file).")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
@click.version_option(package_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, verbose: int) -> None:
    """tracker: pair what parties committed to with reports of what they did."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url


def main() -> None:
    """Entry point: run the CLI, turning tracker's errors into one-line messages."""
    try:
        rv = cli.main(standalone_mode=False, prog_name="tracker")
        if isinstance(rv, int) and rv:
            sys.exit(rv)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except TrackerError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
