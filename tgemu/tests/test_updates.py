"""Updates reach the bot like Telegram delivers them: long polling with offsets, or a webhook."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramConflictError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.wiring import run_polling

MENU = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="📝 填写日报", callback_data="report")],
        [InlineKeyboardButton(text="❓ 帮助", callback_data="help")],
    ]
)


def demo_router() -> Router:
    router = Router()

    @router.message(CommandStart(deep_link=True))
    async def start_with_token(message: Message, command: CommandObject) -> None:
        await message.answer(f"邀请码 <code>{command.args}</code> 已绑定")

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("<b>欢迎</b>使用招商助手", reply_markup=MENU)

    @router.message(Command("help"))
    async def help_(message: Message) -> None:
        await message.reply("帮助")

    @router.callback_query(F.data == "report")
    async def report(callback: CallbackQuery) -> None:
        assert isinstance(callback.message, Message)
        await callback.message.edit_text("请填写今日日报")
        await callback.answer("好的")

    @router.callback_query(F.data == "help")
    async def help_button(callback: CallbackQuery) -> None:
        await callback.answer("暂无帮助", show_alert=True)

    return router


@pytest.fixture
async def polling(bot: Bot, emu: BotApiEmulator) -> AsyncIterator[Dispatcher]:
    dispatcher = Dispatcher()
    dispatcher.include_router(demo_router())
    async with run_polling(dispatcher, bot, emu):
        yield dispatcher


@pytest.mark.usefixtures("polling")
async def test_dispatcher_answers_start_and_button(
    tg: TelegramTester, alice: FakeUser, emu: BotApiEmulator
) -> None:
    menu = await tg.say(alice, "/start")
    assert menu.text == "欢迎使用招商助手" and menu.html == "<b>欢迎</b>使用招商助手"
    assert menu.buttons == [[("📝 填写日报", "report")], [("❓ 帮助", "help")]] and menu.button("帮助")

    result = await tg.press(alice, menu, "日报")
    assert result.answered and result.answer is not None and result.answer.text == "好的"
    assert result.edited and result.message is not None and result.message.text == "请填写今日日报"
    assert result.message.buttons == [], "editMessageText without reply_markup drops the keyboard"
    assert menu.refresh().text == "请填写今日日报" and menu.text == "欢迎使用招商助手"

    linked = await tg.say(alice, "/start inv_abc123")
    assert linked.text == "邀请码 inv_abc123 已绑定"
    await tg.no_message(alice, within=0.1)


@pytest.mark.usefixtures("polling")
async def test_show_alert_answer_without_visible_change(tg: TelegramTester, alice: FakeUser) -> None:
    menu = await tg.say(alice, "/start")
    result = await tg.press(alice, menu, "帮助")
    assert result.answer is not None and result.answer.show_alert and result.answer.text == "暂无帮助"
    assert result.message is None and not result.edited


@pytest.mark.usefixtures("polling")
async def test_group_privacy_mode(tg: TelegramTester, alice: FakeUser, emu: BotApiEmulator) -> None:
    group = emu.add_group("招商一组")
    emu.add_bot_to_group(alice, group)
    chatter = emu.send_text(alice, "大家好", chat=group)
    assert chatter.update_id is None, "with privacy mode on, the bot does not see ordinary group chatter"
    reply = await tg.say(alice, "/help@tgemu_bot", chat=group)
    assert reply.text == "帮助" and reply.reply_to_message_id is not None
    assert emu.send_text(alice, "/help@other_bot", chat=group).update_id is None
    kinds = [next(key for key in update if key != "update_id") for update in emu.updates_log]
    assert "my_chat_member" not in kinds, "aiogram asked only for the update types its handlers use"
    assert emu.updates_log[0]["message"]["new_chat_members"][0]["id"] == emu.bot_id


async def test_get_updates_offset_timeout_and_limit(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    for text in ("一", "二", "三"):
        emu.send_text(alice, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["一", "二"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["三"]
    assert await bot.get_updates(offset=rest[-1].update_id + 1, timeout=0) == []

    waiting = asyncio.create_task(bot.get_updates(offset=rest[-1].update_id + 1, timeout=5))
    await emu.wait_until_polling()
    emu.send_text(alice, "/start abc")
    [update] = await asyncio.wait_for(waiting, 2)
    assert update.message is not None and update.message.entities is not None
    assert update.message.entities[0].type == "bot_command" and update.message.entities[0].length == 6


async def test_allowed_updates_filter_new_updates(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    await bot.get_updates(allowed_updates=["callback_query"], timeout=0)
    emu.send_text(alice, "ignored")
    assert await bot.get_updates(timeout=0) == []


async def webhook_server(dispatcher: Dispatcher, bot: Bot, **options: object) -> tuple[web.AppRunner, str]:
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, **options).register(app, path="/hook")  # type: ignore[arg-type]
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}/hook"


async def test_webhook_delivery_with_secret(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    dispatcher = Dispatcher()
    dispatcher.include_router(demo_router())
    runner, url = await webhook_server(dispatcher, bot, secret_token="s3cret-token")
    try:
        await bot.set_webhook(url, secret_token="wrong-secret")
        emu.send_text(alice, "/start")
        await emu.wait_for(lambda: emu.webhook_deliveries or None, timeout=3, describe=lambda: "no delivery")
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 1
        assert info.last_error_message == "Wrong response from the webhook: 401 Unauthorized"

        await bot.set_webhook(url, secret_token="s3cret-token")
        reply = await emu.wait_bot_message(alice, after_message_id=0, timeout=3)
        assert reply.text == "欢迎使用招商助手"
        assert emu.webhook_deliveries[-1].status == 200
        with pytest.raises(
            TelegramConflictError, match="can't use getUpdates method while webhook is active"
        ):
            await bot.get_updates()
        await bot.delete_webhook()
        assert await bot.get_updates(timeout=0) == []
    finally:
        await runner.cleanup()


async def test_webhook_reply_method_is_executed(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    router = Router()

    @router.message()
    async def echo(message: Message) -> SendMessage:
        return message.answer(f"收到:<b>{message.text}</b>")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    runner, url = await webhook_server(dispatcher, bot, handle_in_background=False)
    try:
        await bot.set_webhook(url)
        emu.send_text(alice, "你好")
        reply = await emu.wait_bot_message(alice, timeout=3)
        assert reply.text == "收到:你好"
        assert emu.webhook_deliveries[-1].reply_method == "sendMessage"
    finally:
        await runner.cleanup()
