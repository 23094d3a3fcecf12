"""The Mini App's views: who is out where, the targets, the project board, supervision — as of a day.

Every view reads within the reader's scope (``core.policy.resolve_scope``: the office sees the whole
campaign, a group leader the groups they supervise, anyone else is Forbidden) and is computed by the
digest's own queries and rules (db.queries.digest_rows, core.office.scoreboard, core.project_state),
so the Mini App and the digest never disagree. Views are pydantic models; the bot serves them as JSON.

督办 shows the supervision orders (issue 13) through the one scope-checked query behind /supervision
(SupervisionService.board → core.supervision.board.orders_board): colour by the supervision rule.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Hashable
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from core.calendar import CalendarService
from core.clock import Clock, day_start
from core.delivery.outbox import Outbox
from core.errors import Invalid, NotFound
from core.office.digest_sections import DigestRules
from core.office.queries import OfficeQueryService, ProjectCard
from core.office.scoreboard import (
    CampaignYear,
    Scoreboard,
    elapsed_percent,
    load_dimension_board,
    load_scoreboard,
)
from core.parsing.geo import coordinates_of
from core.policy import require_in_scope, resolve_scope
from core.project_state import LIGHT, Light, MilestoneFacts, ProjectFacts, Rules, project_state
from core.roles import is_office
from core.supervision.board import OrderView
from core.supervision.service import BoardFilter as SupervisionFilter
from core.supervision.service import SupervisionService
from core.trips.status import last_out_day, out_on, returned_day
from core.workdays import WorkCalendar
from db import changes
from db.database import Database
from db.enums import IssueSource, IssueStatus, LedgerKind, ProjectStage, Role, TargetDimension
from db.models import Person
from db.queries.miniapp_rows import BoardFilter, ProgressEntry
from db.queries.projects import ProjectSnapshot
from db.tx import Tx

MAX_OUT = 500  # cadres listed on the map and by city, in the digest's order (the total is always complete)
BOARD_PAGE = 50
MAX_ISSUES = 300
CACHED_VIEWS = 128  # computed scoreboards, trends and 督办 views kept (least recently used dropped)
# the tables each cached view reads (a committed write to any of them invalidates the view)
SCORE_TABLES = ("ledger_entries", "projects", "work_groups", "targets", "parks")
# what the 督办 view reads: the orders, their events, projects and milestones (the colour), the names
SUPERVISION_TABLES = (
    "coordination_issues",
    "issue_events",
    "projects",
    "milestones",
    "units",
    "people",
    "work_groups",
)


class ViewCache:
    """Computed views keyed by what they were computed from: the view and its arguments, the reader's
    scope and the day, then (the key's last item) the data's version: the working-day calendar, this
    process's write counters of the tables read (db.changes) and the database's own markers of them
    (other processes' writes). Any committed write changes the version, so a cached view is never
    older than the data; one view per view/arguments/scope/day is kept (a newer version replaces it)."""

    def __init__(self, size: int = CACHED_VIEWS) -> None:
        self.size = size
        self._views: OrderedDict[tuple[Hashable, ...], tuple[Hashable, View]] = OrderedDict()

    def get(self, key: tuple[Hashable, ...]) -> View | None:
        found = self._views.get(key[:-1])
        if found is None or found[0] != key[-1]:
            return None
        self._views.move_to_end(key[:-1])
        return found[1]

    def put(self, key: tuple[Hashable, ...], view: View) -> None:
        self._views[key[:-1]] = (key[-1], view)
        self._views.move_to_end(key[:-1])
        while len(self._views) > self.size:
            self._views.popitem(last=False)

    def clear(self) -> None:
        self._views.clear()


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


# ------------------------------------------------------------------------------ who is reading


class GroupChoice(View):
    id: int
    name: str


class Viewer(View):
    name: str
    language: str | None
    office: bool
    roles: list[Role]
    scope: str | None  # the groups' names; None = the whole campaign
    today: dt.date
    campaign_start: dt.date
    groups: list[GroupChoice]


# ------------------------------------------------------------------------------ 在外招商


class Traveller(View):
    name: str
    work_group: str | None
    companions: list[str]
    place: str | None
    until: dt.date | None
    last_report: dt.date | None
    reported: bool  # a daily report for the day is in


class CityGroup(View):
    province: str | None
    city: str | None
    lng: float | None
    lat: float | None
    people: list[Traveller]


class TravelView(View):
    day: dt.date
    total: int
    listed: int  # the people listed (all of them up to MAX_OUT)
    reported: int
    cities: list[CityGroup]


# ------------------------------------------------------------------------------ 目标完成


class TrendPoint(View):
    month: str  # YYYY-MM
    signed_wan: Decimal
    landed_wan: Decimal
    funds_wan: Decimal
    schedule_wan: Decimal  # the total target × the time schedule at the month's end (or the day)


class ScoreLine(View):
    """A scoreboard line with its completion and schedule gap as the scoreboard computes them."""

    name: str | None  # None: the unassigned projects
    total: bool = False
    target_wan: Decimal
    signed_wan: Decimal
    landed_wan: Decimal
    funds_wan: Decimal
    signed_projects: int
    completion: Decimal | None  # percent of the target, one decimal
    gap: Decimal | None  # percentage points ahead (+) or behind (−) the time schedule


class TargetsView(View):
    day: dt.date
    by: str
    board: Scoreboard
    lines: list[ScoreLine]


class TrendView(View):
    day: dt.date
    target_wan: Decimal  # the work groups' targets in the reader's scope
    points: list[TrendPoint]


# ------------------------------------------------------------------------------ 项目看板


class BoardItem(View):
    id: int
    name: str
    stage: ProjectStage
    work_group: str | None
    park: str | None
    industry: str | None
    lead: str | None
    percent_done: int | None
    light: Light


class ParkChoice(View):
    id: int
    name: str


class BoardView(View):
    day: dt.date
    total: int
    offset: int
    stages: dict[ProjectStage, int]
    items: list[BoardItem]
    parks: list[ParkChoice]
    industries: list[str]


class ProjectView(View):
    card: ProjectCard
    history: list[ProgressEntry]
    photo_ids: list[int]


# ------------------------------------------------------------------------------ 督办


class HistoryLine(View):
    action: str
    actor: str | None
    text: str | None
    at: dt.datetime


class SupervisionItem(View):
    """An open 督办 (supervision order) as /supervision shows it (core.supervision.board.OrderView)."""

    id: int
    code: str  # 督办〔Y〕N号
    colour: Light  # the supervision rule (core.supervision.colour)
    source: IssueSource
    project_id: int | None
    project: str | None
    work_group: str | None
    unit: str | None  # None: not assigned to a unit yet
    description: str
    status: IssueStatus
    raised_on: dt.date
    age_days: int
    answer_due: dt.date | None
    answer: str | None
    escalation_level: int  # 1: the group leader was told; 2: the office and the liaison leader too
    history: list[HistoryLine]


class UnitCount(View):
    unit: str | None
    red: int
    yellow: int
    green: int


class SupervisionView(View):
    day: dt.date  # always today: the orders as they stand now
    total: int
    lights: dict[Light, int]
    units: list[UnitCount]
    items: list[SupervisionItem]  # red first, then yellow, green; oldest first; up to MAX_ISSUES


def supervision_item(order: OrderView) -> SupervisionItem:
    assert order.colour is not None  # open orders only
    return SupervisionItem(
        id=order.id,
        code=order.code,
        colour=order.colour,
        source=order.source,
        project_id=order.project_id,
        project=order.project,
        work_group=order.work_group,
        unit=order.unit,
        description=order.description,
        status=order.status,
        raised_on=order.raised_on,
        age_days=order.age_days,
        answer_due=order.answer_due,
        answer=order.answer,
        escalation_level=order.escalation_level,
        history=[HistoryLine(action=e.action, actor=e.actor, text=e.text, at=e.at) for e in order.history],
    )


class MiniAppService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        calendar: CalendarService,
        rules: DigestRules | None = None,
        supervision: SupervisionService | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.calendar = calendar
        self.rules = rules or DigestRules()
        self.queries = OfficeQueryService(db, clock, self.rules, calendar)
        self.cache = ViewCache()
        self.supervision_service = supervision or SupervisionService(db, clock, Outbox(clock))

    async def _version(
        self, tx: Tx, tables: tuple[str, ...], local: tuple[int, ...], workdays: WorkCalendar
    ) -> Hashable:
        """What a cached scoreboard or trend depends on besides its arguments: this process's write
        counters (``local``, read *before* the transaction began, so the data read is never older than
        them), the database's markers (read before the view, in its transaction) and the calendar."""
        return local, await tx.miniapp_rows.markers(tables), tuple(sorted(workdays.overrides.items()))

    def _day(self, day: dt.date | None) -> dt.date:
        today = self.clock.today()
        if day is None:
            return today
        start = self.rules.campaign.bounds(today)[0]
        if day > today or day < dt.date(start.year - 1, 1, 1):
            raise Invalid("miniapp.bad_day", text=day.isoformat())
        return day

    async def readers(self) -> list[Person]:
        """The bound, active people who may open the Mini App: the office, admins, group leaders."""
        found: dict[int, Person] = {}
        async with self.db.transaction() as tx:
            for role in (Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER):
                for person in await tx.people.with_role(role):
                    if person.telegram_id is not None:
                        found[person.id] = person
        return list(found.values())

    async def viewer(self, actor: Person) -> Viewer:
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            groups = [GroupChoice(id=g.id, name=g.name) for g in await tx.org.groups() if scope.covers(g.id)]
        today = self.clock.today()
        return Viewer(
            name=actor.name,
            language=actor.language.value if actor.language else None,
            office=is_office(actor),
            roles=[r for r in Role if r in actor.role_set],
            scope=scope.label,
            today=today,
            campaign_start=self.rules.campaign.bounds(today)[0],
            groups=groups,
        )

    async def travel(self, actor: Person, day: dt.date | None = None) -> TravelView:
        """Who is out on `day` (the digest's rule, core.trips.status), by city, with their report status."""
        day = self._day(day)
        tz = self.clock.tz
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            page = await tx.digest_rows.cadres_out(
                day, work_group_ids=scope.work_group_ids, limit=MAX_OUT, day_starts_at=day_start(day, tz)
            )
        cities: dict[tuple[str | None, str | None], list[Traveller]] = {}
        skipped = 0
        for o in page.items:
            back = returned_day(o.status, o.returned_at, tz)
            if not out_on(o.status, o.start, o.until, day, back):
                skipped += 1
                continue
            cities.setdefault((o.province, o.city), []).append(
                Traveller(
                    name=o.name,
                    work_group=o.work_group,
                    companions=list(o.companions),
                    place=o.place,
                    until=last_out_day(o.status, o.until, back),
                    last_report=o.last_report,
                    reported=o.last_report is not None and o.last_report >= day,
                )
            )
        groups = []
        for (province, city), people in sorted(cities.items(), key=lambda kv: (-len(kv[1]), kv[0][1] or "")):
            seat = coordinates_of(province, city)
            groups.append(
                CityGroup(
                    province=province,
                    city=city,
                    lat=seat[0] if seat else None,
                    lng=seat[1] if seat else None,
                    people=people,
                )
            )
        listed = [p for g in groups for p in g.people]
        return TravelView(
            day=day,
            total=page.total - skipped,
            listed=len(listed),
            reported=sum(1 for p in listed if p.reported),
            cities=groups,
        )

    async def targets(self, actor: Person, day: dt.date | None = None, by: str = "group") -> TargetsView:
        """The scoreboard as of `day` per work group, park or industry (with each line's completion and gap)."""
        day = self._day(day)
        dimension = {"park": TargetDimension.PARK, "industry": TargetDimension.INDUSTRY}.get(by)
        if by != "group" and dimension is None:
            raise Invalid("office.status.bad_dimension", text=by)
        workdays = await self.calendar.calendar()
        campaign = self.rules.campaign
        local = changes.generation(SCORE_TABLES)  # before the transaction: see _version
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            groups = scope.work_group_ids
            key = (
                "targets",
                by,
                day,
                None if groups is None else frozenset(groups),
                await self._version(tx, SCORE_TABLES, local, workdays),
            )
            cached = self.cache.get(key)
            if isinstance(cached, TargetsView):
                return cached
            if dimension is None:
                board = await load_scoreboard(
                    tx, day, work_group_ids=groups, campaign=campaign, workdays=workdays
                )
            else:
                board = await load_dimension_board(
                    tx, day, dimension, work_group_ids=groups, campaign=campaign, workdays=workdays
                )
        lines = [
            ScoreLine(
                name=g.name,
                total=g is board.total,
                target_wan=g.target_wan,
                signed_wan=g.signed_wan,
                landed_wan=g.landed_wan,
                funds_wan=g.funds_wan,
                signed_projects=g.signed_projects,
                completion=g.completion,
                gap=board.gap(g),
            )
            for g in (*board.groups, board.total)
        ]
        view = TargetsView(day=day, by=by, board=board, lines=lines)
        self.cache.put(key, view)
        return view

    async def trend(self, actor: Person, day: dt.date | None = None) -> TrendView:
        """The campaign so far by month: cumulative signed, landed and funds of the reader's scope (the
        scoreboard's rules 1 and 3) against the work groups' targets × the time schedule."""
        day = self._day(day)
        workdays = await self.calendar.calendar()
        campaign = self.rules.campaign
        start = campaign.bounds(day)[0]
        local = changes.generation(SCORE_TABLES)  # before the transaction: see _version
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            groups = scope.work_group_ids
            key = (
                "trend",
                day,
                None if groups is None else frozenset(groups),
                await self._version(tx, SCORE_TABLES, local, workdays),
            )
            cached = self.cache.get(key)
            if isinstance(cached, TrendView):
                return cached
            target = sum((g.target_wan for g in await tx.org.groups() if scope.covers(g.id)), Decimal(0))
            monthly = await tx.miniapp_rows.ledger_by_month(start, day, work_group_ids=scope.work_group_ids)
        sums: dict[tuple[str, LedgerKind], Decimal] = {}
        for month, kind, amount in monthly:
            sums[(month, kind)] = sums.get((month, kind), Decimal(0)) + amount
        view = TrendView(
            day=day, target_wan=target, points=_trend(start, day, sums, target, campaign, workdays)
        )
        self.cache.put(key, view)
        return view

    async def board(
        self,
        actor: Person,
        day: dt.date | None = None,
        *,
        work_group_id: int | None = None,
        park_id: int | None = None,
        industry: str | None = None,
        lead: str | None = None,
        stage: ProjectStage | None = None,
        overdue: bool = False,
        stalled: bool = False,
        offset: int = 0,
    ) -> BoardView:
        """Projects by stage with their light as of `day`, filtered; one page at `offset`."""
        day = self._day(day)
        tz = self.clock.tz
        ends = day_start(day + dt.timedelta(days=1), tz)
        rules = Rules(due_soon_days=self.rules.due_days, stale_days=self.rules.stale_days)
        wanted = BoardFilter(
            work_group_id=work_group_id,
            park_id=park_id,
            industry=(industry or "").strip() or None,
            lead=(lead or "").strip()[:32] or None,
            stage=stage,
            overdue_on=day if overdue else None,
            quiet_since=ends - dt.timedelta(days=self.rules.stale_days) if stalled else None,
        )
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            if work_group_id is not None:
                require_in_scope(scope, work_group_id)
            page = await tx.miniapp_rows.project_board(
                wanted, work_group_ids=scope.work_group_ids, limit=BOARD_PAGE, offset=max(0, offset)
            )
            snapshots = await tx.projects.snapshots(tz, project_ids=[r.project_id for r in page.items])
            parks, industries = await tx.miniapp_rows.board_choices(work_group_ids=scope.work_group_ids)
        lights = {s.id: LIGHT[project_state(_facts(s), day, rules)] for s in snapshots}
        return BoardView(
            day=day,
            total=page.total,
            offset=max(0, offset),
            stages=page.stages,
            items=[
                BoardItem(
                    id=r.project_id,
                    name=r.name,
                    stage=r.stage,
                    work_group=r.work_group,
                    park=r.park,
                    industry=r.industry,
                    lead=r.lead,
                    percent_done=r.percent_done,
                    light=lights.get(r.project_id, Light.GREEN),
                )
                for r in page.items
            ],
            parks=[ParkChoice(id=i, name=n) for i, n in parks],
            industries=industries,
        )

    async def project(self, actor: Person, project_id: int) -> ProjectView:
        """A project's card (as /project shows it), its progress history and its stored photos."""
        card = await self.queries.project_card(actor, project_id, photos=0)  # scope checked here
        async with self.db.read() as tx:
            history = await tx.miniapp_rows.progress_history(project_id, limit=30)
            photos = await tx.miniapp_rows.stored_photos(project_id, limit=6)
        return ProjectView(card=card, history=history, photo_ids=photos)

    async def photo(self, actor: Person, attachment_id: int) -> tuple[str, str | None]:
        """The media-store key and type of a project photo the reader may see (NotFound otherwise)."""
        async with self.db.read() as tx:
            scope = await resolve_scope(tx, actor)
            found = await tx.miniapp_rows.stored_photo(attachment_id)
            if found is None:
                raise NotFound()
            require_in_scope(scope, found[0])
        return found[1], found[2]

    async def supervision(self, actor: Person) -> SupervisionView:
        """The open 督办 orders the reader may read, as they stand now: counted by colour and unit,
        each with its units, escalation level, answer deadline and history. One query: the scope-checked
        SupervisionService.board (core.supervision.board.orders_board), as /supervision shows it."""
        today = self.clock.today()
        workdays = await self.calendar.calendar()
        local = changes.generation(SUPERVISION_TABLES)  # before the transaction: see _version
        async with self.db.read() as tx:  # the board joins this transaction
            scope = await resolve_scope(tx, actor)
            groups = scope.work_group_ids
            key = (
                "supervision",
                today,
                None if groups is None else frozenset(groups),
                await self._version(tx, SUPERVISION_TABLES, local, workdays),
            )
            cached = self.cache.get(key)
            if isinstance(cached, SupervisionView):
                return cached
            orders = (await self.supervision_service.board(actor, SupervisionFilter())).orders
        lights = {light: 0 for light in Light}
        units: dict[str | None, dict[Light, int]] = {}
        for order in orders:
            if order.colour is None:
                continue
            lights[order.colour] += 1
            per = units.setdefault(order.unit, {light: 0 for light in Light})
            per[order.colour] += 1
        ordered = sorted(units.items(), key=lambda kv: (-kv[1][Light.RED], -sum(kv[1].values()), kv[0] or ""))
        view = SupervisionView(
            day=today,
            total=sum(lights.values()),
            lights=lights,
            units=[
                UnitCount(unit=u, red=c[Light.RED], yellow=c[Light.YELLOW], green=c[Light.GREEN])
                for u, c in ordered
            ],
            items=[supervision_item(o) for o in orders if o.colour is not None][:MAX_ISSUES],
        )
        self.cache.put(key, view)
        return view


def _facts(s: ProjectSnapshot) -> ProjectFacts:
    return ProjectFacts(
        milestones=tuple(MilestoneFacts(m.due_date, m.done_on) for m in s.milestones),
        last_progress_on=s.last_progress_on,
        created_on=s.created_on,
        stage=s.stage,
        percent_done=s.percent_done,
    )


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _trend(
    start: dt.date,
    day: dt.date,
    sums: dict[tuple[str, LedgerKind], Decimal],
    target: Decimal,
    campaign: CampaignYear,
    workdays: WorkCalendar,
) -> list[TrendPoint]:
    """Cumulative signed / landed / funds at each month's end of the campaign up to `day`, against
    the target × the time schedule at that point (scoreboard rules 1 and 3)."""
    running = {LedgerKind.SIGNED: Decimal(0), LedgerKind.LANDED: Decimal(0), LedgerKind.FUNDS: Decimal(0)}
    points: list[TrendPoint] = []
    year, month = start.year, start.month
    while (year, month) <= (day.year, day.month):
        key = f"{year:04d}-{month:02d}"
        for kind in running:
            running[kind] += sums.get((key, kind), Decimal(0))
        end = min(_month_end(year, month), day)
        schedule = (target * elapsed_percent(end, campaign, workdays) / 100).quantize(Decimal("0.01"))
        points.append(
            TrendPoint(
                month=key,
                signed_wan=running[LedgerKind.SIGNED],
                landed_wan=running[LedgerKind.LANDED],
                funds_wan=running[LedgerKind.FUNDS],
                schedule_wan=schedule,
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return points
