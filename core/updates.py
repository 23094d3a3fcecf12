"""Idempotent update handling: an update id seen before is processed once."""

from __future__ import annotations

import datetime as dt

from core.clock import Clock
from db.database import Database


class UpdateJournal:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def first_time(self, update_id: int) -> bool:
        async with self.db.transaction() as tx:
            return await tx.updates.claim(update_id)

    async def forget_older_than(self, age: dt.timedelta) -> int:
        async with self.db.transaction() as tx:
            return await tx.updates.forget_before(self.clock.now() - age)
