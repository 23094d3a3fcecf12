"""Wiring a real aiogram bot to the emulator: a Bot that talks HTTP to it, and long polling in a task."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import TelegramObject, Update

from tgemu.emulator import BotApiEmulator

__all__ = ["make_bot", "report_handled", "run_polling"]


def make_bot(
    emulator: BotApiEmulator,
    *,
    token: str | None = None,
    parse_mode: str | None = "HTML",
    timeout: float = 10.0,
) -> Bot:
    """A real aiogram Bot that talks HTTP to ``emulator`` (HTML parse mode by default)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.api_url), timeout=timeout)
    return Bot(token or emulator.token, session=session, default=DefaultBotProperties(parse_mode=parse_mode))


@contextlib.asynccontextmanager
async def run_polling(
    dispatcher: Dispatcher,
    bot: Bot,
    emulator: BotApiEmulator | None = None,
    *,
    polling_timeout: int = 10,
    **kwargs: Any,
) -> AsyncIterator[asyncio.Task[None]]:
    """Run ``dispatcher.start_polling(bot)`` in a task; stop it cleanly on exit.

    With ``emulator`` given, waits until the first long poll arrives, so the bot is listening, and
    tells the emulator when the bot has finished handling each update (:meth:`wait_handled`).
    The bot's session is left open (close it yourself, e.g. ``await bot.session.close()``).
    """
    if emulator is not None:
        report_handled(dispatcher, emulator)
    task = asyncio.create_task(
        dispatcher.start_polling(
            bot, handle_signals=False, close_bot_session=False, polling_timeout=polling_timeout, **kwargs
        ),
        name="dispatcher-polling",
    )
    try:
        if emulator is not None:
            await _first_poll(emulator, task)
        yield task
    finally:
        await _stop_polling(dispatcher, task)


class _HandledReporter:
    """An outer update middleware: once the handlers have returned, the emulator learns the update is done."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        finally:
            if isinstance(event, Update):
                self.emulator.mark_handled(event.update_id)


def report_handled(dispatcher: Dispatcher, emulator: BotApiEmulator) -> None:
    """Tell ``emulator`` whenever ``dispatcher`` has finished handling an update (idempotent)."""
    middlewares = dispatcher.update.outer_middleware
    for middleware in list(middlewares):
        if isinstance(middleware, _HandledReporter):
            middlewares.unregister(middleware)  # a restart: the new emulator (or the same) reports
    middlewares.register(_HandledReporter(emulator))


async def _first_poll(emulator: BotApiEmulator, task: asyncio.Task[None]) -> None:
    waiter = asyncio.create_task(emulator.wait_until_polling(timeout=10.0))
    done, _ = await asyncio.wait({waiter, task}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        waiter.cancel()
        task.result()
        raise RuntimeError("polling stopped before it started")
    waiter.result()


async def _stop_polling(dispatcher: Dispatcher, task: asyncio.Task[None]) -> None:
    if not task.done():
        with contextlib.suppress(RuntimeError):  # "Polling is not started" if it never got going
            await dispatcher.stop_polling()
    if not task.done():
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
