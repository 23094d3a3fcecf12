"""Idempotent, durable update handling.

An update is taken in (its id and payload stored, not done) before it is handled and marked done
only after its handling finished — so a redelivered update is processed once, and one whose handling
was cut short (the process was killed, the database went away) is handled again at the next start.

Taking an update in is also where its sender is looked up: one short transaction claims the id and
loads the person with what every handler needs (roles, unit, work group) — and, where forms are
read from the database for every update (PostgreSQL without Redis), the chat's form. Marking done is committed
in groups: the updates that finish while one group is being written share the next transaction,
and each waits for its own commit.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from db.database import Database
from db.models import FsmRecord, Person
from db.tx import Tx

FormState = tuple[str | None, dict[str, Any]]
"""A chat's form: its state (None: no form open) and its data."""


@dataclass(frozen=True)
class Intake:
    """An update taken in for handling, with its sender (None: not a bound, active person; or no
    sender was asked for) and, when its key was given, its chat's form as stored."""

    person: Person | None
    form: FormState | None = None


class UpdateJournal:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self._finishing: list[tuple[int, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def take_in(
        self, update_id: int, payload: str | None, telegram_id: int | None, form_key: str | None = None
    ) -> Intake | None:
        """Claim a new update and load its sender (and the form stored under `form_key`), in one
        transaction; None when it was taken in before (a redelivery: skip it)."""
        async with self.db.transaction() as tx:
            if not await tx.updates.claim(update_id, payload):
                return None
            return await _intake(tx, telegram_id, form_key)

    async def take_up(
        self, update_id: int, telegram_id: int | None, form_key: str | None = None
    ) -> Intake | None:
        """A replayed update, when its handling has not finished yet (None: it has)."""
        async with self.db.transaction() as tx:
            if not await tx.updates.unfinished(update_id):
                return None
            return await _intake(tx, telegram_id, form_key)

    async def first_time(self, update_id: int, payload: str | None = None) -> bool:
        """Take the update in; False when it was taken in before (a redelivery: skip it)."""
        return await self.take_in(update_id, payload, None) is not None

    async def resume(self, update_id: int) -> bool:
        """A replayed update is handled when its handling has not finished yet."""
        return await self.take_up(update_id, None) is not None

    async def done(self, update_id: int) -> None:
        """Mark the update handled; returns once that is committed (with others finishing meanwhile)."""
        finished = asyncio.get_running_loop().create_future()
        self._finishing.append((update_id, finished))
        if self._writer is None or self._writer.done():
            # a context of its own: no update's transaction or id is carried into the group's writer
            self._writer = asyncio.create_task(
                self._write_done(), name="update-journal-done", context=contextvars.Context()
            )
        await finished

    async def _write_done(self) -> None:
        while self._finishing:
            group, self._finishing = self._finishing, []
            try:
                async with self.db.transaction() as tx:
                    await tx.updates.finish_many(sorted({update_id for update_id, _ in group}))
            except Exception as error:  # each waiter decides (the middleware retries an outage)
                for _, finished in group:
                    if not finished.done():
                        finished.set_exception(error)
            else:
                for _, finished in group:
                    if not finished.done():
                        finished.set_result(None)

    async def unfinished(self, older_than: dt.timedelta) -> list[tuple[int, str]]:
        """Updates whose handling never finished, taken in more than `older_than` ago."""
        async with self.db.transaction() as tx:
            # taken-in times are the machine's own (not the injected clock's "today")
            return list(await tx.updates.pending(dt.datetime.now(dt.UTC) - older_than))

    async def forget_older_than(self, age: dt.timedelta) -> int:
        async with self.db.transaction() as tx:
            return await tx.updates.forget_before(self.clock.now() - age)


async def _intake(tx: Tx, telegram_id: int | None, form_key: str | None) -> Intake:
    form: FormState | None = None
    if form_key is not None:
        form = form_of(await tx.fsm.get(form_key))
    return Intake(await _sender(tx, telegram_id), form)


def form_of(record: FsmRecord | None) -> FormState:
    """A stored form row as (state, data); no row: no form open."""
    return (record.state, dict(record.data or {})) if record is not None else (None, {})


async def _sender(tx: Tx, telegram_id: int | None) -> Person | None:
    if telegram_id is None:
        return None
    person = await tx.people.by_telegram_id(telegram_id)
    return person if person is not None and person.active else None
