"""Working days: the office's own entries, then the Chinese holiday calendar, then Mon–Fri.

``chinese_calendar`` knows the official holidays and the make-up working weekends (调休) for the
years it ships data for (2004–2026 in 1.11) and raises ``NotImplementedError`` for any other year.
The office can enter a year's holidays and make-up days itself (``overrides``, True = workday);
they win over the library. Outside both, Monday–Friday are working days and
:meth:`WorkCalendar.uncovered_years` lets the digest warn about it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Literal

import chinese_calendar

Source = Literal["override", "library", "weekday_fallback"]

_ONE_DAY = dt.timedelta(days=1)
_MAX_SCAN_DAYS = 366 * 3  # a safety net: no real calendar has years without a working day


@functools.lru_cache(maxsize=4096)
def _library_is_workday(day: dt.date) -> bool | None:
    """The library's answer, or None when it has no data for that year."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@functools.lru_cache(maxsize=64)
def _library_covers(year: int) -> bool:
    return _library_is_workday(dt.date(year, 6, 1)) is not None


class WorkCalendar:
    def __init__(self, overrides: Mapping[dt.date, bool] | None = None) -> None:
        self._overrides: dict[dt.date, bool] = dict(overrides or {})
        self._override_years = frozenset(day.year for day in self._overrides)

    @property
    def overrides(self) -> Mapping[dt.date, bool]:
        return dict(self._overrides)

    def source(self, day: dt.date) -> Source:
        if day in self._overrides:
            return "override"
        if _library_is_workday(day) is not None:
            return "library"
        return "weekday_fallback"

    def is_workday(self, day: dt.date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override
        library = _library_is_workday(day)
        if library is not None:
            return library
        return day.weekday() < 5

    def uncovered_years(self, days: Iterable[dt.date]) -> set[int]:
        """Years among ``days`` that neither the library nor any office entry covers
        (working days there are plain Mon–Fri: worth a warning in the digest)."""
        years = {day.year for day in days}
        return {year for year in years if year not in self._override_years and not _library_covers(year)}

    def next_workday(self, day: dt.date, include_today: bool = False) -> dt.date:
        """The first working day after ``day`` (or ``day`` itself if ``include_today`` and it is one)."""
        current = day if include_today else day + _ONE_DAY
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_workday(current):
                return current
            current += _ONE_DAY
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days after {day}")

    def previous_workday(self, day: dt.date, include_today: bool = False) -> dt.date:
        current = day if include_today else day - _ONE_DAY
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_workday(current):
                return current
            current -= _ONE_DAY
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days before {day}")

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """``n`` working days after ``day`` (before it when negative); ``n == 0`` gives ``day``.
        +1 after a Friday is the next Monday unless a make-up Saturday (调休) comes first."""
        current = day
        for _ in range(abs(n)):
            current = self.next_workday(current) if n > 0 else self.previous_workday(current)
        return current

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days in the half-open interval (a, b]; negative when ``b`` is before ``a``.
        So ``add_workdays(a, workdays_between(a, b))`` lands on ``b`` whenever ``b`` is a workday."""
        if b < a:
            return -self.workdays_between(b, a)
        count = 0
        current = a + _ONE_DAY
        while current <= b:
            count += self.is_workday(current)
            current += _ONE_DAY
        return count
