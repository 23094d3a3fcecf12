"""The Mini App's own reads: a filtered, paged project board, the ledger per month, the markers of the
cached views' data, a project's progress history. Everything else comes from the digest's queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import AttachmentKind, LedgerKind, ProjectStage
from db.models import (
    Attachment,
    Base,
    LedgerEntry,
    Milestone,
    Park,
    Person,
    ProgressUpdate,
    Project,
    WorkGroup,
)
from db.queries.rows import in_groups


@dataclass(frozen=True)
class BoardFilter:
    """The project board's filters (None: no filter on it)."""

    work_group_id: int | None = None
    park_id: int | None = None
    industry: str | None = None
    lead: str | None = None  # part of the lead's name
    stage: ProjectStage | None = None
    overdue_on: dt.date | None = None  # only projects with a milestone not done and due before this day
    quiet_since: dt.datetime | None = None  # only projects without progress since this instant


@dataclass(frozen=True)
class BoardRow:
    project_id: int
    name: str
    stage: ProjectStage
    work_group: str | None
    park: str | None
    industry: str | None
    lead: str | None
    percent_done: int | None


@dataclass(frozen=True)
class BoardPage:
    total: int
    stages: dict[ProjectStage, int]
    items: list[BoardRow]


@dataclass(frozen=True)
class ProgressEntry:
    report_date: dt.date
    author: str | None
    stage: ProjectStage | None
    percent_done: int | None
    funds_arrived_wan: Decimal | None
    text: str | None
    problems: str | None


class MiniAppRowsRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    def _board_where(
        self, f: BoardFilter, work_group_ids: Collection[int] | None, lead: type[Person]
    ) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = [Project.archived.is_(False)]
        where += in_groups(Project.work_group_id, work_group_ids)
        if f.work_group_id is not None:
            where.append(Project.work_group_id == f.work_group_id)
        if f.park_id is not None:
            where.append(Project.park_id == f.park_id)
        if f.industry:
            where.append(Project.industry == f.industry)
        if f.lead:
            escaped = f.lead.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(lead.name.like(f"%{escaped}%", escape="\\"))
        if f.overdue_on is not None:
            # uncorrelated: the open overdue milestones once, by ix_milestones_open_due (a correlated
            # EXISTS made SQLite search that index again for every project)
            where.append(
                Project.id.in_(
                    sa.select(Milestone.project_id).where(
                        Milestone.done_on.is_(None), Milestone.due_date < f.overdue_on
                    )
                )
            )
        if f.quiet_since is not None:
            where.append(Project.stage != ProjectStage.PRODUCING)
            where.append(sa.func.coalesce(Project.last_progress_at, Project.created_at) < f.quiet_since)
        return where

    async def project_board(
        self, f: BoardFilter, *, work_group_ids: Collection[int] | None, limit: int, offset: int
    ) -> BoardPage:
        """Projects matching the filters: the count per stage (every stage, before the stage filter)
        and one page of them, by stage then name."""
        lead = aliased(Person)
        where = self._board_where(f, work_group_ids, lead)
        counted = sa.select(Project.stage, sa.func.count()).where(*where).group_by(Project.stage)
        if f.lead:
            counted = counted.outerjoin(lead, lead.id == Project.lead_id)
        stages = {ProjectStage(stage): int(n) for stage, n in (await self.s.execute(counted)).all()}
        if f.stage is not None:
            where.append(Project.stage == f.stage)
        order = sa.case({s.value: i for i, s in enumerate(ProjectStage)}, value=Project.stage)
        stmt = (
            sa.select(
                Project.id,
                Project.name,
                Project.stage,
                WorkGroup.name,
                Park.name,
                Project.industry,
                lead.name,
                Project.percent_done,
            )
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(Park, Park.id == Project.park_id)
            .outerjoin(lead, lead.id == Project.lead_id)
            .where(*where)
            .order_by(order.desc(), Project.name, Project.id)
            .limit(limit)
            .offset(offset)
        )
        rows = (await self.s.execute(stmt)).all()
        total = stages.get(f.stage, 0) if f.stage is not None else sum(stages.values())
        return BoardPage(
            total=total,
            stages=stages,
            items=[BoardRow(r[0], r[1], ProjectStage(r[2]), r[3], r[4], r[5], r[6], r[7]) for r in rows],
        )

    async def board_choices(
        self, *, work_group_ids: Collection[int] | None
    ) -> tuple[list[tuple[int, str]], list[str]]:
        """The parks and industries of the projects in sight (for the board's filters)."""
        where = [Project.archived.is_(False), *in_groups(Project.work_group_id, work_group_ids)]
        parks = (
            await self.s.execute(
                sa.select(Park.id, Park.name)
                .where(sa.exists().where(Project.park_id == Park.id, *where))
                .order_by(Park.name)
            )
        ).all()
        industries = (
            await self.s.scalars(
                sa.select(Project.industry)
                .where(Project.industry.is_not(None), *where)
                .group_by(Project.industry)
                .order_by(Project.industry)
                .limit(200)
            )
        ).all()
        return [(p[0], p[1]) for p in parks], [i for i in industries if i]

    def _micros(self, column: sa.ColumnElement[Any]) -> sa.ColumnElement[int]:
        """A timestamp column as whole microseconds since 1970 (exact on both databases)."""
        if self.s.bind.dialect.name == "postgresql":
            return sa.cast(sa.func.floor(sa.extract("epoch", column) * 1000000), sa.BigInteger)
        # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
        seconds = sa.cast(sa.func.strftime("%s", column), sa.BigInteger)
        return seconds * 1000000 + sa.cast(sa.func.substr(column, 21, 6), sa.BigInteger)

    async def markers(self, tables: Collection[str]) -> tuple[object, ...]:
        """Cheap markers of these tables' data, in one statement: each table's row count, highest id
        (when it has one) and a checksum of every row's last update (when it keeps one: a sum of a
        mix of each ``updated_at``). Any committed insert or delete changes them, and any update that
        sets ``updated_at`` to another instant (every update does; the ledger and the event tables are
        only ever appended to). For writes by other processes; this process's are counted exactly
        (db.changes)."""
        columns: list[sa.ScalarSelect[Any]] = []
        for name in sorted(tables):
            table = Base.metadata.tables[name]
            columns.append(sa.select(sa.func.count()).select_from(table).scalar_subquery())
            if "id" in table.c:
                columns.append(sa.select(sa.func.max(table.c.id)).scalar_subquery())
            if "updated_at" in table.c:
                stamp = self._micros(table.c.updated_at)
                # < 2^41 a row: the sum stays exact (64-bit) up to millions of rows; a changed stamp moves it
                mixed = (stamp % 1048573) * (stamp % 1048583)
                columns.append(sa.select(sa.func.sum(mixed)).scalar_subquery())
        row = (await self.s.execute(sa.select(*columns))).one()
        return tuple(row)

    async def ledger_by_month(
        self, start: dt.date, end: dt.date, *, work_group_ids: Collection[int] | None
    ) -> list[tuple[str, LedgerKind, Decimal]]:
        """Σ ledger deltas per month (YYYY-MM) and kind, effective in [start, end], of the projects the
        scoreboard counts (not archived; in the work groups, when given)."""
        if self.s.bind.dialect.name == "postgresql":
            month: sa.ColumnElement[str] = sa.func.to_char(
                LedgerEntry.effective_on, "YYYY-MM", type_=sa.String()
            )
        else:
            month = sa.func.substr(LedgerEntry.effective_on, 1, 7, type_=sa.String())
        stmt = (
            sa.select(month, LedgerEntry.kind, sa.func.sum(LedgerEntry.delta_wan))
            .join(Project, Project.id == LedgerEntry.project_id)
            .where(
                LedgerEntry.effective_on.between(start, end),
                Project.archived.is_(False),
                *in_groups(Project.work_group_id, work_group_ids),
            )
            .group_by(month, LedgerEntry.kind)
        )
        return [
            (str(m), LedgerKind(kind), Decimal(str(total or 0)))
            for m, kind, total in (await self.s.execute(stmt)).all()
        ]

    async def progress_history(self, project_id: int, *, limit: int) -> list[ProgressEntry]:
        stmt = (
            sa.select(ProgressUpdate, Person.name)
            .outerjoin(Person, Person.id == ProgressUpdate.author_id)
            .where(ProgressUpdate.project_id == project_id)
            .order_by(ProgressUpdate.report_date.desc(), ProgressUpdate.id.desc())
            .limit(limit)
        )
        return [
            ProgressEntry(
                u.report_date, name, u.stage, u.percent_done, u.funds_arrived_wan, u.text, u.problems
            )
            for u, name in (await self.s.execute(stmt)).all()
        ]

    def _photos_of(self, project_id: int) -> sa.ColumnElement[bool]:
        progress_ids = sa.select(ProgressUpdate.id).where(ProgressUpdate.project_id == project_id)
        return sa.and_(
            Attachment.kind == AttachmentKind.PHOTO,
            Attachment.stored_key.is_not(None),
            sa.or_(Attachment.project_id == project_id, Attachment.progress_id.in_(progress_ids)),
        )

    async def stored_photos(self, project_id: int, *, limit: int) -> list[int]:
        """Ids of a project's latest photos that have a copy in the media store."""
        stmt = (
            sa.select(Attachment.id)
            .where(self._photos_of(project_id))
            .order_by(Attachment.created_at.desc(), Attachment.id.desc())
            .limit(limit)
        )
        return list((await self.s.scalars(stmt)).all())

    async def stored_photo(self, attachment_id: int) -> tuple[int | None, str, str | None] | None:
        """(the project's work group, the store key, the mime type) of a stored project photo, or None."""
        progress_project = (
            sa.select(ProgressUpdate.project_id)
            .where(ProgressUpdate.id == Attachment.progress_id)
            .correlate(Attachment)
            .scalar_subquery()
        )
        project_id = sa.func.coalesce(Attachment.project_id, progress_project)
        stmt = (
            sa.select(Project.work_group_id, Attachment.stored_key, Attachment.mime_type)
            .join(Project, Project.id == project_id)
            .where(
                Attachment.id == attachment_id,
                Attachment.kind == AttachmentKind.PHOTO,
                Attachment.stored_key.is_not(None),
                Project.archived.is_(False),
            )
        )
        row = (await self.s.execute(stmt)).first()
        return (row[0], str(row[1]), row[2]) if row else None
