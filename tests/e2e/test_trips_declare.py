"""Declaring a trip end to end: one line of Chinese or the form, confirmation, the office told."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.runner import Running
from core.clock import FixedClock
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.factories import add_group
from tests.support.trips import D, outbox, press, trips_of
from tgemu.client import TelegramTester

TZ = dt.timezone(dt.timedelta(hours=8))


@BOTH_BACKENDS
async def test_one_line_trip_is_confirmed_and_announced_to_office_and_companions(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    clock.set(dt.datetime(2026, 4, 1, 10, 0, tzinfo=TZ))
    group = await add_group(db, "第一工作组")
    zhang = await persona("张三", [Role.CADRE], work_group=group)
    li = await persona("李四", [Role.CADRE], work_group=group)
    office = await persona("王主任", [Role.OFFICE])

    card = await tg.say(zhang.user, "明天去深圳拜访华为和比亚迪,4月5日返回")
    assert "深圳" in card.text and "华为、比亚迪" in card.text and "4月2日至4月5日（4天）" in card.text
    assert card.button_texts == ["✅ 确认", "✏️ 修改", "✖️ 取消"]
    [draft] = await trips_of(db, zhang.person)
    assert draft.status == TripStatus.DRAFT and draft.source_text == "明天去深圳拜访华为和比亚迪,4月5日返回"
    assert await outbox(db) == []

    confirmed = await press(tg, zhang.user, card, "确认")
    assert "已确认" in confirmed.text and not confirmed.buttons
    notice = await tg.next_notification(office.user)
    assert "外出招商报备" in notice.text and "张三（第一工作组）" in notice.text
    assert "深圳" in notice.text and "4月2日至4月5日" in notice.text and "华为" in notice.text

    card = await tg.say(zhang.user, "4月8日至10日赴上海浦东参加推介会，同行李四")
    assert "上海浦东" in card.text and "参加推介会" in card.text and "同行人员：李四" in card.text
    await press(tg, zhang.user, card, "确认")
    notice = await tg.next_notification(office.user)
    assert "上海浦东" in notice.text and "事由：参加推介会" in notice.text and "李四" in notice.text
    told = await tg.next_notification(li.user)
    assert "同行通知" in told.text and "张三" in told.text and "上海浦东" in told.text

    trips = await trips_of(db, zhang.person)
    assert [(t.status, t.start_date, t.end_date) for t in trips] == [
        (TripStatus.PLANNED, D(2026, 4, 2), D(2026, 4, 5)),
        (TripStatus.PLANNED, D(2026, 4, 8), D(2026, 4, 10)),
    ]
    assert [c.person_id for c in trips[1].companions] == [li.person.id]
    assert sorted(m.dedupe_key for m in await outbox(db, "trip.declared")) == sorted(
        [
            f"trip:{trips[0].id}:v1:declared>p{office.person.id}",
            f"trip:{trips[1].id}:v1:declared>p{office.person.id}",
            f"trip:{trips[1].id}:v1:declared>p{li.person.id}",
        ]
    )


async def test_trip_command_then_text_and_discard(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    prompt = await tg.say(zhang.user, "/trip")
    assert "一句话" in prompt.text and prompt.button("表单填写")
    card = await tg.say(zhang.user, "12月1日到3日在北京，4日至6日在天津")  # no travel verb: only after /trip
    assert "1. 北京" in card.text and "2. 天津" in card.text and "12月4日至12月6日" in card.text
    discarded = await press(tg, zhang.user, card, "取消")
    assert "未报送" in discarded.text
    assert await trips_of(db, zhang.person) == [] and await outbox(db) == []


async def test_form_path_through_edit_with_calendar(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    wang = await persona("王五", [Role.CADRE])
    office = await persona("王主任", [Role.OFFICE])

    card = await tg.say(zhang.user, "明天去深圳拜访华为")
    step = await press(tg, zhang.user, card, "修改")
    assert (
        "请核对行程" in step.text and step.button("改地点") and step.button("改同行人员")
    )  # one field at a time
    step = await press(tg, zhang.user, step, "全部重新填写")
    assert "第1段行程" in step.text and step.button("保留：深圳")
    step = await tg.say(zhang.user, "杭州")
    assert "出发日期" in step.text and step.button("[26]")  # the draft's day is selected
    calendar = await press(tg, zhang.user, step, "›")  # on to December: the same message, redrawn
    assert calendar.message_id == step.message_id and "2026年12月" in calendar.button_texts
    assert calendar.button("保留：11月26日")  # the feature's own row stays under the grid
    step = await press(tg, zhang.user, calendar, "8")
    assert "返回日期" in step.text and "12月8日" in step.text
    step = await press(tg, zhang.user, step, "9")
    assert "拜访" in step.text and step.button("保留：华为")
    step = await tg.say(zhang.user, "阿里巴巴、海康威视")
    assert "事由" in step.text
    step = await tg.say(zhang.user, "考察数字经济项目")
    assert "同行人员" in step.text
    step = await tg.say(zhang.user, "王五")
    assert "请核对行程" in step.text and "杭州" in step.text and "12月8日至12月9日（2天）" in step.text
    assert "阿里巴巴、海康威视" in step.text and "同行人员：王五" in step.text

    done = await press(tg, zhang.user, step, "确认")
    assert "已确认" in done.text
    [trip] = await trips_of(db, zhang.person)
    assert trip.status == TripStatus.PLANNED and (trip.start_date, trip.end_date) == (
        D(2026, 12, 8),
        D(2026, 12, 9),
    )
    assert [(leg.city, leg.targets) for leg in trip.legs] == [("杭州市", "阿里巴巴、海康威视")]
    assert trip.purpose == "考察数字经济项目" and [c.person_id for c in trip.companions] == [wang.person.id]
    assert "杭州" in (await tg.next_notification(office.user)).text
    assert "同行通知" in (await tg.next_notification(wang.user)).text


async def test_blank_form_with_typed_dates_and_abort(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    prompt = await tg.say(zhang.user, "/trip")
    step = await press(tg, zhang.user, prompt, "表单填写")
    assert "第1段行程" in step.text and step.button("保留") is None
    step = await tg.say(zhang.user, "新加坡")  # abroad: kept as written
    assert "新加坡" in step.text
    bad = await tg.say(zhang.user, "不知道哪天")
    assert "没有看懂日期" in bad.text
    step = await tg.say(zhang.user, "12月10日")
    assert "返回日期" in step.text
    bad = await tg.say(zhang.user, "12月9日")
    assert "早于出发日期" in bad.text
    step = await tg.say(zhang.user, "12月12日")
    assert "拜访" in step.text
    aborted = await press(tg, zhang.user, step, "取消填写")
    assert "已取消填写" in aborted.text
    assert await trips_of(db, zhang.person) == []


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("明天去深圳,昨天返回", "早于出发日期"),
        ("11月20日去深圳拜访华为", "已过"),
        ("明天去深圳，同行张建华", "不在登记名单"),
        ("/trip 去深圳拜访华为", "哪天出发"),  # a question for the missing part (issue 11)
        ("/trip 明天拜访华为", "去哪里"),
        ("明天去深圳，待90天", "请分段申报"),
    ],
)
async def test_invalid_trip_is_answered_and_nothing_stored(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, text: str, answer: str
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    reply = await tg.say(zhang.user, text)
    assert answer in reply.text and not any("确认" in b for b in reply.button_texts)
    assert await trips_of(db, zhang.person) == [] and await outbox(db) == []


async def test_trip_overlapping_an_own_confirmed_trip_is_refused(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "12月1日至5日赴上海浦东参加推介会")
    await press(tg, zhang.user, card, "确认")
    reply = await tg.say(zhang.user, "12月3日去深圳拜访华为")
    assert "冲突" in reply.text and "上海浦东" in reply.text and "12月1日至12月5日" in reply.text
    assert len(await trips_of(db, zhang.person)) == 1


async def test_other_free_text_is_not_taken_for_a_trip(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    for text in ("到位资金3000万", "去年在深圳签约的项目进展顺利", "你好"):
        reply = await tg.say(zhang.user, text)
        assert "没有理解" in reply.text
    assert await trips_of(db, zhang.person) == []
