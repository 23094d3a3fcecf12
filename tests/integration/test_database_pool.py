"""PostgreSQL's pool: a connection the server closed while it sat in the pool is replaced at
checkout, with no ping on every checkout (issue 18)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from db.database import POOL_SIZE, Database

pytestmark = pytest.mark.postgres


async def _backend_pid(db: Database) -> int:
    async with db.transaction() as tx:
        return int(await tx.session.scalar(sa.text("SELECT pg_backend_pid()")) or 0)


async def test_a_connection_the_server_closed_is_replaced_without_an_error(pg_database_url: str) -> None:
    db = Database(pg_database_url)
    admin = create_async_engine(pg_database_url, isolation_level="AUTOCOMMIT")
    try:
        first = await _backend_pid(db)
        pooled = await _pooled_driver(db)  # the one connection, back in the pool
        assert db.engine.pool.checkedin() == 1 and not pooled.is_closed()
        async with admin.connect() as conn:
            await conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        async with asyncio.timeout(5):  # asyncpg sees its socket close as the loop runs
            while not pooled.is_closed():  # noqa: ASYNC110 (asyncpg offers no event for it)
                await asyncio.sleep(0.01)

        second = await _backend_pid(db)  # no error: the closed one was replaced at checkout
        assert second != first
    finally:
        await admin.dispose()
        await db.dispose()


async def test_checkout_sends_no_ping(pg_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A transaction's statements are all the server gets: no ping (``BEGIN``, ``;``, ``ROLLBACK``)
    before each checkout."""
    db = Database(pg_database_url)
    pings: list[object] = []
    monkeypatch.setattr(type(db.engine.dialect), "do_ping", lambda self, conn: pings.append(conn) or True)
    try:
        for _ in range(3):
            assert await _backend_pid(db) > 0
        assert pings == []
    finally:
        await db.dispose()


async def _pooled_driver(db: Database) -> Any:
    async with db.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        return raw.driver_connection


async def test_bursts_reuse_the_pool_connections(pg_database_url: str) -> None:
    """More transactions at once than the pool holds wait for its connections: a burst opens no
    connection that is closed after it (each new one costs start-up queries, type introspection and
    statements prepared again), and the next burst opens none at all."""
    db = Database(pg_database_url)
    opened: list[object] = []
    sa.event.listen(db.engine.sync_engine, "connect", lambda conn, record: opened.append(conn))

    async def burst() -> set[int]:
        async def one() -> int:
            async with db.transaction() as tx:
                return int(
                    await tx.session.scalar(sa.text("SELECT pg_backend_pid() FROM pg_sleep(0.02)")) or 0
                )

        return set(await asyncio.gather(*(one() for _ in range(3 * POOL_SIZE))))

    try:
        first = await burst()
        assert len(opened) == len(first) <= POOL_SIZE
        assert db.engine.pool.checkedin() == len(first)  # every one kept
        second = await burst()
        assert len(opened) == len(first) and second <= first  # none opened again
    finally:
        await db.dispose()
