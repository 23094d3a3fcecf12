"""Milestone deadlines as the office reads them: due soon, overdue by unit, and per-unit counts.

``work_group_ids`` scopes a query to a set of work groups (a milestone by its project's group); None
means the whole campaign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import (
    MilestoneKind,
)
from db.models import (
    Milestone,
    Person,
    Project,
    Unit,
)
from db.queries.rows import Page, count_of, in_groups, total_rows


@dataclass(frozen=True)
class MilestoneRow:
    milestone_id: int
    project_id: int
    project: str
    kind: MilestoneKind
    name: str
    due_date: dt.date
    unit: str | None
    lead: str | None


@dataclass(frozen=True)
class UnitMilestones:
    unit: str | None
    due: int
    done: int
    on_time: int
    open_overdue: int


class DeadlineRowsRepo:
    """Open milestones due in a window or overdue, and the units' record for the ranking notice."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    def _open_milestones(
        self, work_group_ids: Collection[int] | None, as_of: dt.date | None = None
    ) -> list[sa.ColumnElement[bool]]:
        """Milestones open now, or (``as_of``) still open at the end of that day by their done dates."""
        open_ = (
            Milestone.done_on.is_(None)
            if as_of is None
            else sa.or_(Milestone.done_on.is_(None), Milestone.done_on > as_of)
        )
        where: list[sa.ColumnElement[bool]] = [open_, Project.archived.is_(False)]
        where += in_groups(Project.work_group_id, work_group_ids)
        return where

    def _milestone_rows(self) -> sa.Select[Any]:
        lead = aliased(Person)
        return (
            sa.select(
                Milestone.id,
                Project.id,
                Project.name,
                Milestone.kind,
                Milestone.name,
                Milestone.due_date,
                Unit.name,
                lead.name,
            )
            .join(Project, Project.id == Milestone.project_id)
            .outerjoin(Unit, Unit.id == Project.unit_id)
            .outerjoin(lead, lead.id == Project.lead_id)
        )

    async def milestones_due(
        self,
        start: dt.date,
        end: dt.date,
        *,
        work_group_ids: Collection[int] | None,
        limit: int,
        as_of: dt.date | None = None,
    ) -> Page[MilestoneRow]:
        """Open milestones (at the end of ``as_of``, default now) due in [start, end], soonest first."""
        where = [*self._open_milestones(work_group_ids, as_of), Milestone.due_date.between(start, end)]
        stmt = self._milestone_rows().where(*where)
        rows = await self.s.execute(
            stmt.order_by(Milestone.due_date, Project.name, Milestone.id).limit(limit)
        )
        return Page(await total_rows(self.s, stmt), [MilestoneRow(*r) for r in rows.all()])

    async def overdue_milestones(
        self,
        day: dt.date,
        *,
        work_group_ids: Collection[int] | None,
        limit: int | None,
        as_of: dt.date | None = None,
    ) -> tuple[Page[MilestoneRow], dict[str | None, int]]:
        """Open milestones due before `day`, grouped by unit: the unit with the oldest first, oldest first
        within a unit; the page holds whole units until `limit` items are reached. Also the count of
        each listed unit (all its items, not only the listed ones) and, in the page, the total."""
        where = [*self._open_milestones(work_group_ids, as_of), Milestone.due_date < day]
        unit_key = sa.func.coalesce(Project.unit_id, 0)  # 0: no unit (ids start at 1)
        per_unit = (
            sa.select(
                unit_key.label("unit_key"), sa.func.min(Milestone.due_date), sa.func.count(Milestone.id)
            )
            .join(Project, Project.id == Milestone.project_id)
            .where(*where)
            .group_by(unit_key)
        )
        units = sorted((await self.s.execute(per_unit)).all(), key=lambda r: (r[1], r[0]))
        chosen: list[int] = []  # the units (oldest first) whose items fill the page
        filled = 0
        for key, _, n in units:
            if limit is not None and filled >= limit:
                break
            chosen.append(key)
            filled += int(n)
        names = await self._unit_names(chosen)
        order = {key: i for i, key in enumerate(chosen)}
        counts = {names.get(key): int(n) for key, _, n in units if key in order}
        stmt = (
            self._milestone_rows()
            .where(*where, unit_key.in_(chosen))
            .order_by(Milestone.due_date, Project.name, Milestone.id)
        )
        found = (await self.s.execute(stmt.add_columns(unit_key))).all()
        ordered = sorted(found, key=lambda r: order[r[-1]])  # stable: still oldest first within a unit
        items = [MilestoneRow(*r[:-1]) for r in ordered][:limit]
        return Page(sum(int(n) for _, _, n in units), items), counts

    async def _unit_names(self, ids: list[int]) -> dict[int, str]:
        names: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            found = await self.s.execute(
                sa.select(Unit.id, Unit.name).where(Unit.id.in_(ids[start : start + 500]))
            )
            names.update({uid: name for uid, name in found.all()})
        return names

    async def unit_milestones(self, start: dt.date, day: dt.date) -> list[UnitMilestones]:
        """Per unit: milestones due in [start, day), how many are done, done on time, still open."""
        done = Milestone.done_on.is_not(None)
        stmt = (
            sa.select(
                Unit.name,
                sa.func.count(Milestone.id),
                sa.func.sum(sa.case((done, 1), else_=0)),
                sa.func.sum(sa.case((sa.and_(done, Milestone.done_on <= Milestone.due_date), 1), else_=0)),
                sa.func.sum(sa.case((Milestone.done_on.is_(None), 1), else_=0)),
            )
            .join(Project, Project.id == Milestone.project_id)
            .outerjoin(Unit, Unit.id == Project.unit_id)
            .where(Milestone.due_date >= start, Milestone.due_date < day, Project.archived.is_(False))
            .group_by(Unit.name)
        )
        return [
            UnitMilestones(name, count_of(due), count_of(n_done), count_of(on_time), count_of(open_))
            for name, due, n_done, on_time, open_ in (await self.s.execute(stmt)).all()
        ]
