"""Engine, session factory and the unit of work (`Tx`) every use case runs in."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from db.models import Base
from db.sqlite_driver import OneHopConnection, one_hop_dbapi
from db.text import install_text_cleaning
from db.tx import Tx

_current_tx: contextvars.ContextVar[Tx | None] = contextvars.ContextVar("zsbot_tx", default=None)


READ_ONLY = "zsbot_read_only"
"""Execution option of a connection that only reads (Database.read): SQLite begins it deferred."""


class WriteInRead(RuntimeError):
    """A statement that writes, sent inside :meth:`Database.read` (a bug: use ``transaction()``)."""


WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER", "DROP", "TRUNCATE"})


class DatabaseUrlError(ValueError):
    """The database URL cannot be used (bad syntax or unsupported driver)."""


SUPPORTED_DRIVERS = {"sqlite+aiosqlite", "postgresql+asyncpg"}


def normalize_url(url: str) -> str:
    """Accept the common spellings (sqlite:///x.db, postgresql://...) and pick the async driver."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(f"cannot parse database URL {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseUrlError(
            f"unsupported database {parsed.drivername!r}: use sqlite+aiosqlite:///file.db "
            "or postgresql+asyncpg://user@host/db"
        )
    return parsed.render_as_string(hide_password=False)


class CleanSession(Session):
    """A session whose flushes store no C0 control characters (see db.text)."""


install_text_cleaning(CleanSession)


POOL_SIZE = 20
"""PostgreSQL connections of one process (each replica holds up to this many); more transactions at
once wait for one of them."""


class Database:
    """Owns the engine. `transaction()` yields a `Tx` (session + repositories) and commits on exit.

    Nested `transaction()` calls in the same task join the outer one, so a use case can call
    another use case without splitting the unit of work.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        # a failing statement's parameters stay out of its error (and of the logs that quote it):
        # they hold what people sent, their names and their own words
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": 30}
            kwargs["module"] = one_hop_dbapi()
        else:
            # a fixed pool: an overflow connection is closed as soon as it is back, so every burst
            # beyond the pool connected afresh (start-up queries, type introspection, statements
            # prepared again), measured as a third of /help's maximum rate on PostgreSQL
            kwargs.update(pool_size=POOL_SIZE, max_overflow=0)
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine)
        else:
            _replace_closed_on_checkout(self.engine)
        _refuse_writes_in_reads(self.engine)
        self._write_lock: tuple[asyncio.AbstractEventLoop, asyncio.Lock] | None = None
        self._sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, autoflush=True, sync_session_class=CleanSession
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        outer = _current_tx.get()
        if outer is not None:
            yield outer
            return
        async with self.writing(), self._sessions() as session, session.begin():
            tx = Tx(session, dialect=self.dialect)
            token = _current_tx.set(tx)
            try:
                yield tx
            finally:
                _current_tx.reset(token)

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """SQLite: one transaction of this process at a time, the others queued here in order.

        A SQLite file has one writer at a time (``BEGIN IMMEDIATE``); a second one waits in
        SQLite's busy handler, which sleeps and retries (1, 2, 5 … 100 ms), on a connection of
        its own. Queued on an asyncio lock instead, the next transaction starts the moment the
        previous one commits. Another process on the file (a CLI command) still meets the busy
        timeout. Like that timeout, waiting here ends after 30 s with "database is locked"."""
        if not self.is_sqlite:
            yield
            return
        loop = asyncio.get_running_loop()
        if self._write_lock is None or self._write_lock[0] is not loop:  # a lock belongs to one loop
            self._write_lock = (loop, asyncio.Lock())
        lock = self._write_lock[1]
        try:
            async with asyncio.timeout(30):
                await lock.acquire()
        except TimeoutError:
            raise sa_exc.OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")) from None
        try:
            yield
        finally:
            lock.release()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """Reading only. On SQLite a plain (deferred) ``BEGIN`` that takes no write lock, so it
        neither waits for a writer nor holds one up (WAL: it reads a snapshot). On PostgreSQL no
        transaction at all: under its READ COMMITTED each statement reads a snapshot of its own
        whether inside a transaction or not, so ``BEGIN`` and ``ROLLBACK`` were two round trips that
        bought nothing (a read that needs one snapshot for several statements uses
        :meth:`transaction`). Joins an outer transaction like :meth:`transaction`. A write in it is
        refused before it reaches the database (:class:`WriteInRead`), on both."""
        outer = _current_tx.get()
        if outer is not None:
            yield outer
            return
        async with self._sessions() as session:
            # SQLite: begins the session's transaction, deferred; PostgreSQL: autocommit, client-side
            options: dict[str, Any] = {READ_ONLY: True}
            if not self.is_sqlite:
                options["isolation_level"] = "AUTOCOMMIT"
            await session.connection(execution_options=options)
            tx = Tx(session, dialect=self.dialect)
            token = _current_tx.set(tx)
            try:
                yield tx
            finally:
                _current_tx.reset(token)
                await session.rollback()

    async def create_all(self) -> None:
        """Create every table from the models (tests and the sandbox; production uses Alembic)."""
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")

    async def dispose(self) -> None:
        await self.engine.dispose()


def _refuse_writes_in_reads(engine: AsyncEngine) -> None:
    """A write inside :meth:`Database.read` fails before it is sent: on PostgreSQL a read runs in
    autocommit, where it would be committed at once (on SQLite it would be rolled back unseen)."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _before_execute(
        conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
    ) -> None:
        if not conn.get_execution_options().get(READ_ONLY):
            return
        writes = context is not None and (context.isinsert or context.isupdate or context.isdelete)
        if writes or statement.lstrip().split(None, 1)[0].upper() in WRITES:
            raise WriteInRead(f"a write inside Database.read(): {statement.split(None, 2)[:2]}")


def _replace_closed_on_checkout(engine: AsyncEngine) -> None:
    """PostgreSQL: a pooled connection the server closed meanwhile (a restart, a terminated
    backend, a proxy's cut) is replaced when it is checked out, as ``pool_pre_ping`` would replace
    it, without a trip to the server: asyncpg reads its socket all along and knows at once when it
    closes. SQLAlchemy's ping cost three trips (``BEGIN``, ``;``, ``ROLLBACK``) on every checkout,
    more than the one statement of an update's intake. A connection that dies without its socket
    closing (a silent network cut) fails at its first statement instead, as it would have failed
    the ping after its timeout; the pool is then invalidated and callers retry (`unavailable`)."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_closed():  # the pool replaces it
            raise sa_exc.DisconnectionError("the server closed this pooled connection")


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Foreign keys on, WAL, and BEGIN IMMEDIATE so concurrent writers queue instead of failing."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if ":memory:" not in engine.url.render_as_string():
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        begin = "BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
        dbapi_connection = conn.connection.dbapi_connection
        if isinstance(dbapi_connection, OneHopConnection):
            dbapi_connection.begin_with_next(begin)  # sent with the first statement (db/sqlite_driver.py)
        else:
            conn.exec_driver_sql(begin)


def unavailable(error: BaseException) -> bool:
    """`error` says the database cannot be reached right now (down, restarting, locked, timed out):
    the work may succeed if tried again later, unlike a bug or bad data."""
    if isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.DisconnectionError):
        return True
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, ConnectionError):  # refused / reset while connecting (asyncpg raises OSError)
        return True
    return type(error).__module__.startswith("asyncpg") and "Connection" in type(error).__name__


def unique_clash(exc: BaseException, constraint: str) -> bool:
    """`exc` is a unique violation of `constraint` (a concurrent insert took the value first)."""
    text = str(getattr(exc, "orig", exc))
    return isinstance(exc, IntegrityError) and (constraint in text or "UNIQUE constraint failed" in text)


__all__ = [
    "AsyncSession",
    "Database",
    "DatabaseUrlError",
    "IntegrityError",
    "Tx",
    "normalize_url",
    "unavailable",
    "unique_clash",
]
