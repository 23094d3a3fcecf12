"""Loading the demo: seed every part in one transaction, in a fixed order (the random source is shared).

This is composition-level seeding (rows built through the db/ repositories), not a use case.
"""

from __future__ import annotations

import datetime as dt

from bot.sandbox.demo.data import INVITEE
from bot.sandbox.demo.people import PeopleSeeder
from bot.sandbox.demo.personas import bound_personas, unbound_personas
from bot.sandbox.demo.projects import ProjectSeeder
from bot.sandbox.demo.trips import TripSeeder
from bot.sandbox.demo.world import DemoPerson, DemoWorld
from db.database import Database


class _Builder(PeopleSeeder, ProjectSeeder, TripSeeder):
    """Every part of the seeding over one shared state."""


async def load_demo(db: Database, now: dt.datetime) -> DemoWorld:
    """Seed the demo campaign into an empty database, as of ``now`` (aware, campaign timezone)."""
    async with db.transaction() as tx:
        builder = _Builder(tx, now)
        await builder.organisation()
        await builder.staff()
        await builder.projects()
        await builder.trips()
        await builder.issues()
        await builder.office_chat()
        await tx.flush()
        people = [
            DemoPerson(p.id, p.name, p.telegram_id, p.role_set)
            for p in builder.people.values()
            if p.telegram_id is not None
        ]
        invitee_row = builder.people[INVITEE[0]]
        invitee = DemoPerson(invitee_row.id, invitee_row.name, None, invitee_row.role_set)
        personas = bound_personas(builder.people)
        counts = dict(builder.counts)
    personas += unbound_personas(invitee.name)
    return DemoWorld(today=now.date(), people=people, personas=personas, invitee=invitee, counts=counts)
