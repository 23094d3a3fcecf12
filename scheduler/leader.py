"""Exactly one replica runs the jobs: a PostgreSQL advisory lock held on its own connection.

If the holder dies its connection closes, the lock is freed, and another replica takes over at
its next try (every 20 s by default, so within a minute). SQLite means one process: it leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from db.database import Database

log = logging.getLogger(__name__)

LOCK_KEY = 0x7A5B07  # "zsbot"


class Leadership:
    def __init__(
        self,
        db: Database,
        on_acquire: Callable[[], Awaitable[None]],
        on_lose: Callable[[], Awaitable[None]],
        *,
        interval: float = 20.0,
    ) -> None:
        self.db = db
        self.on_acquire = on_acquire
        self.on_lose = on_lose
        self.interval = interval
        self.is_leader = False

    async def run(self) -> None:
        if self.db.is_sqlite:
            await self._become_leader()
            await asyncio.Event().wait()
        conn: AsyncConnection | None = None
        try:
            while True:
                try:
                    if conn is None:
                        conn = await self.db.engine.connect()
                    if not self.is_leader:
                        got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})
                        await conn.commit()
                        if got:
                            await self._become_leader()
                    else:
                        await conn.scalar(text("SELECT 1"))
                        await conn.commit()
                except Exception:
                    log.warning("leader lock connection failed", exc_info=True)
                    if self.is_leader:
                        self.is_leader = False
                        await self.on_lose()
                    if conn is not None:
                        with contextlib.suppress(Exception):
                            await conn.close()
                    conn = None
                await asyncio.sleep(self.interval)
        finally:
            if self.is_leader:
                self.is_leader = False
                await self.on_lose()
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                    await conn.close()

    async def _become_leader(self) -> None:
        self.is_leader = True
        log.info("this process runs the scheduled jobs")
        await self.on_acquire()
