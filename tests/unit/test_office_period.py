"""/digest's period: a day, a month, a range, today so far; a day ahead or gibberish is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import Invalid
from core.office.period import Period, PeriodKind, parse_period
from core.workdays import WorkCalendar

D = dt.date
TODAY = D(2026, 12, 2)  # Wednesday


@pytest.mark.parametrize(
    ("text", "kind", "as_of", "since", "until"),
    [
        ("", PeriodKind.MORNING, TODAY, D(2026, 12, 1), D(2026, 12, 1)),
        ("2026-11-30", PeriodKind.MORNING, D(2026, 11, 30), D(2026, 11, 27), D(2026, 11, 29)),  # a Monday
        ("11月30日", PeriodKind.MORNING, D(2026, 11, 30), D(2026, 11, 27), D(2026, 11, 29)),
        ("11月", PeriodKind.RANGE, D(2026, 11, 30), D(2026, 11, 1), D(2026, 11, 30)),
        ("2026年12月", PeriodKind.RANGE, TODAY, D(2026, 12, 1), TODAY),  # this month: up to today
        ("12月", PeriodKind.RANGE, TODAY, D(2026, 12, 1), TODAY),
        ("11月1日-11月15日", PeriodKind.RANGE, D(2026, 11, 15), D(2026, 11, 1), D(2026, 11, 15)),
        ("2026-11-01 2026-11-15", PeriodKind.RANGE, D(2026, 11, 15), D(2026, 11, 1), D(2026, 11, 15)),
        ("今天", PeriodKind.TODAY, TODAY, TODAY, TODAY),
    ],
)
def test_periods(text: str, kind: PeriodKind, as_of: dt.date, since: dt.date, until: dt.date) -> None:
    assert parse_period(text, TODAY, WorkCalendar()) == Period(
        kind=kind, as_of=as_of, since=since, until=until
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-12-03", "digest.period.future"),
        ("2026-02-30", "digest.period.bad"),
        ("上辈子", "digest.period.bad"),
        ("2026-11-15 2026-11-01", "digest.period.backwards"),
    ],
)
def test_bad_periods_are_refused(text: str, key: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_period(text, TODAY, WorkCalendar())
    assert refused.value.key == key
