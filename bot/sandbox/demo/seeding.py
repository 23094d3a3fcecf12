"""The state every part of the demo seeding shares: the transaction, "today", the random source."""

from __future__ import annotations

import datetime as dt
import random

from bot.sandbox.demo.data import FIRST_TELEGRAM_ID, SEED
from db.models import Person, WorkGroup
from db.tx import Tx


class Seeding:
    """Deterministic: the same day gives the same data (one seeded random source, used in order)."""

    def __init__(self, tx: Tx, now: dt.datetime) -> None:
        self.tx = tx
        self.now = now
        self.today = now.date()
        self.rng = random.Random(SEED)
        self.groups: list[WorkGroup] = []
        self.people: dict[str, Person] = {}
        self.leads: list[Person] = []
        self.cadres: list[Person] = []
        self.next_telegram_id = FIRST_TELEGRAM_ID
        self.next_phone = 13800000001
        self.counts: dict[str, int] = {}

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def moment(self, offset_days: int, hour: int = 10) -> dt.datetime:
        return dt.datetime.combine(self.day(offset_days), dt.time(hour), self.now.tzinfo)

    def this_year(self, offset: int) -> dt.date:
        """A day ``offset`` days ago, but not before 1 January (it must count for this year)."""
        return max(self.day(offset), dt.date(self.today.year, 1, 1))
