"""The 通报's supervision table: per unit, the 督办 opened, answered and closed in the week (closed on
time: never escalated, answered by its deadline), and those overdue at the notice day. Counted from the issue events,
so the table and the history agree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from core.project_state import Light
from core.supervision.board import orders_board
from core.supervision.rules import SupervisionRules
from core.workdays import WorkCalendar
from db.tx import Tx


class UnitSupervision(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: str | None  # None: not assigned to a unit yet
    opened: int = 0
    answered: int = 0
    closed: int = 0
    closed_on_time: int = 0
    overdue: int = 0  # open and red at the notice day (answer or milestone overdue)


def on_time(
    answered_at: dt.datetime | None,
    closed_at: dt.datetime | None,
    due: dt.date | None,
    escalation_level: int,
    tz: ZoneInfo,
) -> bool:
    """Closed on time: never escalated, and its answer (or, never answered, its closing) came by the
    answer deadline."""
    when = answered_at or closed_at
    in_time = due is None or (when is not None and when.astimezone(tz).date() <= due)
    return escalation_level == 0 and in_time


async def supervision_table(
    tx: Tx,
    *,
    start: dt.datetime,
    end: dt.datetime,
    day: dt.date,
    calendar: WorkCalendar,
    rules: SupervisionRules,
    tz: ZoneInfo,
) -> list[UnitSupervision]:
    counts: dict[str | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    confirmed: list[tuple[int, str | None]] = []
    for event, unit in await tx.supervision.events_between(start, end):
        if event.action == "raised":
            counts[unit]["opened"] += 1
        elif event.action == "answered":
            counts[unit]["answered"] += 1
        elif event.action == "confirmed":
            counts[unit]["closed"] += 1
            confirmed.append((event.issue_id, unit))
    if confirmed:
        rows = {
            r.issue.id: r
            for r in await tx.supervision.orders(open_only=False, issue_ids={i for i, _ in confirmed})
        }
        for issue_id, unit in confirmed:
            issue = rows[issue_id].issue
            if on_time(issue.answered_at, issue.closed_at, issue.answer_due, issue.escalation_level, tz):
                counts[unit]["closed_on_time"] += 1
    for view in await orders_board(tx, today=day, calendar=calendar, rules=rules, tz=tz, with_history=False):
        if view.colour == Light.RED:
            counts[view.unit]["overdue"] += 1
    table = [UnitSupervision(unit=unit, **values) for unit, values in counts.items()]
    return sorted(table, key=lambda u: (-u.overdue, u.unit is None, u.unit or ""))
