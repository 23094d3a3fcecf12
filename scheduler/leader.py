"""Exactly one replica runs the jobs: a PostgreSQL advisory lock held on its own connection.

If the holder dies its connection closes, the lock is freed, and another replica takes over at
its next try (every 20 s by default, so within a minute). SQLite means one process: it leads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from db.database import Database
from db.locks import AdvisoryLock

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
        lock = AdvisoryLock(self.db.engine, LOCK_KEY)
        try:
            while True:
                try:
                    if not self.is_leader:
                        if await lock.try_acquire():
                            await self._become_leader()
                    else:
                        await lock.still_held()
                except Exception:
                    log.warning("leader lock connection failed", exc_info=True)
                    if self.is_leader:
                        self.is_leader = False
                        await self.on_lose()
                    await lock.close(unlock=False)
                await asyncio.sleep(self.interval)
        finally:
            if self.is_leader:
                self.is_leader = False
                await self.on_lose()
            await lock.close()

    async def _become_leader(self) -> None:
        self.is_leader = True
        log.info("this process runs the scheduled jobs")
        await self.on_acquire()
