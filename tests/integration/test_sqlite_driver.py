"""The SQLite adapter: one trip to aiosqlite's thread per statement, and results as SQLAlchemy's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from db.database import Database
from db.sqlite_driver import OneHopCursor


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'one-hop.db'}")
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)")
    yield db
    await db.engine.dispose()


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(fn)
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return calls


async def test_each_statement_is_one_trip_to_the_sqlite_thread(sqlite: Database, hops: list[Any]) -> None:
    async with sqlite.engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.driver_connection, aiosqlite.Connection)
        hops.clear()
        await conn.execute(sa.text("SELECT 1"))  # with the transaction's BEGIN: one trip
        assert len(hops) == 1
        hops.clear()
        inserted = await conn.execute(sa.text("INSERT INTO t (name) VALUES ('a'), ('b')"))
        assert inserted.rowcount == 2
        assert len(hops) == 1
        rows = (await conn.execute(sa.text("SELECT id, name FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b")]
        assert len(hops) == 2
        one = await conn.execute(sa.text("INSERT INTO t (name) VALUES ('c')"))
        assert one.lastrowid == 3
        many = await conn.execute(
            sa.text("UPDATE t SET name = name || '!' WHERE id = :id"), [{"id": 1}, {"id": 2}]
        )
        assert many.rowcount == 2
        assert len(hops) == 4
        await conn.commit()
    async with sqlite.transaction() as tx:
        names = (await tx.session.execute(sa.text("SELECT name FROM t ORDER BY id"))).scalars().all()
    assert names == ["a!", "b!", "c"]


async def test_errors_and_empty_results_are_sqlalchemys(sqlite: Database) -> None:
    async with sqlite.engine.connect() as conn:
        assert (await conn.execute(sa.text("SELECT name FROM t"))).all() == []
        assert (await conn.execute(sa.text("DELETE FROM t"))).rowcount == 0
        await conn.execute(sa.text("INSERT INTO t (name) VALUES ('a')"))
        with pytest.raises(IntegrityError):
            await conn.execute(sa.text("INSERT INTO t (name) VALUES ('a')"))
        await conn.rollback()
        assert (await conn.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 0


async def test_server_side_cursors_stream_as_before(sqlite: Database) -> None:
    async with sqlite.engine.connect() as conn:
        await conn.execute(sa.text("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')"))
        streamed = await conn.stream(sa.text("SELECT name FROM t ORDER BY id"))
        assert [row.name async for row in streamed] == ["a", "b", "c"]
        dbapi_connection = (await conn.get_raw_connection()).dbapi_connection
        assert dbapi_connection is not None and isinstance(dbapi_connection.cursor(), OneHopCursor)


async def test_a_transaction_is_its_statements_and_its_commit(sqlite: Database, hops: list[Any]) -> None:
    async with sqlite.transaction():
        pass
    async with sqlite.read():
        pass
    assert hops == []  # nothing ran: no BEGIN, no COMMIT
    async with sqlite.transaction() as tx:
        await tx.session.execute(sa.text("INSERT INTO t (name) VALUES ('a')"))
        await tx.session.execute(sa.text("INSERT INTO t (name) VALUES ('b')"))
    assert len(hops) == 3  # BEGIN IMMEDIATE with the first, the second, COMMIT
    async with sqlite.read() as tx:
        assert (await tx.session.execute(sa.text("SELECT count(*) FROM t"))).scalar() == 2


async def test_a_writing_transaction_holds_the_write_lock_from_its_first_statement(
    sqlite: Database, tmp_path: Path
) -> None:
    """BEGIN IMMEDIATE still comes first: another writer is locked out until the commit; a
    reader (deferred BEGIN) locks out nobody."""
    import sqlite3

    other = sqlite3.connect(tmp_path / "one-hop.db", timeout=0, isolation_level=None)
    try:
        async with sqlite.read() as tx:
            await tx.session.execute(sa.text("SELECT count(*) FROM t"))
            other.execute("INSERT INTO t (name) VALUES ('reader does not block')")
        async with sqlite.transaction() as tx:
            await tx.session.execute(sa.text("SELECT count(*) FROM t"))  # a read, but BEGIN IMMEDIATE
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO t (name) VALUES ('blocked')")
        other.execute("INSERT INTO t (name) VALUES ('after the commit')")
        assert [r[0] for r in other.execute("SELECT name FROM t ORDER BY id")] == [
            "reader does not block",
            "after the commit",
        ]
    finally:
        other.close()
