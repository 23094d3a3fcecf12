"""Alembic, driven from code: `zsbot migrate` and the tests use these.

`upgrade_async` (what `zsbot run` does at start-up) first compares the revision stored in the
database with the head read from the migration files' headers: when they agree there is nothing to
do, and none of Alembic is loaded (its import, the script directory importing every migration and
env.py's own engine and event loop were a tenth of a second or more of every start). Otherwise —
behind, ahead, no schema, a header that cannot be read — Alembic itself upgrades or refuses, as before.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from db.database import Database, normalize_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

_REVISION = re.compile(r"""^revision\b[^=\n]*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=(.*)$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create or upgrade the schema (synchronous: Alembic runs its own event loop in env.py)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head", *, db: Database | None = None) -> None:
    """Upgrade to `revision` on a worker thread; to the head, only when the database is not there
    already (checked through `db` when given, else a connection of its own)."""
    if revision == "head" and await at_head(db or url):
        return
    await asyncio.to_thread(upgrade, url, revision)


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def current_heads() -> tuple[str, ...]:
    """The head revisions as Alembic computes them (it imports every migration)."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config("sqlite:///unused.db")).get_heads())


def script_heads() -> frozenset[str] | None:
    """The head revisions, read from the `revision` / `down_revision` lines of the migration files
    without importing them; None when a file's header cannot be read (then ask Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return None
        revisions.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions - parents) or None


async def stored_revisions(db: Database) -> frozenset[str] | None:
    """The revisions recorded in the database's `alembic_version`; None when it has none (no schema
    yet) or cannot be read."""
    from sqlalchemy.exc import DBAPIError

    try:
        async with db.engine.connect() as conn:
            rows = (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table (or the database refuses): Alembic will say what is wrong
        return None
    return frozenset(row[0] for row in rows) or None


async def at_head(db_or_url: Database | str) -> bool:
    """Whether the schema is at the migrations' head (False when in any doubt)."""
    heads = script_heads()
    if heads is None:
        return False
    if isinstance(db_or_url, Database):
        return await stored_revisions(db_or_url) == heads
    db = Database(db_or_url)
    try:
        return await stored_revisions(db) == heads
    finally:
        await db.dispose()
