"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL where asked), a clock."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from core.clock import FixedClock
from db.database import Database
from tests.support import renderers as _test_renderers  # noqa: F401  (kinds only tests enqueue)
from tests.support.services import POSTGRES_ADMIN_URL, unavailable

TZ = ZoneInfo("Asia/Shanghai")
# Wednesday 2026-11-25, 10:00 in Shanghai: a working day
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TZ)

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW, TZ)


@pytest.fixture(scope="session")
def pg_database_url() -> str:
    """A private PostgreSQL database for this test session, dropped at the end."""
    import asyncio

    name = f"zsbot_t_{uuid.uuid4().hex[:10]}"

    async def admin(sql: str) -> None:
        engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.exec_driver_sql(sql)
        finally:
            await engine.dispose()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        unavailable("PostgreSQL", exc)
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _fresh_postgres(url: str) -> Database:
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        await conn.exec_driver_sql("CREATE SCHEMA public")
    await db.create_all()
    return db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgres":
        return str(request.getfixturevalue("pg_database_url"))
    return f"sqlite+aiosqlite:///{tmp_path / 'zsbot.db'}"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    if database_url.startswith("postgresql"):
        database = await _fresh_postgres(database_url)
    else:
        database = Database(database_url)
        await database.create_all()
    yield database
    await database.dispose()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'zsbot.db'}")
    await database.create_all()
    yield database
    await database.dispose()
