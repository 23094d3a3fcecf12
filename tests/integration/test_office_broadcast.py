"""Broadcasts: draft → preview counts → one outbox row per recipient → tally; cancel; who may."""

from __future__ import annotations

import pytest

from core.clock import FixedClock
from core.delivery.kinds import Kind
from core.delivery.outbox import Outbox
from core.errors import Conflict, Forbidden, Invalid, NotFound, NotYours
from core.office.broadcast import Audience, AudienceKind, BroadcastService
from db.database import Database
from db.enums import OutboxStatus, Role
from tests.support.office import County, seed_county


async def _county(db: Database) -> County:
    return await seed_county(
        db, telegram_ids={"王主任": 8001, "孙组长": 8002, "张三": 8003, "李四": 8004, "赵六": 8005}
    )


async def test_a_broadcast_to_cadres_reaches_each_bound_cadre_once_and_is_tallied(
    db: Database, clock: FixedClock
) -> None:
    county = await _county(db)
    service = BroadcastService(db, clock, Outbox(clock))
    preview = await service.draft(
        county.office, Audience(AudienceKind.ROLE, role=Role.CADRE), "  明天上午九点开会  "
    )
    # 张三, 李四, 赵六 are bound; 周八 is bound but has blocked the bot (still enqueued: the tally shows it)
    assert (preview.reachable, preview.unbound, preview.text) == (4, 0, "明天上午九点开会")

    status = await service.send(county.office, preview.id)
    assert status.recipients == 4 and status.tally.pending == 4 and status.tally.sent == 0
    async with db.transaction() as tx:
        rows = await tx.outbox.with_key_prefix(f"broadcast:{preview.id}>")
        assert {r.person_id for r in rows} == {county.zhang.id, county.li.id, county.zhao.id, county.zhou.id}
        assert {r.kind for r in rows} == {Kind.OFFICE_BROADCAST}
        assert rows[0].payload["text"] == "明天上午九点开会"
        await tx.outbox.mark_sent(rows[0].id, message_id=1, now=clock.now())
        await tx.outbox.mark_dead(rows[1].id, error="403 blocked")
    status = await service.status(county.office, preview.id)
    assert (status.tally.sent, status.tally.pending, status.tally.unreachable) == (1, 2, 1)
    assert (await service.status(county.office)).id == preview.id  # the latest one by default
    with pytest.raises(Conflict):
        await service.send(county.office, preview.id)  # sent once only


async def test_group_and_everyone_audiences_count_unbound_people_apart(
    db: Database, clock: FixedClock
) -> None:
    county = await _county(db)
    service = BroadcastService(db, clock, Outbox(clock))
    group = await service.draft(
        county.office, Audience(AudienceKind.GROUP, work_group_id=county.group2.id), "通知"
    )
    assert (group.audience_label, group.reachable, group.unbound) == ("第二工作组", 2, 1)  # 钱七 is not bound
    everyone = await service.draft(county.office, Audience(AudienceKind.ALL), "通知")
    assert (everyone.reachable, everyone.unbound) == (5, 1)  # the author is left out


async def test_a_cancelled_draft_is_gone_and_others_cannot_touch_it(db: Database, clock: FixedClock) -> None:
    county = await _county(db)
    admin = county.office
    service = BroadcastService(db, clock, Outbox(clock))
    preview = await service.draft(admin, Audience(AudienceKind.ALL), "通知")
    with pytest.raises(Forbidden):
        await service.send(county.leader1, preview.id)  # not the office
    async with db.transaction() as tx:
        other = await tx.people.get(county.leader1.id)
        assert other is not None
        tx.people.set_roles(other, [Role.OFFICE, Role.GROUP_LEADER])
    async with db.transaction() as tx:
        colleague = await tx.people.get(county.leader1.id)
    with pytest.raises(NotYours):
        await service.send(colleague, preview.id)  # type: ignore[arg-type]  # another author's draft
    await service.cancel(admin, preview.id)
    with pytest.raises(NotFound):
        await service.send(admin, preview.id)
    async with db.transaction() as tx:
        assert await tx.outbox.with_key_prefix(f"broadcast:{preview.id}>") == []


@pytest.mark.parametrize(
    ("audience", "text", "key"),
    [
        (Audience(AudienceKind.ALL), "   ", "broadcast.empty"),
        (Audience(AudienceKind.ALL), "长" * 3501, "broadcast.too_long"),
        (Audience(AudienceKind.ROLE), "通知", "broadcast.bad_audience"),
        (Audience(AudienceKind.ROLE, role=Role.ADMIN), "通知", "broadcast.nobody"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_stored(
    db: Database, clock: FixedClock, audience: Audience, text: str, key: str
) -> None:
    county = await _county(db)
    service = BroadcastService(db, clock, Outbox(clock))
    with pytest.raises(Invalid) as error:
        await service.draft(county.office, audience, text)
    assert error.value.key == key
    async with db.transaction() as tx:
        assert await tx.broadcasts.latest_by(county.office.id) is None
        assert (await tx.outbox.counts())[OutboxStatus.PENDING.value] == 0
