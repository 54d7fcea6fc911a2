"""``tracker db``: manage the schema with Alembic."""

from __future__ import annotations

import click

from tracker import settings


@click.group()
def db() -> None:
    """Manage the database schema (Alembic migrations)."""


@db.command()
@click.argument("revision", default="head")
@click.pass_obj
def upgrade(obj: dict, revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    from tracker.db import engine as dbe

    url = settings.database_url(obj.get("db_url"))
    dbe.upgrade(url, revision)
    click.echo(f"database at revision {dbe.current_revision(dbe.get_engine(url))}")


@db.command()
@click.argument("revision")
@click.pass_obj
def downgrade(obj: dict, revision: str) -> None:
    """Downgrade the schema to REVISION ("base" removes everything)."""
    from tracker.db import engine as dbe

    url = settings.database_url(obj.get("db_url"))
    dbe.downgrade(url, revision)
    click.echo(f"database at revision {dbe.current_revision(dbe.get_engine(url)) or 'base'}")


@db.command()
@click.pass_obj
def current(obj: dict) -> None:
    """Show the database's schema revision and the newest one."""
    from tracker.db import engine as dbe

    url = settings.database_url(obj.get("db_url"))
    engine = dbe.get_engine(url)
    dbe.check_connection(engine)
    rev = dbe.current_revision(engine)
    head = dbe.head_revision(url)
    state = "up to date" if rev == head else "needs `tracker db upgrade`"
    click.echo(f"{engine.url.render_as_string(hide_password=True)}: revision {rev or 'none'} "
               f"(head {head}, {state})")
