"""Running the bot: long polling, or webhook mode when ZSBOT_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.app import AppServices, build_bot, build_dispatcher, build_services, build_storage
from bot.health import add_health_routes, serving_health
from bot.media import MediaArchiver
from bot.metrics import Metrics
from bot.sender import OutboxSender
from bot.settings import ConfigError, Settings
from bot.warmup import warm_up
from core.clock import Clock
from db.database import Database
from db.migrate import upgrade_async
from handlers.shared.menu import set_default_menu

log = logging.getLogger(__name__)


@dataclass
class Running:
    settings: Settings
    services: AppServices
    bot: Bot
    dp: Dispatcher
    metrics: Metrics = field(default_factory=Metrics)
    sender: OutboxSender | None = None  # set while the background work runs
    archiver: MediaArchiver | None = None  # set while the background work runs, with a media store


@asynccontextmanager
async def running_app(
    settings: Settings, *, clock: Clock | None = None, migrate: bool = True, background: bool = True
) -> AsyncIterator[Running]:
    """Database, services, Bot and Dispatcher, plus (with `background`) the sender and scheduler.

    Everything is closed in reverse order on exit; nothing is left running.
    """
    async with AsyncExitStack() as stack:
        if migrate:
            await upgrade_async(settings.database_url)
        db = Database(settings.database_url)
        stack.push_async_callback(db.dispose)
        services = build_services(settings, db, clock)
        bot = build_bot(settings)
        stack.push_async_callback(bot.session.close)
        storage, isolation = build_storage(settings, db)
        stack.push_async_callback(storage.close)
        stack.push_async_callback(isolation.close)
        metrics = Metrics()
        dp = build_dispatcher(services, storage, isolation)
        dp.update.outer_middleware(metrics.middleware())
        app = Running(settings=settings, services=services, bot=bot, dp=dp, metrics=metrics)
        if background:
            from bot.background import start_background

            await stack.enter_async_context(start_background(app))
        yield app


async def run_polling(settings: Settings) -> None:
    async with running_app(settings) as app, AsyncExitStack() as stack:
        if settings.health_port is not None:
            await stack.enter_async_context(serving_health(app, settings.health_host, settings.health_port))
        await warm_up()
        await set_default_menu(app.bot)
        await app.bot.delete_webhook(drop_pending_updates=False)
        log.info("polling %s", settings.telegram_api_url)
        await app.dp.start_polling(app.bot, allowed_updates=app.dp.resolve_used_update_types())


@asynccontextmanager
async def serving_webhook(app: Running) -> AsyncIterator[str]:
    """The webhook endpoint (aiogram's aiohttp handler, secret-token checked) and setWebhook.

    Yields the local URL the server listens on.
    """
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application

    settings = app.settings
    if settings.webhook_secret is None:
        raise ConfigError("ZSBOT_WEBHOOK_SECRET is required in webhook mode")
    secret = settings.webhook_secret.get_secret_value()
    web_app = web.Application()
    SimpleRequestHandler(dispatcher=app.dp, bot=app.bot, secret_token=secret).register(
        web_app, path=settings.webhook_path
    )
    setup_application(web_app, app.dp, bot=app.bot)
    add_health_routes(web_app, app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    try:
        await app.bot.set_webhook(
            f"{settings.webhook_url}".rstrip("/") + settings.webhook_path,
            secret_token=secret,
            allowed_updates=app.dp.resolve_used_update_types(),
        )
        log.info("webhook listening on %s:%s", settings.webhook_host, settings.webhook_port)
        yield f"http://{settings.webhook_host}:{settings.webhook_port}{settings.webhook_path}"
    finally:
        await runner.cleanup()


async def run_webhook(settings: Settings) -> None:
    async with running_app(settings) as app, serving_webhook(app):
        await warm_up()
        await set_default_menu(app.bot)
        await asyncio.Event().wait()
