"""Small ones from the adversarial sweep (issue 17): a message that is only "/", an edit that
changes nothing (a double tap), and names with "/" or "<" carried whole through a trip."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.runner import Running
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tests.support.routers import insert_probe
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

    insert_probe(zsbot.dp, probe)
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


async def test_a_press_answered_too_late_still_does_what_it_asks(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    """Past Telegram's ~15 s a press's answer is refused ("query is too old"): what the press asks is
    done all the same, and no error is shown — whether the handler answers last or first."""
    probe = Router(name="probe")

    @probe.message(F.text == "探针")
    async def card(message: Message) -> None:
        button = InlineKeyboardButton(text="先答", callback_data="probe:first")
        await message.answer("探针卡片", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))

    @probe.callback_query(F.data == "probe:first")
    async def answers_first(query: CallbackQuery) -> None:
        assert await query.answer() is True  # refused by Telegram, taken as done
        assert isinstance(query.message, Message)
        await query.message.answer("先答后做：做完了")

    insert_probe(zsbot.dp, probe)
    cadre = await persona("张三", [Role.CADRE])
    emulator.callback_query_timeout = 0  # every answer comes too late

    languages = await tg.say(cadre.user, "/lang")  # a real handler: it answers last
    pressed = await tg.press(cadre.user, languages, "English")
    assert pressed.message is not None and "系统出错了" not in pressed.message.text
    async with zsbot.services.db.transaction() as tx:
        person = await tx.people.by_telegram_id(cadre.user.id)
        assert person is not None and person.language is not None and person.language.value == "en"

    done = await tg.press(cadre.user, await tg.say(cadre.user, "探针"), "先答")
    assert done.message is not None and done.message.text == "先答后做：做完了"
    assert not any("系统出错了" in m.text or "went wrong" in m.text for m in tg.messages(cadre.user))
