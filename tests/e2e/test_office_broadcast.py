"""/broadcast end to end: audience → text → preview → send through the outbox → tally and refresh."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from tests.support.office import county_with_users
from tests.support.outbox import no_notification
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


async def test_the_office_broadcasts_to_cadres_and_sees_the_tally(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "张三", "李四", "赵六", "钱七")
    emulator.block_bot(users["赵六"])
    office = users["王主任"]

    menu = await tg.say(office, "/broadcast")
    assert menu.text == "请选择通知发送对象："
    assert menu.button_texts[:5] == ["全体人员", "招商干部", "项目负责人", "工作组组长", "指挥部办公室"]
    assert "第一工作组" in menu.button_texts and "第二工作组" in menu.button_texts
    asked = await tg.press(office, menu, "招商干部")
    assert asked.message is not None and asked.message.text.startswith("发送对象：招商干部。\n请输入通知内容")

    preview = await tg.say(office, "明天上午9点在三楼会议室召开<调度会>")
    # 张三, 李四, 赵六 and 周八 (bound, blocked the bot earlier) — four people with an account
    assert preview.text == "通知预览\n发送对象：招商干部，共 4 人\n\n明天上午9点在三楼会议室召开<调度会>"
    assert preview.button_texts == ["发送", "取消"]

    sent = await tg.press(office, preview, "发送")
    [status] = await tg.answers(sent, 1)
    assert status.text.startswith("通知 #1（发送对象：招商干部）\n共 4 人：")
    assert status.button_texts == ["刷新"]

    received = await tg.next_notification(users["张三"])
    assert received.text == "📢 指挥部通知\n\n明天上午9点在三楼会议室召开<调度会>\n\n—— 王主任"
    assert (await tg.next_notification(users["李四"])).text == received.text
    await no_notification(tg, db, users["钱七"], app=zsbot)  # a project lead: not in the audience
    refreshed = await tg.press(office, status, "刷新")
    assert refreshed.message is not None
    assert refreshed.message.text == "通知 #1（发送对象：招商干部）\n共 4 人：已送达 2，发送中 0，无法送达 2"
    latest = await tg.say(office, "/broadcast_status")
    assert latest.text == refreshed.message.text


async def test_cancel_sends_nothing_and_others_may_not_broadcast(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "孙组长", "张三")
    office = users["王主任"]
    menu = await tg.say(office, "/broadcast")
    await tg.press(office, menu, "第一工作组")
    preview = await tg.say(office, "本周五前报送材料")
    assert "发送对象：第一工作组，共 2 人（另有 1 人未绑定账号，无法接收）" in preview.text
    cancelled = await tg.press(office, preview, "取消")
    assert cancelled.message is not None and cancelled.message.text == "已取消，通知未发送。"
    async with db.transaction() as tx:
        assert await tx.outbox.with_key_prefix("broadcast:") == []
    await no_notification(tg, db, users["张三"], app=zsbot)

    assert (await tg.say(users["孙组长"], "/broadcast")).text == "您没有使用该功能的权限。"
    assert (await tg.say(users["张三"], "/broadcast_status")).text == "您没有使用该功能的权限。"
    assert (await tg.say(office, "/broadcast_status")).text == "您还没有发送过通知。"
