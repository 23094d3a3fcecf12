"""The transactional outbox: enqueue with a dedupe key, claim due rows, record outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import OutboxStatus
from db.models import OutboxMessage, Person
from db.queries._upsert import insert_ignore

_DUE = (OutboxStatus.PENDING, OutboxStatus.FAILED)


@dataclass(frozen=True)
class DeliveryTarget:
    """A person as the sender sees them."""

    telegram_id: int | None
    active: bool
    reachable: bool
    language: str | None


class OutboxRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    async def enqueue(
        self,
        *,
        dedupe_key: str,
        kind: str,
        payload: dict[str, Any],
        person_id: int | None = None,
        chat_id: int | None = None,
        not_before: dt.datetime | None = None,
    ) -> bool:
        """Insert a row unless its dedupe key exists. True when a new row was written."""
        now = dt.datetime.now(dt.UTC)
        values = {
            "dedupe_key": dedupe_key,
            "kind": kind,
            "payload": payload,
            "person_id": person_id,
            "chat_id": chat_id,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "uncertain": False,
            "not_before": not_before or now,
            "created_at": now,
        }
        result = await self.s.execute(
            insert_ignore(OutboxMessage.__table__, values, conflict=["dedupe_key"]), values
        )
        return bool(getattr(result, "rowcount", 0))

    async def enqueue_rows(self, rows: Sequence[dict[str, Any]]) -> int:
        """Insert rows (each with `enqueue`'s arguments) unless their dedupe key exists; how many were
        new. One statement executed for many rows (SQLAlchemy's "insertmanyvalues" batches them a few
        hundred per round trip, compiled once): a wave of 10,000 reminders is not 10,000 INSERTs."""
        if not rows:
            return 0
        now = dt.datetime.now(dt.UTC)
        defaults = {
            "person_id": None,
            "chat_id": None,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "uncertain": False,
            "not_before": now,
            "created_at": now,
        }
        module = postgresql if self.dialect == "postgresql" else sqlite
        table = OutboxMessage.__table__
        stmt = (
            module.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(table.c.id)
        )
        result = await self.s.execute(stmt, [{**defaults, **row} for row in rows])
        return len(result.all())

    async def recipients(self, person_ids: set[int]) -> dict[int, DeliveryTarget]:
        """What delivering to these people needs (one query for a claimed batch, no relationships)."""
        if not person_ids:
            return {}
        rows = await self.s.execute(
            sa.select(Person.id, Person.telegram_id, Person.active, Person.reachable, Person.language).where(
                Person.id.in_(person_ids)
            )
        )
        return {
            row.id: DeliveryTarget(
                row.telegram_id, row.active, row.reachable, row.language.value if row.language else None
            )
            for row in rows
        }

    async def exists(self, dedupe_key: str) -> bool:
        stmt = sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        return (await self.s.scalar(stmt)) is not None

    async def claim_due(
        self, *, now: dt.datetime, limit: int, worker: str, lease: dt.timedelta
    ) -> Sequence[OutboxMessage]:
        """Claim up to `limit` due rows for this worker.

        Rows left in `sending` by a worker that died (claimed before now - lease) are claimed
        again and flagged `uncertain`: whether Telegram got them is unknowable.
        """
        stale = now - lease
        due = sa.or_(
            sa.and_(OutboxMessage.status.in_(_DUE), OutboxMessage.not_before <= now),
            sa.and_(
                OutboxMessage.status == OutboxStatus.SENDING,
                OutboxMessage.claimed_at < stale,
                # our own claims are alive while we run (the heartbeat keeps them fresh)
                sa.or_(OutboxMessage.claimed_by.is_(None), OutboxMessage.claimed_by != worker),
            ),
        )
        stmt = (
            sa.select(OutboxMessage)
            .where(due)
            .order_by(OutboxMessage.not_before, OutboxMessage.id)
            .limit(limit)
        )
        if self.dialect == "postgresql":
            stmt = stmt.with_for_update(skip_locked=True)
        rows = (await self.s.scalars(stmt)).all()
        for row in rows:
            if row.status == OutboxStatus.SENDING:
                row.uncertain = True
            row.status = OutboxStatus.SENDING
            row.claimed_at = now
            row.claimed_by = worker
        await self.s.flush()
        return rows

    async def get(self, row_id: int) -> OutboxMessage | None:
        return await self.s.get(OutboxMessage, row_id)

    async def mark_sent(self, row_id: int, *, message_id: int | None, now: dt.datetime) -> None:
        await self.s.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(
                status=OutboxStatus.SENT,
                sent_at=now,
                telegram_message_id=message_id,
                attempts=OutboxMessage.attempts + 1,
                last_error=None,
            )
        )

    async def mark_retry(
        self,
        row_id: int,
        *,
        not_before: dt.datetime,
        error: str,
        uncertain: bool = False,
        count_attempt: bool = True,
    ) -> None:
        values: dict[str, Any] = {
            "status": OutboxStatus.FAILED,
            "not_before": not_before,
            "last_error": error[:1000],
            "claimed_by": None,
        }
        if count_attempt:
            values["attempts"] = OutboxMessage.attempts + 1
        if uncertain:
            values["uncertain"] = True
        await self.s.execute(sa.update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values))

    async def set_payload_value(self, row_id: int, key: str, value: Any) -> None:
        row = await self.s.get(OutboxMessage, row_id)
        if row is not None:
            row.payload = {**row.payload, key: value}  # a new dict: JSON columns track assignment

    async def mark_dead(self, row_id: int, *, error: str) -> None:
        await self.s.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status=OutboxStatus.DEAD, last_error=error[:1000], attempts=OutboxMessage.attempts + 1)
        )

    async def kill_pending_for_person(self, person_id: int, *, error: str) -> int:
        """The person blocked the bot: every pending row to them is dead, no retry storm."""
        result = await self.s.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.person_id == person_id,
                OutboxMessage.status.in_((*_DUE, OutboxStatus.SENDING)),
            )
            .values(status=OutboxStatus.DEAD, last_error=error[:1000])
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def kill_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        result = await self.s.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.status.in_((*_DUE, OutboxStatus.SENDING)),
            )
            .values(status=OutboxStatus.DEAD, last_error=error[:1000])
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> int:
        """Rows not yet delivered to a chat that Telegram moved go to its new id."""
        result = await self.s.execute(
            sa.update(OutboxMessage)
            .where(
                OutboxMessage.chat_id == old_chat_id,
                OutboxMessage.status.in_((*_DUE, OutboxStatus.SENDING)),
            )
            .values(chat_id=new_chat_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def refresh_claims(self, worker: str, *, now: dt.datetime) -> None:
        """The worker is alive: push its claims' lease forward."""
        await self.s.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.claimed_by == worker, OutboxMessage.status == OutboxStatus.SENDING)
            .values(claimed_at=now)
        )

    async def recover_orphans(self, *, now: dt.datetime) -> int:
        """Every row in flight goes back to the queue, flagged uncertain (single-process start-up)."""
        result = await self.s.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENDING)
            .values(status=OutboxStatus.FAILED, uncertain=True, claimed_by=None, not_before=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def release(self, worker: str) -> int:
        """Graceful shutdown: hand this worker's in-flight rows back to the queue."""
        result = await self.s.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_by == worker)
            .values(status=OutboxStatus.PENDING, claimed_by=None, claimed_at=None)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def counts(self) -> dict[str, int]:
        stmt = sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
        counts = {status.value: 0 for status in OutboxStatus}
        for status, n in (await self.s.execute(stmt)).all():
            counts[str(status.value if hasattr(status, "value") else status)] = int(n)
        counts["uncertain"] = int(
            await self.s.scalar(sa.select(sa.func.count()).where(OutboxMessage.uncertain.is_(True))) or 0
        )
        return counts

    async def dead_letters(self, limit: int = 50) -> Sequence[OutboxMessage]:
        stmt = (
            sa.select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.DEAD)
            .order_by(OutboxMessage.id.desc())
            .limit(limit)
        )
        return (await self.s.scalars(stmt)).all()

    async def with_key_prefix(self, prefix: str) -> Sequence[OutboxMessage]:
        stmt = (
            sa.select(OutboxMessage)
            .where(OutboxMessage.dedupe_key.startswith(prefix))
            .order_by(OutboxMessage.id)
        )
        return (await self.s.scalars(stmt)).all()
