"""Coordination issues (需协调问题 / 督办单) and their events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import IssueStatus
from db.models import CoordinationIssue, IssueEvent, Project

# pg_advisory_xact_lock key: one number allocator at a time, until its transaction ends
_NUMBER_LOCK = 0x7A73_6973  # "zsis"


class IssueRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    async def next_number(self) -> int:
        """The next 督办 number (numbers never repeat; the year shown is the issue's own).

        Two issues raised at once must not take the same number: on PostgreSQL the allocation
        holds a transaction-scoped advisory lock, so the second waits until the first commits
        and then sees its number; SQLite's BEGIN IMMEDIATE already runs writers one at a time.
        """
        if self.dialect == "postgresql":
            await self.s.execute(sa.select(sa.func.pg_advisory_xact_lock(_NUMBER_LOCK)))
        current = await self.s.scalar(sa.select(sa.func.max(CoordinationIssue.number)))
        return int(current or 0) + 1

    async def add(self, issue: CoordinationIssue) -> CoordinationIssue:
        self.s.add(issue)
        await self.s.flush()
        return issue

    async def get(self, issue_id: int) -> CoordinationIssue | None:
        return await self.s.get(CoordinationIssue, issue_id)

    async def get_for_update(self, issue_id: int) -> CoordinationIssue | None:
        stmt = sa.select(CoordinationIssue).where(CoordinationIssue.id == issue_id).with_for_update()
        return await self.s.scalar(stmt)

    def add_event(self, event: IssueEvent) -> None:
        self.s.add(event)

    async def events(self, issue_id: int) -> Sequence[IssueEvent]:
        await self.s.flush()
        stmt = sa.select(IssueEvent).where(IssueEvent.issue_id == issue_id).order_by(IssueEvent.id)
        return (await self.s.scalars(stmt)).all()

    async def listed(
        self,
        *,
        open_only: bool = True,
        work_group_ids: Iterable[int] | None = None,
        raised_by_id: int | None = None,
        limit: int = 50,
    ) -> Sequence[tuple[CoordinationIssue, Project | None]]:
        """Issues with their projects, oldest first; scoped to work groups and/or a raiser."""
        stmt = sa.select(CoordinationIssue, Project).outerjoin(
            Project, Project.id == CoordinationIssue.project_id
        )
        if open_only:
            stmt = stmt.where(CoordinationIssue.status != IssueStatus.CLOSED)
        if work_group_ids is not None:
            stmt = stmt.where(Project.work_group_id.in_(list(work_group_ids)))
        if raised_by_id is not None:
            stmt = stmt.where(CoordinationIssue.raised_by_id == raised_by_id)
        stmt = stmt.order_by(CoordinationIssue.created_at, CoordinationIssue.id).limit(limit)
        return [(issue, project) for issue, project in (await self.s.execute(stmt)).all()]
