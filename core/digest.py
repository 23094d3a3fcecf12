"""The office's read side: the daily digest, and the queries behind /status, /overdue, /supervision,
/project and /person.

The digest answers "where do we stand" once a morning. "Since the last digest" means the days from
the previous working day up to yesterday (on a Monday: Friday, Saturday and Sunday), so nothing
falls between two digests. Every list is limited (``DigestRules.max_items``) with its full count,
and every section is one aggregated query, so a digest over a large campaign stays fast.

Digests are pydantic models: the outbox payload is ``digest.model_dump(mode="json")`` and the
renderer reads it back with ``Digest.model_validate`` — the payload is the digest itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from core.calendar import CalendarService
from core.clock import Clock
from core.errors import NotFound
from core.office_chats import Scope, office_audiences, require_in_scope, resolve_scope
from core.outbox import Notification, Outbox
from core.project_state import (
    LIGHT,
    Light,
    MilestoneFacts,
    ProjectFacts,
    Rules,
    State,
    days_overdue,
    milestone_state,
    project_state,
)
from core.scoreboard import Scoreboard, load_scoreboard
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import IssueStatus, MilestoneKind, ProjectCategory, ProjectStage, Role
from db.models import Person
from db.queries.office import IssueRow, MilestoneRow, MissingReport, Page
from db.tx import Tx

DIGEST_KIND = "office.digest"


@dataclass(frozen=True)
class DigestRules:
    max_items: int = 30  # per list; the count is always complete
    due_days: int = 7  # "milestones due in the next N days"
    issue_yellow_days: int = 3
    issue_red_days: int = 7
    health_days: int = 7  # dead letters of the last N days
    stale_days: int = 7  # a project without progress for N days is stalled


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class OutItem(_Model):
    name: str
    work_group: str | None
    companions: list[str]
    province: str | None
    city: str | None
    place: str | None
    until: dt.date | None
    last_report: dt.date | None


class MissingItem(_Model):
    name: str
    work_group: str | None
    days: list[dt.date]


class LeadItem(_Model):
    name: str
    investor: str | None
    work_group: str | None
    found_by: str | None


class ProgressItem(_Model):
    project: str
    author: str | None
    stage: ProjectStage | None
    percent_done: int | None
    funds_arrived_wan: Decimal | None
    has_problems: bool


class MilestoneItem(_Model):
    project: str
    kind: MilestoneKind
    name: str
    due_date: dt.date
    unit: str | None
    lead: str | None
    days_overdue: int


class UnitOverdue(_Model):
    unit: str | None
    count: int
    items: list[MilestoneItem]


class IssueItem(_Model):
    number: int
    year: int
    project: str | None
    description: str
    status: IssueStatus
    age_days: int
    light: Light
    unit: str | None


class OutSection(_Model):
    total: int
    items: list[OutItem]


class MissingSection(_Model):
    total: int  # missing person-days
    people: int  # listed people (within the limit)
    items: list[MissingItem]


class LeadSection(_Model):
    total: int
    items: list[LeadItem]


class ProgressSection(_Model):
    total: int
    items: list[ProgressItem]


class DueSection(_Model):
    total: int
    items: list[MilestoneItem]


class OverdueSection(_Model):
    total: int
    shown: int
    units: list[UnitOverdue]


class IssueSection(_Model):
    total: int
    items: list[IssueItem]


class Health(_Model):
    days: int
    dead_letters: int
    unreachable_people: int
    unreachable_chats: int


class Digest(_Model):
    day: dt.date
    work_group: str | None  # the scope; None = whole campaign
    since: dt.date  # first day "since the last digest"
    until: dt.date  # yesterday
    due_until: dt.date
    uncovered_years: list[int]
    scoreboard: Scoreboard
    out: OutSection
    missing: MissingSection
    leads: LeadSection
    progress: ProgressSection
    due: DueSection
    overdue: OverdueSection
    issues: IssueSection
    health: Health | None  # whole-campaign digests only

    def payload(self) -> dict[str, object]:
        return self.model_dump(mode="json")


# ---------------------------------------------------------------------------------- cards


class MilestoneLine(_Model):
    kind: MilestoneKind
    name: str
    due_date: dt.date
    due_text: str | None
    done_on: dt.date | None
    state: State
    days_overdue: int


class ProgressLine(_Model):
    report_date: dt.date
    author: str | None
    stage: ProjectStage | None
    percent_done: int | None
    funds_arrived_wan: Decimal | None
    text: str | None
    problems: str | None


class ProjectCard(_Model):
    id: int
    name: str
    category: ProjectCategory
    stage: ProjectStage
    industry: str | None
    investor: str | None
    work_group: str | None
    unit: str | None
    park: str | None
    lead: str | None
    liaison: str | None
    planned_wan: Decimal | None
    signed_wan: Decimal
    landed_wan: Decimal
    funds_wan: Decimal
    percent_done: int | None
    state: State
    light: Light
    milestones: list[MilestoneLine]
    last_progress: ProgressLine | None
    open_issues: int
    photos: list[str]


class PersonCard(_Model):
    id: int
    name: str
    title: str | None
    unit: str | None
    work_group: str | None
    roles: list[Role]
    phone: str | None
    bound: bool
    reachable: bool
    current_city: str | None
    current_until: dt.date | None
    last_report: dt.date | None
    reports_30_days: int
    projects_led: int
    overdue_milestones: int


@dataclass(frozen=True)
class Hit:
    id: int
    name: str
    detail: str | None  # the work group of a project, the unit (or group) of a person


@dataclass(frozen=True)
class SearchResult:
    """One match opens its card; several are offered as choices; none is NotFound."""

    hits: list[Hit]


# ---------------------------------------------------------------------------------- building blocks


def _milestone_item(row: MilestoneRow, day: dt.date) -> MilestoneItem:
    return MilestoneItem(
        project=row.project,
        kind=row.kind,
        name=row.name,
        due_date=row.due_date,
        unit=row.unit,
        lead=row.lead,
        days_overdue=max(0, (day - row.due_date).days),
    )


def overdue_by_unit(page: Page[MilestoneRow], counts: dict[str | None, int], day: dt.date) -> OverdueSection:
    units: list[UnitOverdue] = []
    for row in page.items:  # already ordered: the unit with the oldest first, oldest first within it
        if not units or units[-1].unit != row.unit:
            units.append(UnitOverdue(unit=row.unit, count=counts.get(row.unit, 0), items=[]))
        units[-1].items.append(_milestone_item(row, day))
    return OverdueSection(total=page.total, shown=len(page.items), units=units)


def missing_by_person(page: Page[MissingReport]) -> MissingSection:
    people: dict[int, MissingItem] = {}
    for row in page.items:
        item = people.get(row.person_id)
        if item is None:
            people[row.person_id] = MissingItem(name=row.name, work_group=row.work_group, days=[row.day])
        else:
            item.days.append(row.day)
    return MissingSection(total=page.total, people=len(people), items=list(people.values()))


def issue_light(age_days: int, rules: DigestRules) -> Light:
    if age_days >= rules.issue_red_days:
        return Light.RED
    if age_days >= rules.issue_yellow_days:
        return Light.YELLOW
    return Light.GREEN


class DigestService:
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

    # ------------------------------------------------------------------ time helpers

    def starts_at(self, day: dt.date) -> dt.datetime:
        """The first instant of `day` in the campaign's timezone."""
        return dt.datetime.combine(day, dt.time(), tzinfo=self.clock.tz)

    def local_day(self, at: dt.datetime) -> dt.date:
        return at.astimezone(self.clock.tz).date()

    # ------------------------------------------------------------------ the digest

    async def build(self, day: dt.date, scope: Scope, *, max_items: int | None = None) -> Digest:
        calendar = await self.calendar.calendar()
        async with self.db.transaction() as tx:
            return await self._build(tx, day, scope, calendar, max_items or self.rules.max_items)

    async def build_for(self, actor: Person, day: dt.date | None = None) -> Digest:
        """The digest as `actor` may see it (office: all; group leader: their group)."""
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
        return await self.build(day or self.clock.today(), scope)

    async def _build(self, tx: Tx, day: dt.date, scope: Scope, calendar: WorkCalendar, limit: int) -> Digest:
        group = scope.work_group_id
        since = calendar.previous_workday(day)
        until = day - dt.timedelta(days=1)
        due_until = day + dt.timedelta(days=self.rules.due_days)
        window_days = {
            since + dt.timedelta(days=n): self.starts_at(since + dt.timedelta(days=n))
            for n in range((day - since).days)
        }
        start, end = self.starts_at(since), self.starts_at(day)

        out = await tx.office.cadres_out(day, work_group_id=group, limit=limit)
        missing = await tx.office.missing_reports(window_days, work_group_id=group, limit=limit)
        leads = await tx.office.new_leads(start, end, work_group_id=group, limit=limit)
        progress = await tx.office.progress_received(start, end, work_group_id=group, limit=limit)
        due = await tx.office.milestones_due(day, due_until, work_group_id=group, limit=limit)
        overdue, per_unit = await tx.office.overdue_milestones(day, work_group_id=group, limit=limit)
        issues = await tx.office.open_issues(work_group_id=group, limit=limit)
        health = None
        if scope.whole:
            h = await tx.office.outbox_health(self.starts_at(day - dt.timedelta(days=self.rules.health_days)))
            health = Health(
                days=self.rules.health_days,
                dead_letters=h.dead_letters,
                unreachable_people=h.unreachable_people,
                unreachable_chats=h.unreachable_chats,
            )
        return Digest(
            day=day,
            work_group=scope.work_group_name,
            since=since,
            until=until,
            due_until=due_until,
            uncovered_years=sorted(calendar.uncovered_years([since, day, due_until])),
            scoreboard=await load_scoreboard(tx, day, work_group_id=group),
            out=OutSection(
                total=out.total,
                items=[
                    OutItem(
                        name=o.name,
                        work_group=o.work_group,
                        companions=list(o.companions),
                        province=o.province,
                        city=o.city,
                        place=o.place,
                        until=o.until,
                        last_report=o.last_report,
                    )
                    for o in out.items
                ],
            ),
            missing=missing_by_person(missing),
            leads=LeadSection(
                total=leads.total,
                items=[
                    LeadItem(name=x.name, investor=x.investor, work_group=x.work_group, found_by=x.found_by)
                    for x in leads.items
                ],
            ),
            progress=ProgressSection(
                total=progress.total,
                items=[
                    ProgressItem(
                        project=p.project,
                        author=p.author,
                        stage=p.stage,
                        percent_done=p.percent_done,
                        funds_arrived_wan=p.funds_arrived_wan,
                        has_problems=p.has_problems,
                    )
                    for p in progress.items
                ],
            ),
            due=DueSection(total=due.total, items=[_milestone_item(m, day) for m in due.items]),
            overdue=overdue_by_unit(overdue, per_unit, day),
            issues=self._issues(issues, day),
            health=health,
        )

    def _issues(self, page: Page[IssueRow], day: dt.date) -> IssueSection:
        items = []
        for row in page.items:
            raised = self.local_day(row.created_at)
            age = max(0, (day - raised).days)
            items.append(
                IssueItem(
                    number=row.number,
                    year=raised.year,
                    project=row.project,
                    description=row.description,
                    status=row.status,
                    age_days=age,
                    light=issue_light(age, self.rules),
                    unit=row.unit,
                )
            )
        return IssueSection(total=page.total, items=items)

    async def enqueue(self, day: dt.date) -> int:
        """Today's digest to every bound office chat and subscription, each in its scope (job)."""
        calendar = await self.calendar.calendar()
        written = 0
        async with self.db.transaction() as tx:
            built: dict[int | None, dict[str, object]] = {}
            for audience in await office_audiences(tx):
                scope = audience.scope
                if scope.work_group_id not in built:
                    digest = await self._build(tx, day, scope, calendar, self.rules.max_items)
                    built[scope.work_group_id] = digest.payload()
                note = Notification(DIGEST_KIND, built[scope.work_group_id])
                written += await self.outbox.enqueue(
                    tx, audience.recipient, note, key=f"digest:{day.isoformat()}"
                )
        return written

    # ------------------------------------------------------------------ queries in chat

    async def reader_scope(self, actor: Person) -> Scope:
        """What `actor` may see of office products; Forbidden for anyone but the office and group leaders."""
        async with self.db.transaction() as tx:
            return await resolve_scope(tx, actor)

    async def status(self, actor: Person) -> Scoreboard:
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            return await load_scoreboard(tx, self.clock.today(), work_group_id=scope.work_group_id)

    async def overdue(self, actor: Person, *, limit: int = 100) -> OverdueSection:
        day = self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            page, counts = await tx.office.overdue_milestones(
                day, work_group_id=scope.work_group_id, limit=limit
            )
        return overdue_by_unit(page, counts, day)

    async def open_issues(self, actor: Person, *, limit: int = 100) -> IssueSection:
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            page = await tx.office.open_issues(work_group_id=scope.work_group_id, limit=limit)
        return self._issues(page, self.clock.today())

    async def find_projects(self, actor: Person, text: str, *, limit: int = 8) -> SearchResult:
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            hits = await tx.office.search_projects(
                text.strip(), work_group_id=scope.work_group_id, limit=limit
            )
        if not hits:
            raise NotFound("office.project_not_found", text=text.strip())
        return SearchResult([Hit(h.project_id, h.name, h.work_group) for h in hits])

    async def project_card(self, actor: Person, project_id: int, *, photos: int = 3) -> ProjectCard:
        day = self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            project = await tx.office.project(project_id)
            if project is None:
                raise NotFound()
            require_in_scope(scope, project.work_group_id)
            labels = await tx.office.project_labels(project)
            last = await tx.office.last_progress(project.id)
            open_issues = await tx.office.open_issue_count(project.id)
            photo_ids = await tx.office.project_photos(project.id, limit=photos)
        rules = Rules(due_soon_days=self.rules.due_days, stale_days=self.rules.stale_days)
        facts = ProjectFacts(
            milestones=tuple(MilestoneFacts(m.due_date, m.done_on) for m in project.milestones),
            last_progress_on=self.local_day(project.last_progress_at) if project.last_progress_at else None,
            created_on=self.local_day(project.created_at),
        )
        state = project_state(facts, day, rules)
        return ProjectCard(
            id=project.id,
            name=project.name,
            category=project.category,
            stage=project.stage,
            industry=project.industry,
            investor=project.investor,
            work_group=labels["work_group"],
            unit=labels["unit"],
            park=labels["park"],
            lead=labels["lead"],
            liaison=labels["liaison"],
            planned_wan=project.planned_investment_wan,
            signed_wan=project.signed_investment_wan,
            landed_wan=project.landed_investment_wan,
            funds_wan=project.funds_arrived_wan,
            percent_done=project.percent_done,
            state=state,
            light=LIGHT[state],
            milestones=[
                MilestoneLine(
                    kind=m.kind,
                    name=m.name,
                    due_date=m.due_date,
                    due_text=m.due_text,
                    done_on=m.done_on,
                    state=milestone_state(MilestoneFacts(m.due_date, m.done_on), day, rules),
                    days_overdue=days_overdue(MilestoneFacts(m.due_date, m.done_on), day),
                )
                for m in project.milestones
            ],
            last_progress=None
            if last is None
            else ProgressLine(
                report_date=last[0].report_date,
                author=last[1],
                stage=last[0].stage,
                percent_done=last[0].percent_done,
                funds_arrived_wan=last[0].funds_arrived_wan,
                text=last[0].text,
                problems=last[0].problems,
            ),
            open_issues=open_issues,
            photos=photo_ids,
        )

    async def find_people(self, actor: Person, text: str, *, limit: int = 8) -> SearchResult:
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            hits = await tx.office.search_people(text.strip(), work_group_id=scope.work_group_id, limit=limit)
        if not hits:
            raise NotFound("office.person_not_found", text=text.strip())
        return SearchResult([Hit(h.person_id, h.name, h.unit or h.work_group) for h in hits])

    async def person_card(self, actor: Person, person_id: int) -> PersonCard:
        day = self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            person = await tx.people.get(person_id)
            if person is None or not person.active:
                raise NotFound()
            require_in_scope(scope, person.work_group_id)
            activity = await tx.office.person_activity(person.id, day, day - dt.timedelta(days=30))
        return PersonCard(
            id=person.id,
            name=person.name,
            title=person.title,
            unit=person.unit.name if person.unit else None,
            work_group=person.work_group.name if person.work_group else None,
            roles=[r for r in Role if r in person.role_set],
            phone=person.phone,
            bound=person.telegram_id is not None,
            reachable=person.reachable,
            current_city=activity.current_city,
            current_until=activity.current_until,
            last_report=activity.last_report,
            reports_30_days=activity.reports_since,
            projects_led=activity.projects_led,
            overdue_milestones=activity.overdue_milestones,
        )
