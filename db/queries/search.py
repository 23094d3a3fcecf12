"""Finding a project or a person by name (/project, /person) and the facts their cards show.

``work_group_ids`` scopes a search to a set of work groups (people by their group, projects by the
project's group); None means the whole campaign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import (
    AttachmentKind,
    IssueStatus,
    TripStatus,
)
from db.models import (
    Attachment,
    CoordinationIssue,
    DailyReport,
    Milestone,
    Park,
    Person,
    ProgressUpdate,
    Project,
    ReportCoauthor,
    Trip,
    TripCompanion,
    TripLeg,
    Unit,
    WorkGroup,
)
from db.queries.rows import count_of, in_groups


@dataclass(frozen=True)
class ProjectHit:
    project_id: int
    name: str
    work_group: str | None


@dataclass(frozen=True)
class PersonHit:
    person_id: int
    name: str
    unit: str | None
    work_group: str | None


@dataclass(frozen=True)
class PersonActivity:
    current_trip_id: int | None
    current_city: str | None
    current_until: dt.date | None
    current_status: TripStatus | None
    current_start: dt.date | None
    current_returned_at: dt.datetime | None
    last_report: dt.date | None
    reports_since: int
    projects_led: int
    overdue_milestones: int


class SearchRepo:
    """Name search within a scope, and the labels, last progress, photos and activity of a card."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def search_projects(
        self, text: str, *, work_group_ids: Collection[int] | None, limit: int
    ) -> list[ProjectHit]:
        stmt = (
            sa.select(Project.id, Project.name, WorkGroup.name)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .where(Project.name.contains(text, autoescape=True))
            .order_by(sa.func.length(Project.name), Project.name, Project.id)
            .limit(limit)
        )
        stmt = stmt.where(*in_groups(Project.work_group_id, work_group_ids))
        return [ProjectHit(*r) for r in (await self.s.execute(stmt)).all()]

    async def project_labels(self, project: Project) -> dict[str, str | None]:
        """Names of the group, unit, park, lead and liaison of a project (one query)."""
        lead, liaison = aliased(Person), aliased(Person)
        stmt = (
            sa.select(WorkGroup.name, Unit.name, Park.name, lead.name, liaison.name)
            .select_from(Project)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(Unit, Unit.id == Project.unit_id)
            .outerjoin(Park, Park.id == Project.park_id)
            .outerjoin(lead, lead.id == Project.lead_id)
            .outerjoin(liaison, liaison.id == Project.liaison_id)
            .where(Project.id == project.id)
        )
        row = (await self.s.execute(stmt)).one()
        return {
            "work_group": row[0],
            "unit": row[1],
            "park": row[2],
            "lead": row[3],
            "liaison": row[4] or project.liaison_name,
        }

    async def last_progress(self, project_id: int) -> tuple[ProgressUpdate, str | None] | None:
        stmt = (
            sa.select(ProgressUpdate, Person.name)
            .outerjoin(Person, Person.id == ProgressUpdate.author_id)
            .where(ProgressUpdate.project_id == project_id)
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
            .limit(1)
        )
        row = (await self.s.execute(stmt)).first()
        return (row[0], row[1]) if row else None

    async def project_photos(self, project_id: int, *, limit: int) -> list[str]:
        """File ids of the latest photos of a project (its own, or sent with its progress updates)."""
        progress_ids = sa.select(ProgressUpdate.id).where(ProgressUpdate.project_id == project_id)
        stmt = (
            sa.select(Attachment.file_id)
            .where(
                Attachment.kind == AttachmentKind.PHOTO,
                sa.or_(Attachment.project_id == project_id, Attachment.progress_id.in_(progress_ids)),
            )
            .order_by(Attachment.created_at.desc(), Attachment.id.desc())
            .limit(limit)
        )
        return list((await self.s.scalars(stmt)).all())

    async def open_issue_count(self, project_id: int) -> int:
        stmt = sa.select(sa.func.count(CoordinationIssue.id)).where(
            CoordinationIssue.project_id == project_id, CoordinationIssue.status != IssueStatus.CLOSED
        )
        return count_of(await self.s.scalar(stmt))

    async def open_issues_of(self, project_id: int, *, limit: int) -> list[CoordinationIssue]:
        """A project's coordination issues not closed yet, oldest first (the card's 存在问题)."""
        stmt = (
            sa.select(CoordinationIssue)
            .where(CoordinationIssue.project_id == project_id, CoordinationIssue.status != IssueStatus.CLOSED)
            .order_by(CoordinationIssue.created_at, CoordinationIssue.id)
            .limit(limit)
        )
        return list(await self.s.scalars(stmt))

    async def search_people(
        self, text: str, *, work_group_ids: Collection[int] | None, limit: int
    ) -> list[PersonHit]:
        pattern = sa.or_(Person.name.contains(text, autoescape=True), Person.phone == text)
        stmt = (
            sa.select(Person.id, Person.name, Unit.name, WorkGroup.name)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .where(pattern, Person.active.is_(True))
            .order_by(sa.func.length(Person.name), Person.name, Person.id)
            .limit(limit)
        )
        stmt = stmt.where(*in_groups(Person.work_group_id, work_group_ids))
        return [PersonHit(*r) for r in (await self.s.execute(stmt)).all()]

    async def person_activity(
        self, person_id: int, day: dt.date, since: dt.date, *, day_starts_at: dt.datetime
    ) -> PersonActivity:
        """Where a person is today, their last report, reports since `since`, projects led and overdue.

        The trip of the day is a planned one covering it, or one closed that day (core.trips.status.out_on).
        """
        on_trip = sa.or_(
            Trip.cadre_id == person_id,
            Trip.id.in_(sa.select(TripCompanion.trip_id).where(TripCompanion.person_id == person_id)),
        )
        still_out = sa.or_(
            Trip.status == TripStatus.PLANNED,
            sa.and_(Trip.status == TripStatus.RETURNED, Trip.returned_at >= day_starts_at),
        )
        trip_stmt = (
            sa.select(Trip.id, Trip.end_date, Trip.status, Trip.start_date, Trip.returned_at)
            .where(on_trip, still_out, Trip.start_date <= day, Trip.end_date >= day)
            .order_by((Trip.status == TripStatus.PLANNED).desc(), Trip.start_date.desc())
            .limit(1)
        )
        trip = (await self.s.execute(trip_stmt)).first()
        city = None
        if trip is not None:
            city = await self.s.scalar(
                sa.select(sa.func.coalesce(TripLeg.city, TripLeg.province, TripLeg.place))
                .where(TripLeg.trip_id == trip[0], TripLeg.start_date <= day, TripLeg.end_date >= day)
                .order_by(TripLeg.seq)
                .limit(1)
            )
        mine = sa.or_(
            DailyReport.author_id == person_id,
            DailyReport.id.in_(
                sa.select(ReportCoauthor.report_id).where(ReportCoauthor.person_id == person_id)
            ),
        )
        last_report, since_count = (
            await self.s.execute(
                sa.select(
                    sa.type_coerce(sa.func.max(DailyReport.report_date), sa.Date),
                    sa.func.sum(sa.case((DailyReport.report_date >= since, 1), else_=0)),
                ).where(mine)
            )
        ).one()
        projects_led = await self.s.scalar(
            sa.select(sa.func.count(Project.id)).where(
                Project.lead_id == person_id, Project.archived.is_(False)
            )
        )
        overdue = await self.s.scalar(
            sa.select(sa.func.count(Milestone.id))
            .join(Project, Project.id == Milestone.project_id)
            .where(
                Project.lead_id == person_id,
                Project.archived.is_(False),
                Milestone.done_on.is_(None),
                Milestone.due_date < day,
            )
        )
        return PersonActivity(
            current_trip_id=trip[0] if trip else None,
            current_city=city,
            current_until=trip[1] if trip else None,
            current_status=trip[2] if trip else None,
            current_start=trip[3] if trip else None,
            current_returned_at=trip[4] if trip else None,
            last_report=last_report,
            reports_since=count_of(since_count),
            projects_led=count_of(projects_led),
            overdue_milestones=count_of(overdue),
        )
