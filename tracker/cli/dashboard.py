"""``tracker dashboard``, ``tracker reviewer`` and ``tracker export``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from tracker import settings
from tracker.errors import ConfigError, InputError

DASHBOARD_APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
#: ``streamlit run``, but with Streamlit's legacy "pages/ folder" mode switched off from the
#: start. app.py builds the navigation with st.navigation, which turns that mode off only once
#: app.py has run; a first visit straight to /queue would otherwise run pages/queue.py alone
#: under a navigation made of file names.
_STREAMLIT_BOOT = (
    "import sys\n"
    "try:\n"
    "    from streamlit.runtime.pages_manager import PagesManager\n"
    "    PagesManager.uses_pages_directory = False\n"
    "except (ImportError, AttributeError):\n"
    "    pass\n"
    "from streamlit.web.cli import main\n"
    "sys.argv[0] = 'streamlit'\n"
    "sys.exit(main())\n"
)


def _db_url(obj: dict | None) -> str:
    return settings.database_url((obj or {}).get("db_url"))


@click.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port to serve the dashboard on.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep 127.0.0.1 behind a reverse proxy, above all with single sign-on.")
@click.pass_obj
def dashboard(obj: dict, port: int, address: str) -> None:
    """Start the Streamlit review dashboard on the configured database."""
    from tracker.db import ensure_schema

    url = _db_url(obj)
    ensure_schema(url)  # fail here, with a clear message, rather than inside the browser
    if not DASHBOARD_APP.exists():
        raise ConfigError(f"dashboard not found at {DASHBOARD_APP}: install tracker from its source tree")
    env = dict(os.environ, TRACKER_DATABASE_URL=url)
    cmd = [
        sys.executable, "-c", _STREAMLIT_BOOT, "run", str(DASHBOARD_APP),
        "--server.port", str(port),
        "--server.address", address,
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
        "--global.developmentMode", "false",
    ]
    click.echo(f"tracker dashboard on http://{address}:{port}/ (Ctrl+C to stop)", err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        # Become the Streamlit server, so that signals (Ctrl+C, a service manager's SIGTERM)
        # reach it directly and no orphan is left behind.
        os.execve(sys.executable, cmd, env)
    try:
        rc = subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        rc = 0
    if rc:
        raise click.exceptions.Exit(rc)


@click.group()
def reviewer() -> None:
    """Manage reviewer accounts (who may give verdicts in the dashboard)."""


def _read_password(name: str) -> str:
    stdin = sys.stdin
    if stdin.isatty():
        return click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    line = stdin.readline()
    if not line:
        raise InputError("no password on stdin")
    return line.rstrip("\r\n")


@reviewer.command("add")
@click.argument("name")
@click.option("--sso", is_flag=True,
              help="Register a single-sign-on identity with no password (see TRACKER_AUTH_HEADER).")
@click.option("--update", is_flag=True, help="Reset the password of an existing reviewer and reactivate them.")
@click.pass_obj
def reviewer_add(obj: dict, name: str, sso: bool, update: bool) -> None:
    """Add reviewer NAME. The password comes from a prompt, or from the first line of stdin."""
    from tracker import auth
    from tracker.db import ensure_schema, session_scope

    engine = ensure_schema(_db_url(obj))
    password = None if sso else _read_password(name)
    with session_scope(engine) as session:
        rev = auth.add_reviewer(session, name, password, update=update)
        kind = "single sign-on" if sso else "password"
        click.echo(f"reviewer {rev.name!r} {'updated' if update else 'added'} ({kind})")


@reviewer.command("list")
@click.pass_obj
def reviewer_list(obj: dict) -> None:
    """List reviewers."""
    from tracker import auth
    from tracker.db import ensure_schema, session_scope

    with session_scope(ensure_schema(_db_url(obj))) as session:
        for rev in auth.list_reviewers(session):
            kind = "password" if rev.password_hash else "sso"
            click.echo(f"{rev.name}\t{kind}\t{'active' if rev.active else 'disabled'}")


@reviewer.command("disable")
@click.argument("name")
@click.pass_obj
def reviewer_disable(obj: dict, name: str) -> None:
    """Stop NAME from giving verdicts (their past verdicts stay)."""
    from tracker import auth
    from tracker.db import ensure_schema, session_scope

    with session_scope(ensure_schema(_db_url(obj))) as session:
        auth.set_active(session, name, False)
    click.echo(f"reviewer {name!r} disabled")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["claimreview", "csv"]), required=True,
              help="claimreview: schema.org ClaimReview JSON-LD of confirmed contradictions; csv: all pairs.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
              help="File to write (default: stdout).")
@click.option("--org-name", default="tracker", show_default=True, help="ClaimReview author (your organisation).")
@click.option("--org-url", default=None, help="URL of your organisation, for the ClaimReview author.")
@click.option("--base-url", default="http://localhost:8501/", show_default=True,
              help="Dashboard page of one pair; ClaimReview url is BASE?pair=ID.")
@click.pass_obj
def export(obj: dict, fmt: str, output: str | None, org_name: str, org_url: str | None, base_url: str) -> None:
    """Export confirmed contradictions (ClaimReview JSON-LD) or all pairs with verdicts (CSV)."""
    from tracker import export as exp
    from tracker.db import ensure_schema, session_scope

    engine = ensure_schema(_db_url(obj))
    options = exp.ExportOptions(org_name=org_name, org_url=org_url, base_url=base_url)
    out_path = Path(output) if output else None
    tmp = out_path.with_name(out_path.name + ".part") if out_path else None
    fh = tmp.open("w", encoding="utf-8", newline="") if tmp else sys.stdout
    try:
        with session_scope(engine) as session:
            if fmt == "claimreview":
                n = exp.write_claimreview(session, fh, options)
            else:
                n = exp.write_csv(session, fh)
    except BaseException:
        if tmp:
            fh.close()
            tmp.unlink(missing_ok=True)
        raise
    if tmp and out_path:
        fh.close()
        tmp.replace(out_path)
        click.echo(f"wrote {n} {'ClaimReview items' if fmt == 'claimreview' else 'pairs'} to {out_path}", err=True)
