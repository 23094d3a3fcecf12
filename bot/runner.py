"""Running the bot: long polling, or webhook mode when ZSBOT_WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.app import AppServices, build_bot, build_dispatcher, build_services, build_storage
from bot.health import add_health_routes, serving_health
from bot.media import MediaArchiver
from bot.metrics import Metrics
from bot.miniapp.telegram import set_miniapp_menus
from bot.sender import OutboxSender
from bot.settings import ConfigError, Settings
from bot.warmup import FONTS, PARSERS, warm_up
from bot.webhook_input import CheckedRequestHandler
from core.clock import Clock
from core.importing import purge_staging
from core.parsing.worker import use_processes, use_thread
from db.database import Database
from db.migrate import upgrade_async
from handlers.shared.menu import set_default_menu

log = logging.getLogger(__name__)

WARM_UP_AFTER_QUIET = 0.25
"""Webhook mode: seconds without an update in hand before the background warm-up starts ..."""
WARM_UP_AT_THE_LATEST = 10.0
"""... or this many seconds after the webhook is set, however busy the bot is."""


@dataclass
class Running:
    settings: Settings
    services: AppServices
    bot: Bot
    dp: Dispatcher
    metrics: Metrics = field(default_factory=Metrics)
    sender: OutboxSender | None = None  # set while the background work runs
    warming: set[str] = field(default_factory=set)  # still loading in the background (bot.warmup)
    archiver: MediaArchiver | None = None  # set while the background work runs, with a media store
    intake: CheckedRequestHandler | None = None  # set while the webhook is served


@asynccontextmanager
async def running_app(
    settings: Settings, *, clock: Clock | None = None, migrate: bool = True, background: bool = True
) -> AsyncIterator[Running]:
    """Database, services, Bot and Dispatcher, plus (with `background`) the sender and scheduler.

    Everything is closed in reverse order on exit; nothing is left running.
    """
    async with AsyncExitStack() as stack:
        if background:
            _lock_sqlite_file(settings.database_url, stack)
        db = Database(settings.database_url)
        stack.push_async_callback(db.dispose)
        if migrate:
            await upgrade_async(settings.database_url, db=db)
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


def _lock_sqlite_file(url: str, stack: AsyncExitStack) -> None:
    """A runner on a SQLite file holds its lock (RunnerLocked when another process does)."""
    from sqlalchemy.engine import make_url

    from db.database import normalize_url
    from db.locks import SqliteRunnerLock

    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    lock = SqliteRunnerLock(parsed.database)
    lock.acquire()
    stack.callback(lock.release)


async def unfinished_updates(app: Running) -> list[tuple[int, str]]:
    """The updates whose handling a previous process did not finish (killed mid-way), to replay.

    On SQLite (one runner per file, see db.locks) every unfinished one; on PostgreSQL those taken in
    more than ``update_replay_after_seconds`` ago, so a sibling replica's in-flight work is left alone.
    Read before this process takes updates in: on SQLite an update this process had just taken in
    would otherwise be among them, and handled twice.
    """
    age = 0 if app.services.db.is_sqlite else app.settings.update_replay_after_seconds
    return await app.services.journal.unfinished(dt.timedelta(seconds=age))


async def replay_unfinished(
    app: Running, unfinished: list[tuple[int, str]] | None = None, *, stop: asyncio.Event | None = None
) -> int:
    """Handle again the updates whose handling a previous process did not finish (`unfinished`, as
    read by :func:`unfinished_updates` before the intake started; read now when not given). Once
    `stop` is set (SIGTERM) the update in hand is finished and the others are left to the next start."""
    from aiogram.types import Update

    from bot.middlewares import REPLAY

    replayed = 0
    pending = await unfinished_updates(app) if unfinished is None else unfinished
    for n, (update_id, payload) in enumerate(pending):
        if stop is not None and stop.is_set():
            log.info("stopping: %d unfinished updates left to the next start", len(pending) - n)
            break
        try:
            update = Update.model_validate_json(payload, context={"bot": app.bot})
        except ValueError:
            log.warning("unfinished update %s cannot be read back; dropped", update_id)
            await app.services.journal.done(update_id, alone=True)
            continue
        log.info("update %s was not finished by the previous run: handled again", update_id)
        await app.dp.feed_update(app.bot, update, **{REPLAY: True})
        replayed += 1
    return replayed


class WarmUp:
    """The background warm-up of the parsers and chart fonts (bot.warmup), started by :meth:`start`
    once the bot takes updates and has made its own start-up requests: until then it would only
    take the processor from the first answers. /healthz lists both as warming from the outset."""

    def __init__(self, app: Running) -> None:
        self.app = app
        self.task: asyncio.Task[None] | None = None
        app.warming |= {PARSERS, FONTS}

    def start(self, after: Callable[[], Awaitable[None]] | None = None) -> None:
        """Warm up in the background (once `after()` is done, when given)."""
        if self.task is None:
            self.task = asyncio.create_task(self._run(after), name="warm-up")
            # the fonts' modules are in for good too: out of the collector's sight (see warming_up)
            self.task.add_done_callback(lambda _: gc.freeze())

    async def _run(self, after: Callable[[], Awaitable[None]] | None) -> None:
        if after is not None:
            await after()
        await warm_up(self.app.warming)

    async def stop(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task


@asynccontextmanager
async def warming_up(app: Running) -> AsyncIterator[WarmUp]:
    """Parsing in worker processes (``ZSBOT_PARSE_WORKERS``), warmed in the background once the
    caller calls ``start()``: the bot answers meanwhile (what is still warming is listed by
    /healthz); stopped on exit."""
    workers = use_processes(app.settings.parse_workers)
    log.info("parsing in %s", f"{workers} worker processes" if workers else "one thread")
    # Everything loaded so far lives as long as the process: out of the garbage collector's sight,
    # its full collections (which scanned every module, model and table, a few ms each, many times
    # a second under load) cost nothing for it. `zsbot run` paused the collector while it was
    # loading (bot.cli.run): it resumes here.
    gc.freeze()
    gc.enable()
    warm = WarmUp(app)
    try:
        yield warm
    finally:
        await warm.stop()
        use_thread()


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[asyncio.Event]:
    """An event set by SIGTERM or SIGINT while inside (the default handlers again on the way out):
    from the first moment of a run, so a signal during start-up or replay stops it cleanly too."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        yield stop
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


async def run_polling(settings: Settings) -> None:
    """Poll until SIGTERM/SIGINT; a signal before polling starts (during the replay) ends the run
    once the update in hand is handled."""
    with stopping_on_signals() as stop:
        async with running_app(settings) as app, AsyncExitStack() as stack:
            if settings.health_port is not None:
                await stack.enter_async_context(
                    serving_health(app, settings.health_host, settings.health_port)
                )
            warm = await stack.enter_async_context(warming_up(app))
            await purge_staging(app.services.db)  # the staged rows of an import a crash cut short
            await replay_unfinished(app, stop=stop)
            if stop.is_set():
                return
            await set_default_menu(app.bot)
            await set_miniapp_menus(app)
            await app.bot.delete_webhook(drop_pending_updates=False)
            warm.start()
            log.info("polling %s", settings.telegram_api_url)
            await _poll_until(app, stop)


async def _poll_until(app: Running, stop: asyncio.Event) -> None:
    """aiogram's polling, stopped (gracefully, as its own signal handling would) once `stop` is set."""
    polling = asyncio.create_task(
        app.dp.start_polling(
            app.bot,
            handle_signals=False,
            allowed_updates=app.dp.resolve_used_update_types(),
            tasks_concurrency_limit=app.settings.updates_in_hand,  # the rest waits at Telegram
        ),
        name="polling",
    )
    stopped = asyncio.create_task(stop.wait(), name="stop")
    try:
        await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if not polling.done():
            log.info("stopping: polling ends")
            try:
                await app.dp.stop_polling()
            except RuntimeError:  # stopped before it began polling: nothing in hand
                polling.cancel()
                await asyncio.wait({polling})
                return
        await polling
    finally:
        stopped.cancel()


@asynccontextmanager
async def serving_webhook(app: Running) -> AsyncIterator[str]:
    """The webhook endpoint (aiogram's aiohttp handler, secret-token checked) and setWebhook.

    Yields the local URL the server listens on; the intake is ``app.intake`` meanwhile.
    """
    from aiogram.webhook.aiohttp_server import setup_application

    settings = app.settings
    if settings.webhook_secret is None:
        raise ConfigError("ZSBOT_WEBHOOK_SECRET is required in webhook mode")
    secret = settings.webhook_secret.get_secret_value()
    web_app = web.Application()
    intake = CheckedRequestHandler(app.dp, app.bot, secret, in_hand=settings.updates_in_hand)
    intake.register(web_app, path=settings.webhook_path)
    app.intake = app.metrics.intake = intake
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
        left = await intake.drain(settings.shutdown_grace_seconds)  # stop intake, finish in hand
        if left:
            log.warning("%d updates still in hand at shutdown: handled again at the next start", left)
        app.intake = app.metrics.intake = None
        await runner.cleanup()


async def run_webhook(settings: Settings) -> None:
    """Serve until SIGTERM/SIGINT, then shut down as polling does: stop taking updates, finish those
    in hand, let the sender finish or release its in-flight rows (running_app's exit), return."""
    with stopping_on_signals() as stop:
        async with running_app(settings) as app, warming_up(app) as warm:
            # before the intake starts: a new import's staging is not purged, a new update not replayed
            await purge_staging(app.services.db)
            unfinished = await unfinished_updates(app)
            async with serving_webhook(app):
                await replay_unfinished(app, unfinished, stop=stop)
                await set_default_menu(app.bot)
                await set_miniapp_menus(app)
                # the updates that were waiting for the bot (Telegram sends them once the hook is set)
                # first, then the warm-up: either would otherwise slow the other down
                intake = app.intake
                assert intake is not None
                warm.start(after=lambda: intake.quiet(WARM_UP_AFTER_QUIET, within=WARM_UP_AT_THE_LATEST))
                await stop.wait()
                log.info("stopping: no new updates; finishing those in hand and the outbox rows in flight")
