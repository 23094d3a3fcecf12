"""A bare aiogram 3 bot in webhook mode: the yardstick of :mod:`benchmarks.webhook` (not zsbot).

It answers the three kinds of update the benchmark sends the way zsbot's handlers are shaped, with
nothing behind them: a command gets a fixed text, ``/lang`` a keyboard, any other text its echo,
a button press an edit of its message (to the same text: Telegram answers "not modified", as it
does to zsbot's press here) and an answer. The same aiogram webhook handler as zsbot's
(answered at once, handled in the background). Like zsbot, its requests name the update they
answer (``X-Update-Id``: a context variable and an aiohttp trace), so the emulator can time them.

    ECHO_TOKEN=... ECHO_API_URL=http://127.0.0.1:PORT ECHO_PORT=8081 ECHO_SECRET=s python -m benchmarks.echo_bot
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import signal
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from types import SimpleNamespace
from typing import Any

from aiogram import Bot, Dispatcher, F
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
    Update,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import ClientSession, TraceConfig, TraceRequestStartParams, web

from tgemu.constants import UPDATE_ID_HEADER

PATH = "/telegram/webhook"
current: ContextVar[int | None] = ContextVar("echo_update", default=None)


async def _tag(session: ClientSession, context: SimpleNamespace, params: TraceRequestStartParams) -> None:
    update_id = current.get()
    if update_id is not None:
        params.headers[UPDATE_ID_HEADER] = str(update_id)


_TRACE = TraceConfig()
_TRACE.on_request_start.append(_tag)
_TRACE.freeze()


class TaggingSession(AiohttpSession):
    async def create_session(self) -> ClientSession:
        session = await super().create_session()  # the same one each time, once created
        if _TRACE not in session.trace_configs:
            session.trace_configs.append(_TRACE)
        return session


async def _name_update(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    if isinstance(event, Update):
        current.set(event.update_id)
    return await handler(event, data)


def dispatcher() -> Dispatcher:
    dp = Dispatcher()
    dp.update.outer_middleware(_name_update)

    @dp.message(Command("help"))
    async def help_(message: Message) -> None:
        await message.answer("/trip — 报备外出\n/report — 填报日报\n/help — 帮助")

    @dp.message(Command("lang"))
    async def lang(message: Message) -> None:
        buttons = [[InlineKeyboardButton(text="中文", callback_data="lg1:set:zh")]]
        await message.answer("请选择语言", reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons))

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(html.escape(message.text or ""))

    @dp.callback_query()
    async def press(query: CallbackQuery) -> None:
        if isinstance(query.message, Message):  # redrawn as it is (as zsbot's language card is)
            with contextlib.suppress(TelegramBadRequest):
                await query.message.edit_text("已设置")
        await query.answer()

    return dp


async def main() -> None:
    token, secret = os.environ["ECHO_TOKEN"], os.environ["ECHO_SECRET"]
    session = TaggingSession(api=TelegramAPIServer.from_base(os.environ["ECHO_API_URL"]))
    bot = Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    dp = dispatcher()
    app = web.Application()
    SimpleRequestHandler(dp, bot, handle_in_background=True, secret_token=secret).register(app, path=PATH)
    setup_application(app, dp, bot=bot)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = int(os.environ["ECHO_PORT"])
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await bot.set_webhook(f"http://127.0.0.1:{port}{PATH}", secret_token=secret)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await runner.cleanup()
    await bot.session.close()


if __name__ == "__main__":
    asyncio.run(main())
