from __future__ import annotations

import datetime as dt

import pytest

from core.project_state import (
    LIGHT,
    Light,
    MilestoneFacts,
    ProjectFacts,
    Rules,
    State,
    days_overdue,
    is_complete,
    milestone_state,
    next_open,
    project_state,
)
from db.enums import ProjectStage

STARTED, PRODUCING = ProjectStage.STARTED, ProjectStage.PRODUCING

TODAY = dt.date(2026, 4, 15)


@pytest.mark.parametrize(
    ("due", "done", "state"),
    [
        (dt.date(2026, 4, 14), None, State.OVERDUE),
        (dt.date(2026, 4, 15), None, State.DUE_SOON),
        (dt.date(2026, 4, 22), None, State.DUE_SOON),
        (dt.date(2026, 4, 23), None, State.ON_TRACK),
        (dt.date(2026, 4, 1), dt.date(2026, 4, 2), State.DONE),
    ],
)
def test_milestone_state(due: dt.date, done: dt.date | None, state: State) -> None:
    assert milestone_state(MilestoneFacts(due, done), TODAY) == state


def test_project_state_precedence() -> None:
    overdue = MilestoneFacts(dt.date(2026, 4, 10), None)
    soon = MilestoneFacts(dt.date(2026, 4, 20), None)
    later = MilestoneFacts(dt.date(2026, 6, 1), None)
    done = MilestoneFacts(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    fresh = dt.date(2026, 4, 14)
    assert (
        project_state(ProjectFacts((done, overdue, soon), fresh, fresh, STARTED, 60), TODAY) == State.OVERDUE
    )
    assert (
        project_state(ProjectFacts((soon,), None, dt.date(2026, 1, 1), STARTED, None), TODAY) == State.STALLED
    )
    assert project_state(ProjectFacts((soon, later), fresh, fresh, STARTED, None), TODAY) == State.DUE_SOON
    assert project_state(ProjectFacts((later,), fresh, fresh, STARTED, None), TODAY) == State.ON_TRACK
    assert (
        project_state(ProjectFacts((done,), None, dt.date(2026, 1, 1), PRODUCING, None), TODAY) == State.DONE
    )
    assert (
        project_state(
            ProjectFacts((later,), None, dt.date(2026, 4, 10), STARTED, None), TODAY, Rules(stale_days=3)
        )
        == State.STALLED
    )
    assert LIGHT[State.OVERDUE] == Light.RED and LIGHT[State.STALLED] == Light.YELLOW
    assert days_overdue(overdue, TODAY) == 5 and days_overdue(done, TODAY) == 0
    assert next_open((later, done, soon)) == soon


def test_done_only_when_the_project_is_finished_by_its_own_data() -> None:
    done = MilestoneFacts(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    later = MilestoneFacts(dt.date(2026, 6, 1), None)
    fresh = dt.date(2026, 4, 14)
    # one milestone done, the project at 60%: not done (on track by its milestones)
    assert project_state(ProjectFacts((done,), fresh, fresh, STARTED, 60), TODAY) == State.ON_TRACK
    assert project_state(ProjectFacts((done, later), fresh, fresh, PRODUCING, 100), TODAY) == State.ON_TRACK
    assert not is_complete(ProjectFacts((), fresh, fresh, PRODUCING, 100))
    # every milestone done and producing, or reported 100%: done
    assert project_state(ProjectFacts((done,), fresh, fresh, PRODUCING, 60), TODAY) == State.DONE
    assert project_state(ProjectFacts((done,), None, dt.date(2026, 1, 1), STARTED, 100), TODAY) == State.DONE
