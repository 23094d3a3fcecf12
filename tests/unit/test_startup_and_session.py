"""Issue 18: the answers' response models are built once, and start-up warms in the background
while /healthz says what is still warming."""

from __future__ import annotations

import asyncio
import gc
import json
import weakref

from aiogram import Bot, Dispatcher
from aiogram.methods import Response, SendMessage
from aiogram.types import Message

from bot.telegram_session import UpdateTaggingSession
from bot.warmup import FONTS, PARSERS, warm_up
from bot.webhook_input import CheckedRequestHandler

TOKEN = "123456789:" + "A" * 35
SENT = {
    "ok": True,
    "result": {"message_id": 1, "date": 0, "chat": {"id": 7, "type": "private"}, "text": "好"},
}


async def test_the_response_model_of_an_answer_survives_a_garbage_collection() -> None:
    session = UpdateTaggingSession()
    bot = Bot(TOKEN, session=session)
    try:
        response = session.check_response(bot, SendMessage(chat_id=7, text="好"), 200, json.dumps(SENT))
        assert isinstance(response.result, Message)
        del response
        model = weakref.ref(Response[Message])  # pydantic's cache of generic models is weak
        gc.collect()
        assert model() is not None  # held by the session: not rebuilt for the next answer
    finally:
        await session.close()


async def test_warm_up_lists_what_is_still_warming_until_it_is_ready() -> None:
    warming: set[str] = set()
    task = asyncio.create_task(warm_up(warming))
    await asyncio.sleep(0)
    assert warming == {PARSERS, FONTS}  # the bot answers meanwhile: /healthz lists these
    await task
    assert warming == set()


async def test_a_method_without_files_goes_as_json_and_one_with_a_file_as_a_form() -> None:
    """The JSON body carries what aiogram's form would (defaults resolved, None left out), nested."""
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
    from aiohttp import web

    seen: list[tuple[str, bytes]] = []

    async def api(request: web.Request) -> web.Response:
        seen.append((request.content_type, await request.read()))
        return web.json_response(SENT)

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    session = UpdateTaggingSession(api=TelegramAPIServer.from_base(f"http://127.0.0.1:{port}"))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))
    try:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="是", callback_data="y1:1")]]
        )
        sent = await bot.send_message(7, "<b>好</b>", reply_markup=keyboard, disable_notification=False)
        assert sent.text == "好"
        kind, body = seen[-1]
        assert kind == "application/json"
        assert json.loads(body) == {
            "chat_id": 7,
            "text": "<b>好</b>",
            "parse_mode": "HTML",
            "disable_notification": False,
            "reply_markup": {"inline_keyboard": [[{"text": "是", "callback_data": "y1:1"}]]},
        }
        await bot.send_document(7, BufferedInputFile(b"x", "a.txt"))
        assert seen[-1][0] == "multipart/form-data"
        form = AiohttpSession().build_form_data(bot, SendMessage(chat_id=7, text="好", reply_markup=keyboard))
        assert {field[0]["name"] for field in form._fields} == {
            "chat_id",
            "text",
            "parse_mode",
            "reply_markup",
        }
    finally:
        await session.close()
        await runner.cleanup()


async def test_the_warm_up_waits_for_the_updates_in_hand() -> None:
    """`zsbot run` starts the warm-up once the intake is quiet: the updates waiting for the bot first."""
    intake = CheckedRequestHandler(Dispatcher(), Bot(TOKEN), "secret")
    answered = asyncio.Event()
    in_hand = asyncio.create_task(answered.wait())
    intake._in_flight.add(in_hand)
    in_hand.add_done_callback(intake._finished)
    quiet = asyncio.create_task(intake.quiet(0, within=600))
    await asyncio.sleep(0.01)
    assert not quiet.done()  # an update in hand
    answered.set()
    await quiet
