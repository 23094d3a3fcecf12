"""Time comes from an injected clock, so tests and `zsbot jobs run --date` can set "today"."""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol
from zoneinfo import ZoneInfo


def day_start(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    """The first instant of `day` in `tz`."""
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def grace_start(today: dt.date, grace_days: int) -> dt.date:
    """The earliest day still open for what is done late: a trip declared after it began, a late
    daily report (补报). One rule, from the setting ZSBOT_REPORT_GRACE_DAYS."""
    return today - dt.timedelta(days=grace_days)


class Clock(Protocol):
    tz: ZoneInfo

    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...


class SystemClock:
    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.tz)

    def today(self) -> dt.date:
        return self.now().date()


class FixedClock:
    """A clock that stands still until moved (tests, and jobs run "as of" a date)."""

    def __init__(self, at: dt.datetime, tz: ZoneInfo | None = None) -> None:
        self.tz = tz or (at.tzinfo if isinstance(at.tzinfo, ZoneInfo) else ZoneInfo("Asia/Shanghai"))
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tz)

    def now(self) -> dt.datetime:
        return self._at.astimezone(self.tz)

    def today(self) -> dt.date:
        return self.now().date()

    def set(self, at: dt.datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=self.tz)

    def advance(self, delta: dt.timedelta) -> None:
        self._at += delta


class TickingClock(FixedClock):
    """Starts at a given moment and then runs at real speed (end-to-end tests, the sandbox).

    `set()` and `advance()` move it like a FixedClock; it keeps ticking from there.
    """

    def __init__(self, at: dt.datetime, tz: ZoneInfo | None = None) -> None:
        super().__init__(at, tz)
        self._started = time.monotonic()

    def now(self) -> dt.datetime:
        elapsed = dt.timedelta(seconds=time.monotonic() - self._started)
        return (self._at + elapsed).astimezone(self.tz)

    def set(self, at: dt.datetime) -> None:
        super().set(at)
        self._started = time.monotonic()
