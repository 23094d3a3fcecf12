"""Read-side queries for the command office: digest sections, scoreboard sums, cards, export rows.

Every list is aggregated or limited in SQL (GROUP BY, COUNT, LIMIT, one query per section), never
one query per row, so a digest over a city-sized dataset stays fast. ``work_group_id`` scopes a
query to one work group (people by their group, everything else by the project's group); None
means the whole campaign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import (
    AttachmentKind,
    IssueStatus,
    LedgerKind,
    MilestoneKind,
    OutboxStatus,
    ProjectCategory,
    ProjectStage,
    TripStatus,
)
from db.models import (
    Attachment,
    BoundChat,
    CoordinationIssue,
    DailyReport,
    LedgerEntry,
    Milestone,
    OutboxMessage,
    Park,
    Person,
    PersonRole,
    ProgressUpdate,
    Project,
    ReportCoauthor,
    Trip,
    TripCompanion,
    TripLeg,
    Unit,
    WorkGroup,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """The first items of a list, and how many there are in all."""

    total: int
    items: list[T]


@dataclass(frozen=True)
class LedgerTotal:
    work_group_id: int | None
    kind: LedgerKind
    total_wan: Decimal


@dataclass(frozen=True)
class CadreOut:
    trip_id: int
    person_id: int
    name: str
    work_group: str | None
    province: str | None
    city: str | None
    place: str | None
    until: dt.date | None
    last_report: dt.date | None
    companions: tuple[str, ...]


@dataclass(frozen=True)
class MissingReport:
    person_id: int
    name: str
    work_group: str | None
    day: dt.date


@dataclass(frozen=True)
class LeadRow:
    project_id: int
    name: str
    investor: str | None
    work_group: str | None
    found_by: str | None


@dataclass(frozen=True)
class ProgressRow:
    progress_id: int
    project_id: int
    project: str
    author: str | None
    stage: ProjectStage | None
    percent_done: int | None
    funds_arrived_wan: Decimal | None
    has_problems: bool


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
class IssueRow:
    issue_id: int
    number: int
    project: str | None
    description: str
    status: IssueStatus
    created_at: dt.datetime
    unit: str | None


@dataclass(frozen=True)
class UnitMilestones:
    unit: str | None
    due: int
    done: int
    on_time: int
    open_overdue: int


@dataclass(frozen=True)
class OutboxHealth:
    dead_letters: int
    unreachable_people: int
    unreachable_chats: int


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
    last_report: dt.date | None
    reports_since: int
    projects_led: int
    overdue_milestones: int


def _int(value: object) -> int:
    return int(value or 0)  # type: ignore[call-overload]


class OfficeRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    def _names(self, column: Any) -> sa.ColumnElement[str]:
        """Comma-joined names within a GROUP BY (SQLite and PostgreSQL spell it differently)."""
        if self.dialect == "postgresql":
            return sa.func.string_agg(column, sa.literal_column("','"))
        return sa.func.group_concat(column, ",")

    # ------------------------------------------------------------------ scoreboard

    async def ledger_totals(
        self, start: dt.date, end: dt.date, *, work_group_id: int | None
    ) -> list[LedgerTotal]:
        """Σ ledger deltas per work group and kind, effective in [start, end], archived projects left out."""
        stmt = (
            sa.select(Project.work_group_id, LedgerEntry.kind, sa.func.sum(LedgerEntry.delta_wan))
            .join(Project, Project.id == LedgerEntry.project_id)
            .where(LedgerEntry.effective_on.between(start, end), Project.archived.is_(False))
            .group_by(Project.work_group_id, LedgerEntry.kind)
        )
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        rows = (await self.s.execute(stmt)).all()
        return [LedgerTotal(gid, LedgerKind(kind), Decimal(str(total or 0))) for gid, kind, total in rows]

    async def first_signings(
        self, start: dt.date, end: dt.date, *, work_group_id: int | None
    ) -> dict[int | None, int]:
        """Projects per work group whose first signing falls in [start, end]."""
        stmt = (
            sa.select(Project.work_group_id, sa.func.count(Project.id))
            .where(Project.first_signed_on.between(start, end), Project.archived.is_(False))
            .group_by(Project.work_group_id)
        )
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        return {gid: int(n) for gid, n in (await self.s.execute(stmt)).all()}

    # ------------------------------------------------------------------ people out and reports

    async def cadres_out(self, day: dt.date, *, work_group_id: int | None, limit: int) -> Page[CadreOut]:
        """Confirmed trips that cover `day`, with the leg of the day and the trip's last report."""
        active = sa.and_(Trip.status == TripStatus.PLANNED, Trip.start_date <= day, Trip.end_date >= day)
        day_leg = aliased(TripLeg)
        leg_today = (
            sa.select(day_leg.id)
            .where(day_leg.trip_id == Trip.id, day_leg.start_date <= day, day_leg.end_date >= day)
            .order_by(day_leg.seq)
            .limit(1)
            .correlate(Trip)
            .scalar_subquery()
        )
        last_report = (
            sa.select(sa.func.max(DailyReport.report_date))
            .where(DailyReport.trip_id == Trip.id)
            .scalar_subquery()
        )
        stmt = (
            sa.select(
                Trip.id,
                Person.id,
                Person.name,
                WorkGroup.name,
                TripLeg.province,
                TripLeg.city,
                TripLeg.place,
                Trip.end_date,
                sa.type_coerce(last_report, sa.Date),
                sa.func.count().over(),
            )
            .join(Person, Person.id == Trip.cadre_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .outerjoin(TripLeg, TripLeg.id == leg_today)
            .where(active)
            .order_by(sa.func.coalesce(WorkGroup.sort_order, 1 << 30), WorkGroup.id, Person.name, Trip.id)
            .limit(limit)
        )
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        rows = (await self.s.execute(stmt)).all()
        total = int(rows[0][-1]) if rows else 0  # count(*) over (): every trip out today, before the limit
        companions = await self._companions([r[0] for r in rows])
        items = [
            CadreOut(
                trip_id=r[0],
                person_id=r[1],
                name=r[2],
                work_group=r[3],
                province=r[4],
                city=r[5],
                place=r[6],
                until=r[7],
                last_report=r[8],
                companions=tuple(companions.get(r[0], ())),
            )
            for r in rows
        ]
        return Page(total, items)

    async def _companions(self, trip_ids: Sequence[int]) -> dict[int, list[str]]:
        if not trip_ids:
            return {}
        stmt = (
            sa.select(TripCompanion.trip_id, Person.name)
            .join(Person, Person.id == TripCompanion.person_id)
            .where(TripCompanion.trip_id.in_(trip_ids))
            .order_by(TripCompanion.trip_id, Person.name)
        )
        found: dict[int, list[str]] = {}
        for trip_id, name in (await self.s.execute(stmt)).all():
            found.setdefault(trip_id, []).append(name)
        return found

    def _missing_on(
        self, day: dt.date, day_starts_at: dt.datetime, work_group_id: int | None
    ) -> sa.Select[Any]:
        """People away on `day` (trip owner or companion) with no report for it, as author or co-author.

        A returned trip still expects reports up to the day the cadre came back.
        """
        on_trip = sa.and_(
            Trip.start_date <= day,
            Trip.end_date >= day,
            sa.or_(
                Trip.status == TripStatus.PLANNED,
                sa.and_(Trip.status == TripStatus.RETURNED, Trip.returned_at >= day_starts_at),
            ),
        )
        owners = sa.select(Trip.cadre_id.label("pid")).where(on_trip)
        companions = (
            sa.select(TripCompanion.person_id.label("pid"))
            .join(Trip, Trip.id == TripCompanion.trip_id)
            .where(on_trip)
        )
        away = sa.union(owners, companions).subquery()
        authored = sa.select(DailyReport.author_id).where(DailyReport.report_date == day)
        coauthored = (
            sa.select(ReportCoauthor.person_id)
            .join(DailyReport, DailyReport.id == ReportCoauthor.report_id)
            .where(DailyReport.report_date == day)
        )
        stmt = (
            sa.select(Person.id, Person.name, WorkGroup.name, WorkGroup.sort_order)
            .join(away, away.c.pid == Person.id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .where(Person.active.is_(True), Person.id.not_in(authored), Person.id.not_in(coauthored))
        )
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        return stmt

    async def missing_reports(
        self, days: Mapping[dt.date, dt.datetime], *, work_group_id: int | None, limit: int | None
    ) -> Page[MissingReport]:
        """Missing daily reports on each of `days` (day → its start as an aware instant): one query a day."""
        total = 0
        items: list[MissingReport] = []
        for day in sorted(days):
            stmt = self._missing_on(day, days[day], work_group_id)
            room = None if limit is None else limit - len(items)
            if room is not None and room <= 0:  # the page is full: only count
                total += _int(await self.s.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())))
                continue
            ordered = stmt.add_columns(sa.func.count().over()).order_by(
                sa.func.coalesce(WorkGroup.sort_order, 1 << 30), Person.name, Person.id
            )
            if room is not None:
                ordered = ordered.limit(room)
            rows = (await self.s.execute(ordered)).all()
            total += int(rows[0][-1]) if rows else 0  # count(*) over (): all rows, before the limit
            items += [MissingReport(r[0], r[1], r[2], day) for r in rows]
        return Page(total, items)

    # ------------------------------------------------------------------ projects

    async def new_leads(
        self, start: dt.datetime, end: dt.datetime, *, work_group_id: int | None, limit: int
    ) -> Page[LeadRow]:
        finder = aliased(Person)
        where = [
            Project.category == ProjectCategory.LEAD,
            Project.created_at >= start,
            Project.created_at < end,
        ]
        if work_group_id is not None:
            where.append(Project.work_group_id == work_group_id)
        total = _int(await self.s.scalar(sa.select(sa.func.count(Project.id)).where(*where)))
        stmt = (
            sa.select(Project.id, Project.name, Project.investor, WorkGroup.name, finder.name)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(finder, finder.id == Project.found_by_id)
            .where(*where)
            .order_by(Project.created_at, Project.id)
            .limit(limit)
        )
        return Page(total, [LeadRow(*r) for r in (await self.s.execute(stmt)).all()])

    async def progress_received(
        self, start: dt.datetime, end: dt.datetime, *, work_group_id: int | None, limit: int
    ) -> Page[ProgressRow]:
        where = [ProgressUpdate.created_at >= start, ProgressUpdate.created_at < end]
        if work_group_id is not None:
            where.append(Project.work_group_id == work_group_id)
        count = (
            sa.select(sa.func.count(ProgressUpdate.id))
            .join(Project, Project.id == ProgressUpdate.project_id)
            .where(*where)
        )
        total = _int(await self.s.scalar(count))
        stmt = (
            sa.select(
                ProgressUpdate.id,
                Project.id,
                Project.name,
                Person.name,
                ProgressUpdate.stage,
                ProgressUpdate.percent_done,
                ProgressUpdate.funds_arrived_wan,
                ProgressUpdate.problems,
            )
            .join(Project, Project.id == ProgressUpdate.project_id)
            .outerjoin(Person, Person.id == ProgressUpdate.author_id)
            .where(*where)
            .order_by(ProgressUpdate.created_at, ProgressUpdate.id)
            .limit(limit)
        )
        rows = (await self.s.execute(stmt)).all()
        return Page(total, [ProgressRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows])

    def _open_milestones(self, work_group_id: int | None) -> list[sa.ColumnElement[bool]]:
        where: list[sa.ColumnElement[bool]] = [Milestone.done_on.is_(None), Project.archived.is_(False)]
        if work_group_id is not None:
            where.append(Project.work_group_id == work_group_id)
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
        self, start: dt.date, end: dt.date, *, work_group_id: int | None, limit: int
    ) -> Page[MilestoneRow]:
        """Open milestones due in [start, end], soonest first."""
        where = [*self._open_milestones(work_group_id), Milestone.due_date.between(start, end)]
        count = (
            sa.select(sa.func.count(Milestone.id))
            .join(Project, Project.id == Milestone.project_id)
            .where(*where)
        )
        total = _int(await self.s.scalar(count))
        stmt = (
            self._milestone_rows()
            .where(*where)
            .order_by(Milestone.due_date, Project.name, Milestone.id)
            .limit(limit)
        )
        return Page(total, [MilestoneRow(*r) for r in (await self.s.execute(stmt)).all()])

    async def overdue_milestones(
        self, day: dt.date, *, work_group_id: int | None, limit: int | None
    ) -> tuple[Page[MilestoneRow], dict[str | None, int]]:
        """Open milestones due before `day`, grouped by unit: the unit with the oldest first, oldest first
        within a unit; the page holds whole units until `limit` items are reached. Also the count of
        each listed unit (all its items, not only the listed ones) and, in the page, the total."""
        where = [*self._open_milestones(work_group_id), Milestone.due_date < day]
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

    async def open_issues(self, *, work_group_id: int | None, limit: int | None) -> Page[IssueRow]:
        """Coordination issues not closed yet, oldest first."""
        where = [CoordinationIssue.status != IssueStatus.CLOSED]
        if work_group_id is not None:
            where.append(Project.work_group_id == work_group_id)
        count = (
            sa.select(sa.func.count(CoordinationIssue.id))
            .outerjoin(Project, Project.id == CoordinationIssue.project_id)
            .where(*where)
        )
        total = _int(await self.s.scalar(count))
        stmt = (
            sa.select(
                CoordinationIssue.id,
                CoordinationIssue.number,
                Project.name,
                CoordinationIssue.description,
                CoordinationIssue.status,
                CoordinationIssue.created_at,
                Unit.name,
            )
            .outerjoin(Project, Project.id == CoordinationIssue.project_id)
            .outerjoin(Unit, Unit.id == CoordinationIssue.assigned_unit_id)
            .where(*where)
            .order_by(CoordinationIssue.created_at, CoordinationIssue.id)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        return Page(total, [IssueRow(*r) for r in (await self.s.execute(stmt)).all()])

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
            UnitMilestones(name, _int(due), _int(n_done), _int(on_time), _int(open_))
            for name, due, n_done, on_time, open_ in (await self.s.execute(stmt)).all()
        ]

    # ------------------------------------------------------------------ delivery health

    async def outbox_health(self, since: dt.datetime) -> OutboxHealth:
        dead = await self.s.scalar(
            sa.select(sa.func.count(OutboxMessage.id)).where(
                OutboxMessage.status == OutboxStatus.DEAD, OutboxMessage.created_at >= since
            )
        )
        people = await self.s.scalar(
            sa.select(sa.func.count(Person.id)).where(
                Person.active.is_(True), Person.telegram_id.is_not(None), Person.reachable.is_(False)
            )
        )
        chats = await self.s.scalar(
            sa.select(sa.func.count(BoundChat.id)).where(
                BoundChat.active.is_(True), BoundChat.reachable.is_(False)
            )
        )
        return OutboxHealth(_int(dead), _int(people), _int(chats))

    # ------------------------------------------------------------------ search and cards

    async def search_projects(self, text: str, *, work_group_id: int | None, limit: int) -> list[ProjectHit]:
        stmt = (
            sa.select(Project.id, Project.name, WorkGroup.name)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .where(Project.name.contains(text, autoescape=True))
            .order_by(sa.func.length(Project.name), Project.name, Project.id)
            .limit(limit)
        )
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        return [ProjectHit(*r) for r in (await self.s.execute(stmt)).all()]

    async def project(self, project_id: int) -> Project | None:
        return await self.s.get(Project, project_id)

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
        return _int(await self.s.scalar(stmt))

    async def search_people(self, text: str, *, work_group_id: int | None, limit: int) -> list[PersonHit]:
        pattern = sa.or_(Person.name.contains(text, autoescape=True), Person.phone == text)
        stmt = (
            sa.select(Person.id, Person.name, Unit.name, WorkGroup.name)
            .outerjoin(Unit, Unit.id == Person.unit_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .where(pattern, Person.active.is_(True))
            .order_by(sa.func.length(Person.name), Person.name, Person.id)
            .limit(limit)
        )
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        return [PersonHit(*r) for r in (await self.s.execute(stmt)).all()]

    async def person_activity(self, person_id: int, day: dt.date, since: dt.date) -> PersonActivity:
        """Where a person is today, their last report, reports since `since`, projects led and overdue."""
        on_trip = sa.or_(
            Trip.cadre_id == person_id,
            Trip.id.in_(sa.select(TripCompanion.trip_id).where(TripCompanion.person_id == person_id)),
        )
        trip_stmt = (
            sa.select(Trip.id, Trip.end_date)
            .where(on_trip, Trip.status == TripStatus.PLANNED, Trip.start_date <= day, Trip.end_date >= day)
            .order_by(Trip.start_date.desc())
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
            last_report=last_report,
            reports_since=_int(since_count),
            projects_led=_int(projects_led),
            overdue_milestones=_int(overdue),
        )

    # ------------------------------------------------------------------ export rows

    async def export_people(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
        roles = (
            sa.select(PersonRole.person_id, self._names(PersonRole.role).label("roles"))
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
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    async def export_trip_legs(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
        companions = (
            sa.select(
                TripCompanion.trip_id,
                self._names(Person.name).label("names"),
            )
            .join(Person, Person.id == TripCompanion.person_id)
            .group_by(TripCompanion.trip_id)
            .subquery()
        )
        stmt = (
            sa.select(
                Trip.id.label("trip_id"),
                Person.name.label("cadre"),
                WorkGroup.name.label("work_group"),
                Trip.status,
                Trip.start_date,
                Trip.end_date,
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
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    async def export_reports(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
        coauthors = (
            sa.select(
                ReportCoauthor.report_id,
                self._names(Person.name).label("names"),
            )
            .join(Person, Person.id == ReportCoauthor.person_id)
            .group_by(ReportCoauthor.report_id)
            .subquery()
        )
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
        if work_group_id is not None:
            stmt = stmt.where(Person.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    async def export_projects(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
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
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    async def export_milestones(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
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
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    async def export_progress(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
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
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]

    async def export_issues(self, *, work_group_id: int | None) -> list[dict[str, Any]]:
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
        if work_group_id is not None:
            stmt = stmt.where(Project.work_group_id == work_group_id)
        return [dict(r) for r in (await self.s.execute(stmt)).mappings()]
