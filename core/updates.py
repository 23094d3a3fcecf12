"""Idempotent, durable update handling.

An update is taken in (its id and payload stored, not done) before it is handled and marked done
only after its handling finished — so a redelivered update is processed once, and one whose handling
was cut short (the process was killed, the database went away) is handled again at the next start.
"""

from __future__ import annotations

import datetime as dt

from core.clock import Clock
from db.database import Database


class UpdateJournal:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def first_time(self, update_id: int, payload: str | None = None) -> bool:
        """Take the update in; False when it was taken in before (a redelivery: skip it)."""
        async with self.db.transaction() as tx:
            return await tx.updates.claim(update_id, payload)

    async def resume(self, update_id: int) -> bool:
        """A replayed update is handled when its handling has not finished yet."""
        async with self.db.transaction() as tx:
            return await tx.updates.unfinished(update_id)

    async def done(self, update_id: int) -> None:
        async with self.db.transaction() as tx:
            await tx.updates.finish(update_id)

    async def unfinished(self, older_than: dt.timedelta) -> list[tuple[int, str]]:
        """Updates whose handling never finished, taken in more than `older_than` ago."""
        async with self.db.transaction() as tx:
            # taken-in times are the machine's own (not the injected clock's "today")
            return list(await tx.updates.pending(dt.datetime.now(dt.UTC) - older_than))

    async def forget_older_than(self, age: dt.timedelta) -> int:
        async with self.db.transaction() as tx:
            return await tx.updates.forget_before(self.clock.now() - age)
