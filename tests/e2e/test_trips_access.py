"""Who may not: forged callback data, people without the cadre role, /travelling's scope."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.factories import add_group
from tests.support.trips import D, add_trip, alert, forge, outbox, press, reports_of, set_leader, trips_of
from tgemu.client import TelegramTester

WED = D(2026, 11, 25)


@BOTH_BACKENDS
async def test_a_cadre_cannot_see_or_change_another_cadres_trip_with_forged_buttons(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三")
    li = await persona("李四")
    card = await tg.say(zhang.user, "12月8日至10日赴上海浦东参加推介会")
    [draft] = await trips_of(db, zhang.person)

    mine = await tg.say(li.user, "明天去深圳拜访华为")
    forge(mine, "确认", f"t1:c:{draft.id}")
    assert "无权" in await alert(tg, li.user, mine, "确认")
    forge(mine, "修改", f"t1:e:{draft.id}")
    assert "无权" in await alert(tg, li.user, mine, "修改")
    forge(mine, "取消", f"t1:x:{draft.id}")
    assert "无权" in await alert(tg, li.user, mine, "取消")
    [still] = await trips_of(db, zhang.person)
    assert still.status == TripStatus.DRAFT

    await press(tg, zhang.user, card, "确认")
    listing = await tg.say(li.user, "/mytrips")  # 李四 has no confirmed trip: the empty answer
    assert "还没有报备" in listing.text
    own = await tg.say(li.user, "明天去深圳拜访华为")
    for data in (
        f"t2:v:{draft.id}",
        f"t2:e:{draft.id}",
        f"t2:c:{draft.id}",
        f"t2:y:{draft.id}",
        f"t1:b:{draft.id}",
    ):
        forge(own, "确认", data)
        assert "无权" in await alert(tg, li.user, own, "确认"), data
    forge(own, "确认", f"r1:f:{draft.id}:{D(2026, 12, 8).toordinal()}:0")
    assert "无权" in await alert(tg, li.user, own, "确认")
    forge(own, "确认", "t2:v:999999")
    assert "未找到" in await alert(tg, li.user, own, "确认")

    [trip] = await trips_of(db, zhang.person)
    assert trip.status == TripStatus.PLANNED and trip.version == 1 and await reports_of(db, trip) == []
    assert [m.kind for m in await outbox(db)] == []  # no office member registered: nothing else was sent


async def test_people_without_the_cadre_role_cannot_declare_trips(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    lead = await persona("赵六", [Role.PROJECT_LEAD])
    for who in (office, lead):
        assert "没有使用该功能的权限" in (await tg.say(who.user, "/trip 明天去深圳拜访华为")).text
        assert "没有使用该功能的权限" in (await tg.say(who.user, "/mytrips")).text
        assert "没有理解" in (await tg.say(who.user, "明天去深圳拜访华为")).text
        assert await trips_of(db, who.person) == []
    assert "没有需要填报" in (await tg.say(lead.user, "/report")).text


async def test_group_leader_sees_only_their_group_travelling(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    first = await add_group(db, "第一工作组")
    second = await add_group(db, "第二工作组")
    leader = await persona("组长甲", [Role.GROUP_LEADER], work_group=first)
    await set_leader(db, first, leader.person)
    office = await persona("王主任", [Role.OFFICE])
    zhang = await persona("张三", work_group=first)
    li = await persona("李四", work_group=second)
    wang = await persona("王五", work_group=first)
    await add_trip(db, zhang.person, D(2026, 11, 24), D(2026, 11, 27))
    await add_trip(db, li.person, WED, WED, place=("浙江省", "杭州市", None))
    await add_trip(db, wang.person, D(2026, 11, 27), D(2026, 11, 28))  # not out today

    scoped = await tg.say(leader.user, "/travelling")
    assert "外出人员" in scoped.text and "（1人）" in scoped.text
    assert "张三（第一工作组）：深圳，至11月27日" in scoped.text and "最近日报：暂无" in scoped.text
    assert "李四" not in scoped.text and "王五" not in scoped.text

    everyone = await tg.say(office.user, "/travelling")
    assert (
        "（2人）" in everyone.text and "张三" in everyone.text and "李四（第二工作组）：杭州" in everyone.text
    )

    assert "没有使用该功能的权限" in (await tg.say(zhang.user, "/travelling")).text
