"""Milestones (节点): the open ones a reminder sweep looks at, and the reminder a reply answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Milestone, OutboxMessage, Project


class MilestoneRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, milestone: Milestone, *, flush: bool = True) -> Milestone:
        """Insert a milestone (``flush`` False: with the session's next flush, batched)."""
        self.s.add(milestone)
        if flush:
            await self.s.flush()
        return milestone

    async def get(self, milestone_id: int) -> Milestone | None:
        """A milestone with its project loaded."""
        stmt = (
            sa.select(Milestone).where(Milestone.id == milestone_id).options(selectinload(Milestone.project))
        )
        return await self.s.scalar(stmt)

    async def of_project(self, project_id: int) -> Sequence[Milestone]:
        stmt = (
            sa.select(Milestone)
            .where(Milestone.project_id == project_id)
            .order_by(Milestone.due_date, Milestone.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def open_due_by(self, last_day: dt.date) -> Sequence[Milestone]:
        """Open milestones of live projects with a lead, due on or before ``last_day`` (overdue included),
        with their projects loaded."""
        stmt = (
            sa.select(Milestone)
            .join(Project, Project.id == Milestone.project_id)
            .where(
                Milestone.done_on.is_(None),
                Milestone.due_date <= last_day,
                Project.archived.is_(False),
                Project.lead_id.is_not(None),
            )
            .options(selectinload(Milestone.project))
            .order_by(Milestone.due_date, Milestone.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def notification_for_message(
        self, person_id: int, telegram_message_id: int, kinds: Sequence[str]
    ) -> OutboxMessage | None:
        """The notification of one of ``kinds`` that became message ``telegram_message_id`` in the
        person's private chat (a reply to a reminder names the reminder's message)."""
        stmt = (
            sa.select(OutboxMessage)
            .where(
                OutboxMessage.person_id == person_id,
                OutboxMessage.telegram_message_id == telegram_message_id,
                OutboxMessage.kind.in_(list(kinds)),
            )
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        return await self.s.scalar(stmt)
