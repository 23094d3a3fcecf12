"""/mytrips: view, change (through the form) and cancel a trip; the office and companions are told."""

from __future__ import annotations

import asyncio
import contextlib

from bot.runner import Running, running_app
from bot.settings import Settings
from core.clock import FixedClock
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import MakePersona
from tests.support.trips import D, outbox, press, trips_of
from tgemu.client import TelegramTester


async def test_change_then_cancel_from_mytrips(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    li = await persona("李四", [Role.CADRE])
    wang = await persona("王五", [Role.CADRE])
    office = await persona("王主任", [Role.OFFICE])
    card = await tg.say(zhang.user, "12月8日至10日赴上海浦东参加推介会，同行李四")
    await press(tg, zhang.user, card, "确认")
    await tg.next_notification(office.user)
    await tg.next_notification(li.user)

    listing = await tg.say(zhang.user, "/mytrips")
    assert "我的行程" in listing.text and listing.button("上海浦东")
    detail = await press(tg, zhang.user, listing, "上海浦东")
    assert "行程详情" in detail.text and "已报备" in detail.text
    assert detail.button("修改") and detail.button("取消行程") and detail.button("返程总结") is None

    review = await press(tg, zhang.user, detail, "修改")  # the review card: change one field at a time
    assert "请核对行程" in review.text
    step = await press(tg, zhang.user, review, "改日期")
    step = await press(tg, zhang.user, step, "保留")  # start stays 12月8日
    step = await press(tg, zhang.user, step, "11")  # the end moves to 12月11日
    assert "请核对行程" in step.text and "12月8日至12月11日" in step.text  # back to the review, no other step
    step = await press(tg, zhang.user, step, "改同行人员")
    assert "同行人员" in step.text
    step = await tg.say(zhang.user, "王五")  # 李四 stays home, 王五 goes instead
    assert "12月8日至12月11日（4天）" in step.text and "王五" in step.text
    done = await press(tg, zhang.user, step, "确认")
    assert "变更已报送" in done.text

    changed = await tg.next_notification(office.user)
    assert "行程变更" in changed.text and "第2版" in changed.text and "12月8日至12月11日" in changed.text
    assert "原行程" in changed.text and "12月8日至12月10日" in changed.text
    assert "行程变更" in (await tg.next_notification(li.user)).text  # the one who no longer goes hears too
    assert "行程变更" in (await tg.next_notification(wang.user)).text
    [trip] = await trips_of(db, zhang.person)
    assert trip.version == 2 and trip.end_date == D(2026, 12, 11)
    assert [c.person_id for c in trip.companions] == [wang.person.id]

    listing = await tg.say(zhang.user, "/mytrips")
    detail = await press(tg, zhang.user, listing, "上海浦东")
    ask = await press(tg, zhang.user, detail, "取消行程")
    assert "确定取消" in ask.text
    gone = await press(tg, zhang.user, ask, "确定取消")
    assert "行程已取消" in gone.text
    cancelled = await tg.next_notification(office.user)
    assert "行程取消" in cancelled.text and "上海浦东" in cancelled.text
    assert "行程取消" in (await tg.next_notification(wang.user)).text
    [trip] = await trips_of(db, zhang.person)
    assert trip.status == TripStatus.CANCELLED
    keys = sorted(m.dedupe_key.split(">")[0] for m in await outbox(db))
    assert f"trip:{trip.id}:v2:changed" in keys and f"trip:{trip.id}:v2:cancelled" in keys


async def test_companion_sees_the_trip_but_cannot_change_it(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    li = await persona("李四", [Role.CADRE])
    card = await tg.say(zhang.user, "12月8日至10日赴上海浦东参加推介会，同行李四")
    await press(tg, zhang.user, card, "确认")
    listing = await tg.say(li.user, "/mytrips")
    assert listing.button("随张三")
    detail = await press(tg, li.user, listing, "上海浦东")
    assert "张三" in detail.text and detail.button("修改") is None and detail.button("取消行程") is None


async def test_half_filled_form_survives_a_restart(
    zsbot: Running,
    tg: TelegramTester,
    persona: MakePersona,
    db: Database,
    settings: Settings,
    clock: FixedClock,
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    prompt = await tg.say(zhang.user, "/trip")
    await press(tg, zhang.user, prompt, "表单填写")
    step = await tg.say(zhang.user, "成都")
    assert "出发日期" in step.text

    await zsbot.dp.stop_polling()  # the bot goes down mid-form …
    async with running_app(settings, clock=clock, migrate=False) as again:  # … and comes back
        polling = asyncio.create_task(
            again.dp.start_polling(again.bot, handle_signals=False, polling_timeout=1)
        )
        try:
            step = await tg.say(zhang.user, "12月3日")
            assert "返回日期" in step.text and "12月3日" in step.text
            step = await tg.say(zhang.user, "12月4日")
            step = await press(tg, zhang.user, step, "跳过")
            step = await press(tg, zhang.user, step, "跳过")
            step = await press(tg, zhang.user, step, "无同行人员")
            assert "成都" in step.text and "12月3日至12月4日" in step.text
            await press(tg, zhang.user, step, "确认")
        finally:
            with contextlib.suppress(RuntimeError):
                await again.dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(polling, 10)
    [trip] = await trips_of(db, zhang.person)
    assert trip.status == TripStatus.PLANNED and trip.legs[0].city == "成都市"
