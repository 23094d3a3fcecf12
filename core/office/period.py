"""The period a digest covers: which days its activity lists count, and the day whose end its states
(scoreboard, who is out, open milestones and issues) are taken at.

- the morning digest of day D (the job, ``/digest``, ``/digest 2026-11-30``, ``zsbot digest --date D``):
  activity since the previous working day up to D-1 ("since the last digest"), states at the end of D
  (for today: now);
- a range (``/digest 11月``, ``/digest 11月1日-11月15日``, ``zsbot digest --from A --to B``): activity on
  A..B, states at the end of B;
- today so far (``/digest 今天``): activity of today up to now, states now.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.errors import Invalid
from core.workdays import WorkCalendar


class PeriodKind(StrEnum):
    MORNING = "morning"
    RANGE = "range"
    TODAY = "today"


class Period(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    as_of: dt.date  # states at the end of this day
    since: dt.date  # activity from this day …
    until: dt.date  # … to this day, both included

    @classmethod
    def morning(cls, day: dt.date, workdays: WorkCalendar) -> Period:
        return cls(
            kind=PeriodKind.MORNING,
            as_of=day,
            since=workdays.previous_workday(day),
            until=day - dt.timedelta(days=1),
        )

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise Invalid("digest.period.backwards")
        return cls(kind=PeriodKind.RANGE, as_of=end, since=start, until=end)

    @classmethod
    def today_so_far(cls, today: dt.date) -> Period:
        return cls(kind=PeriodKind.TODAY, as_of=today, since=today, until=today)


_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_CN_DAY = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]$")
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_CN_MONTH = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:份)?$")
_RANGE_SEP = re.compile(r"\s*(?:—|–|~|～|至|到|(?<=[日号])-|\s-\s|\s+to\s+|\s+)\s*")
_TODAY = {"今天", "今日", "today", "now"}


def _year_for(month: int, today: dt.date) -> int:
    """A month or day without a year: this year, or last year when it would lie ahead."""
    return today.year if month <= today.month else today.year - 1


def _day(text: str, today: dt.date) -> dt.date | None:
    text = text.strip()
    try:
        if m := _ISO_DAY.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _CN_DAY.match(text):
            month = int(m[2])
            return dt.date(int(m[1]) if m[1] else _year_for(month, today), month, int(m[3]))
    except ValueError:
        return None
    return None


def _month(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    text = text.strip()
    m = _ISO_MONTH.match(text) or _CN_MONTH.match(text)
    if m is None:
        return None
    month = int(m[2])
    if not 1 <= month <= 12:
        return None
    year = int(m[1]) if m[1] else _year_for(month, today)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, 1), min(last, today)


def parse_period(text: str, today: dt.date, workdays: WorkCalendar) -> Period:
    """``/digest`` arguments → a period; nothing: this morning's digest. A day after today: Invalid."""
    text = " ".join(text.split())
    if not text:
        return Period.morning(today, workdays)
    if text.lower() in _TODAY:
        return Period.today_so_far(today)
    period: Period | None = None
    if (day := _day(text, today)) is not None:
        period = Period.morning(day, workdays)
    elif (month := _month(text, today)) is not None:
        period = Period.between(*month)
    else:
        parts = [p for p in _RANGE_SEP.split(text) if p]
        if len(parts) == 2:
            start, end = _day(parts[0], today), _day(parts[1], today)
            if start is not None and end is not None:
                period = Period.between(start, end)
    if period is None:
        raise Invalid("digest.period.bad", text=text)
    if period.as_of > today or period.since > today:
        raise Invalid("digest.period.future")
    return period
