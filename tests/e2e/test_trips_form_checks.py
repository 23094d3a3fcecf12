"""The trip form checks each date as it is entered (past start, length, clashes, overlapping legs) and
says why in the chat; nothing is kept from a refused answer. Today is Wed 2026-11-25."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import MakePersona
from tests.support.trips import D, add_trip, press, trips_of
from tgemu.client import TelegramTester


async def test_each_date_is_checked_when_it_is_entered(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    await add_trip(db, zhang.person, D(2026, 12, 3), D(2026, 12, 5))  # already declared
    prompt = await tg.say(zhang.user, "/trip")
    step = await press(tg, zhang.user, prompt, "表单填写")
    step = await tg.say(zhang.user, "深圳")
    assert "出发日期" in step.text

    past = await tg.say(zhang.user, "11月1日")
    assert "已过" in past.text  # at the start step, not at 确认
    step = await tg.say(zhang.user, "12月1日")
    assert "返回日期" in step.text

    too_long = await tg.say(zhang.user, "2027年2月20日")
    assert "超过" in too_long.text and "分段" in too_long.text
    clash = await tg.say(zhang.user, "12月4日")
    assert "冲突" in clash.text and "12月3日" in clash.text

    # a calendar day that clashes: said in the chat, not only in the passing alert
    calendar = await tg.say(zhang.user, "12月2日")
    assert "拜访" in calendar.text  # 12月1日–2日 is fine
    step = await tg.say(zhang.user, "华为")
    step = await press(tg, zhang.user, step, "跳过")  # purpose
    review = await press(tg, zhang.user, step, "无同行人员")
    assert "请核对行程" in review.text and "12月1日至12月2日" in review.text
    dates = await press(tg, zhang.user, review, "改日期")
    end_step = await press(tg, zhang.user, dates, "保留")
    pressed = await tg.press(zhang.user, end_step, "4")
    assert pressed.answer is not None and pressed.answer.show_alert and "冲突" in (pressed.answer.text or "")
    assert any("冲突" in m.text for m in pressed.new_messages)

    step = await tg.say(zhang.user, "12月2日")
    assert "请核对行程" in step.text and "12月1日至12月2日" in step.text
    statuses = [t.status for t in await trips_of(db, zhang.person)]
    assert statuses == [TripStatus.PLANNED]  # nothing stored until 确认


async def test_a_second_leg_may_not_start_before_the_first_ends(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "12月8日至10日去深圳拜访华为")
    review = await press(tg, zhang.user, card, "修改")
    step = await press(tg, zhang.user, review, "增加一段行程")
    assert "第2段行程" in step.text
    await tg.say(zhang.user, "广州")
    overlap = await tg.say(zhang.user, "12月8日")
    assert "重叠" in overlap.text  # at the start step of the second leg
    step = await tg.say(zhang.user, "12月10日")  # a travel day shared with the first leg is fine
    assert "返回日期" in step.text
    step = await tg.say(zhang.user, "12月11日")
    assert "拜访" in step.text
