"""What a scheduled job gets: the database, the clock, the outbox, the calendar, the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from core.calendar import CalendarService
from core.clock import Clock
from core.outbox import Outbox
from db.database import Database


class JobSettings(Protocol):
    """The part of the bot's Settings that jobs read (kept structural: scheduler does not import bot)."""

    @property
    def milestone_offsets(self) -> list[int]: ...
    @property
    def progress_stale_days(self) -> int: ...
    @property
    def issue_yellow_days(self) -> int: ...
    @property
    def issue_red_days(self) -> int: ...
    @property
    def report_grace_days(self) -> int: ...
    @property
    def ranking_weekday(self) -> str: ...

    @property
    def tz(self) -> ZoneInfo: ...

    def time_of(self, name: str) -> dt.time: ...


@dataclass
class JobContext:
    db: Database
    clock: Clock
    outbox: Outbox
    calendar: CalendarService
    settings: JobSettings
    services: dict[str, Any] = field(default_factory=dict)  # feature services by name
