"""Small ones from the adversarial sweep (issue 17): a message that is only "/", an edit that
changes nothing (a double tap), and names with "/" or "<" carried whole through a trip."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import Message

from bot.runner import Running
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


async def test_a_lone_slash_gets_the_usual_answer(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    answer = await tg.say(cadre.user, "/")
    assert "系统出错了" not in answer.text and answer.text == (await tg.say(cadre.user, "随便说点什么")).text


async def test_an_edit_that_changes_nothing_is_not_an_error(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    probe = Router(name="probe")

    @probe.message(F.text == "重画")
    async def redraw(message: Message) -> None:
        card = await message.answer("卡片")
        assert await card.edit_text("卡片") is True  # Telegram: "message is not modified"
        await message.answer("画好了")

    zsbot.dp.sub_routers.insert(1, probe)
    probe._parent_router = zsbot.dp
    cadre = await persona("张三", [Role.CADRE])
    sent = tg.emu.send_text(cadre.user, "重画")
    card, done = await tg.answers(sent, 2)
    assert (card.text, done.text) == ("卡片", "画好了")


async def test_targets_with_slash_and_angle_bracket_reach_the_office_whole(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadre = await persona("张三", [Role.CADRE])
    card = await tg.say(cadre.user, "明天去宁德拜访A/B新能源公司和<宁德时代>，后天返回")
    assert "拜访：A/B新能源公司、<宁德时代>" in card.text
    confirmed = await tg.press(cadre.user, card, "确认")
    assert confirmed.message is not None and "A/B新能源公司、<宁德时代>" in confirmed.message.text
    notice = await tg.next_notification(office.user)
    assert "A/B新能源公司、<宁德时代>" in notice.text
