"""The one trip status: trips ending yesterday, today and tomorrow, an early return, drafts and cancels."""

from __future__ import annotations

import datetime as dt

import pytest

from core.trips.status import TripPhase, out_on, trip_phase
from db.enums import TripStatus

TODAY = dt.date(2026, 12, 2)
DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("end", "phase", "out"),
    [
        (TODAY - DAY, TripPhase.ENDED, False),
        (TODAY, TripPhase.ONGOING, True),
        (TODAY + DAY, TripPhase.ONGOING, True),
    ],
)
def test_a_planned_trip_by_its_last_day(end: dt.date, phase: TripPhase, out: bool) -> None:
    start = TODAY - 3 * DAY
    assert trip_phase(TripStatus.PLANNED, start, end, TODAY) == phase
    assert out_on(TripStatus.PLANNED, start, end, TODAY) is out


def test_upcoming_returned_and_the_rest() -> None:
    assert trip_phase("planned", TODAY + DAY, TODAY + 2 * DAY, TODAY) == TripPhase.UPCOMING
    assert not out_on("planned", TODAY + DAY, TODAY + 2 * DAY, TODAY)
    early = (TripStatus.RETURNED, TODAY - DAY, TODAY + 2 * DAY)
    assert trip_phase(*early, TODAY, returned_on=TODAY) == TripPhase.RETURNED
    assert out_on(*early, TODAY, returned_on=TODAY)  # came back today: out today
    assert not out_on(*early, TODAY + DAY, returned_on=TODAY)  # the freed day
    assert trip_phase("draft", TODAY, TODAY, TODAY) == TripPhase.DRAFT
    assert trip_phase("cancelled", TODAY, TODAY, TODAY) == TripPhase.CANCELLED
    assert not out_on("cancelled", TODAY, TODAY, TODAY)
