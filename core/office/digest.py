"""The office's read side: the daily digest, and the queries behind /status, /overdue, /supervision,
/project and /person.

The digest answers "where do we stand" once a morning. "Since the last digest" means the days from
the previous working day up to yesterday (on a Monday: Friday, Saturday and Sunday), so nothing
falls between two digests. A digest of a past day, a month or a range is computed from the ledger,
milestone done dates, trips and issue events as they stood at the end of its last day
(core.office.period); every section says the period it covers. Every list is limited (``DigestRules.max_items``) with its full count,
and every section is one aggregated query, so a digest over a large campaign stays fast.

Digests are pydantic models: the outbox payload is ``digest.model_dump(mode="json")`` and the
renderer reads it back with ``Digest.model_validate`` — the payload is the digest itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.calendar import CalendarService
from core.clock import Clock, day_start
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox
from core.office.chats import office_audiences
from core.office.digest_sections import (
    DigestRules,
    DueSection,
    Health,
    IssueItem,
    IssueSection,
    LeadItem,
    LeadSection,
    MilestoneItem,
    MismatchItem,
    MismatchSection,
    MissingItem,
    MissingSection,
    OutItem,
    OutSection,
    OverdueSection,
    PayloadModel,
    ProgressItem,
    ProgressSection,
    StalledItem,
    StalledSection,
    UnitOverdue,
    issue_section,
    milestone_item,
    mismatch_section,
    missing_by_person,
    out_section,
    overdue_by_unit,
    stalled_section,
)
from core.office.period import Period, PeriodKind, parse_period
from core.office.queries import OfficeQueryService, PersonCard, ProjectCard, SearchResult
from core.office.scoreboard import Scoreboard, load_scoreboard
from core.policy import Scope, resolve_scope
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import ProjectStage
from db.models import Person
from db.tx import Tx

__all__ = [
    "Digest",
    "DigestRules",
    "DigestService",
    "DueSection",
    "Health",
    "IssueItem",
    "IssueSection",
    "LeadItem",
    "LeadSection",
    "MilestoneItem",
    "MismatchItem",
    "MismatchSection",
    "MissingItem",
    "MissingSection",
    "OutItem",
    "OutSection",
    "OverdueSection",
    "ProgressItem",
    "ProgressSection",
    "StalledItem",
    "StalledSection",
    "UnitOverdue",
    "missing_by_person",
    "overdue_by_unit",
]


class Digest(PayloadModel):
    day: dt.date  # states (scoreboard, out, due, overdue, issues, stalled) at the end of this day
    work_group: str | None  # the scope; None = whole campaign
    since: dt.date  # activity (missing reports, leads, progress) from this day …
    until: dt.date  # … to this one
    due_until: dt.date
    period: PeriodKind = PeriodKind.MORNING
    stale_days: int = 7
    uncovered_years: list[int]
    late: bool = False  # sent by catch-up after the bot was down: the reader is told
    scoreboard: Scoreboard
    out: OutSection
    missing: MissingSection
    leads: LeadSection
    progress: ProgressSection
    due: DueSection
    overdue: OverdueSection
    issues: IssueSection
    stalled: StalledSection = StalledSection(total=0, items=[])
    stages: dict[ProjectStage, int] = {}  # projects per stage at the end of `day` (stage history)
    health: Health | None  # whole-campaign digests only
    mismatches: MismatchSection = MismatchSection()  # shared locations far from the day's itinerary city

    def payload(self) -> dict[str, object]:
        return self.model_dump(mode="json")


class DigestService:
    """The morning digest (built per scope, enqueued to every office audience) and, through
    :class:`~core.office.queries.OfficeQueryService`, the office's queries in chat."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbox: Outbox,
        calendar: CalendarService,
        rules: DigestRules | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.calendar = calendar
        self.rules = rules or DigestRules()
        self.queries = OfficeQueryService(db, clock, self.rules, calendar)

    # ------------------------------------------------------------------ the digest

    async def build(
        self,
        day: dt.date,
        scope: Scope,
        *,
        max_items: int | None = None,
        period: Period | None = None,
    ) -> Digest:
        """The digest of `scope`: the morning digest of `day`, or over `period` (see core.office.period)."""
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            return await self._build(
                tx,
                period or Period.morning(day, calendar),
                scope,
                calendar,
                max_items or self.rules.max_items,
            )

    async def build_for(self, actor: Person, day: dt.date | None = None, *, when: str = "") -> Digest:
        """The digest as `actor` may see it (office: all; group leader: the groups they supervise);
        ``when`` is what followed /digest: a day, a month, a range, 今天 (see core.office.period)."""
        calendar = await self.calendar.calendar()
        period = Period.morning(day, calendar) if day else parse_period(when, self.clock.today(), calendar)
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            return await self._build(tx, period, scope, calendar, self.rules.max_items)

    async def _build(
        self, tx: Tx, period: Period, scope: Scope, calendar: WorkCalendar, limit: int
    ) -> Digest:
        groups = scope.work_group_ids
        day, since, until = period.as_of, period.since, period.until
        due_until = day + dt.timedelta(days=self.rules.due_days)
        window_days = {
            since + dt.timedelta(days=n): day_start(since + dt.timedelta(days=n), self.clock.tz)
            for n in range((until - since).days + 1)
        }
        start, end = day_start(since, self.clock.tz), day_start(until + dt.timedelta(days=1), self.clock.tz)
        day_ends_at = day_start(day + dt.timedelta(days=1), self.clock.tz)
        as_of = day  # open at the end of the day, by done dates and issue events (today: now)

        rows, deadlines = tx.digest_rows, tx.deadline_rows
        out = await rows.cadres_out(
            day, work_group_ids=groups, limit=limit, day_starts_at=day_start(day, self.clock.tz)
        )
        missing = await rows.missing_reports(window_days, work_group_ids=groups, limit=limit)
        leads = await rows.new_leads(start, end, work_group_ids=groups, limit=limit)
        progress = await rows.progress_received(start, end, work_group_ids=groups, limit=limit)
        due = await deadlines.milestones_due(day, due_until, work_group_ids=groups, limit=limit, as_of=as_of)
        overdue, per_unit = await deadlines.overdue_milestones(
            day, work_group_ids=groups, limit=limit, as_of=as_of
        )
        issues = await rows.open_issues(work_group_ids=groups, limit=limit, as_of=day_ends_at)
        stale = self.rules.stale_days
        stalled = await rows.stalled_projects(
            day_ends_at,
            day_ends_at - dt.timedelta(days=stale),
            work_group_ids=groups,
            limit=limit,
        )
        pinned = await rows.pinned_reports(since, until, work_group_ids=groups)
        health = None
        if scope.whole:
            h = await rows.outbox_health(
                day_start(day - dt.timedelta(days=self.rules.health_days), self.clock.tz)
            )
            health = Health(days=self.rules.health_days, **dataclasses.asdict(h))
        return Digest(
            day=day,
            work_group=scope.label,
            since=since,
            until=until,
            due_until=due_until,
            period=period.kind,
            stale_days=stale,
            uncovered_years=sorted(calendar.uncovered_years([since, day, due_until])),
            scoreboard=await load_scoreboard(
                tx, day, work_group_ids=groups, campaign=self.rules.campaign, workdays=calendar
            ),
            out=out_section(out, day, self.clock.tz),
            missing=missing_by_person(missing),
            leads=LeadSection(total=leads.total, items=[LeadItem.model_validate(x) for x in leads.items]),
            progress=ProgressSection(
                total=progress.total, items=[ProgressItem.model_validate(p) for p in progress.items]
            ),
            due=DueSection(total=due.total, items=[milestone_item(m, day) for m in due.items]),
            overdue=overdue_by_unit(overdue, per_unit, day),
            issues=issue_section(issues, day, self.rules, self.clock.tz, calendar),
            stalled=stalled_section(stalled, day, self.clock.tz),
            stages=await rows.stages_as_of(day, day_ends_at, work_group_ids=groups),
            health=health,
            mismatches=mismatch_section(pinned, self.rules.mismatch_km, limit),
        )

    async def enqueue(self, day: dt.date, *, late: bool = False) -> int:
        """The digest of `day` to every bound office chat and subscription, each in its scope (job).

        `late`: sent by catch-up after its time (the bot was down); the digest says so."""
        calendar = await self.calendar.calendar()
        written = 0
        async with self.db.transaction() as tx:
            built: dict[frozenset[int] | None, dict[str, object]] = {}
            for audience in await office_audiences(tx):
                scope = audience.scope
                if scope.work_group_ids not in built:
                    period = Period.morning(day, calendar)
                    digest = await self._build(tx, period, scope, calendar, self.rules.max_items)
                    built[scope.work_group_ids] = {**digest.payload(), "late": late}
                note = Notification(Kind.OFFICE_DIGEST, built[scope.work_group_ids])
                written += await self.outbox.enqueue(
                    tx, audience.recipient, note, key=f"digest:{day.isoformat()}"
                )
        return written

    # ------------------------------------------------------------------ queries in chat (see core.office.queries)

    async def reader_scope(self, actor: Person) -> Scope:
        """What `actor` may see of office products; Forbidden for anyone but the office and group leaders."""
        return await self.queries.reader_scope(actor)

    async def status(self, actor: Person, by: str = "") -> Scoreboard:
        return await self.queries.status(actor, by)

    async def overdue(self, actor: Person, *, limit: int = 100) -> OverdueSection:
        return await self.queries.overdue(actor, limit=limit)

    async def open_issues(self, actor: Person, *, limit: int = 100) -> IssueSection:
        return await self.queries.open_issues(actor, limit=limit)

    async def stalled(self, actor: Person, *, limit: int = 100) -> StalledSection:
        return await self.queries.stalled(actor, limit=limit)

    async def find_projects(self, actor: Person, text: str, *, limit: int = 8) -> SearchResult:
        return await self.queries.find_projects(actor, text, limit=limit)

    async def project_card(self, actor: Person, project_id: int, *, photos: int = 3) -> ProjectCard:
        return await self.queries.project_card(actor, project_id, photos=photos)

    async def find_people(self, actor: Person, text: str, *, limit: int = 8) -> SearchResult:
        return await self.queries.find_people(actor, text, limit=limit)

    async def person_card(self, actor: Person, person_id: int) -> PersonCard:
        return await self.queries.person_card(actor, person_id)
