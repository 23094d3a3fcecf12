"""The daily digest's sections: what each list holds, and how rows become sections.

Sections are pydantic models: the outbox payload of a digest is its ``model_dump(mode="json")``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from core.office.scoreboard import CampaignYear
from core.parsing.geo import km_from_city
from core.parsing.places import Place
from core.project_state import Light
from core.supervision.colour import OrderFacts, order_colour
from core.supervision.rules import SupervisionRules
from core.trips.status import TripPhase, last_out_day, out_on, returned_day, trip_phase
from core.workdays import WorkCalendar
from db.enums import IssueStatus, MilestoneKind, ProjectStage
from db.queries.deadline_rows import MilestoneRow
from db.queries.digest_rows import CadreOut, IssueRow, MissingReport, PinnedReport, StalledRow
from db.queries.rows import Page


@dataclass(frozen=True)
class DigestRules:
    max_items: int = 30  # per list; the count is always complete
    campaign: CampaignYear = field(default_factory=CampaignYear)  # the year and the time schedule's basis
    due_days: int = 7  # "milestones due in the next N days"
    supervision: SupervisionRules = field(default_factory=SupervisionRules)
    health_days: int = 7  # dead letters of the last N days
    stale_days: int = 7  # a project without progress for N days is stalled
    mismatch_km: float = 100.0  # a report's pin this far from the itinerary city of its day is listed


class PayloadModel(BaseModel):
    """A frozen part of an outbox payload; built from a query row by its attribute names."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class OutItem(PayloadModel):
    name: str
    work_group: str | None
    companions: list[str]
    province: str | None
    city: str | None
    place: str | None
    until: dt.date | None  # the last day out: the itinerary's end, or the day of an early return
    returned_on: dt.date | None = None  # closed (/back) on the digest's day: out that day, back by night
    last_report: dt.date | None


class MissingItem(PayloadModel):
    name: str
    work_group: str | None
    days: list[dt.date]


class LeadItem(PayloadModel):
    name: str
    investor: str | None
    work_group: str | None
    found_by: str | None


class ProgressItem(PayloadModel):
    project: str
    author: str | None
    stage: ProjectStage | None
    percent_done: int | None
    funds_arrived_wan: Decimal | None
    has_problems: bool


class MilestoneItem(PayloadModel):
    project: str
    kind: MilestoneKind
    name: str
    due_date: dt.date
    unit: str | None
    lead: str | None
    days_overdue: int


class UnitOverdue(PayloadModel):
    unit: str | None
    count: int
    items: list[MilestoneItem]


class IssueItem(PayloadModel):
    number: int
    year: int
    project: str | None
    description: str
    status: IssueStatus
    age_days: int
    light: Light
    unit: str | None
    answer_due: dt.date | None = None
    escalation_level: int = 0  # 1: the group leader was told; 2: the office and the liaison leader too


class OutSection(PayloadModel):
    total: int
    items: list[OutItem]


class MissingSection(PayloadModel):
    total: int  # missing person-days
    people: int  # listed people (within the limit)
    items: list[MissingItem]


class LeadSection(PayloadModel):
    total: int
    items: list[LeadItem]


class ProgressSection(PayloadModel):
    total: int
    items: list[ProgressItem]


class DueSection(PayloadModel):
    total: int
    items: list[MilestoneItem]


class OverdueSection(PayloadModel):
    total: int
    shown: int
    units: list[UnitOverdue]


class IssueSection(PayloadModel):
    total: int
    items: list[IssueItem]


class StalledItem(PayloadModel):
    project: str
    lead: str | None
    unit: str | None
    work_group: str | None
    quiet_days: int
    last_progress: dt.date | None  # the last report, or (never reported) the day the project was entered
    never_reported: bool = False


class StalledSection(PayloadModel):
    total: int
    items: list[StalledItem]


def stalled_section(page: Page[StalledRow], day: dt.date, tz: dt.tzinfo) -> StalledSection:
    """Projects without progress for N days, with the lead and unit responsible (seed: 启动问责)."""
    items = []
    for row in page.items:
        last = row.quiet_since.astimezone(tz).date() if row.quiet_since else None
        items.append(
            StalledItem(
                project=row.project,
                lead=row.lead,
                unit=row.unit,
                work_group=row.work_group,
                quiet_days=max(0, (day - last).days) if last else 0,
                last_progress=last,
                never_reported=not row.reported,
            )
        )
    return StalledSection(total=page.total, items=items)


class MismatchItem(PayloadModel):
    """A report whose shared location is far from the itinerary city of its day."""

    name: str
    work_group: str | None
    day: dt.date
    place: str | None  # the location as a place name (never coordinates)
    city: str | None  # the itinerary's city
    km: int


class MismatchSection(PayloadModel):
    total: int = 0
    items: list[MismatchItem] = []


def mismatch_section(rows: Sequence[PinnedReport], max_km: float, limit: int) -> MismatchSection:
    """The reports of the window whose location is more than ``max_km`` from the day's city."""
    items: list[MismatchItem] = []
    for row in rows:
        km = km_from_city(row.latitude, row.longitude, row.province, row.city)
        if km is None or km <= max_km:
            continue
        city = Place(row.province, row.city, None).label if (row.province or row.city) else None
        items.append(
            MismatchItem(
                name=row.name,
                work_group=row.work_group,
                day=row.day,
                place=row.location_text,
                city=city,
                km=int(km),
            )
        )
    return MismatchSection(total=len(items), items=items[:limit])


class Health(PayloadModel):
    days: int
    dead_letters: int
    unreachable_people: int
    unreachable_chats: int


def milestone_item(row: MilestoneRow, day: dt.date) -> MilestoneItem:
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
        units[-1].items.append(milestone_item(row, day))
    return OverdueSection(total=page.total, shown=len(page.items), units=units)


def out_section(page: Page[CadreOut], day: dt.date, tz: dt.tzinfo) -> OutSection:
    """Who is out on ``day`` by the one trip status rule (core.trips.status), as /travelling, /person,
    /mytrips and the export show it: a trip closed early on ``day`` is out that day, back by night."""
    items = []
    for o in page.items:
        back = returned_day(o.status, o.returned_at, tz)
        if not out_on(o.status, o.start, o.until, day, back):
            continue  # the query selects by the same rule; a row it does not cover is never listed
        phase = trip_phase(o.status, o.start, o.until, day, back)
        items.append(
            OutItem(
                name=o.name,
                work_group=o.work_group,
                companions=list(o.companions),
                province=o.province,
                city=o.city,
                place=o.place,
                until=last_out_day(o.status, o.until, back),
                returned_on=back if back == day and phase == TripPhase.RETURNED else None,
                last_report=o.last_report,
            )
        )
    return OutSection(total=page.total - (len(page.items) - len(items)), items=items)


def missing_by_person(page: Page[MissingReport]) -> MissingSection:
    people: dict[int, MissingItem] = {}
    for row in page.items:
        item = people.get(row.person_id)
        if item is None:
            people[row.person_id] = MissingItem(name=row.name, work_group=row.work_group, days=[row.day])
        else:
            item.days.append(row.day)
    return MissingSection(total=page.total, people=len(people), items=list(people.values()))


def issue_section(
    page: Page[IssueRow], day: dt.date, rules: DigestRules, tz: dt.tzinfo, calendar: WorkCalendar
) -> IssueSection:
    """The 督办 section: open issues and orders with their age in days (from the local day they were
    raised), their colour by the one rule (core.supervision.colour) and their escalation."""
    items = []
    for row in page.items:
        raised = row.created_at.astimezone(tz).date()
        age = max(0, (day - raised).days)
        facts = OrderFacts(
            status=row.status,
            answer_due=row.answer_due,
            answered=row.answered_at is not None and row.answered_at.astimezone(tz).date() <= day,
            escalation_level=row.escalation_level,
            milestone_due=row.milestone_due,
            milestone_done=row.milestone_done if row.milestone_done and row.milestone_done <= day else None,
            raised_on=raised,
        )
        items.append(
            IssueItem(
                number=row.number,
                year=raised.year,
                project=row.project,
                description=row.description,
                status=row.status,
                age_days=age,
                light=order_colour(facts, day, calendar, rules.supervision) or Light.GREEN,
                unit=row.unit,
                answer_due=row.answer_due,
                escalation_level=row.escalation_level,
            )
        )
    return IssueSection(total=page.total, items=items)
