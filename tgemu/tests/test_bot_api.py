"""The real aiogram Bot against the emulator: answers and errors shaped like Telegram's."""

from __future__ import annotations

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramUnauthorizedError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonCommands,
    ReplyKeyboardMarkup,
    ReplyParameters,
)

from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.wiring import make_bot


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons]
    )


async def test_get_me(bot: Bot, emu: BotApiEmulator) -> None:
    me = await bot.get_me()
    assert me.id == emu.bot_id == bot.id
    assert me.is_bot and me.username == "tgemu_bot" and me.first_name == "tgemu"
    assert me.can_read_all_group_messages is False


async def test_send_message_with_html_and_keyboard(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    sent = await bot.send_message(
        alice.id, "<b>日报</b> 已提交 &amp; 待审核", reply_markup=keyboard(("确认", "ok"), ("修改", "edit"))
    )
    assert sent.text == "日报 已提交 & 待审核"
    assert sent.entities is not None and sent.entities[0].type == "bold"
    assert sent.reply_markup is not None and sent.reply_markup.inline_keyboard[1][0].callback_data == "edit"

    [stored] = emu.transcript(alice)
    assert stored.from_bot and stored.message_id == sent.message_id
    assert stored.html == "<b>日报</b> 已提交 &amp; 待审核"
    assert stored.text == "日报 已提交 & 待审核"
    assert stored.reply_markup == {
        "inline_keyboard": [
            [{"text": "确认", "callback_data": "ok"}],
            [{"text": "修改", "callback_data": "edit"}],
        ]
    }


async def test_unbalanced_html_is_rejected(bot: Bot, alice: FakeUser, emu: BotApiEmulator) -> None:
    with pytest.raises(TelegramBadRequest) as caught:
        await bot.send_message(alice.id, "<b>未闭合")
    assert caught.value.message == (
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""
    )
    with pytest.raises(TelegramBadRequest, match=r'Unsupported start tag "foo" at byte offset 3'):
        await bot.send_message(alice.id, "ab <foo>")
    with pytest.raises(TelegramBadRequest, match="Unexpected end tag at byte offset 1"):
        await bot.send_message(alice.id, "x</b>")
    assert emu.transcript(alice) == []


async def test_text_length_counts_after_parsing(bot: Bot, alice: FakeUser) -> None:
    await bot.send_message(alice.id, "<b>" + "字" * 4096 + "</b>")
    with pytest.raises(
        TelegramBadRequest, match=r"^Telegram server says - Bad Request: message is too long$"
    ):
        await bot.send_message(alice.id, "字" * 4097)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(alice.id, "<b> </b>")


async def test_callback_data_limits(bot: Bot, alice: FakeUser) -> None:
    await bot.send_message(alice.id, "ok", reply_markup=keyboard(("a", "x" * 64)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(alice.id, "too long", reply_markup=keyboard(("a", "x" * 65)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(alice.id, "utf-8 bytes", reply_markup=keyboard(("a", "项" * 22)))


async def test_unknown_chat_and_users_who_never_started(bot: Bot, emu: BotApiEmulator) -> None:
    with pytest.raises(TelegramBadRequest, match="Bad Request: chat not found"):
        await bot.send_message(424242, "hi")
    stranger = emu.add_user("Stranger", started=False)
    with pytest.raises(TelegramForbiddenError, match="bot can't initiate conversation with a user"):
        await bot.send_message(stranger.id, "hi")
    emu.send_text(stranger, "/start")
    await bot.send_message(stranger.id, "hi")


async def test_edits(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    sent = await bot.send_message(alice.id, "<i>草稿</i>", reply_markup=keyboard(("提交", "submit")))
    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new message content"):
        await bot.edit_message_text(
            "<i>草稿</i>",
            chat_id=alice.id,
            message_id=sent.message_id,
            reply_markup=keyboard(("提交", "submit")),
        )
    edited = await bot.edit_message_text("<b>已提交</b>", chat_id=alice.id, message_id=sent.message_id)
    assert isinstance(edited, type(sent)) and edited.edit_date is not None
    stored = emu.find_message(alice.id, sent.message_id)
    assert stored is not None and stored.text == "已提交" and stored.edited
    assert stored.reply_markup is None, "editMessageText without reply_markup removes the keyboard"
    assert stored.history[0].html == "<i>草稿</i>"
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=alice.id, message_id=999)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=alice.id, message_id=sent.message_id)


async def test_replies_must_exist(bot: Bot, alice: FakeUser, emu: BotApiEmulator) -> None:
    question = emu.send_text(alice, "问题")
    answer = await bot.send_message(
        alice.id, "回答", reply_parameters=ReplyParameters(message_id=question.message_id)
    )
    assert answer.reply_to_message is not None and answer.reply_to_message.text == "问题"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(alice.id, "x", reply_parameters=ReplyParameters(message_id=77))
    orphan = await bot.send_message(
        alice.id, "x", reply_parameters=ReplyParameters(message_id=77, allow_sending_without_reply=True)
    )
    assert orphan.reply_to_message is None


async def test_delete_and_callback_answer_errors(bot: Bot, alice: FakeUser, emu: BotApiEmulator) -> None:
    sent = await bot.send_message(alice.id, "临时")
    assert await bot.delete_message(alice.id, sent.message_id)
    assert emu.transcript(alice)[-1].deleted
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(alice.id, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query("12345")


async def test_commands_per_scope_and_language(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="开始")])
    await bot.set_my_commands(
        [BotCommand(command="report", description="Daily report")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="en",
    )
    await bot.set_my_commands(
        [BotCommand(command="digest", description="日报汇总")], scope=BotCommandScopeChat(chat_id=alice.id)
    )
    assert emu.commands() == [{"command": "start", "description": "开始"}]
    assert emu.commands("all_private_chats", "en") == [{"command": "report", "description": "Daily report"}]
    assert emu.commands({"type": "chat", "chat_id": alice.id})[0]["command"] == "digest"
    assert emu.commands("all_private_chats") == []
    fetched = await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="en")
    assert [command.command for command in fetched] == ["report"]
    await bot.delete_my_commands()
    assert emu.commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Command", description="x")])
    assert await bot.set_chat_menu_button(chat_id=alice.id, menu_button=MenuButtonCommands())
    assert (await bot.get_chat_menu_button(chat_id=alice.id)).type == "commands"


async def test_chat_info_actions_location_and_reply_keyboard(
    bot: Bot, alice: FakeUser, emu: BotApiEmulator
) -> None:
    chat = await bot.get_chat(alice.id)
    assert chat.type == "private" and chat.first_name == "Alice" and chat.username == "alice"
    assert await bot.send_chat_action(alice.id, "typing")
    assert emu.chat_actions == [(alice.id, "typing")]
    location = await bot.send_location(alice.id, latitude=22.54, longitude=114.06)
    assert location.location is not None and location.location.latitude == 22.54
    markup = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="发送位置", request_location=True)]])
    await bot.send_message(alice.id, "请发送位置", reply_markup=markup)
    assert emu.chat(alice).reply_keyboard is not None


async def test_token_and_unknown_method(emu: BotApiEmulator) -> None:
    bad = make_bot(emu, token="42:short")
    with pytest.raises(TelegramUnauthorizedError):
        await bad.get_me()
    await bad.session.close()
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.api_url}/bot{emu.token}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        async with http.post(f"{emu.api_url}/bot{emu.token}/getme", json={}) as response:
            assert (await response.json())["result"]["id"] == emu.bot_id


async def test_json_and_urlencoded_bodies(emu: BotApiEmulator, alice: FakeUser) -> None:
    markup = {"inline_keyboard": [[{"text": "好", "callback_data": "y"}]]}
    async with aiohttp.ClientSession() as http:
        url = f"{emu.api_url}/bot{emu.token}/sendMessage"
        async with http.post(
            url, json={"chat_id": alice.id, "text": "json", "reply_markup": markup}
        ) as response:
            assert (await response.json())["ok"]
        form = {"chat_id": str(alice.id), "text": "<b>form</b>", "parse_mode": "HTML"}
        async with http.post(url, data=form) as response:
            assert (await response.json())["result"]["text"] == "form"
    assert [message.text for message in emu.transcript(alice)] == ["json", "form"]
    assert emu.transcript(alice)[0].reply_markup == markup


async def test_web_app_menu_button_and_inline_buttons(bot: Bot, emu: BotApiEmulator, alice: FakeUser) -> None:
    from aiogram.types import MenuButtonWebApp, WebAppInfo

    app = WebAppInfo(url="https://example.org/app/")
    assert await bot.set_chat_menu_button(
        chat_id=alice.id, menu_button=MenuButtonWebApp(text="看板", web_app=app)
    )
    assert emu.menu_buttons[alice.id] == {
        "type": "web_app",
        "text": "看板",
        "web_app": {"url": "https://example.org/app/"},
    }
    with pytest.raises(TelegramBadRequest, match="menu button"):
        await bot.set_chat_menu_button(
            chat_id=alice.id, menu_button=MenuButtonWebApp(text="看板", web_app=WebAppInfo(url="ftp://x"))
        )
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="open", web_app=app)]])
    sent = await bot.send_message(alice.id, "digest", reply_markup=markup)
    assert sent.reply_markup is not None
    assert (button := sent.reply_markup.inline_keyboard[0][0].web_app) and button.url == app.url
    group = emu.add_group("office", chat_id=-100777, chat_type="supergroup")
    with pytest.raises(TelegramBadRequest, match="BUTTON_TYPE_INVALID"):
        await bot.send_message(group.id, "digest", reply_markup=markup)
