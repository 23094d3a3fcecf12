"""aiosqlite under SQLAlchemy, one thread hop per statement.

aiosqlite runs each call on its connection's thread and wakes the event loop with the result.
SQLAlchemy's adapter makes four such calls for every statement — open a cursor, execute, fetch all,
close — and three for a write, ``BEGIN`` included: about 18 round trips between the two threads for
the smallest update, each a queue put, a wake-up of the other thread and a fight for the GIL (in
issue 18's profiles the loop spent a sixth of its time on them, and under load the SQLite thread
waited for the GIL a switch interval at a time). Here the four are one function run on that
thread. Everything else — the connection, transactions, errors, server-side cursors — is
SQLAlchemy's and aiosqlite's own; the adapter is given to the engine as its DBAPI module
(``create_async_engine(..., module=...)``, the documented way to use another DBAPI).

A transaction's ``BEGIN`` travels with its first statement too (:meth:`OneHopConnection.begin_with_next`):
a transaction is then its statements plus one trip for ``COMMIT``, and one that ran no statement
costs no trip at all.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    AsyncAdapt_aiosqlite_ss_cursor,
)

_T = TypeVar("_T")

Outcome = tuple[Any, list[Any] | None, int | None, int]
"""(description, rows or None for a statement without a result, lastrowid, rowcount)."""


def _execute(conn: sqlite3.Connection, begin: str | None, operation: str, parameters: Any) -> Outcome:
    if begin is not None:
        conn.execute(begin)
    cursor = conn.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, None, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


def _executemany(
    conn: sqlite3.Connection, begin: str | None, operation: str, seq_of_parameters: Any
) -> Outcome:
    if begin is not None:
        conn.execute(begin)
    cursor = conn.cursor()
    try:
        cursor.executemany(operation, seq_of_parameters)
        return None, None, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._apply(_execute, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._apply(_executemany, operation, seq_of_parameters)

    def _apply(self, run: Any, operation: Any, parameters: Any) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        begin = cast(OneHopConnection, self._adapt_connection).take_begin()
        try:
            description, rows, lastrowid, rowcount = self.await_(
                connection._execute(run, connection._conn, begin, operation, parameters)
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description = description
        self.lastrowid = lastrowid if description is None else -1
        self.rowcount = rowcount
        self._rows = deque(rows) if rows is not None else deque()


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_begin", "_used")

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None  # a BEGIN to send with the next statement
        self._used = False  # a statement ran since the last COMMIT or ROLLBACK

    def begin_with_next(self, begin: str) -> None:
        """Open the transaction with `begin` (``BEGIN IMMEDIATE``…) on the next statement's trip."""
        self._begin = begin

    def take_begin(self) -> str | None:
        """The pending BEGIN, to send now with a statement."""
        begin, self._begin = self._begin, None
        self._used = True
        return begin

    async def run(self, fn: Callable[..., _T], *args: Any) -> _T:
        """`fn(sqlite3_connection, *args)` run on the connection's thread (one trip), from async code
        with no SQLAlchemy statement of this connection under way: `fn` runs its own transaction."""
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        return cast(_T, await connection._execute(fn, connection._conn, *args))

    def _flush_begin(self) -> None:
        """Open a pending transaction now (before work that does not go through a OneHopCursor)."""
        if (begin := self.take_begin()) is not None:
            super().execute(begin)

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            self._flush_begin()
            return AsyncAdapt_aiosqlite_ss_cursor(self)
        return OneHopCursor(self)

    def execute(self, *args: Any, **kw: Any) -> Any:
        self._flush_begin()
        return super().execute(*args, **kw)

    def commit(self) -> None:
        self._end(super().commit)

    def rollback(self) -> None:
        self._end(super().rollback)

    def _end(self, end: Any) -> None:
        """COMMIT or ROLLBACK — no trip when no statement ran since the last one (no transaction
        can be open then: a pending BEGIN was never sent)."""
        self._begin = None
        if self._used:
            end()
            self._used = False


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneHopConnection(self, adapted._connection)


def one_hop_dbapi() -> OneHopDBAPI:
    return OneHopDBAPI(aiosqlite, sqlite3)
