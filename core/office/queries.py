"""The office's queries in chat: /status, /overdue, /supervision, and the /project and /person cards.

Every query reads within the reader's scope (``core.policy.resolve_scope``): the office sees the
whole campaign, a group leader every work group they supervise; an id out of scope is NotYours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, TypeVar

from core.calendar import CalendarService, calendar_in
from core.clock import Clock, day_start
from core.errors import Invalid, NotFound
from core.office.digest_sections import (
    DigestRules,
    IssueSection,
    OverdueSection,
    PayloadModel,
    StalledSection,
    issue_section,
    overdue_by_unit,
    stalled_section,
)
from core.office.scoreboard import Scoreboard, load_dimension_board, load_scoreboard
from core.policy import Scope, require_in_scope, resolve_scope
from core.project_state import (
    LIGHT,
    Light,
    MilestoneFacts,
    Rules,
    State,
    days_overdue,
    milestone_state,
    project_state,
)
from core.projects.lines import project_facts
from core.trips.status import TripPhase, trip_phase
from core.vocabulary import issue_code
from db.database import Database
from db.enums import MilestoneKind, ProjectCategory, ProjectStage, Role, TargetDimension
from db.models import Person
from db.tx import Tx

H = TypeVar("H", covariant=True)

PROBLEMS_SHOWN = 3  # open issues named on a project card; the rest are counted (/supervision lists all)


class _Search(Protocol[H]):
    """A search of db.queries.search: projects or people matching a text, within work groups."""

    def __call__(
        self, text: str, *, work_group_ids: Collection[int] | None, limit: int
    ) -> Awaitable[Sequence[H]]: ...


class MilestoneLine(PayloadModel):
    kind: MilestoneKind
    name: str
    due_date: dt.date
    due_text: str | None
    done_on: dt.date | None
    state: State
    days_overdue: int


class ProgressLine(PayloadModel):
    report_date: dt.date
    author: str | None
    stage: ProjectStage | None
    percent_done: int | None
    funds_arrived_wan: Decimal | None
    text: str | None
    problems: str | None


class ProjectCard(PayloadModel):
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
    problems: list[
        str
    ]  # the open coordination issues (督办〔Y〕N号 description), oldest first; never closed ones
    photos: list[str]


class PersonCard(PayloadModel):
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
    phase: TripPhase | None = None  # the trip of the day, as every view shows it
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


DIMENSION_WORDS: dict[str, TargetDimension] = {
    "园区": TargetDimension.PARK,
    "park": TargetDimension.PARK,
    "产业": TargetDimension.INDUSTRY,
    "industry": TargetDimension.INDUSTRY,
    "单位": TargetDimension.UNIT,
    "责任单位": TargetDimension.UNIT,
    "unit": TargetDimension.UNIT,
    "责任人": TargetDimension.PERSON,
    "负责人": TargetDimension.PERSON,
    "person": TargetDimension.PERSON,
}


class OfficeQueryService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rules: DigestRules | None = None,
        calendar: CalendarService | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.rules = rules or DigestRules()
        self.calendar = calendar

    async def reader_scope(self, actor: Person) -> Scope:
        """What `actor` may see of office products; Forbidden for anyone but the office and group leaders."""
        async with self.db.transaction() as tx:
            return await resolve_scope(tx, actor)

    async def status(self, actor: Person, by: str = "") -> Scoreboard:
        """The scoreboard now: per work group, or (``by`` = 园区 / 产业 / 单位 / 责任人) per park, industry,
        unit or person against their targets; the reader's scope either way."""
        word = by.strip().lower()
        dimension = DIMENSION_WORDS.get(word) if word else None
        if word and dimension is None:
            raise Invalid("office.status.bad_dimension", text=by.strip())
        workdays = await self.calendar.calendar() if self.calendar else None
        campaign, today = self.rules.campaign, self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            if dimension is None:
                return await load_scoreboard(
                    tx, today, work_group_ids=scope.work_group_ids, campaign=campaign, workdays=workdays
                )
            return await load_dimension_board(
                tx,
                today,
                dimension,
                work_group_ids=scope.work_group_ids,
                campaign=campaign,
                workdays=workdays,
            )

    async def overdue(self, actor: Person, *, limit: int = 100) -> OverdueSection:
        day = self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            page, counts = await tx.deadline_rows.overdue_milestones(
                day, work_group_ids=scope.work_group_ids, limit=limit
            )
        return overdue_by_unit(page, counts, day)

    async def stalled(self, actor: Person, *, limit: int = 100) -> StalledSection:
        """Projects without progress for ``stale_days``, quietest first, with lead and unit (reader's scope)."""
        day = self.clock.today()
        now = self.clock.now()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            page = await tx.digest_rows.stalled_projects(
                now,
                now - dt.timedelta(days=self.rules.stale_days),
                work_group_ids=scope.work_group_ids,
                limit=limit,
            )
        return stalled_section(page, day, self.clock.tz)

    async def open_issues(self, actor: Person, *, limit: int = 100) -> IssueSection:
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            page = await tx.digest_rows.open_issues(work_group_ids=scope.work_group_ids, limit=limit)
            workdays = await calendar_in(tx)
        return issue_section(page, self.clock.today(), self.rules, self.clock.tz, workdays)

    async def _found(
        self, actor: Person, text: str, limit: int, search: Callable[[Tx], _Search[H]], not_found: str
    ) -> Sequence[H]:
        """The search's hits for the text within the actor's scope; none: NotFound(not_found)."""
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            hits = await search(tx)(text.strip(), work_group_ids=scope.work_group_ids, limit=limit)
        if not hits:
            raise NotFound(not_found, text=text.strip())
        return hits

    async def find_projects(self, actor: Person, text: str, *, limit: int = 8) -> SearchResult:
        hits = await self._found(
            actor, text, limit, lambda tx: tx.search.search_projects, "office.project_not_found"
        )
        return SearchResult([Hit(h.project_id, h.name, h.work_group) for h in hits])

    async def project_card(self, actor: Person, project_id: int, *, photos: int = 3) -> ProjectCard:
        day = self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            project = await tx.projects.get(project_id)
            if project is None:
                raise NotFound()
            require_in_scope(scope, project.work_group_id)
            labels = await tx.search.project_labels(project)
            last = await tx.search.last_progress(project.id)
            open_issues = await tx.search.open_issue_count(project.id)
            problems = [
                f"{issue_code(i.number, i.created_at.astimezone(self.clock.tz).year)} {i.description}"
                for i in await tx.search.open_issues_of(project.id, limit=PROBLEMS_SHOWN)
            ]
            photo_ids = await tx.search.project_photos(project.id, limit=photos)
        rules = Rules(due_soon_days=self.rules.due_days, stale_days=self.rules.stale_days)
        milestones = (MilestoneFacts(m.due_date, m.done_on) for m in project.milestones)
        facts = project_facts(
            milestones,
            project.last_progress_at,
            project.created_at,
            self.clock.tz,
            stage=project.stage,
            percent_done=project.percent_done,
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
            problems=problems,
            photos=photo_ids,
        )

    async def find_people(self, actor: Person, text: str, *, limit: int = 8) -> SearchResult:
        hits = await self._found(
            actor, text, limit, lambda tx: tx.search.search_people, "office.person_not_found"
        )
        return SearchResult([Hit(h.person_id, h.name, h.unit or h.work_group) for h in hits])

    async def person_card(self, actor: Person, person_id: int) -> PersonCard:
        day = self.clock.today()
        async with self.db.transaction() as tx:
            scope = await resolve_scope(tx, actor)
            person = await tx.people.get(person_id)
            if person is None or not person.active:
                raise NotFound()
            require_in_scope(scope, person.work_group_id)
            activity = await tx.search.person_activity(
                person.id, day, day - dt.timedelta(days=30), day_starts_at=day_start(day, self.clock.tz)
            )
        phase = None
        if activity.current_status is not None:
            back = activity.current_returned_at
            phase = trip_phase(
                activity.current_status,
                activity.current_start,
                activity.current_until,
                day,
                back.astimezone(self.clock.tz).date() if back is not None else None,
            )
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
            phase=phase,
            last_report=activity.last_report,
            reports_30_days=activity.reports_since,
            projects_led=activity.projects_led,
            overdue_milestones=activity.overdue_milestones,
        )
