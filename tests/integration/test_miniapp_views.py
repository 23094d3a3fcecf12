"""The Mini App's views of the hand-checked county (tests/support/office.py), on SQLite and PostgreSQL:
the same figures as the digest, in each reader's scope.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.errors import Forbidden, Invalid, NotFound, NotYours
from core.miniapp import MiniAppService
from core.office.digest import DigestService
from core.policy import WHOLE_CAMPAIGN
from core.project_state import Light
from db.database import Database
from db.enums import AttachmentKind, Role
from db.models import Attachment
from tests.support.factories import add_person
from tests.support.office import seed_county

DAY = dt.date(2026, 11, 25)
YI = Decimal(10000)


def _service(db: Database, clock: FixedClock) -> MiniAppService:
    return MiniAppService(db, clock, CalendarService(db))


async def test_office_views_match_the_hand_checked_county(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)

    travel = await app.travel(county.office, DAY)
    assert travel.total == 2
    where = {c.city: [p.name for p in c.people] for c in travel.cities}
    assert where == {"深圳市": ["张三"], "上海市": ["赵六"]}
    assert all(c.lat and c.lng for c in travel.cities)
    assert travel.reported == 0  # last reports 11-24 and 11-22

    targets = await app.targets(county.office, DAY)
    lines = {line.name: line for line in targets.lines}
    assert lines["第一工作组"].signed_wan == 27 * YI and lines["第一工作组"].completion == Decimal("45.0")
    assert lines["第一工作组"].gap == Decimal("-45.1")
    assert (
        lines[None].signed_wan == 57 * YI and lines[None].total and lines[None].completion == Decimal("47.5")
    )
    trend = (await app.trend(county.office, DAY)).points
    assert [p.month for p in trend] == [f"2026-{m:02d}" for m in range(1, 12)]
    assert trend[-1].signed_wan == 57 * YI and trend[-1].funds_wan == 9 * YI
    assert trend[-1].landed_wan == lines[None].landed_wan
    assert trend[-1].schedule_wan == Decimal("1081200.00")  # 120亿 × 90.1%
    assert [p.signed_wan for p in trend] == sorted(p.signed_wan for p in trend)  # no correction here

    board = await app.board(county.office, DAY)
    assert board.total == sum(board.stages.values())
    overdue = await app.board(county.office, DAY, overdue=True)
    assert {p.name for p in overdue.items} == {"新能源电池项目", "智能制造产业园", "冷链物流中心"}
    assert {p.light for p in overdue.items} == {Light.RED}
    stalled = await app.board(county.office, DAY, stalled=True)
    assert "智能制造产业园" in {p.name for p in stalled.items}

    supervision = await app.supervision(county.office, DAY)
    digest = await DigestService(db, clock, Outbox(clock), CalendarService(db)).build(DAY, WHOLE_CAMPAIGN)
    assert [i.issue for i in supervision.items] == digest.issues.items  # the digest's 待协调问题
    assert supervision.total == digest.issues.total == 2
    assert sum(supervision.lights.values()) == 2
    assert {u.unit for u in supervision.units} == {i.unit for i in digest.issues.items}
    assert {i.code for i in supervision.items} == {"督办〔2026〕1号", "督办〔2026〕2号"}


async def test_a_group_leader_sees_their_group_and_others_nothing(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)
    leader = county.leader1

    me = await app.viewer(leader)
    assert me.scope == county.group1.name and [g.name for g in me.groups] == [county.group1.name]
    travel = await app.travel(leader, DAY)
    assert [p.name for c in travel.cities for p in c.people] == ["张三"]
    targets = await app.targets(leader, DAY)
    assert [line.name for line in targets.lines] == [county.group1.name, None]
    assert (await app.trend(leader, DAY)).points[-1].signed_wan == 27 * YI
    board = await app.board(leader, DAY)
    assert board.items and {p.work_group for p in board.items} == {county.group1.name}
    with pytest.raises(NotYours):
        await app.board(leader, DAY, work_group_id=county.group2.id)
    other = next(p for p in county.projects.values() if p.work_group_id == county.group2.id)
    with pytest.raises(NotYours):
        await app.project(leader, other.id)

    cadre = await add_person(db, "无权者", [Role.CADRE], work_group=county.group1)
    for view in (
        app.viewer(cadre),
        app.travel(cadre),
        app.targets(cadre),
        app.board(cadre),
        app.supervision(cadre),
    ):
        with pytest.raises(Forbidden):
            await view
    with pytest.raises(Invalid):
        await app.travel(county.office, DAY + dt.timedelta(days=1))
    with pytest.raises(Invalid):
        await app.targets(county.office, DAY, "planet")


async def test_photos_come_from_the_media_store_within_the_scope(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)
    other = next(
        p for p in county.projects.values() if p.work_group_id == county.group2.id and not p.archived
    )
    async with db.transaction() as tx:
        kept = Attachment(
            kind=AttachmentKind.PHOTO, file_id="f1", project_id=other.id, stored_key="photo/1.jpg"
        )
        not_kept = Attachment(kind=AttachmentKind.PHOTO, file_id="f2", project_id=other.id)
        tx.session.add_all([kept, not_kept])
        await tx.flush()
        kept_id, not_kept_id = kept.id, not_kept.id
    view = await app.project(county.office, other.id)
    assert view.photo_ids == [kept_id]  # only what the media store holds
    assert await app.photo(county.office, kept_id) == ("photo/1.jpg", None)
    with pytest.raises(NotFound):
        await app.photo(county.office, not_kept_id)
    with pytest.raises(NotYours):
        await app.photo(county.leader1, kept_id)
