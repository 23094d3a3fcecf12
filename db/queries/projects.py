"""Projects: lookup, search, brochures, and the facts for many projects in few queries.

`snapshots()` is the query-side helper the digest and exports reuse: each `ProjectSnapshot`
carries what core/project_state.py needs (milestones with due and done dates, the day of the
last progress update, the day the project was created) plus the ids to group and address by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from db.enums import MilestoneKind, ProjectCategory, ProjectStage
from db.models import Attachment, Park, Project, Unit
from db.text import clean_text, row_values


@dataclass(frozen=True)
class MilestoneSnapshot:
    id: int
    kind: MilestoneKind
    name: str
    due_date: dt.date
    due_text: str | None
    done_on: dt.date | None


@dataclass(frozen=True)
class ProjectSnapshot:
    """A project's facts for derived state (project_state), reminders, digests and exports."""

    id: int
    name: str
    category: ProjectCategory
    stage: ProjectStage
    work_group_id: int | None
    unit_id: int | None
    park_id: int | None
    lead_id: int | None
    liaison_id: int | None
    industry: str | None
    planned_investment_wan: Decimal | None
    signed_investment_wan: Decimal
    funds_arrived_wan: Decimal
    percent_done: int | None
    first_signed_on: dt.date | None
    last_progress_on: dt.date | None  # in the campaign's time zone
    created_on: dt.date
    milestones: tuple[MilestoneSnapshot, ...]


def _local_day(moment: dt.datetime | None, tz: ZoneInfo) -> dt.date | None:
    return moment.astimezone(tz).date() if moment is not None else None


def snapshot_of(project: Project, tz: ZoneInfo) -> ProjectSnapshot:
    """The facts of a loaded project (its milestones must be loaded: they are, by selectin)."""
    created = _local_day(project.created_at, tz)
    assert created is not None
    return ProjectSnapshot(
        id=project.id,
        name=project.name,
        category=project.category,
        stage=project.stage,
        work_group_id=project.work_group_id,
        unit_id=project.unit_id,
        park_id=project.park_id,
        lead_id=project.lead_id,
        liaison_id=project.liaison_id,
        industry=project.industry,
        planned_investment_wan=project.planned_investment_wan,
        signed_investment_wan=project.signed_investment_wan,
        funds_arrived_wan=project.funds_arrived_wan,
        percent_done=project.percent_done,
        first_signed_on=project.first_signed_on,
        last_progress_on=_local_day(project.last_progress_at, tz),
        created_on=created,
        milestones=tuple(
            MilestoneSnapshot(m.id, m.kind, m.name, m.due_date, m.due_text, m.done_on)
            for m in sorted(project.milestones, key=lambda m: (m.due_date, m.id))
        ),
    )


class ProjectRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    # ------------------------------------------------------------------ single projects

    async def add(self, project: Project) -> Project:
        """Insert a project (the trips feature adds lead projects found on a trip this way)."""
        if "milestones" not in project.__dict__:
            project.milestones = []  # a new project has none yet: no lazy load after the flush
        self.s.add(project)
        await self.s.flush()
        return project

    async def insert_new(self, projects: Sequence[Project]) -> list[Project]:
        """Insert new projects (each a distinct name and work group) in multi-row INSERTs; the stored
        projects in the same order (an ORM flush would insert them one statement each on SQLite)."""
        if not projects:
            return []
        await self.s.execute(sa.insert(Project), [row_values(p) for p in projects])
        names = list({p.name for p in projects})
        stored: dict[tuple[str, int | None], Project] = {}
        for start in range(0, len(names), 500):
            stmt = sa.select(Project).where(Project.name.in_(names[start : start + 500]))
            for project in (await self.s.scalars(stmt)).all():
                stored.setdefault((project.name, project.work_group_id), project)
        found = [stored[(clean_text(p.name), p.work_group_id)] for p in projects]
        for project in found:
            if "milestones" not in project.__dict__:
                set_committed_value(project, "milestones", [])  # new: none yet, no lazy load
        return found

    async def get(self, project_id: int) -> Project | None:
        return await self.s.get(Project, project_id)

    async def get_for_update(self, project_id: int) -> Project | None:
        stmt = sa.select(Project).where(Project.id == project_id).with_for_update()
        return await self.s.scalar(stmt)

    async def by_name(self, name: str, work_group_id: int | None) -> Project | None:
        """The project a plan row means: same name in the same work group (or both without one)."""
        group = (
            Project.work_group_id.is_(None)
            if work_group_id is None
            else Project.work_group_id == work_group_id
        )
        return await self.s.scalar(sa.select(Project).where(Project.name == name, group))

    async def keys(self) -> set[tuple[str, int | None]]:
        """(name, work group id) of every project: which plan rows name an existing project."""
        result = await self.s.execute(sa.select(Project.name, Project.work_group_id))
        return {(r.name, r.work_group_id) for r in result}

    async def named(self, name: str) -> Sequence[Project]:
        stmt = (
            sa.select(Project).where(Project.name == name, Project.archived.is_(False)).order_by(Project.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def all(self, *, include_archived: bool = False) -> Sequence[Project]:
        stmt = sa.select(Project).order_by(Project.id)
        if not include_archived:
            stmt = stmt.where(Project.archived.is_(False))
        return (await self.s.scalars(stmt)).all()

    async def search(self, text: str, *, limit: int = 20) -> Sequence[Project]:
        """Projects whose name, industry or park contains ``text`` (case-insensitive)."""
        pattern = f"%{text.strip().lower()}%"
        stmt = (
            sa.select(Project)
            .outerjoin(Park, Park.id == Project.park_id)
            .where(
                Project.archived.is_(False),
                sa.or_(
                    sa.func.lower(Project.name).like(pattern),
                    sa.func.lower(sa.func.coalesce(Project.industry, "")).like(pattern),
                    sa.func.lower(sa.func.coalesce(Park.name, "")).like(pattern),
                ),
            )
            .order_by(Project.name, Project.id)
            .limit(limit)
        )
        return (await self.s.scalars(stmt)).all()

    async def unit(self, unit_id: int | None) -> Unit | None:
        return await self.s.get(Unit, unit_id) if unit_id is not None else None

    async def park(self, park_id: int | None) -> Park | None:
        return await self.s.get(Park, park_id) if park_id is not None else None

    # ------------------------------------------------------------------ many projects at once

    async def snapshots(
        self,
        tz: ZoneInfo,
        *,
        project_ids: Iterable[int] | None = None,
        work_group_id: int | None = None,
        lead_id: int | None = None,
        include_archived: bool = False,
    ) -> list[ProjectSnapshot]:
        """The facts of many projects in two queries (projects, then all their milestones)."""
        stmt = sa.select(Project).options(selectinload(Project.milestones)).order_by(Project.id)
        if project_ids is not None:
            ids = list(project_ids)
            if not ids:
                return []
            stmt = stmt.where(Project.id.in_(ids))
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        if lead_id is not None:
            stmt = stmt.where(Project.lead_id == lead_id)
        if not include_archived:
            stmt = stmt.where(Project.archived.is_(False))
        projects = (await self.s.scalars(stmt)).all()
        return [snapshot_of(p, tz) for p in projects]

    async def quiet_since(self, cutoff: dt.datetime) -> Sequence[Project]:
        """Projects with a lead and no progress update since ``cutoff`` (nor created since)."""
        stmt = (
            sa.select(Project)
            .where(
                Project.archived.is_(False),
                Project.lead_id.is_not(None),
                sa.func.coalesce(Project.last_progress_at, Project.created_at) < cutoff,
            )
            .order_by(Project.id)
        )
        return (await self.s.scalars(stmt)).all()

    # ------------------------------------------------------------------ brochures (推介手册)

    async def add_brochure(self, attachment: Attachment) -> Attachment:
        self.s.add(attachment)
        await self.s.flush()
        return attachment

    async def brochures(self, project_id: int) -> Sequence[Attachment]:
        stmt = (
            sa.select(Attachment)
            .where(Attachment.project_id == project_id, Attachment.progress_id.is_(None))
            .order_by(Attachment.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def brochure_counts(self, project_ids: Iterable[int]) -> dict[int, int]:
        ids = list(project_ids)
        if not ids:
            return {}
        stmt = (
            sa.select(Attachment.project_id, sa.func.count(Attachment.id))
            .where(Attachment.project_id.in_(ids), Attachment.progress_id.is_(None))
            .group_by(Attachment.project_id)
        )
        return {int(pid): int(n) for pid, n in (await self.s.execute(stmt)).all() if pid is not None}

    async def has_brochure_file(self, project_id: int, file_unique_id: str) -> bool:
        stmt = sa.select(Attachment.id).where(
            Attachment.project_id == project_id,
            Attachment.progress_id.is_(None),
            Attachment.file_unique_id == file_unique_id,
        )
        return (await self.s.scalar(stmt)) is not None


__all__ = [
    "MilestoneSnapshot",
    "ProjectRepo",
    "ProjectSnapshot",
    "snapshot_of",
]
