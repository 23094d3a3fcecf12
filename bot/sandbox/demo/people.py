"""Seeding the organisation: work groups, parks, units, the people and the bound office group."""

from __future__ import annotations

from collections.abc import Iterable

from bot.sandbox.demo.data import (
    ADMIN,
    CADRE,
    CADRE_AWAY,
    GROUP_NAMES,
    GROUP_STRETCH_YI,
    GROUP_TARGET_YI,
    INVITEE,
    LEAD,
    LEADER,
    NAME_POOL,
    OFFICE,
    OFFICE_CHAT_ID,
    OFFICE_CHAT_TITLE,
    PARKS,
    UNITS,
    YI,
)
from bot.sandbox.demo.seeding import Seeding
from db.enums import ChatKind, Language, Role
from db.models import BoundChat, Person, WorkGroup


class PeopleSeeder(Seeding):
    """Work groups with their leaders, cadres and project leads; the personas first (stable ids)."""

    async def organisation(self) -> None:
        for index, name in enumerate(GROUP_NAMES):
            group = WorkGroup(
                name=name,
                target_wan=GROUP_TARGET_YI * YI,
                stretch_target_wan=GROUP_STRETCH_YI[index] * YI,
                sort_order=index + 1,
            )
            self.groups.append(await self.tx.org.add_group(group))
        for park in PARKS:
            await self.tx.org.park_get_or_create(park)
        for unit in UNITS:
            await self.tx.org.unit_get_or_create(unit)

    async def person(
        self,
        name: str,
        roles: Iterable[Role],
        group_index: int | None,
        *,
        bound: bool = True,
        unit_name: str | None = None,
    ) -> Person:
        unit = await self.tx.org.unit_get_or_create(unit_name or self.rng.choice(UNITS))
        telegram_id = None
        if bound:
            telegram_id = self.next_telegram_id
            self.next_telegram_id += 1
        person = await self.tx.people.add(
            Person(
                name=name,
                phone=str(self.next_phone),
                unit_id=unit.id,
                work_group_id=self.groups[group_index].id if group_index is not None else None,
                language=Language.ZH,
                telegram_id=telegram_id,
                bound_at=self.now if bound else None,
            )
        )
        self.next_phone += 1
        self.tx.people.set_roles(person, roles)
        self.people[name] = person
        if Role.PROJECT_LEAD in roles:
            self.leads.append(person)
        if Role.CADRE in roles:
            self.cadres.append(person)
        return person

    async def staff(self) -> None:
        """Personas first (stable ids), then per group a leader, three cadres and two project leads."""
        for name, roles, group_index in (CADRE, CADRE_AWAY, LEAD, LEADER, OFFICE, ADMIN):
            await self.person(name, roles, group_index)
        await self.person(INVITEE[0], INVITEE[1], INVITEE[2], bound=False)
        names = iter(NAME_POOL)
        for index, group in enumerate(self.groups):
            leader = self.people[LEADER[0]] if index == 0 else None
            if leader is None:
                leader = await self.person(next(names), {Role.GROUP_LEADER, Role.CADRE}, index)
            group.leader_id = leader.id
            cadres_needed = 1 if index == 0 else 3
            leads_needed = 1 if index == 0 else 2
            for _ in range(cadres_needed):
                await self.person(next(names), {Role.CADRE}, index)
            for _ in range(leads_needed):
                await self.person(next(names), {Role.PROJECT_LEAD}, index)
        await self.person(next(names), {Role.OFFICE}, None)
        for unit_name in UNITS[:3]:  # unit contacts (责任单位联络员) answer their unit's 督办
            await self.person(next(names), {Role.UNIT_CONTACT}, None, unit_name=unit_name)
        await self.tx.flush()
        self.counts["people"] = len(self.people)

    async def office_chat(self) -> None:
        await self.tx.chats.add(
            BoundChat(
                chat_id=OFFICE_CHAT_ID,
                kind=ChatKind.OFFICE,
                title=OFFICE_CHAT_TITLE,
                language=Language.ZH,
                bound_by_id=self.people[ADMIN[0]].id,
                bound_at=self.now,
            )
        )
