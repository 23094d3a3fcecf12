"""`zsbot backup FILE` and `zsbot restore FILE`: the whole database, SQLite or PostgreSQL (db/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import load
from db.backup import BackupError
from db.backup import backup as make_backup
from db.backup import restore as apply_restore


def backup(file: Annotated[Path, typer.Argument(dir_okay=False, help="where to write the backup")]) -> None:
    """Back up the database (SQLite: online backup; PostgreSQL: pg_dump, custom format). The bot may run."""
    settings = load()
    try:
        make_backup(settings.database_url, file)
    except BackupError as exc:
        typer.secho(f"backup failed: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"backup written to {file} ({file.stat().st_size} bytes)")


def restore(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="a backup file")],
    yes: Annotated[bool, typer.Option("--yes", help="replace the database without asking")] = False,
) -> None:
    """Replace the database with a backup (stop the bot first). Then `zsbot migrate` if it is older."""
    settings = load()
    if not yes:
        typer.confirm(f"Replace the database {settings.database_url.split('@')[-1]} with {file}?", abort=True)
    try:
        apply_restore(settings.database_url, file)
    except BackupError as exc:
        typer.secho(f"restore failed: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"database restored from {file}")
