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


class SqliteRunnerLock:
    """One runner per SQLite file: an exclusive ``flock`` on ``<file>.lock`` for the process's life.

    Two processes on one file would both run the jobs and the second would reset the first's
    in-flight outbox rows at start-up; PostgreSQL has the scheduler's leader lock instead. The
    operating system drops the lock when the process ends, however it ends (even SIGKILL).
    """

    def __init__(self, database_file: str) -> None:
        self.path = f"{database_file}.lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl
        import os

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
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        import fcntl
        import os

        with contextlib.suppress(OSError):
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
