"""A PostgreSQL session-level advisory lock held on a dedicated connection."""

from __future__ import annotations

import contextlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class AdvisoryLock:
    """While the connection lives and holds the lock, this process owns `key`."""

    def __init__(self, engine: AsyncEngine, key: int) -> None:
        self.engine = engine
        self.key = key
        self._conn: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        if self._conn is None:
            self._conn = await self.engine.connect()
        got = await self._conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
        await self._conn.commit()
        return bool(got)

    async def still_held(self) -> None:
        """Raises when the connection (and with it the lock) is gone."""
        if self._conn is None:
            raise ConnectionError("advisory lock connection is closed")
        await self._conn.scalar(text("SELECT 1"))
        await self._conn.commit()

    async def close(self, *, unlock: bool = True) -> None:
        if self._conn is None:
            return
        with contextlib.suppress(Exception):
            if unlock:
                await self._conn.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            await self._conn.close()
        self._conn = None


class RunnerLocked(RuntimeError):
    """Another zsbot process already runs on this SQLite file."""


_held: dict[str, list[int]] = {}  # lock path → [fd, holders in this process] (an OS lock is per process)


class SqliteRunnerLock:
    """One runner process per SQLite file: an exclusive ``flock`` on ``<file>.lock`` while it runs.

    Two processes on one file would both run the jobs and the second would reset the first's
    in-flight outbox rows at start-up; PostgreSQL has the scheduler's leader lock instead. The
    operating system drops the lock when the process ends, however it ends (even SIGKILL). Within
    one process the lock is shared (a restart in place, tests), counted, and dropped with the last.
    """

    def __init__(self, database_file: str) -> None:
        import os

        self.path = os.path.abspath(f"{database_file}.lock")
        self._holding = False

    def acquire(self) -> None:
        import fcntl
        import os

        if self._holding:
            return
        if self.path in _held:
            _held[self.path][1] += 1
            self._holding = True
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise RunnerLocked(
                f"another zsbot (pid {holder}) is already running on {self.path[: -len('.lock')]}; "
                "stop it first — two runners on one SQLite file would both send and both run the jobs "
                "(use PostgreSQL for several replicas)"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        _held[self.path] = [fd, 1]
        self._holding = True

    def release(self) -> None:
        import fcntl
        import os

        if not self._holding:
            return
        self._holding = False
        entry = _held[self.path]
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _held[self.path]
        with contextlib.suppress(OSError):
            fcntl.flock(entry[0], fcntl.LOCK_UN)
        os.close(entry[0])
