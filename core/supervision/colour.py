"""The colour of a 督办, by rule, in one place (the legend shows the same rule wherever colours appear):

- 🔴 red: the answer is overdue (unanswered after its deadline) or the order's milestone is overdue;
- 🟡 yellow: the answer is due within ``due_soon_days`` working days, or the order was escalated;
- 🟢 green: on time.

A closed (confirmed) 督办 has no colour. An answered one is no longer "answer overdue"; one waiting
for the raiser's confirmation of its closing note counts as answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from core.project_state import Light
from core.supervision.rules import SupervisionRules
from core.workdays import WorkCalendar
from db.enums import IssueStatus

LEGEND: tuple[Light, ...] = (Light.GREEN, Light.YELLOW, Light.RED)  # the legend's order


@dataclass(frozen=True)
class OrderFacts:
    status: IssueStatus
    answer_due: dt.date | None
    answered: bool
    escalation_level: int = 0
    milestone_due: dt.date | None = None  # the order's milestone, while it is not done
    milestone_done: dt.date | None = None
    raised_on: dt.date | None = None  # without a deadline yet: due ``answer_days`` working days after this


def due_date(facts: OrderFacts, calendar: WorkCalendar, rules: SupervisionRules) -> dt.date | None:
    """The answer deadline; one raised without a deadline (before the sweep gave it one) is due
    ``answer_days`` working days after it was raised, as the sweep will set it."""
    if facts.answer_due is not None or facts.raised_on is None:
        return facts.answer_due
    return calendar.add_workdays(facts.raised_on, rules.answer_days)


def answer_overdue(facts: OrderFacts, today: dt.date) -> bool:
    return (
        facts.status not in (IssueStatus.CLOSED, IssueStatus.CLOSING)
        and not facts.answered
        and facts.answer_due is not None
        and today > facts.answer_due
    )


def milestone_overdue(facts: OrderFacts, today: dt.date) -> bool:
    return facts.milestone_due is not None and facts.milestone_done is None and today > facts.milestone_due


def order_colour(
    facts: OrderFacts, today: dt.date, calendar: WorkCalendar, rules: SupervisionRules
) -> Light | None:
    """The one colour rule (see the module's docstring); None once closed."""
    if facts.status == IssueStatus.CLOSED:
        return None
    facts = replace(facts, answer_due=due_date(facts, calendar, rules))
    if answer_overdue(facts, today) or milestone_overdue(facts, today):
        return Light.RED
    if facts.escalation_level >= 1:
        return Light.YELLOW
    waiting = not facts.answered and facts.status != IssueStatus.CLOSING
    if (
        waiting
        and facts.answer_due is not None
        and calendar.workdays_between(today, facts.answer_due) <= rules.due_soon_days
    ):
        return Light.YELLOW
    return Light.GREEN
