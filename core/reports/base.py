"""What every report use case shares: storage, the clock and the outbox."""

from __future__ import annotations

import datetime as dt

from core.clock import Clock, grace_start
from core.delivery.outbox import Outbox
from db.database import Database


class ReportServiceBase:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, *, grace_days: int = 1, mismatch_km: float = 100.0
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.grace_days = grace_days
        self.mismatch_km = mismatch_km  # a pin this far from the day's itinerary city is flagged

    def earliest_day(self) -> dt.date:
        """The earliest trip day a report may still be filed for (补报): the grace setting."""
        return grace_start(self.clock.today(), self.grace_days)
