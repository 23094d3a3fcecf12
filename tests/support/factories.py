"""Small builders for domain rows, so tests say what matters and nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from db.database import Database
from db.enums import Language, Role
from db.models import Person, WorkGroup


async def add_group(db: Database, name: str, *, target_yi: int = 60, stretch_yi: int = 66) -> WorkGroup:
    async with db.transaction() as tx:
        return await tx.org.add_group(
            WorkGroup(
                name=name,
                target_wan=Decimal(target_yi) * 10000,
                stretch_target_wan=Decimal(stretch_yi) * 10000,
            )
        )


async def add_person(
    db: Database,
    name: str,
    roles: Iterable[Role] = (Role.CADRE,),
    *,
    phone: str | None = None,
    telegram_id: int | None = None,
    language: Language | None = None,
    work_group: WorkGroup | None = None,
    unit: str | None = None,
) -> Person:
    async with db.transaction() as tx:
        unit_row = await tx.org.unit_get_or_create(unit) if unit else None
        person = await tx.people.add(
            Person(
                name=name,
                phone=phone,
                telegram_id=telegram_id,
                language=language,
                work_group_id=work_group.id if work_group else None,
                unit_id=unit_row.id if unit_row else None,
            )
        )
        tx.people.set_roles(person, roles)
        await tx.flush()
        return person
