"""The sandbox in one piece: the Bot API emulator, the real bot wired to it, demo data and the web chat.

::

    async with sandbox(port=0) as box:        # what `zsbot sandbox` runs, usable by tests
        print(box.url)                          # http://127.0.0.1:<port>
        lead = box.persona("lead")
        outcome = await box.run_job("milestone_reminders")

The bot is the production one (same Dispatcher, services, outbox sender), polling the emulator with
the emulator's token; its clock ticks from the real now (or ``now``). Jobs run only when asked
(the page's buttons) unless ``with_scheduler``. The database is SQLite in a temporary folder that is
removed on exit, unless a ``database_url`` is given (it must be empty: demo data never mixes with
real data).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
import logging
import shutil
import tempfile
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import handlers
from bot.background import start_background
from bot.miniapp.auth import sign_init_data
from bot.miniapp.server import add_miniapp_routes, miniapp_of
from bot.miniapp.telegram import set_miniapp_menus
from bot.runner import Running, running_app
from bot.sandbox.demo import INVITEE_USER_ID, STRANGER_USER_ID, DemoWorld, Persona, load_demo
from bot.sandbox.server import MINIAPP_PATH, JobOutcome, SandboxServer, check_bind_host, serving
from bot.settings import Settings, load_settings
from bot.warmup import warm_up
from core.clock import TickingClock
from db.database import Database
from db.migrate import upgrade_async
from handlers.shared.menu import set_default_menu, set_person_menu
from scheduler.context import JobContext
from scheduler.registry import jobs
from scheduler.runner import JobRunner
from tgemu.emulator import DEFAULT_TOKEN, BotApiEmulator
from tgemu.wiring import run_polling

__all__ = ["DEFAULT_PORT", "Sandbox", "SandboxError", "sandbox", "sandbox_settings"]

log = logging.getLogger(__name__)

DEFAULT_PORT = 8080
BOT_USERNAME = "zsbot_sandbox_bot"
# Telegram's limits would make a reminder sweep trickle in for a minute; the sandbox is for watching.
SANDBOX_RATES = {
    "rate_global_per_second": 30.0,
    "rate_private_per_second": 10.0,
    "rate_group_per_minute": 300.0,
}


# Telegram's light theme (themeParams), as a client passes it to a Mini App
SANDBOX_THEME = {
    "bg_color": "#ffffff",
    "text_color": "#000000",
    "hint_color": "#707579",
    "link_color": "#3390ec",
    "button_color": "#3390ec",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#f4f4f5",
}


class SandboxError(RuntimeError):
    """The sandbox cannot start as asked (stated in one line)."""


@dataclass
class Sandbox:
    """A running sandbox: where the page is, and handles on its parts for tests."""

    url: str
    emulator: BotApiEmulator
    app: Running
    world: DemoWorld
    clock: TickingClock
    invite_link: str
    public: bool = False

    @property
    def personas(self) -> list[Persona]:
        return self.world.personas

    def persona(self, key: str) -> Persona:
        return self.world.persona(key)

    async def run_job(self, job_id: str, day: dt.date | None = None) -> JobOutcome:
        """Run a scheduled job now, as the page's buttons do (as of ``day``, default today)."""
        result = await JobRunner(JobContext(self.app.services)).run(job_id, day)
        next_workday = None
        if result.skipped:
            calendar = await self.app.services.calendar.calendar()
            next_workday = calendar.next_workday(result.day)
        return JobOutcome(result.job_id, result.day, result.count, result.skipped, next_workday)

    def miniapp_link(self, key: str, url: str | None = None) -> str | None:
        """The Mini App (at `url`'s path and query when it is on this origin, e.g. a digest's button)
        with launch data signed by the bot's token for the persona, as a Telegram client opens it."""
        persona = next((p for p in self.personas if p.key == key), None)
        if persona is None or persona.group_chat:
            return None
        path = MINIAPP_PATH
        if url:
            parts = urllib.parse.urlsplit(url)
            if parts.path.startswith(MINIAPP_PATH) and (not parts.netloc or url.startswith(self.url)):
                path = parts.path + (f"?{parts.query}" if parts.query else "")
        user = {"id": persona.user_id, "first_name": persona.name, "language_code": "zh"}
        signed = sign_init_data(DEFAULT_TOKEN, user, self.clock.now(), chat_type="sender")
        launch = urllib.parse.urlencode(
            {
                "tgWebAppData": signed,
                "tgWebAppVersion": "8.0",
                "tgWebAppPlatform": "web",
                "tgWebAppThemeParams": json.dumps(SANDBOX_THEME, separators=(",", ":")),
            },
            quote_via=urllib.parse.quote,
        )
        return f"{path}#{launch}"

    def has_miniapp(self, persona: Persona) -> bool:
        """Whether the bot gave the persona's chat a menu button opening a Mini App (setChatMenuButton)."""
        button = self.emulator.menu_buttons.get(persona.chat_id) or {}
        return button.get("type") == "web_app"

    async def info(self) -> dict[str, Any]:
        now = self.clock.now()
        return {
            "bot": self.emulator.bot_user(),
            "now": now.isoformat(timespec="seconds"),
            "today": now.date().isoformat(),
            "timezone": self.app.settings.timezone,
            "personas": [{**p.to_json(), "miniapp": self.has_miniapp(p)} for p in self.personas],
            "office_chat_id": self.world.office_chat_id,
            "invite_link": self.invite_link,
            "public": self.public,
        }


def sandbox_settings(api_url: str, database_url: str, *, with_scheduler: bool = False) -> Settings:
    """The environment's settings (timezone, job times, ...) with everything Telegram-facing replaced."""
    return load_settings(
        bot_token=DEFAULT_TOKEN,
        bot_username=BOT_USERNAME,
        telegram_api_url=api_url,
        database_url=database_url,
        webhook_url=None,
        redis_url=None,
        scheduler_enabled=with_scheduler,
        **SANDBOX_RATES,
    )


@contextlib.asynccontextmanager
async def sandbox(
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    allow_public: bool = False,
    database_url: str | None = None,
    now: dt.datetime | None = None,
    with_scheduler: bool = False,
) -> AsyncIterator[Sandbox]:
    """Start everything; stop everything (in reverse order) on exit. ``port=0``: any free port."""
    check_bind_host(host, allow_public=allow_public)
    async with AsyncExitStack() as stack:
        emulator = BotApiEmulator(DEFAULT_TOKEN, username=BOT_USERNAME, first_name="zsbot")
        await emulator.start("127.0.0.1", 0)
        stack.push_async_callback(emulator.stop)
        if database_url is None:
            database_url = await stack.enter_async_context(_temporary_sqlite())
            fresh = True
        else:
            fresh = False
        settings = sandbox_settings(emulator.api_url, database_url, with_scheduler=with_scheduler)
        await _prepare_database(settings.database_url, fresh=fresh)
        clock = TickingClock(now or dt.datetime.now(settings.tz), settings.tz)
        app = await stack.enter_async_context(
            running_app(settings, clock=clock, migrate=False, background=False)
        )
        await warm_up()
        world = await load_demo(app.services.db, clock.now())
        _add_fake_accounts(emulator, world)
        invite_link = await _invite(app, world)
        await _set_menus(app, world)
        await stack.enter_async_context(start_background(app))
        await stack.enter_async_context(
            run_polling(
                app.dp,
                app.bot,
                emulator,
                polling_timeout=10,
                allowed_updates=app.dp.resolve_used_update_types(),
            )
        )
        box = Sandbox("", emulator, app, world, clock, invite_link, public=allow_public)
        miniapp = miniapp_of(app)
        server = SandboxServer(
            emulator_url=emulator.api_url,
            info=box.info,
            run_job=box.run_job,
            known_jobs=lambda: {job_id: spec.description for job_id, spec in jobs().items()},
            allow_public=allow_public,
            mount=lambda web_app: add_miniapp_routes(web_app, miniapp),
            miniapp_link=box.miniapp_link,
        )
        await stack.enter_async_context(serving(server, host, port))
        box.url = server.url
        app.settings.miniapp_url = f"{server.url}{MINIAPP_PATH}"  # the bot's buttons open it here
        await set_miniapp_menus(app)
        yield box


@contextlib.asynccontextmanager
async def _temporary_sqlite() -> AsyncIterator[str]:
    folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="zsbot-sandbox-"))
    try:
        yield f"sqlite+aiosqlite:///{folder / 'sandbox.db'}"
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)


async def _prepare_database(url: str, *, fresh: bool) -> None:
    """A fresh temporary file gets the tables from the models; a given database is migrated and
    must hold no people yet."""
    if not fresh:
        await upgrade_async(url)
    db = Database(url)
    try:
        if fresh:
            await db.create_all()
            return
        async with db.transaction() as tx:
            if await tx.people.count():
                raise SandboxError(
                    "the database already holds people: the sandbox loads its demo data only into an "
                    "empty database (unset ZSBOT_DATABASE_URL to use a temporary one)"
                )
    finally:
        await db.dispose()


def _add_fake_accounts(emulator: BotApiEmulator, world: DemoWorld) -> None:
    """A Telegram account for every demo person (bound already), the stranger, the invitee, the group."""
    for person in world.people:
        assert person.telegram_id is not None
        emulator.add_user(person.name, user_id=person.telegram_id, language_code="zh")
    emulator.add_user(world.persona("stranger").name, user_id=STRANGER_USER_ID, language_code="zh")
    emulator.add_user(world.invitee.name, user_id=INVITEE_USER_ID, language_code="zh")
    emulator.add_group(world.office_chat_title, chat_id=world.office_chat_id, chat_type="supergroup")


async def _invite(app: Running, world: DemoWorld) -> str:
    """An invite for the not-yet-bound persona; its /start command becomes that persona's example."""
    issued = await app.services.people.create_invite(None, world.invitee.name)
    command = f"/start {issued.token}"
    world.personas = [
        dataclasses.replace(p, examples=(command,)) if p.key == "invitee" else p for p in world.personas
    ]
    return f"https://t.me/{BOT_USERNAME}?start={issued.token}"


async def _set_menus(app: Running, world: DemoWorld) -> None:
    """The command menus Telegram would show: /start and /help for strangers, per role for the bound."""
    await set_default_menu(app.bot)
    menu = handlers.menu_commands()
    for demo_person in world.people:
        assert demo_person.telegram_id is not None
        person = await app.services.people.by_telegram_id(demo_person.telegram_id)
        if person is not None:
            await set_person_menu(app.bot, person, "zh", menu)
