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
