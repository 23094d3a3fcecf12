from __future__ import annotations

import datetime as dt

import pytest

from core.workdays import WorkCalendar

D = dt.date


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2026, 9, 30), True),  # Wednesday before National Day
        (D(2026, 10, 1), False),  # National Day 10-01 … 10-07
        (D(2026, 10, 5), False),  # a Monday inside the holiday
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday make-up working day (调休)
        (D(2026, 10, 11), False),  # ordinary Sunday
        (D(2026, 9, 20), True),  # Sunday make-up working day
        (D(2026, 9, 25), False),  # Mid-autumn Festival, a Friday
        (D(2026, 11, 28), False),  # ordinary Saturday
        (D(2026, 11, 25), True),
    ],
)
def test_library_2026(cal: WorkCalendar, day: dt.date, workday: bool) -> None:
    assert cal.is_workday(day) is workday
    assert cal.source(day) == "library"


def test_add_workdays_skips_holidays_and_uses_make_up_days(cal: WorkCalendar) -> None:
    assert cal.add_workdays(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Friday +1 → Monday
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)  # over National Day
    assert cal.add_workdays(D(2026, 10, 9), 1) == D(2026, 10, 10)  # Friday +1 → make-up Saturday
    assert cal.add_workdays(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert cal.add_workdays(D(2026, 10, 12), -3) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 10, 3), 0) == D(2026, 10, 3)


def test_workdays_between(cal: WorkCalendar) -> None:
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 12)) == 4  # 10-08, 10-09, 10-10, 10-12
    assert cal.workdays_between(D(2026, 10, 12), D(2026, 9, 30)) == -4
    assert cal.workdays_between(D(2026, 11, 25), D(2026, 11, 25)) == 0
    a = D(2026, 9, 28)
    assert cal.add_workdays(a, cal.workdays_between(a, D(2026, 10, 10))) == D(2026, 10, 10)


def test_next_and_previous_workday(cal: WorkCalendar) -> None:
    assert cal.next_workday(D(2026, 10, 1)) == D(2026, 10, 8)
    assert cal.next_workday(D(2026, 10, 8), include_today=True) == D(2026, 10, 8)
    assert cal.next_workday(D(2026, 10, 8)) == D(2026, 10, 9)
    assert cal.previous_workday(D(2026, 10, 8)) == D(2026, 9, 30)


def test_2027_falls_back_to_weekdays_with_a_warning(cal: WorkCalendar) -> None:
    assert cal.source(D(2027, 2, 8)) == "weekday_fallback"
    assert cal.is_workday(D(2027, 2, 8))  # a Monday
    assert not cal.is_workday(D(2027, 2, 6))  # a Saturday
    assert cal.uncovered_years([D(2026, 12, 31), D(2027, 1, 4), D(2027, 3, 1)]) == {2027}
    assert cal.uncovered_years([D(2026, 12, 31)]) == set()


def test_office_overrides_win() -> None:
    # the office enters 2027 Spring Festival: 02-06 (Sat) make-up workday, 02-08 (Mon) holiday
    cal = WorkCalendar({D(2027, 2, 6): True, D(2027, 2, 8): False, D(2026, 10, 1): True})
    assert cal.is_workday(D(2027, 2, 6))
    assert not cal.is_workday(D(2027, 2, 8))
    assert cal.source(D(2027, 2, 8)) == "override"
    assert cal.source(D(2027, 2, 9)) == "weekday_fallback"
    assert cal.is_workday(D(2026, 10, 1))  # beats the library
    assert cal.source(D(2026, 10, 1)) == "override"
    assert cal.uncovered_years([D(2027, 3, 1)]) == set()  # the office has entered 2027
    assert cal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 6)  # Friday → make-up Saturday
    assert cal.add_workdays(D(2027, 2, 6), 1) == D(2027, 2, 9)  # skips Sunday and the holiday Monday
    assert cal.overrides[D(2027, 2, 8)] is False
