"""Alembic: a fresh database upgraded to head has exactly the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from db.database import Database
from db.migrate import upgrade_async
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
