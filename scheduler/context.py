"""What a scheduled job gets: the typed services (`ctx.services.digest`), and shortcuts to the database,
the clock, the outbox, the calendar and the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from core.calendar import CalendarService
from core.clock import Clock
from core.delivery.outbox import Outbox
from core.services import Services
from db.database import Database


class JobSettings(Protocol):
    """The part of the bot's Settings that jobs read (kept structural: scheduler does not import bot)."""

    @property
    def milestone_offsets(self) -> list[int]: ...
    @property
    def progress_stale_days(self) -> int: ...
    @property
    def report_grace_days(self) -> int: ...
    @property
    def ranking_weekday(self) -> str: ...

    @property
    def tz(self) -> ZoneInfo: ...

    @property
    def catch_up_days(self) -> int: ...
    @property
    def job_retry_attempts(self) -> int: ...
    @property
    def job_retry_base_seconds(self) -> float: ...

    def time_of(self, name: str) -> dt.time: ...


@dataclass(frozen=True)
class JobContext:
    services: Services[JobSettings]
    late: bool = False  # this run catches up an occurrence missed while the bot was down

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def outbox(self) -> Outbox:
        return self.services.outbox

    @property
    def calendar(self) -> CalendarService:
        return self.services.calendar

    @property
    def settings(self) -> JobSettings:
        return self.services.settings
