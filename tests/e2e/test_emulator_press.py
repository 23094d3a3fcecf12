"""The test client's press (tgemu): it returns once the press is answered and the bot reports the
update handled, with no timer for a press that shows nothing. The other half — a press handled
but answered only afterwards (aiogram calls a method the handler returns once the update is
handled) still returns its answer — is what tests/e2e/test_trips_form_checks.py's clash alert
checks (it failed when "handled" alone ended the wait)."""

from __future__ import annotations

import asyncio

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.runner import Running
from db.enums import Language
from handlers.general.basics import LangAction, LangChoice
from tests.support.trips import forge
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

FOREVER = 3600.0  # a settle no test could wait out: returning at all shows that no timer ran


async def test_a_press_answered_with_nothing_to_show_returns_without_the_settle_timer(
    zsbot: Running, emulator: BotApiEmulator
) -> None:
    tg = TelegramTester(emulator, match_update=True, timeout=20.0, settle=FOREVER)
    stranger = emulator.add_user("陌生人", language_code="zh")
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="按钮", callback_data="x")]])
    await zsbot.bot.send_message(stranger.id, "持有的按钮", reply_markup=markup)  # a message to forge
    holder = tg.messages(stranger)[-1]
    forge(holder, "按钮", LangChoice(action=LangAction.SET, lang=Language.EN).pack())

    async with asyncio.timeout(60):  # a bound for a loaded machine; without the report: an hour
        result = await tg.press(stranger, holder, "按钮")

    assert result.answer is not None and result.answer.text  # refused: not registered
    assert result.message is None and result.new_messages == ()
    assert emulator.is_handled(result.update_id or 0)
