"""The daily digest's sections and the scoreboard sums, one aggregated or limited query each.

Every list is aggregated or limited in SQL (GROUP BY, COUNT, LIMIT, one query per section), never one
query per row, so a digest over a city-sized dataset stays fast.

``work_group_ids`` scopes a query to a set of work groups (people by their group, everything else by
the project's group); None means the whole campaign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import (
    IssueStatus,
    LedgerKind,
    OutboxStatus,
    ProjectCategory,
    ProjectStage,
    TripStatus,
)
from db.models import (
    BoundChat,
    CoordinationIssue,
    DailyReport,
    IssueEvent,
    LedgerEntry,
    Milestone,
    OutboxMessage,
    Park,
    Person,
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
from db.queries.rows import Page, count_of, in_groups, total_rows


@dataclass(frozen=True)
class LedgerTotal:
    work_group_id: int | None
    kind: LedgerKind
    total_wan: Decimal


@dataclass(frozen=True)
class PinnedReport:
    """A daily report with a shared location, and the itinerary leg of its day."""

    name: str
    work_group: str | None
    day: dt.date
    latitude: float
    longitude: float
    location_text: str | None
    province: str | None
    city: str | None


@dataclass(frozen=True)
class CadreOut:
    trip_id: int
    person_id: int
    name: str
    work_group: str | None
    province: str | None
    city: str | None
    place: str | None
    status: TripStatus
    start: dt.date | None
    until: dt.date | None  # the itinerary's last day (core.trips.status shortens it by an early return)
    returned_at: dt.datetime | None
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
class IssueRow:
    issue_id: int
    number: int
    project: str | None
    description: str
    status: IssueStatus
    created_at: dt.datetime
    unit: str | None
    answer_due: dt.date | None = None
    answered_at: dt.datetime | None = None
    escalation_level: int = 0
    milestone_due: dt.date | None = None
    milestone_done: dt.date | None = None


@dataclass(frozen=True)
class StalledRow:
    project_id: int
    project: str
    lead: str | None
    unit: str | None
    work_group: str | None
    quiet_since: dt.datetime | None  # the last progress report (or the project's creation)
    reported: bool  # False: no progress report ever (quiet since its creation)


_ISSUE_ACTIONS = {
    "raised": IssueStatus.OPEN,
    "assigned": IssueStatus.ASSIGNED,
    "answered": IssueStatus.ANSWERED,
    "closed": IssueStatus.CLOSED,
    "transferred": IssueStatus.ASSIGNED,
    "closing": IssueStatus.CLOSING,
    "confirmed": IssueStatus.CLOSED,
    "reopened": IssueStatus.ASSIGNED,  # or open, when no unit: close enough for a past day's list
}


def _issue_status(value: object) -> IssueStatus:
    """A stored status, or the status an issue event's action stands for (unknown: open)."""
    if isinstance(value, IssueStatus):
        return value
    text = str(value or "")
    if text in _ISSUE_ACTIONS:
        return _ISSUE_ACTIONS[text]
    try:
        return IssueStatus(text)
    except ValueError:
        return IssueStatus.OPEN


def _aware(value: object) -> dt.datetime | None:
    """A timestamp read through a scalar subquery (SQLite hands back text or naive UTC)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class OutboxHealth:
    dead_letters: int
    unreachable_people: int
    unreachable_chats: int


class DigestRowsRepo:
    """Who is out, missing reports, new leads, progress received, open issues, ledger sums, delivery health."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    @staticmethod
    def _ledger_per_project(start: dt.date, end: dt.date) -> Any:
        """Σ deltas per project and kind effective in [start, end]: driven from the ledger's covering index
        (project_id, kind, effective_on, delta_wan), so projects are looked up once per sum, not per entry."""
        return (
            sa.select(
                LedgerEntry.project_id,
                LedgerEntry.kind,
                sa.func.sum(LedgerEntry.delta_wan).label("total"),
            )
            .where(LedgerEntry.effective_on.between(start, end))
            .group_by(LedgerEntry.project_id, LedgerEntry.kind)
            .subquery("ledger_sums")
        )

    async def ledger_totals(
        self, start: dt.date, end: dt.date, *, work_group_ids: Collection[int] | None
    ) -> list[LedgerTotal]:
        """Σ ledger deltas per work group and kind, effective in [start, end], archived projects left out."""
        sums = self._ledger_per_project(start, end)
        stmt = (
            sa.select(Project.work_group_id, sums.c.kind, sa.func.sum(sums.c.total))
            .join(Project, Project.id == sums.c.project_id)
            .where(Project.archived.is_(False))
            .group_by(Project.work_group_id, sums.c.kind)
        )
        stmt = stmt.where(*in_groups(Project.work_group_id, work_group_ids))
        rows = (await self.s.execute(stmt)).all()
        return [LedgerTotal(gid, LedgerKind(kind), Decimal(str(total or 0))) for gid, kind, total in rows]

    def _dimension(self, dimension: str) -> tuple[Any, list[Any]]:
        """The name a project counts under for a target dimension, and the joins that reach it."""
        lead = aliased(Person)
        if dimension == "park":
            return Park.name, [(Park, Park.id == Project.park_id)]
        if dimension == "unit":
            return Unit.name, [(Unit, Unit.id == Project.unit_id)]
        if dimension == "person":
            return lead.name, [(lead, lead.id == Project.lead_id)]
        if dimension == "industry":
            return Project.industry, []
        raise ValueError(dimension)

    async def ledger_totals_by(
        self, dimension: str, start: dt.date, end: dt.date, *, work_group_ids: Collection[int] | None
    ) -> list[tuple[str | None, LedgerKind, Decimal]]:
        """Σ ledger deltas per park / industry / unit / lead (by name) and kind, effective in [start, end]."""
        name, joins = self._dimension(dimension)
        sums = self._ledger_per_project(start, end)
        stmt = sa.select(name, sums.c.kind, sa.func.sum(sums.c.total)).join(
            Project, Project.id == sums.c.project_id
        )
        for table, on in joins:
            stmt = stmt.outerjoin(table, on)
        stmt = stmt.where(
            Project.archived.is_(False),
            *in_groups(Project.work_group_id, work_group_ids),
        ).group_by(name, sums.c.kind)
        rows = (await self.s.execute(stmt)).all()
        return [(n, LedgerKind(kind), Decimal(str(total or 0))) for n, kind, total in rows]

    async def first_signings_by(
        self, dimension: str, start: dt.date, end: dt.date, *, work_group_ids: Collection[int] | None
    ) -> dict[str | None, int]:
        """Projects per park / industry / unit / lead (by name) whose first signing falls in [start, end]."""
        name, joins = self._dimension(dimension)
        stmt = sa.select(name, sa.func.count(Project.id)).select_from(Project)
        for table, on in joins:
            stmt = stmt.outerjoin(table, on)
        stmt = stmt.where(
            Project.first_signed_on.between(start, end),
            Project.archived.is_(False),
            *in_groups(Project.work_group_id, work_group_ids),
        ).group_by(name)
        return {n: int(c) for n, c in (await self.s.execute(stmt)).all()}

    async def stages_as_of(
        self, day: dt.date, day_ends_at: dt.datetime, *, work_group_ids: Collection[int] | None
    ) -> dict[ProjectStage, int]:
        """Projects per stage as they stood at the end of `day`, from the stage history: the stage of the
        last change on or before it, else the stage the first later change left, else the stage now."""
        before = (
            sa.select(StageChange.to_stage)
            .where(StageChange.project_id == Project.id, StageChange.changed_on <= day)
            .order_by(StageChange.changed_on.desc(), StageChange.id.desc())
            .limit(1)
            .correlate(Project)
            .scalar_subquery()
        )
        after = (
            sa.select(StageChange.from_stage)
            .where(StageChange.project_id == Project.id, StageChange.changed_on > day)
            .order_by(StageChange.changed_on, StageChange.id)
            .limit(1)
            .correlate(Project)
            .scalar_subquery()
        )
        stage = sa.func.coalesce(before, after, sa.cast(Project.stage, sa.String))
        stmt = (
            sa.select(stage, sa.func.count(Project.id))
            .where(
                Project.archived.is_(False),
                Project.created_at < day_ends_at,
                *in_groups(Project.work_group_id, work_group_ids),
            )
            .group_by(stage)
        )
        found: dict[ProjectStage, int] = {}
        for value, n in (await self.s.execute(stmt)).all():
            try:
                key = ProjectStage(str(value))
            except ValueError:
                continue
            found[key] = found.get(key, 0) + int(n)
        return found

    async def first_signings(
        self, start: dt.date, end: dt.date, *, work_group_ids: Collection[int] | None
    ) -> dict[int | None, int]:
        """Projects per work group whose first signing falls in [start, end]."""
        stmt = (
            sa.select(Project.work_group_id, sa.func.count(Project.id))
            .where(Project.first_signed_on.between(start, end), Project.archived.is_(False))
            .group_by(Project.work_group_id)
        )
        stmt = stmt.where(*in_groups(Project.work_group_id, work_group_ids))
        return {gid: int(n) for gid, n in (await self.s.execute(stmt)).all()}

    async def cadres_out(
        self,
        day: dt.date,
        *,
        work_group_ids: Collection[int] | None,
        limit: int,
        day_starts_at: dt.datetime,
    ) -> Page[CadreOut]:
        """The cadres out on ``day`` as core.trips.status.out_on says (the digest applies it to each row):
        a confirmed trip covering ``day``, planned, or returned but not before ``day`` (closed at or after
        ``day_starts_at``, the start of ``day``) — the same set, so the total and the limit hold. With the
        leg of the day and the trip's last report up to ``day``."""
        status = sa.or_(
            Trip.status == TripStatus.PLANNED,
            sa.and_(
                Trip.status == TripStatus.RETURNED,
                sa.or_(Trip.returned_at.is_(None), Trip.returned_at >= day_starts_at),
            ),
        )
        active = sa.and_(status, Trip.start_date <= day, Trip.end_date >= day)
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
            .where(DailyReport.trip_id == Trip.id, DailyReport.report_date <= day)
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
                Trip.status,
                Trip.start_date,
                Trip.returned_at,
                sa.func.count().over(),
            )
            .join(Person, Person.id == Trip.cadre_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .outerjoin(TripLeg, TripLeg.id == leg_today)
            .where(active)
            .order_by(sa.func.coalesce(WorkGroup.sort_order, 1 << 30), WorkGroup.id, Person.name, Trip.id)
            .limit(limit)
        )
        stmt = stmt.where(*in_groups(Person.work_group_id, work_group_ids))
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
                status=r[9],
                start=r[10],
                until=r[7],
                returned_at=r[11],
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
        self, day: dt.date, day_starts_at: dt.datetime, work_group_ids: Collection[int] | None
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
        stmt = stmt.where(*in_groups(Person.work_group_id, work_group_ids))
        return stmt

    async def pinned_reports(
        self, first: dt.date, last: dt.date, *, work_group_ids: Collection[int] | None
    ) -> list[PinnedReport]:
        """Reports of `first`..`last` with a shared location, with the leg that covers their day."""
        leg = aliased(TripLeg)
        leg_of_day = (
            sa.select(leg.id)
            .where(
                leg.trip_id == DailyReport.trip_id,
                leg.start_date <= DailyReport.report_date,
                leg.end_date >= DailyReport.report_date,
            )
            .order_by(leg.seq)
            .limit(1)
            .correlate(DailyReport)
            .scalar_subquery()
        )
        stmt = (
            sa.select(
                Person.name,
                WorkGroup.name,
                DailyReport.report_date,
                DailyReport.latitude,
                DailyReport.longitude,
                DailyReport.location_text,
                TripLeg.province,
                TripLeg.city,
            )
            .join(Person, Person.id == DailyReport.author_id)
            .outerjoin(WorkGroup, WorkGroup.id == Person.work_group_id)
            .outerjoin(TripLeg, TripLeg.id == leg_of_day)
            .where(
                DailyReport.report_date >= first,
                DailyReport.report_date <= last,
                DailyReport.latitude.is_not(None),
                DailyReport.longitude.is_not(None),
            )
            .order_by(DailyReport.report_date, Person.name, DailyReport.id)
        )
        stmt = stmt.where(*in_groups(Person.work_group_id, work_group_ids))
        return [PinnedReport(*row) for row in (await self.s.execute(stmt)).all()]

    async def missing_reports(
        self,
        days: Mapping[dt.date, dt.datetime],
        *,
        work_group_ids: Collection[int] | None,
        limit: int | None,
    ) -> Page[MissingReport]:
        """Missing daily reports on each of `days` (day → its start as an aware instant): one query a day."""
        total = 0
        items: list[MissingReport] = []
        for day in sorted(days):
            stmt = self._missing_on(day, days[day], work_group_ids)
            room = None if limit is None else limit - len(items)
            if room is not None and room <= 0:  # the page is full: only count
                total += await total_rows(self.s, stmt)
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

    async def new_leads(
        self, start: dt.datetime, end: dt.datetime, *, work_group_ids: Collection[int] | None, limit: int
    ) -> Page[LeadRow]:
        finder = aliased(Person)
        where = [
            Project.category == ProjectCategory.LEAD,
            Project.created_at >= start,
            Project.created_at < end,
        ]
        where += in_groups(Project.work_group_id, work_group_ids)
        stmt = (
            sa.select(Project.id, Project.name, Project.investor, WorkGroup.name, finder.name)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .outerjoin(finder, finder.id == Project.found_by_id)
            .where(*where)
        )
        rows = await self.s.execute(stmt.order_by(Project.created_at, Project.id).limit(limit))
        return Page(await total_rows(self.s, stmt), [LeadRow(*r) for r in rows.all()])

    async def progress_received(
        self, start: dt.datetime, end: dt.datetime, *, work_group_ids: Collection[int] | None, limit: int
    ) -> Page[ProgressRow]:
        where = [ProgressUpdate.created_at >= start, ProgressUpdate.created_at < end]
        where += in_groups(Project.work_group_id, work_group_ids)
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
        )
        ordered = stmt.order_by(ProgressUpdate.created_at, ProgressUpdate.id).limit(limit)
        rows = (await self.s.execute(ordered)).all()
        items = [ProgressRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]
        return Page(await total_rows(self.s, stmt), items)

    async def open_issues(
        self,
        *,
        work_group_ids: Collection[int] | None,
        limit: int | None,
        as_of: dt.datetime | None = None,
    ) -> Page[IssueRow]:
        """Coordination issues not closed yet, oldest first; with ``as_of`` (an instant): the issues raised
        before it and not closed by then, each with its status then (from its events)."""
        status: Any = CoordinationIssue.status
        if as_of is None:
            where = [CoordinationIssue.status != IssueStatus.CLOSED]
        else:
            where = [
                CoordinationIssue.created_at < as_of,
                sa.or_(
                    CoordinationIssue.status != IssueStatus.CLOSED,
                    CoordinationIssue.closed_at >= as_of,
                ),
            ]
            then = (
                sa.select(IssueEvent.action)
                .where(
                    IssueEvent.issue_id == CoordinationIssue.id,
                    IssueEvent.at < as_of,
                    IssueEvent.action.in_(list(_ISSUE_ACTIONS)),  # steps that set a status
                )
                .order_by(IssueEvent.at.desc(), IssueEvent.id.desc())
                .limit(1)
                .correlate(CoordinationIssue)
                .scalar_subquery()
            )
            changed_since = (
                sa.select(IssueEvent.id)
                .where(IssueEvent.issue_id == CoordinationIssue.id, IssueEvent.at >= as_of)
                .correlate(CoordinationIssue)
                .exists()
            )
            # nothing happened to it since: its status now is its status then
            status = sa.case((changed_since, then), else_=sa.cast(CoordinationIssue.status, sa.String))
        where += in_groups(Project.work_group_id, work_group_ids)
        stmt = (
            sa.select(
                CoordinationIssue.id,
                CoordinationIssue.number,
                Project.name,
                CoordinationIssue.description,
                status,
                CoordinationIssue.created_at,
                Unit.name,
                CoordinationIssue.answer_due,
                CoordinationIssue.answered_at,
                CoordinationIssue.escalation_level,
                Milestone.due_date,
                Milestone.done_on,
            )
            .outerjoin(Project, Project.id == CoordinationIssue.project_id)
            .outerjoin(Unit, Unit.id == CoordinationIssue.assigned_unit_id)
            .outerjoin(Milestone, Milestone.id == CoordinationIssue.milestone_id)
            .where(*where)
        )
        ordered = stmt.order_by(CoordinationIssue.created_at, CoordinationIssue.id)
        if limit is not None:
            ordered = ordered.limit(limit)
        rows = (await self.s.execute(ordered)).all()
        items = [
            IssueRow(r[0], r[1], r[2], r[3], _issue_status(r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11])
            for r in rows
        ]
        return Page(await total_rows(self.s, stmt), items)

    async def stalled_projects(
        self,
        as_of: dt.datetime,
        quiet_since: dt.datetime,
        *,
        work_group_ids: Collection[int] | None,
        limit: int | None,
    ) -> Page[StalledRow]:
        """Projects (not archived, not producing) that existed before ``quiet_since`` and had no progress
        report in [quiet_since, as_of): the quietest first, with their lead and unit."""
        last = (
            sa.select(sa.func.max(ProgressUpdate.created_at))
            .where(ProgressUpdate.project_id == Project.id, ProgressUpdate.created_at < as_of)
            .correlate(Project)
            .scalar_subquery()
        )
        lead = aliased(Person)
        where = [
            Project.archived.is_(False),
            Project.stage != ProjectStage.PRODUCING,
            Project.created_at < quiet_since,
            # cheap first: the latest report known now rules most projects out (unless it came after as_of)
            sa.or_(
                Project.last_progress_at.is_(None),
                Project.last_progress_at < quiet_since,
                Project.last_progress_at >= as_of,
            ),
            sa.or_(last.is_(None), last < quiet_since),
        ]
        where += in_groups(Project.work_group_id, work_group_ids)
        stmt = (
            sa.select(
                Project.id, Project.name, lead.name, Unit.name, WorkGroup.name, last, Project.created_at
            )
            .outerjoin(lead, lead.id == Project.lead_id)
            .outerjoin(Unit, Unit.id == Project.unit_id)
            .outerjoin(WorkGroup, WorkGroup.id == Project.work_group_id)
            .where(*where)
        )
        # one pass: count(*) over () is the total before the limit (no second query for the count)
        ordered = stmt.add_columns(sa.func.count().over()).order_by(
            sa.func.coalesce(last, Project.created_at), Project.id
        )
        if limit is not None:
            ordered = ordered.limit(limit)
        rows = (await self.s.execute(ordered)).all()
        items = [
            StalledRow(r[0], r[1], r[2], r[3], r[4], _aware(r[5]) or _aware(r[6]), r[5] is not None)
            for r in rows
        ]
        if not rows and limit == 0:
            return Page(await total_rows(self.s, stmt), items)
        return Page(int(rows[0][-1]) if rows else 0, items)

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
        return OutboxHealth(count_of(dead), count_of(people), count_of(chats))
