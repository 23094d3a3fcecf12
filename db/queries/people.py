from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from db.enums import Role
from db.models import Person, PersonRole

_BY_TELEGRAM_ID = (
    sa.select(Person)
    .where(Person.telegram_id == sa.bindparam("telegram_id"))
    .options(joinedload(Person.roles), joinedload(Person.unit), joinedload(Person.work_group))
)
"""Built once: its options and cache key are not made again for every update."""


class PeopleRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, person_id: int) -> Person | None:
        return await self.s.get(Person, person_id)

    async def by_telegram_id(self, telegram_id: int) -> Person | None:
        """The person of a Telegram account with their roles, unit and work group, in one SELECT
        (every update loads it: the relationships' own ``selectin`` would be three more)."""
        result = await self.s.execute(_BY_TELEGRAM_ID, {"telegram_id": telegram_id})
        return result.unique().scalar_one_or_none()

    async def set_fields(self, person_id: int, **values: object) -> bool:
        """One UPDATE of a person's columns, with no load first; False when there is no such person."""
        result = await self.s.execute(sa.update(Person).where(Person.id == person_id).values(**values))
        return bool(getattr(result, "rowcount", 0))

    async def by_phone(self, phone: str) -> Person | None:
        return await self.s.scalar(sa.select(Person).where(Person.phone == phone))

    async def by_name(self, name: str) -> Sequence[Person]:
        return (await self.s.scalars(sa.select(Person).where(Person.name == name).order_by(Person.id))).all()

    async def search(self, text: str, *, limit: int = 10) -> Sequence[Person]:
        pattern = f"%{text}%"
        stmt = (
            sa.select(Person)
            .where(sa.or_(Person.name.like(pattern), Person.phone.like(pattern)))
            .order_by(Person.name)
            .limit(limit)
        )
        return (await self.s.scalars(stmt)).all()

    async def all(self) -> Sequence[Person]:
        return (await self.s.scalars(sa.select(Person).order_by(Person.id))).all()

    async def count(self) -> int:
        return int(await self.s.scalar(sa.select(sa.func.count(Person.id))) or 0)

    async def with_role(self, role: Role) -> Sequence[Person]:
        stmt = (
            sa.select(Person)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(PersonRole.role == role, Person.active.is_(True))
            .order_by(Person.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def add(self, person: Person) -> Person:
        if "roles" not in person.__dict__:
            person.roles = []  # a new person has no roles yet: no lazy load after the flush
        self.s.add(person)
        await self.s.flush()
        return person

    def set_roles(self, person: Person, roles: Iterable[Role]) -> None:
        wanted = set(roles)
        person.roles[:] = [r for r in person.roles if r.role in wanted]
        have = {r.role for r in person.roles}
        for role in sorted(wanted - have):
            person.roles.append(PersonRole(role=role))
