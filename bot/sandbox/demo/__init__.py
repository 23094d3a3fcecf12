"""Demo data for the sandbox, shaped like the campaign in the seed speech (百团招商行动).

Six work groups share the 360亿 target (400亿 stretch); about 100 projects in the speech's four
categories — 24 continuing (续建, start construction), 21 new (新建, start construction), 22 still
bidding (招投标: bidding done, then start construction) and 33 in preliminary work (前期) — placed
in the four parks the speech names, with deadlines relative to "today" so that every product has
something to show on the first day: trips under way, reports present and missing, reminders due,
milestones overdue, coordination issues open, money signed and arrived.

The package: ``data`` (declarative), ``world`` (what loading returns), ``personas`` (who a visitor can
be), the seeders (``people``, ``projects``, ``progress``, ``trips`` over the shared ``seeding`` state)
and ``loading`` (the order). Deterministic: the same day gives the same data.
"""

from bot.sandbox.demo.data import (
    CATEGORY_COUNTS,
    GROUP_NAMES,
    INVITEE_USER_ID,
    OFFICE_CHAT_ID,
    PARKS,
    STRANGER_USER_ID,
)
from bot.sandbox.demo.loading import load_demo
from bot.sandbox.demo.world import DemoPerson, DemoWorld, Persona

__all__ = [
    "CATEGORY_COUNTS",
    "GROUP_NAMES",
    "INVITEE_USER_ID",
    "OFFICE_CHAT_ID",
    "PARKS",
    "STRANGER_USER_ID",
    "DemoPerson",
    "DemoWorld",
    "Persona",
    "load_demo",
]
