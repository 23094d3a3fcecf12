"""The rows of the ledger export (.xlsx), one query per sheet, as plain dicts keyed by column.

``work_group_ids`` scopes a query to a set of work groups (people by their group, everything else by
the project's group); None means the whole campaign.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import (
    TripStatus,
)
from db.models import (
    CoordinationIssue,
    DailyReport,
    LedgerEntry,
    Milestone,
    Park,
    Person,
    PersonRole,
    ProgressUpdate,
    Project,
    ReportCoauthor,
    StageChange,
    Trip,
    TripCompanion,
    TripLeg,
    Unit,
    WorkGroup,
)
from db.queries.rows import in_groups, names_joined


class ExportRowsRepo:
    """One method per sheet: people, trips and legs, reports, projects, milestones, progress, issues."""

    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    async def _dicts(
        self, stmt: sa.Select[Any], scope: Any, work_group_ids: Collection[int] | None
    ) -> list[dict[str, Any]]:
        """The statement's rows within the scope (``scope`` is the column holding the work group)."""
        stmt = stmt.where(*in_groups(scope, work_group_ids))
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    def _names_per(self, key: Any, person_id: Any) -> sa.Subquery:
        """The names of the people linked to each ``key`` (a trip's companions, a report's coauthors)."""
        return (
            sa.select(key, names_joined(self.dialect, Person.name).label("names"))
            .join(Person, Person.id == person_id)
            .group_by(key)
            .subquery()
        )

    async def people(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        roles = (
            sa.select(PersonRole.person_id, names_joined(self.dialect, PersonRole.role).label("roles"))
            .group_by(PersonRole.person_id)
            .subquery()
        )
        stmt = (
            sa.select(
                Person.id,
                Person.name,
                Person.phone,
                Person.title,
                Unit.name.label("unit"),
                WorkGroup.name.label("work_group"),
                roles.c.roles,
                Person.telegram_id,
                Person.reachable,
                Person.active,
            )
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .outerjoin(roles, roles.c.person_id == Person.id)
            .order_by(Person.id)
        )
        return await self._dicts(stmt, Person.work_group_id, work_group_ids)

    async def trip_legs(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        companions = self._names_per(TripCompanion.trip_id, TripCompanion.person_id)
        stmt = (
            sa.select(
                Trip.id.label("trip_id"),
                Person.name.label("cadre"),
                WorkGroup.name.label("work_group"),
                Trip.status,
                Trip.start_date,
                Trip.end_date,
                Trip.returned_at,
                Trip.purpose,
                companions.c.names.label("companions"),
                TripLeg.seq,
                TripLeg.province,
                TripLeg.city,
                TripLeg.district,
                TripLeg.place,
                TripLeg.targets,
                TripLeg.start_date.label("leg_start"),
                TripLeg.end_date.label("leg_end"),
            )
            .join(Person, Person.id == Trip.cadre_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .outerjoin(companions, companions.c.trip_id == Trip.id)
            .outerjoin(TripLeg, TripLeg.trip_id == Trip.id)
            .where(Trip.status != TripStatus.DRAFT)
            .order_by(Trip.start_date, Trip.id, TripLeg.seq)
        )
        return await self._dicts(stmt, Person.work_group_id, work_group_ids)

    async def reports(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        coauthors = self._names_per(ReportCoauthor.report_id, ReportCoauthor.person_id)
        stmt = (
            sa.select(
                DailyReport.report_date,
                Person.name.label("author"),
                WorkGroup.name.label("work_group"),
                DailyReport.trip_id,
                DailyReport.city,
                DailyReport.location_text,
                DailyReport.visits,
                DailyReport.outcome,
                coauthors.c.names.label("coauthors"),
                DailyReport.is_late,
                DailyReport.edit_count,
            )
            .join(Person, Person.id == DailyReport.author_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .outerjoin(coauthors, coauthors.c.report_id == DailyReport.id)
            .order_by(DailyReport.report_date, DailyReport.id)
        )
        return await self._dicts(stmt, Person.work_group_id, work_group_ids)

    async def projects(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        lead = aliased(Person)
        stmt = (
            sa.select(
                Project.id,
                Project.name,
                Project.category,
                Project.stage,
                Project.industry,
                Project.investor,
                WorkGroup.name.label("work_group"),
                Unit.name.label("unit"),
                Park.name.label("park"),
                Project.plot,
                lead.name.label("lead"),
                Project.liaison_name,
                Project.planned_investment_wan,
                Project.signed_investment_wan,
                Project.landed_investment_wan,
                Project.funds_arrived_wan,
                Project.completed_investment_wan,
                Project.percent_done,
                Project.first_signed_on,
                Project.last_progress_at,
                Project.created_at,
                Project.archived,
            )
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(Unit, Unit.id == Project.unit_id)
            .outerjoin(Park, Park.id == Project.park_id)
            .outerjoin(lead, lead.id == Project.lead_id)
            .order_by(sa.func.coalesce(WorkGroup.sort_order, 1 << 30), WorkGroup.id, Project.id)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)

    async def ledger(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        """Every ledger entry: project, figure, delta, the day it counts from, who, when, why."""
        author = aliased(Person)
        stmt = (
            sa.select(
                LedgerEntry.id,
                Project.name.label("project"),
                WorkGroup.name.label("work_group"),
                LedgerEntry.kind,
                LedgerEntry.delta_wan,
                LedgerEntry.effective_on,
                LedgerEntry.is_correction,
                LedgerEntry.note,
                LedgerEntry.progress_id,
                author.name.label("author"),
                LedgerEntry.created_at,
            )
            .join(Project, Project.id == LedgerEntry.project_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(author, author.id == LedgerEntry.created_by_id)
            .order_by(LedgerEntry.effective_on, LedgerEntry.id)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)

    async def stage_history(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        author = aliased(Person)
        stmt = (
            sa.select(
                Project.name.label("project"),
                WorkGroup.name.label("work_group"),
                StageChange.from_stage,
                StageChange.to_stage,
                StageChange.changed_on,
                author.name.label("author"),
                StageChange.changed_at,
            )
            .join(Project, Project.id == StageChange.project_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(author, author.id == StageChange.changed_by_id)
            .order_by(StageChange.changed_on, StageChange.id)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)

    async def lead_sources(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        """Projects found on a trip (leads): who found them, on which trip (dates, where), and their stage now."""
        finder = aliased(Person)
        first_leg = (
            sa.select(TripLeg.trip_id, sa.func.min(TripLeg.seq).label("seq"))
            .group_by(TripLeg.trip_id)
            .subquery()
        )
        stmt = (
            sa.select(
                Project.name.label("project"),
                WorkGroup.name.label("work_group"),
                Project.investor,
                Project.stage,
                finder.name.label("found_by"),
                Trip.id.label("trip_id"),
                Trip.start_date,
                Trip.end_date,
                TripLeg.province,
                TripLeg.city,
                TripLeg.place,
                Trip.purpose,
                Project.created_at,
            )
            .join(Trip, Trip.id == Project.found_trip_id)
            .outerjoin(finder, finder.id == Project.found_by_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(first_leg, first_leg.c.trip_id == Trip.id)
            .outerjoin(TripLeg, sa.and_(TripLeg.trip_id == Trip.id, TripLeg.seq == first_leg.c.seq))
            .order_by(Project.created_at, Project.id)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)

    async def milestones(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        stmt = (
            sa.select(
                Milestone.project_id,
                Project.name.label("project"),
                WorkGroup.name.label("work_group"),
                Unit.name.label("unit"),
                Milestone.kind,
                Milestone.name,
                Milestone.due_date,
                Milestone.due_text,
                Milestone.done_on,
            )
            .join(Project, Project.id == Milestone.project_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(Unit, Unit.id == Project.unit_id)
            .order_by(Milestone.due_date, Project.name, Milestone.id)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)

    async def progress(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        stmt = (
            sa.select(
                ProgressUpdate.report_date,
                Project.name.label("project"),
                Person.name.label("author"),
                ProgressUpdate.stage,
                ProgressUpdate.percent_done,
                ProgressUpdate.funds_arrived_wan,
                ProgressUpdate.signed_investment_wan,
                Milestone.kind.label("milestone_kind"),
                Milestone.name.label("milestone_name"),
                ProgressUpdate.text,
                ProgressUpdate.problems,
                ProgressUpdate.source,
                ProgressUpdate.created_at,
            )
            .join(Project, Project.id == ProgressUpdate.project_id)
            .outerjoin(Person, Person.id == ProgressUpdate.author_id)
            .outerjoin(Milestone, Milestone.id == ProgressUpdate.milestone_id)
            .order_by(ProgressUpdate.created_at, ProgressUpdate.id)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)

    async def issues(self, *, work_group_ids: Collection[int] | None) -> list[dict[str, Any]]:
        raiser = aliased(Person)
        stmt = (
            sa.select(
                CoordinationIssue.number,
                Project.name.label("project"),
                WorkGroup.name.label("work_group"),
                CoordinationIssue.description,
                CoordinationIssue.status,
                Unit.name.label("unit"),
                raiser.name.label("raised_by"),
                CoordinationIssue.created_at,
                CoordinationIssue.answer,
                CoordinationIssue.answered_at,
                CoordinationIssue.closed_at,
            )
            .outerjoin(Project, Project.id == CoordinationIssue.project_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(Unit, Unit.id == CoordinationIssue.assigned_unit_id)
            .outerjoin(raiser, raiser.id == CoordinationIssue.raised_by_id)
            .order_by(CoordinationIssue.number)
        )
        return await self._dicts(stmt, Project.work_group_id, work_group_ids)
