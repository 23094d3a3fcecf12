"""Delivery bookkeeping for the outbox sender: claim, resolve the chat, record what happened.

The sender in bot/ talks to Telegram; this module decides what each outcome means for the
rows and the people (retry with backoff, dead letter, unreachable + the office told once).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from core.delivery.audience import office_recipients
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox
from db.database import Database
from db.models import OutboxMessage
from db.queries.outbox import DeliveryTarget
from db.tx import Tx

LEASE = dt.timedelta(seconds=90)
PARTS_SENT_KEY = "_parts_sent"  # kept in the row's payload; never seen by a renderer


@dataclass(frozen=True)
class Outgoing:
    row_id: int
    chat_id: int
    is_group: bool
    locale: str
    kind: str
    payload: dict[str, Any]
    person_id: int | None
    attempts: int
    uncertain: bool
    parts_sent: int = 0  # of a notification sent as several messages, those already delivered


def retry_delay(attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: ~1 s, 2 s, 4 s … capped at 5 minutes."""
    base = min(2.0**attempts, 300.0)
    return base * (rng or random).uniform(0.5, 1.5)


class DeliveryService:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, *, max_attempts: int, default_locale: str
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.max_attempts = max_attempts
        self.default_locale = default_locale

    def _now(self) -> dt.datetime:
        return self.clock.now().astimezone(dt.UTC)

    async def claim(self, worker: str, limit: int) -> list[Outgoing]:
        """Claim due rows and resolve each to a chat; rows nobody can receive are dead-lettered."""
        out: list[Outgoing] = []
        async with self.db.transaction() as tx:
            rows = await tx.outbox.claim_due(now=self._now(), limit=limit, worker=worker, lease=LEASE)
            people = await tx.outbox.recipients({row.person_id for row in rows if row.person_id is not None})
            for row in rows:
                target = await self._resolve(tx, row, people)
                if isinstance(target, str):
                    await tx.outbox.mark_dead(row.id, error=target)
                    continue
                chat_id, is_group, locale = target
                payload = dict(row.payload)
                parts_sent = int(payload.pop(PARTS_SENT_KEY, 0))
                out.append(
                    Outgoing(
                        row.id,
                        chat_id,
                        is_group,
                        locale,
                        row.kind,
                        payload,
                        row.person_id,
                        row.attempts,
                        row.uncertain,
                        parts_sent,
                    )
                )
        return out

    async def _resolve(
        self, tx: Tx, row: OutboxMessage, people: dict[int, DeliveryTarget]
    ) -> tuple[int, bool, str] | str:
        if row.person_id is not None:
            person = people.get(row.person_id)
            if person is None or not person.active:
                return "recipient removed"
            if person.telegram_id is None:
                return "recipient has not bound a Telegram account"
            if not person.reachable:
                return "recipient unreachable (blocked the bot)"
            return person.telegram_id, False, person.language or self.default_locale
        chat = await tx.chats.get(row.chat_id) if row.chat_id is not None else None
        if chat is None or not chat.active or not chat.reachable:
            return "chat unbound or unreachable"
        return chat.chat_id, chat.chat_id < 0, chat.language.value

    async def heartbeat(self, worker: str) -> None:
        async with self.db.transaction() as tx:
            await tx.outbox.refresh_claims(worker, now=self._now())

    async def recover_orphans(self) -> int:
        """Single-process start-up (SQLite): rows left `sending` by a killed process go back, uncertain."""
        async with self.db.transaction() as tx:
            return await tx.outbox.recover_orphans(now=self._now())

    async def sent(self, item: Outgoing, message_id: int | None) -> None:
        async with self.db.transaction() as tx:
            await tx.outbox.mark_sent(item.row_id, message_id=message_id, now=self._now())

    async def retry(
        self,
        item: Outgoing,
        error: str,
        *,
        delay: float | None = None,
        count_attempt: bool = True,
        uncertain: bool = False,
    ) -> bool:
        """Schedule another try; False when the row is dead-lettered instead.

        A row whose outcome was already unknowable (uncertain) gets one more try only.
        """
        attempts = item.attempts + (1 if count_attempt else 0)
        give_up = attempts >= self.max_attempts or (uncertain and item.uncertain)
        async with self.db.transaction() as tx:
            if give_up:
                await tx.outbox.mark_dead(item.row_id, error=error)
                return False
            wait = delay if delay is not None else retry_delay(attempts)
            await tx.outbox.mark_retry(
                item.row_id,
                not_before=self._now() + dt.timedelta(seconds=wait),
                error=error,
                uncertain=uncertain,
                count_attempt=count_attempt,
            )
        return True

    async def part_sent(self, item: Outgoing, parts: int) -> None:
        """Part `parts` of a multi-message notification is out: a retry resumes after it."""
        async with self.db.transaction() as tx:
            await tx.outbox.set_payload_value(item.row_id, PARTS_SENT_KEY, parts)

    async def dead(self, item: Outgoing, error: str) -> None:
        async with self.db.transaction() as tx:
            await tx.outbox.mark_dead(item.row_id, error=error)

    async def unreachable(self, item: Outgoing, error: str) -> None:
        """403 / chat not found: stop sending there, and tell the office once."""
        async with self.db.transaction() as tx:
            await tx.outbox.mark_dead(item.row_id, error=error)
            if item.person_id is not None:
                await self._person_unreachable(tx, item.person_id, error)
                return
            chat = await tx.chats.get(item.chat_id)
            if chat is not None:
                chat.reachable = False
            await tx.outbox.kill_pending_for_chat(item.chat_id, error=error)

    async def chat_migrated(self, old_chat_id: int, new_chat_id: int) -> int | None:
        """Telegram upgraded a bound group to a supergroup (a migrate error or service message).

        The binding and every row not yet delivered move to the new id. Returns the rows moved;
        None when the old id is not a bound chat (nothing to do). Safe to repeat.
        """
        if old_chat_id == new_chat_id:
            return None
        async with self.db.transaction() as tx:
            chat = await tx.chats.migrate(old_chat_id, new_chat_id)
            if chat is None:
                return None
            moved = await tx.outbox.move_chat(old_chat_id, new_chat_id)
            tx.audit.record(
                "chat.migrated", "chat", chat.id, actor_id=None, old=old_chat_id, new=new_chat_id, rows=moved
            )
            return moved

    async def person_blocked_bot(self, person_id: int) -> None:
        """Telegram told us (my_chat_member: kicked) before any send failed."""
        async with self.db.transaction() as tx:
            await self._person_unreachable(tx, person_id, "blocked the bot")

    async def _person_unreachable(self, tx: Tx, person_id: int, error: str) -> None:
        person = await tx.people.get(person_id)
        if person is None:
            return
        first_time = person.reachable
        person.reachable = False
        person.unreachable_since = person.unreachable_since or self._now()
        await tx.outbox.kill_pending_for_person(person.id, error=error)
        if not first_time:
            return
        since = person.unreachable_since.strftime("%Y%m%d%H%M")
        note = Notification(
            Kind.PERSON_UNREACHABLE,
            {"person_id": person.id, "name": person.name, "unit": person.unit.name if person.unit else None},
        )
        recipients = [
            r
            for r in await office_recipients(tx, work_group_id=person.work_group_id)
            if r.person_id != person.id
        ]
        await self.outbox.enqueue_many(tx, recipients, note, key=f"unreachable:{person.id}:{since}")
        tx.audit.record("person.unreachable", "person", person.id, actor_id=None, error=error[:200])

    async def release(self, worker: str) -> int:
        async with self.db.transaction() as tx:
            return await tx.outbox.release(worker)

    async def counts(self) -> dict[str, int]:
        async with self.db.transaction() as tx:
            return await tx.outbox.counts()
