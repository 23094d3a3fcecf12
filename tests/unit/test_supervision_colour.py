"""The one colour rule of a 督办 (core/supervision/colour.py), with working days from the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from core.project_state import Light
from core.supervision.colour import OrderFacts, order_colour
from core.supervision.rules import SupervisionRules
from core.workdays import WorkCalendar
from db.enums import IssueStatus

D = dt.date
RULES = SupervisionRules(due_soon_days=1)
CAL = WorkCalendar()
DUE = D(2026, 11, 18)  # Wednesday


def colour(today: dt.date, **facts: object) -> Light | None:
    base: dict[str, object] = {"status": IssueStatus.ASSIGNED, "answer_due": DUE, "answered": False}
    return order_colour(OrderFacts(**{**base, **facts}), today, CAL, RULES)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "light"),
    [
        (D(2026, 11, 13), Light.GREEN),  # 3 working days left
        (D(2026, 11, 16), Light.GREEN),  # 2 left
        (D(2026, 11, 17), Light.YELLOW),  # due within 1 working day
        (D(2026, 11, 18), Light.YELLOW),  # due today
        (D(2026, 11, 19), Light.RED),  # unanswered after the deadline
    ],
)
def test_unanswered_order_by_deadline(today: dt.date, light: Light) -> None:
    assert colour(today) == light


def test_due_soon_counts_working_days_not_calendar_days() -> None:
    # Friday before a Monday deadline: one working day away, the weekend does not count
    assert colour(D(2026, 11, 13), answer_due=D(2026, 11, 16)) == Light.YELLOW
    # the National Day week: on Sep 30 a deadline of Oct 9 is 2 working days away (Oct 8, 9)
    assert colour(D(2026, 9, 30), answer_due=D(2026, 10, 9)) == Light.GREEN
    assert colour(D(2026, 10, 8), answer_due=D(2026, 10, 9)) == Light.YELLOW


def test_answered_is_green_unless_escalated_or_its_milestone_is_overdue() -> None:
    late = D(2026, 11, 25)
    assert colour(late, answered=True, status=IssueStatus.ANSWERED) == Light.GREEN
    assert colour(late, answered=True, status=IssueStatus.ANSWERED, escalation_level=1) == Light.YELLOW
    assert colour(late, status=IssueStatus.CLOSING, answered=True) == Light.GREEN
    overdue_milestone = {"milestone_due": D(2026, 11, 9), "answered": True, "status": IssueStatus.ANSWERED}
    assert colour(D(2026, 11, 13), **overdue_milestone) == Light.RED
    assert colour(D(2026, 11, 13), **overdue_milestone, milestone_done=D(2026, 11, 12)) == Light.GREEN


def test_first_escalation_is_yellow_before_the_answer_is_overdue_and_closed_has_no_colour() -> None:
    assert colour(D(2026, 11, 13), escalation_level=1) == Light.YELLOW
    assert colour(D(2026, 11, 25), status=IssueStatus.CLOSED, answered=True) is None


def test_without_a_deadline_yet_the_answer_window_counts_from_the_raised_day() -> None:
    raised = {"answer_due": None, "raised_on": D(2026, 11, 13)}  # due Wed 11-18 by the 3-day window
    assert colour(D(2026, 11, 16), **raised) == Light.GREEN
    assert colour(D(2026, 11, 19), **raised) == Light.RED
