"""The 督办 board: orders by colour and unit, each with its full history.

:func:`orders_board` is the one query behind /issues, /supervision, the digest's 督办 section, the
export sheet and (issue 16) the Mini App: scope, unit and colour filters, the colour by the one rule
(core.supervision.colour) and every event of each order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from core.project_state import Light
from core.supervision.colour import OrderFacts, order_colour
from core.supervision.rules import SupervisionRules
from core.vocabulary import issue_code
from core.workdays import WorkCalendar
from db.enums import IssueSource, IssueStatus
from db.queries.supervision import OrderRow
from db.tx import Tx


@dataclass(frozen=True)
class OrderEvent:
    action: str  # raised, ordered, assigned, transferred, answered, escalated, closing, confirmed, reopened
    actor: str | None
    text: str | None
    at: dt.datetime


@dataclass(frozen=True)
class OrderView:
    id: int
    code: str
    source: IssueSource
    project_id: int | None
    project: str | None
    work_group_id: int | None
    work_group: str | None
    unit_id: int | None
    unit: str | None
    description: str
    status: IssueStatus
    raised_by_id: int | None
    raised_by: str | None
    raised_on: dt.date
    age_days: int
    answer_due: dt.date | None
    answer: str | None
    closing_note: str | None
    escalation_level: int
    colour: Light | None  # None once closed
    history: list[OrderEvent] = field(default_factory=list)

    @property
    def light(self) -> Light | None:  # the name the coordination views used
        return self.colour


def facts_of(row: OrderRow, tz: ZoneInfo) -> OrderFacts:
    issue = row.issue
    return OrderFacts(
        status=issue.status,
        answer_due=issue.answer_due,
        answered=issue.answered_at is not None,
        escalation_level=issue.escalation_level,
        milestone_due=row.milestone_due,
        milestone_done=row.milestone_done,
        raised_on=issue.created_at.astimezone(tz).date(),
    )


def order_view(
    row: OrderRow,
    today: dt.date,
    calendar: WorkCalendar,
    rules: SupervisionRules,
    tz: ZoneInfo,
    history: list[OrderEvent] | None = None,
) -> OrderView:
    issue, project = row.issue, row.project
    raised_on = issue.created_at.astimezone(tz).date()
    return OrderView(
        id=issue.id,
        code=issue_code(issue.number, raised_on.year),
        source=issue.source,
        project_id=project.id if project else None,
        project=project.name if project else None,
        work_group_id=project.work_group_id if project else None,
        work_group=row.work_group,
        unit_id=issue.assigned_unit_id,
        unit=row.unit,
        description=issue.description,
        status=issue.status,
        raised_by_id=issue.raised_by_id,
        raised_by=row.raised_by,
        raised_on=raised_on,
        age_days=max(0, (today - raised_on).days),
        answer_due=issue.answer_due,
        answer=issue.answer,
        closing_note=issue.closing_note,
        escalation_level=issue.escalation_level,
        colour=order_colour(facts_of(row, tz), today, calendar, rules),
        history=history or [],
    )


_RANK = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2, None: 3}


async def orders_board(
    tx: Tx,
    *,
    today: dt.date,
    calendar: WorkCalendar,
    rules: SupervisionRules,
    tz: ZoneInfo,
    work_group_ids: Collection[int] | None = None,
    unit_id: int | None = None,
    colour: Light | None = None,
    open_only: bool = True,
    with_history: bool = True,
    issue_ids: Collection[int] | None = None,
    lean: bool = False,
) -> list[OrderView]:
    """Orders in scope (``work_group_ids`` None: the whole campaign), of one unit and/or one colour,
    red first, then yellow, green, closed; oldest first within a colour; each with its history.
    ``lean``: the projects' milestones are not loaded (for a transaction that ends with the board)."""
    rows = await tx.supervision.orders(
        open_only=open_only, work_group_ids=work_group_ids, unit_id=unit_id, issue_ids=issue_ids, lean=lean
    )
    histories: dict[int, list[OrderEvent]] = defaultdict(list)
    if with_history:
        for event in await tx.supervision.events([r.issue.id for r in rows]):
            histories[event.issue_id].append(OrderEvent(event.action, event.actor, event.text, event.at))
    views = [order_view(r, today, calendar, rules, tz, histories.get(r.issue.id)) for r in rows]
    if colour is not None:
        views = [v for v in views if v.colour == colour]
    return sorted(views, key=lambda v: (_RANK[v.colour], v.raised_on, v.id))


def by_unit(views: list[OrderView]) -> dict[str | None, list[OrderView]]:
    """The board grouped by unit (None: not assigned yet), units in the order they first appear."""
    grouped: dict[str | None, list[OrderView]] = {}
    for view in views:
        grouped.setdefault(view.unit, []).append(view)
    return grouped
