"""Date results (spans of days, mentions in a text), calendar arithmetic, and the raw mention
that every date rule produces before the year or month is chosen."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    """An inclusive range of days (a single day has ``start == end``)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")

    @property
    def latest(self) -> dt.date:
        return self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def day(cls, day: dt.date) -> DateSpan:
        return cls(day, day)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text; offsets index the text as given (width-normalised)."""

    text: str
    start: int
    end: int
    span: DateSpan


# ---------------------------------------------------------------------------------------------
# calendar arithmetic
# ---------------------------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_span(year: int, month: int, part: str | None = None) -> DateSpan:
    last = _last_day(year, month)
    first_day, last_day = {
        "上旬": (1, 10),
        "初": (1, 10),
        "中旬": (11, 20),
        "中": (11, 20),
        "下旬": (21, last),
        "底": (21, last),
        "末": (21, last),
    }.get(part or "", (1, last))
    return DateSpan(dt.date(year, month, first_day), dt.date(year, month, last_day))


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def with_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# raw mentions: how to compute a span for a given reference day, and how to pick the reference
# ---------------------------------------------------------------------------------------------

Kind = Literal["fixed", "yearless", "day", "weekday"]
Builder = Callable[[dt.date], DateSpan | None]


@dataclass(frozen=True)
class RawDate:
    start: int
    end: int
    kind: Kind
    build: Builder
