"""Idempotent, durable update handling.

An update is taken in (its id and payload stored, not done) before it is handled and marked done
only after its handling finished — so a redelivered update is processed once, and one whose handling
was cut short (the process was killed, the database went away) is handled again at the next start.

Taking an update in is also where its sender is looked up: one short transaction (one trip to the
database, see db/intake.py) claims the id and loads the person with what every handler needs
(roles, unit, work group) — and, where forms are read from the database for every update
(PostgreSQL without Redis), the chat's form. The same transaction marks done the updates that
finished since the last intake: under load a mark "done" costs no transaction of its own. When no
intake comes for :data:`DONE_DELAY`, the journal's writer commits the marks waiting then; each
update waits for its own mark's commit. Once `flush_at` marks are waiting, the update that brings
the last of them commits them at once: when the updates in hand are capped (ZSBOT_UPDATES_IN_HAND),
those waiting for their marks would otherwise hold every place while no intake can come to carry
them, and the bot would stall for DONE_DELAY again and again.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
from dataclasses import dataclass

from core.clock import Clock
from db.database import Database
from db.intake import FormState, UpdateIntake, form_state
from db.models import FsmRecord, Person
from db.tx import Tx

DONE_DELAY = 0.05
"""Seconds without an intake after which the marks "done" waiting for one are committed alone."""

FLUSH_AT = 25
"""Marks "done" waiting for an intake that are committed at once, without one (see above)."""


@dataclass(frozen=True)
class Intake:
    """An update taken in for handling, with its sender (None: not a bound, active person; or no
    sender was asked for) and, when its key was given, its chat's form as stored."""

    person: Person | None
    form: FormState | None = None


class UpdateJournal:
    def __init__(
        self, db: Database, clock: Clock, *, done_delay: float = DONE_DELAY, flush_at: int = FLUSH_AT
    ) -> None:
        self.db = db
        self.clock = clock
        self.intake = UpdateIntake(db)
        self.done_delay = done_delay
        self.flush_at = max(1, flush_at)
        self._finishing: list[tuple[int, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._intakes = 0  # committed so far: while they keep coming, they carry the marks

    async def take_in(
        self, update_id: int, payload: str | None, telegram_id: int | None, form_key: str | None = None
    ) -> Intake | None:
        """Claim a new update and load its sender (and the form stored under `form_key`), in one
        transaction that also marks the updates finished meanwhile done; None when it was taken in
        before (a redelivery: skip it)."""
        group, self._finishing = self._finishing, []
        try:
            taken = await self.intake.take_in(update_id, payload, telegram_id, form_key, _ids(group))
        except BaseException:
            self._finishing[:0] = group  # still to be written, by the next intake or the writer
            if group:
                self._ensure_writer()
            raise
        self._intakes += 1
        _settle(group)
        if taken is None:
            return None
        person = taken.person if taken.person is not None and taken.person.active else None
        return Intake(person, taken.form)

    async def take_up(
        self, update_id: int, telegram_id: int | None, form_key: str | None = None
    ) -> Intake | None:
        """A replayed update, when its handling has not finished yet (None: it has)."""
        async with self.db.transaction() as tx:
            if not await tx.updates.unfinished(update_id):
                return None
            return await _intake(tx, telegram_id, form_key)

    async def resume(self, update_id: int) -> bool:
        """A replayed update is handled when its handling has not finished yet."""
        return await self.take_up(update_id, None) is not None

    async def done(self, update_id: int, *, alone: bool = False) -> None:
        """Mark the update handled; returns once that is committed.

        The mark waits for the next update's intake to carry it (under load there is always one: no
        transaction of its own); when no intake comes for :attr:`done_delay`, the marks waiting
        then share a transaction of their own. `alone`: committed at once in a transaction of its
        own (a replayed update: replays are handled one after the other, and each would otherwise
        wait for an intake that may not come)."""
        if alone:
            await self.intake.finish([update_id])
            return
        finished = asyncio.get_running_loop().create_future()
        self._finishing.append((update_id, finished))
        if len(self._finishing) >= self.flush_at:
            group, self._finishing = self._finishing, []
            try:
                await self._commit(group)
            except BaseException:  # cancelled (shutdown): the others' marks go to the writer
                left = [entry for entry in group if not entry[1].done()]
                self._finishing[:0] = left
                if left:
                    self._ensure_writer()
                raise
        else:
            self._ensure_writer()
        await finished

    def _ensure_writer(self) -> None:
        if self._writer is None or self._writer.done():
            # a context of its own: no update's transaction or id is carried into the group's writer
            self._writer = asyncio.create_task(
                self._write_done(), name="update-journal-done", context=contextvars.Context()
            )

    async def _write_done(self) -> None:
        while self._finishing:
            intakes = self._intakes
            await asyncio.sleep(self.done_delay)
            if self._intakes != intakes:
                continue  # updates keep coming: the next intake carries what is waiting
            group, self._finishing = self._finishing, []
            await self._commit(group)

    async def _commit(self, group: list[tuple[int, asyncio.Future[None]]]) -> None:
        """The group's marks in a transaction of their own; each waiter learns the outcome."""
        try:
            await self.intake.finish(_ids(group))
        except Exception as error:  # each waiter decides (the middleware retries an outage)
            for _, finished in group:
                if not finished.done():
                    finished.set_exception(error)
        else:
            _settle(group)

    async def unfinished(self, older_than: dt.timedelta) -> list[tuple[int, str]]:
        """Updates whose handling never finished, taken in more than `older_than` ago."""
        async with self.db.transaction() as tx:
            # taken-in times are the machine's own (not the injected clock's "today")
            return list(await tx.updates.pending(dt.datetime.now(dt.UTC) - older_than))

    async def forget_older_than(self, age: dt.timedelta) -> int:
        async with self.db.transaction() as tx:
            return await tx.updates.forget_before(self.clock.now() - age)


def _ids(group: list[tuple[int, asyncio.Future[None]]]) -> list[int]:
    return sorted({update_id for update_id, _ in group})


def _settle(group: list[tuple[int, asyncio.Future[None]]]) -> None:
    for _, finished in group:
        if not finished.done():
            finished.set_result(None)


async def _intake(tx: Tx, telegram_id: int | None, form_key: str | None) -> Intake:
    form: FormState | None = None
    if form_key is not None:
        form = form_of(await tx.fsm.get(form_key))
    return Intake(await _sender(tx, telegram_id), form)


def form_of(record: FsmRecord | None) -> FormState:
    """A stored form row as (state, data); no row: no form open."""
    return form_state(record.state, record.data) if record is not None else (None, {})


async def _sender(tx: Tx, telegram_id: int | None) -> Person | None:
    if telegram_id is None:
        return None
    person = await tx.people.by_telegram_id(telegram_id)
    return person if person is not None and person.active else None
