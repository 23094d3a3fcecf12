"""The access policy: which work groups a leader supervises, and every view that uses it."""

from __future__ import annotations

import datetime as dt

import pytest

from core.clock import FixedClock
from core.delivery.audience import office_recipients, supervisor_recipients
from core.delivery.outbox import Recipient
from core.errors import Forbidden, NotYours
from core.office.chats import OfficeChatService, office_audiences
from core.policy import (
    WHOLE_CAMPAIGN,
    Scope,
    may_read_trip,
    may_supervise,
    require_in_scope,
    require_supervisor,
    resolve_scope,
    supervised_groups,
)
from db.database import Database
from db.enums import Role
from db.models import Person
from tests.support.factories import add_group, add_person
from tests.support.office import County, add_trip, seed_county, set_group_leader


async def _person(db: Database, person: Person) -> Person:
    async with db.transaction() as tx:
        found = await tx.people.get(person.id)
        assert found is not None
        return found


@pytest.fixture
async def county(db: Database) -> County:
    """The fixed county, 孙组长 leading both of its groups."""
    county = await seed_county(db)
    await set_group_leader(db, county.group2, county.leader1)
    return county


async def test_a_leader_of_two_groups_supervises_both(db: Database, county: County) -> None:
    third = await add_group(db, "第三工作组")
    leader = await _person(db, county.leader1)
    async with db.transaction() as tx:
        assert await supervised_groups(tx, leader) == {county.group1.id, county.group2.id}
        scope = await resolve_scope(tx, leader)
        assert scope == Scope(frozenset({county.group1.id, county.group2.id}), ("第一工作组", "第二工作组"))
        assert scope.label == "第一工作组、第二工作组"
        for group in (county.group1, county.group2):
            assert await may_supervise(tx, leader, group.id)
            await require_supervisor(tx, leader, group.id)
            require_in_scope(scope, group.id)
        assert not await may_supervise(tx, leader, third.id)
        with pytest.raises(NotYours):
            await require_supervisor(tx, leader, third.id)
        with pytest.raises(NotYours):
            require_in_scope(scope, third.id)


async def test_a_group_leader_leading_no_group_supervises_their_own(db: Database, county: County) -> None:
    deputy = await add_person(db, "副组长", [Role.GROUP_LEADER], work_group=county.group2)
    async with db.transaction() as tx:
        assert await supervised_groups(tx, deputy) == {county.group2.id}
        assert (await resolve_scope(tx, deputy)).work_group_ids == {county.group2.id}
        await require_supervisor(tx, deputy, county.group2.id)  # projects and issues: the same rule
        with pytest.raises(NotYours):
            await require_supervisor(tx, deputy, county.group1.id)


async def test_office_sees_everything_and_others_nothing(db: Database, county: County) -> None:
    office, cadre = await _person(db, county.office), await _person(db, county.zhang)
    loner = await add_person(db, "无组组长", [Role.GROUP_LEADER])
    async with db.transaction() as tx:
        assert await resolve_scope(tx, office) == WHOLE_CAMPAIGN
        assert await may_supervise(tx, office, None)
        assert await supervised_groups(tx, office) == frozenset()
        assert await supervised_groups(tx, cadre) == frozenset()
        with pytest.raises(Forbidden):
            await resolve_scope(tx, cadre)
        with pytest.raises(Forbidden):
            await require_supervisor(tx, cadre, county.group1.id)
        with pytest.raises(Forbidden, match=r"office\.no_group"):
            await resolve_scope(tx, loner)


async def test_trips_of_both_groups_are_readable_by_their_leader(db: Database, county: County) -> None:
    third = await add_group(db, "第三工作组")
    wu = await add_person(db, "吴九", [Role.CADRE], work_group=third)
    day = dt.date(2026, 12, 1)
    g2_trip = await add_trip(db, county.zhao, day, day)
    g3_trip = await add_trip(db, wu, day, day)
    leader = await _person(db, county.leader1)
    async with db.transaction() as tx:
        for trip_id, readable in ((g2_trip.id, True), (g3_trip.id, False)):
            trip = await tx.trips.get(trip_id)
            assert trip is not None
            assert await may_read_trip(tx, leader, trip) is readable


async def test_a_subscription_of_a_two_group_leader_covers_both(
    db: Database, clock: FixedClock, county: County
) -> None:
    leader = await add_person(db, "双组组长", [Role.GROUP_LEADER], telegram_id=7001, work_group=county.group1)
    await set_group_leader(db, county.group1, leader)
    await set_group_leader(db, county.group2, leader)
    info = await OfficeChatService(db, clock).subscribe(leader)
    assert info.work_group == "第一工作组、第二工作组"
    async with db.transaction() as tx:
        [audience] = [a for a in await office_audiences(tx) if a.recipient.person_id == leader.id]
        assert audience.scope.work_group_ids == {county.group1.id, county.group2.id}
        for group in (county.group1, county.group2):  # trip notices of either group reach the leader
            assert Recipient(chat_id=7001) in await office_recipients(tx, work_group_id=group.id)
            # where the leader is told in person (escalations, new issues), not a second time by subscription
            supervisors = await supervisor_recipients(tx, group.id)
            assert Recipient(person_id=leader.id) in supervisors
            assert Recipient(chat_id=7001) not in supervisors
