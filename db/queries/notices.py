"""Office products that are stored: ranking notices (通报) and broadcasts, with their delivery tally."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import OutboxStatus, Role
from db.models import Broadcast, Notice, OutboxMessage, Person, PersonRole


@dataclass(frozen=True)
class Tally:
    """Where a broadcast's outbox rows stand."""

    sent: int = 0
    pending: int = 0
    unreachable: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.pending + self.unreachable


class NoticeRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, notice_id: int, *, for_update: bool = False) -> Notice | None:
        stmt = sa.select(Notice).where(Notice.id == notice_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.s.scalar(stmt)

    async def by_period(self, kind: str, period: str) -> Notice | None:
        return await self.s.scalar(sa.select(Notice).where(Notice.kind == kind, Notice.period == period))

    async def add(self, notice: Notice) -> Notice:
        self.s.add(notice)
        await self.s.flush()
        return notice


class BroadcastRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, broadcast_id: int, *, for_update: bool = False) -> Broadcast | None:
        stmt = sa.select(Broadcast).where(Broadcast.id == broadcast_id)
        if for_update:
            stmt = stmt.with_for_update()
        return await self.s.scalar(stmt)

    async def add(self, broadcast: Broadcast) -> Broadcast:
        self.s.add(broadcast)
        await self.s.flush()
        return broadcast

    async def delete(self, broadcast: Broadcast) -> None:
        await self.s.delete(broadcast)

    async def latest_by(self, author_id: int) -> Broadcast | None:
        stmt = (
            sa.select(Broadcast)
            .where(Broadcast.author_id == author_id, Broadcast.sent_at.is_not(None))
            .order_by(Broadcast.sent_at.desc(), Broadcast.id.desc())
            .limit(1)
        )
        return await self.s.scalar(stmt)

    async def audience(
        self, *, role: Role | None, work_group_id: int | None, exclude_person_id: int | None
    ) -> Sequence[Person]:
        """Active people with the role (any role when None) in the group (any group when None)."""
        stmt = sa.select(Person).where(Person.active.is_(True)).order_by(Person.id)
        if role is not None:
            stmt = stmt.where(Person.id.in_(sa.select(PersonRole.person_id).where(PersonRole.role == role)))
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        if exclude_person_id is not None:
            stmt = stmt.where(Person.id != exclude_person_id)
        return (await self.s.scalars(stmt)).all()

    async def tally(self, key_prefix: str) -> Tally:
        """Counts of the outbox rows whose dedupe key starts with `key_prefix`, by outcome."""
        stmt = (
            sa.select(OutboxMessage.status, sa.func.count(OutboxMessage.id))
            .where(OutboxMessage.dedupe_key.startswith(key_prefix, autoescape=True))
            .group_by(OutboxMessage.status)
        )
        counts = {OutboxStatus(status): int(n) for status, n in (await self.s.execute(stmt)).all()}
        return Tally(
            sent=counts.get(OutboxStatus.SENT, 0),
            pending=sum(
                counts.get(s, 0) for s in (OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.FAILED)
            ),
            unreachable=counts.get(OutboxStatus.DEAD, 0),
        )
