"""Work groups, units and parks."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import TargetDimension
from db.models import Park, Target, Unit, WorkGroup


class OrgRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def groups(self) -> Sequence[WorkGroup]:
        return (await self.s.scalars(sa.select(WorkGroup).order_by(WorkGroup.sort_order, WorkGroup.id))).all()

    async def group(self, group_id: int) -> WorkGroup | None:
        return await self.s.get(WorkGroup, group_id)

    async def group_by_name(self, name: str) -> WorkGroup | None:
        return await self.s.scalar(sa.select(WorkGroup).where(WorkGroup.name == name))

    async def groups_led_by(self, person_id: int) -> Sequence[WorkGroup]:
        stmt = sa.select(WorkGroup).where(WorkGroup.leader_id == person_id)
        return (await self.s.scalars(stmt.order_by(WorkGroup.sort_order, WorkGroup.id))).all()

    async def add_group(self, group: WorkGroup) -> WorkGroup:
        self.s.add(group)
        await self.s.flush()
        return group

    async def targets(self, dimension: TargetDimension | None = None) -> Sequence[Target]:
        """Targets below the work group (of one dimension), by dimension and name."""
        stmt = sa.select(Target).order_by(Target.dimension, Target.name)
        if dimension is not None:
            stmt = stmt.where(Target.dimension == dimension)
        return (await self.s.scalars(stmt)).all()

    async def target(self, dimension: TargetDimension, name: str) -> Target | None:
        return await self.s.scalar(
            sa.select(Target).where(Target.dimension == dimension, Target.name == name)
        )

    async def add_target(self, target: Target) -> Target:
        self.s.add(target)
        await self.s.flush()
        return target

    async def unit_by_name(self, name: str) -> Unit | None:
        return await self.s.scalar(sa.select(Unit).where(Unit.name == name))

    async def units(self) -> Sequence[Unit]:
        return (await self.s.scalars(sa.select(Unit).order_by(Unit.name))).all()

    async def unit_get_or_create(self, name: str) -> Unit:
        unit = await self.unit_by_name(name)
        if unit is None:
            unit = Unit(name=name)
            self.s.add(unit)
            await self.s.flush()
        return unit

    async def park_by_name(self, name: str) -> Park | None:
        return await self.s.scalar(sa.select(Park).where(Park.name == name))

    async def parks(self) -> Sequence[Park]:
        return (await self.s.scalars(sa.select(Park).order_by(Park.name))).all()

    async def park_get_or_create(self, name: str) -> Park:
        park = await self.park_by_name(name)
        if park is None:
            park = Park(name=name)
            self.s.add(park)
            await self.s.flush()
        return park
