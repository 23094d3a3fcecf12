"""What every report use case shares: storage, the clock and the outbox."""

from __future__ import annotations

from core.clock import Clock
from core.delivery.outbox import Outbox
from db.database import Database


class ReportServiceBase:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, *, mismatch_km: float = 100.0) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.mismatch_km = mismatch_km  # a pin this far from the day's itinerary city is flagged
