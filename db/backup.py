"""Backup and restore of the whole database: SQLite's online backup API; PostgreSQL's pg_dump/pg_restore.

- SQLite: ``sqlite3.Connection.backup`` copies a consistent snapshot page by page while the bot keeps
  running (readers and writers are not stopped). Restore copies the file back the same way; stop the
  bot first (a running bot would keep writing to the database being replaced).
- PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot, the bot may keep running) and
  ``pg_restore --clean --if-exists --no-owner --single-transaction`` into the configured database.
  The client tools come from the ``postgresql-client`` package; their major version must be at least
  the server's.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """A backup or restore could not be made; the message says why, in one line."""


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL client tools (the password through the environment)."""
    parsed = make_url(url)
    args = ["--dbname", parsed.database or "postgres"]
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools (postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: {message[-1] if message else done.returncode}")


def backup(url: str, target: Path) -> None:
    """Write a backup of the database at ``url`` to ``target`` (replaced if it exists)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if make_url(url).get_backend_name() == "sqlite":
        source_path = _sqlite_path(url)
        if not source_path.exists():
            raise BackupError(f"no database at {source_path}")
        partial = target.with_name(target.name + ".partial")
        with sqlite3.connect(source_path) as source, sqlite3.connect(partial) as copy:
            source.backup(copy)
        partial.replace(target)
        return
    args, env = _libpq(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)


def restore(url: str, source: Path) -> None:
    """Replace the database at ``url`` with the backup in ``source``. Stop the bot first."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    if make_url(url).get_backend_name() == "sqlite":
        try:
            with sqlite3.connect(source) as check:
                sound = check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        except sqlite3.DatabaseError:
            sound = False
        if not sound:
            raise BackupError(f"{source} is not a sound SQLite database")
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as backup_db, sqlite3.connect(target) as live:
            backup_db.backup(live)
        return
    args, env = _libpq(url)
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(source),
        ],
        env,
    )
