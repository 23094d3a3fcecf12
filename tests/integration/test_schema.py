"""Alembic: a fresh database upgraded to head has exactly the models' schema."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db.database import Database
from db.migrate import at_head, current_heads, downgrade, script_heads, stored_revisions, upgrade_async
from db.models import Base


async def test_upgrade_from_empty_matches_models(database_url: str, db: Database) -> None:
    # the `db` fixture created tables from the models; start from nothing instead
    async with db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    await upgrade_async(database_url)
    async with db.engine.connect() as conn:
        diff = await conn.run_sync(
            lambda c: compare_metadata(
                MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata
            )
        )
    assert diff == []


async def test_start_up_skips_alembic_only_at_the_head(database_url: str, db: Database) -> None:
    """`zsbot run` reads the head from the migration files' headers, as Alembic computes it, and
    leaves the upgrade to Alembic unless the database records exactly that head."""
    assert script_heads() == frozenset(current_heads())
    async with db.engine.begin() as conn:  # the fixture's tables come from the models: no revision
        await conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    assert not await at_head(db)
    async with db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
    await upgrade_async(database_url, db=db)
    assert await at_head(db) and await at_head(database_url)
    await asyncio.to_thread(downgrade, database_url, "0019")
    assert not await at_head(db)
    await upgrade_async(database_url, db=db)  # Alembic upgrades (0019 → head)
    assert await stored_revisions(db) == script_heads()
