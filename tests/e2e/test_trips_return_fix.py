"""An early /back frees the remaining days; a returned trip can be reopened or its return day
corrected (audited, the office told once); other people's trips cannot. Today is Wed 2026-11-25."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.outbox import outbox_drained
from tests.support.trips import D, add_trip, alert, press, trips_of
from tgemu.client import TelegramTester


async def _back(tg: TelegramTester, user: object, summary: str) -> None:
    ask = await tg.say(user, "/back")  # type: ignore[arg-type]
    assert "欢迎返程" in ask.text
    confirm = await tg.say(user, summary)  # type: ignore[arg-type]
    assert "请确认" in confirm.text
    done = await press(tg, user, confirm, "确认返程")  # type: ignore[arg-type]
    assert "行程已结束" in done.text


@BOTH_BACKENDS
async def test_early_return_then_a_new_trip_on_the_freed_day_then_correct_the_return_day(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    zhang = await persona("张三", [Role.CADRE])
    await add_trip(db, zhang.person, D(2026, 11, 24), D(2026, 11, 27))
    await _back(tg, zhang.user, "提前完成任务")
    await outbox_drained(db, app=zsbot)
    assert "返程报告" in (await tg.next_notification(office.user)).text

    card = await tg.say(zhang.user, "11月27日至28日赴杭州拜访阿里巴巴")
    assert "冲突" not in card.text and card.button("确认")
    assert "已报送" in (await press(tg, zhang.user, card, "确认")).text
    assert "杭州" in (await tg.next_notification(office.user)).text

    listing = await tg.say(zhang.user, "/mytrips")
    detail = await press(tg, zhang.user, listing, "深圳")
    assert "已返程" in detail.text and detail.button("重新打开行程") and detail.button("更正返程日期")
    refused = await alert(tg, zhang.user, detail, "重新打开行程")
    assert "已有另一个行程" in refused
    assert {t.status for t in await trips_of(db, zhang.person)} == {TripStatus.RETURNED, TripStatus.PLANNED}

    days = await press(tg, zhang.user, detail, "更正返程日期")
    assert "实际返程日期" in days.text
    fixed = await press(tg, zhang.user, days, "11月24日")
    assert "已更正为 11月24日" in fixed.text
    await outbox_drained(db, app=zsbot)
    notice = await tg.next_notification(office.user)
    assert "返程日期更正" in notice.text and "张三" in notice.text and "11月24日" in notice.text
    async with db.transaction() as tx:
        assert [a.action for a in await tx.audit.recent("trip.return_corrected")] == ["trip.return_corrected"]


async def test_reopen_a_returned_trip_then_close_it_again_and_others_may_not(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    zhang = await persona("张三", [Role.CADRE])
    li = await persona("李四", [Role.CADRE])
    trip = await add_trip(db, zhang.person, D(2026, 11, 24), D(2026, 11, 27))
    await _back(tg, zhang.user, "结束")
    await outbox_drained(db, app=zsbot)
    await tg.next_notification(office.user)

    listing = await tg.say(zhang.user, "/mytrips")
    detail = await press(tg, zhang.user, listing, "深圳")
    reopened = await press(tg, zhang.user, detail, "重新打开行程")
    assert "重新打开" in reopened.text and reopened.button("返程总结")
    [stored] = await trips_of(db, zhang.person)
    assert stored.status == TripStatus.PLANNED and stored.returned_at is None
    await outbox_drained(db, app=zsbot)
    assert "行程重新打开" in (await tg.next_notification(office.user)).text

    await _back(tg, zhang.user, "真正结束")
    await outbox_drained(db, app=zsbot)
    assert "返程报告" in (await tg.next_notification(office.user)).text  # the second close is told too
    assert tg.unread_notifications(office.user) == []

    import pytest

    from core.errors import NotYours

    with pytest.raises(NotYours):
        await zsbot.services.trips.reopen(li.person, trip.id)
    async with db.transaction() as tx:
        actions = [a.action for a in await tx.audit.for_entity("trip", trip.id)]
    assert actions == ["trip.return", "trip.reopen", "trip.return"]
