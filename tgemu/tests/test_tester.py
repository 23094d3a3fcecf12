"""TelegramTester (what the user sees) and the JSON control API (for the web chat)."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import CommandStart
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup, Message

from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, ButtonNotFoundError, EmulatorError, FakeUser, make_png
from tgemu.wiring import run_polling


def chatty_router() -> Router:
    router = Router()
    buttons = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text="项目 A", callback_data="p:1"),
                InlineKeyboardButton(text="项目 B", callback_data="p:2"),
            ],
            [InlineKeyboardButton(text="官网", url="https://example.org")],
        ]
    )

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("第一条")
        await message.answer("第二条", reply_markup=buttons)

    @router.message(F.document)
    async def document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        data = await bot.download(message.document)
        size = len(data.read()) if data else 0
        await message.answer_document(
            BufferedInputFile(b"report:" + message.document.file_name.encode(), "回执.txt"),  # type: ignore[union-attr]
            caption=f"收到 {message.document.file_name} ({size} 字节)",
        )

    @router.message(F.location)
    async def location(message: Message) -> None:
        assert message.location is not None
        await message.answer(f"位置 {message.location.latitude:.2f},{message.location.longitude:.2f}")

    @router.message(F.photo)
    async def photo(message: Message) -> None:
        assert message.photo is not None
        await message.answer_photo(message.photo[-1].file_id, caption="已存档")

    return router


@pytest.fixture
async def polling(bot: Bot, emu: BotApiEmulator) -> AsyncIterator[None]:
    dispatcher = Dispatcher()
    dispatcher.include_router(chatty_router())
    async with run_polling(dispatcher, bot, emu):
        yield


@pytest.mark.usefixtures("polling")
async def test_cursor_hands_out_messages_in_order(tg: TelegramTester, alice: FakeUser) -> None:
    first = await tg.say(alice, "/start")
    assert first.text == "第一条"
    second = await tg.next_message(alice)
    assert second.text == "第二条" and second.button_texts == ["项目 A", "项目 B", "官网"]
    assert second.button("官网") == ("官网", "https://example.org")
    assert second.button("不存在") is None
    with pytest.raises(EmulatorError, match="matches several buttons"):
        second.button("项目")
    with pytest.raises(EmulatorError, match="no button"):
        await tg.press(alice, second, "删除")
    await tg.no_message(alice, within=0.05)
    with pytest.raises(TimeoutError, match=r"(?s)after message 3 within 0.05s.*第二条"):
        await tg.next_message(alice, timeout=0.05)


@pytest.mark.usefixtures("polling")
async def test_press_without_any_answer(tg: TelegramTester, alice: FakeUser, emu: BotApiEmulator) -> None:
    await tg.say(alice, "/start")
    menu = await tg.next_message(alice)
    with pytest.raises(TimeoutError, match="did not react"):
        await tg.press(alice, menu, "项目 A", timeout=0.2)
    [query] = emu.callback_queries.values()
    assert query.data == "p:1" and not query.answered
    with pytest.raises(ButtonNotFoundError):
        emu.press(alice, menu.source, "p:9")


@pytest.mark.usefixtures("polling")
async def test_upload_location_and_photo(tg: TelegramTester, alice: FakeUser) -> None:
    receipt = await tg.upload(alice, b"a,b\n1,2\n", "import.csv")
    assert receipt.text == "收到 import.csv (8 字节)"
    assert receipt.document is not None and receipt.document.file_name == "回执.txt"
    assert receipt.document.data == b"report:import.csv"
    where = await tg.share_location(alice, 31.2304, 121.4737)
    assert where.text == "位置 31.23,121.47"
    archived = await tg.send_photo(alice, make_png(64, 48))
    assert archived.photo is not None and archived.photo.width == 64 and archived.text == "已存档"


async def test_no_message_fails_when_the_bot_speaks(tg: TelegramTester, bot: Bot, alice: FakeUser) -> None:
    await bot.send_message(alice.id, "不请自来")
    with pytest.raises(AssertionError, match="不请自来"):
        await tg.no_message(alice, within=0.05)


async def test_control_api_round_trip(bot: Bot, emu: BotApiEmulator) -> None:
    async with aiohttp.ClientSession(emu.api_url) as http:
        async with http.post("/_control/users", json={"first_name": "张三", "username": "zhang"}) as response:
            user = await response.json()
        async with http.post(
            "/_control/messages", json={"user_id": user["id"], "text": "/start"}
        ) as response:
            sent = await response.json()
        assert sent["text"] == "/start" and sent["delivered_to_bot"]
        [update] = await bot.get_updates()
        assert update.message is not None and update.message.from_user is not None
        assert update.message.from_user.username == "zhang"

        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="好", callback_data="ok")]]
        )
        reply = await bot.send_message(user["id"], "<b>菜单</b>", reply_markup=keyboard)
        async with http.get("/_control/events", params={"after": 0, "timeout": 1}) as response:
            events = (await response.json())["events"]
        assert [event["kind"] for event in events] == ["chat", "message", "message"]
        assert events[-1]["message"]["html"] == "<b>菜单</b>"

        press = {"user_id": user["id"], "chat_id": user["id"], "message_id": reply.message_id, "button": "好"}
        async with http.post("/_control/press", json=press) as response:
            assert (await response.json())["data"] == "ok"
        photo = {"user_id": user["id"], "data_base64": base64.b64encode(make_png()).decode()}
        async with http.post("/_control/photos", json=photo) as response:
            file_url = (await response.json())["photo"]["url"]
        async with http.get(file_url) as response:
            assert await response.read() == make_png()
        async with http.get(f"/_control/chats/{user['id']}/messages", params={"after": 1}) as response:
            assert [m["message_id"] for m in await response.json()] == [2, 3]
        async with http.post("/_control/messages", json={"user_id": 999, "text": "x"}) as response:
            assert response.status == 400 and "no such user" in (await response.json())["error"]


async def test_answers_are_matched_to_the_update_that_caused_them(
    emu: BotApiEmulator, alice: FakeUser
) -> None:
    """A notification arriving first is not the answer: the X-Update-Id header says which is."""
    tg = TelegramTester(emu, timeout=3.0, match_update=True)
    sent = emu.send_text(alice, "/start")
    assert sent.update_id is not None
    url = f"{emu.api_url}/bot{emu.token}/sendMessage"
    async with aiohttp.ClientSession() as http:
        await (await http.post(url, json={"chat_id": alice.id, "text": "a notification"})).read()
        headers = {"X-Update-Id": str(sent.update_id)}
        await (await http.post(url, json={"chat_id": alice.id, "text": "welcome"}, headers=headers)).read()
    assert (await tg.answer_to(sent)).text == "welcome"
    assert (await tg.next_notification(alice)).text == "a notification"
    assert [a.message.text for a in emu.answers_to(sent.update_id)] == ["welcome"]


async def test_the_parts_of_an_answer_are_read_past_a_notification_in_between(
    emu: BotApiEmulator, alice: FakeUser
) -> None:
    """A notification landing between two parts of an answer is neither part; both are found in order."""
    tg = TelegramTester(emu, timeout=3.0, match_update=True)
    sent = emu.send_text(alice, "/report")
    assert sent.update_id is not None
    both = asyncio.create_task(tg.answers(sent, 2))  # waits until both parts exist
    url = f"{emu.api_url}/bot{emu.token}/sendMessage"
    headers = {"X-Update-Id": str(sent.update_id)}
    async with aiohttp.ClientSession() as http:
        for text, named in [("header", True), ("a notification", False), ("question", True)]:
            body = {"chat_id": alice.id, "text": text}
            await (await http.post(url, json=body, headers=headers if named else None)).read()
    header, question = await both
    assert (header.text, question.text) == ("header", "question")
    assert header.update_id == question.update_id == sent.update_id
    assert (await tg.next_answer(header)).text == "question"
    assert [m.text for m in await tg.answers(question, 2)] == ["header", "question"]  # any part names it
    assert (await tg.next_notification(alice)).text == "a notification"
    with pytest.raises(TimeoutError, match=r"sent 0 of 1 answers to update \d+ after message"):
        await tg.next_answer(question, timeout=0.05)
    notice = tg.messages(alice)[1]
    assert notice.text == "a notification" and notice.update_id is None
    with pytest.raises(EmulatorError, match="answers no update"):
        await tg.answers(notice, 1)


@pytest.mark.usefixtures("polling")
async def test_run_polling_reports_each_handled_update(emu: BotApiEmulator) -> None:
    """Once reported handled, everything the handler sent is in the chat."""
    bob = emu.add_user("Bob")
    sent = emu.send_text(bob, "/start")
    assert sent.update_id is not None
    await emu.wait_handled(sent.update_id, timeout=3.0)
    assert [m.text for m in emu.bot_messages(bob)] == ["第一条", "第二条"]


async def test_unanswered_passes_once_the_update_is_handled_silently(
    emu: BotApiEmulator, alice: FakeUser
) -> None:
    tg = TelegramTester(emu, timeout=3.0)
    sent = emu.send_text(alice, "hello")
    assert sent.update_id is not None
    waiting = asyncio.create_task(tg.unanswered(sent))
    await asyncio.sleep(0.05)
    assert not waiting.done()  # not handled yet
    emu.mark_handled(sent.update_id)
    await waiting
    answered = emu.send_text(alice, "/start")
    assert answered.update_id is not None
    url = f"{emu.api_url}/bot{emu.token}/sendMessage"
    async with aiohttp.ClientSession() as http:
        headers = {"X-Update-Id": str(answered.update_id)}
        await (await http.post(url, json={"chat_id": alice.id, "text": "late"}, headers=headers)).read()
    emu.mark_handled(answered.update_id)
    with pytest.raises(AssertionError, match="the bot answered update"):
        await tg.unanswered(answered)
