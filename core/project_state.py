"""Project and milestone state, derived — never stored — so reminders, digests and exports agree.

milestone: done | overdue | due_soon | on_track
project:   done | overdue | stalled | due_soon | on_track   (first that applies, in this order)
           done only when the project is finished by its own data (``is_complete``): every milestone
           done AND the project producing or reported 100% — never from one milestone alone
light:     red (overdue) | yellow (stalled, due_soon) | green (on_track, done)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from db.enums import ProjectStage


class State(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    STALLED = "stalled"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


LIGHT = {
    State.OVERDUE: Light.RED,
    State.STALLED: Light.YELLOW,
    State.DUE_SOON: Light.YELLOW,
    State.ON_TRACK: Light.GREEN,
    State.DONE: Light.GREEN,
}


@dataclass(frozen=True)
class Rules:
    due_soon_days: int = 7
    stale_days: int = 7


@dataclass(frozen=True)
class MilestoneFacts:
    due_date: dt.date
    done_on: dt.date | None


@dataclass(frozen=True)
class ProjectFacts:
    milestones: tuple[MilestoneFacts, ...]
    last_progress_on: dt.date | None  # the last day a progress update arrived
    created_on: dt.date
    stage: ProjectStage | None  # the project's stage now
    percent_done: int | None  # the last % done reported


def milestone_state(m: MilestoneFacts, today: dt.date, rules: Rules = Rules()) -> State:
    if m.done_on is not None:
        return State.DONE
    if m.due_date < today:
        return State.OVERDUE
    if (m.due_date - today).days <= rules.due_soon_days:
        return State.DUE_SOON
    return State.ON_TRACK


def days_overdue(m: MilestoneFacts, today: dt.date) -> int:
    return 0 if m.done_on is not None else max(0, (today - m.due_date).days)


def is_stalled(p: ProjectFacts, today: dt.date, rules: Rules = Rules()) -> bool:
    since = p.last_progress_on or p.created_on
    return (today - since).days >= rules.stale_days


def is_complete(p: ProjectFacts) -> bool:
    """Finished by the project's own data: it has milestones, every one is done, and the project is
    producing (投产) or reported 100% done. One done milestone of several, or every milestone done at
    60%, is not finished."""
    if not p.milestones or any(m.done_on is None for m in p.milestones):
        return False
    return p.stage == ProjectStage.PRODUCING or (p.percent_done is not None and p.percent_done >= 100)


def project_state(p: ProjectFacts, today: dt.date, rules: Rules = Rules()) -> State:
    """The one project state: every view (/project, /myprojects, digest, export, reminders) uses it."""
    if is_complete(p):
        return State.DONE
    states = [milestone_state(m, today, rules) for m in p.milestones]
    if State.OVERDUE in states:
        return State.OVERDUE
    if is_stalled(p, today, rules):
        return State.STALLED
    if State.DUE_SOON in states:
        return State.DUE_SOON
    return State.ON_TRACK


def next_open(milestones: Iterable[MilestoneFacts]) -> MilestoneFacts | None:
    open_ones = [m for m in milestones if m.done_on is None]
    return min(open_ones, key=lambda m: m.due_date) if open_ones else None
