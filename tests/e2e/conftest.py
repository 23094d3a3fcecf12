"""End-to-end fixtures: a fresh emulator and a real zsbot (aiogram Bot over HTTP) per test."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass

import pytest
from aiogram.exceptions import TelegramNetworkError

from bot.runner import Running, running_app
from bot.settings import Settings
from core.clock import FixedClock, TickingClock
from db.database import Database
from db.enums import Language, Role
from db.models import Person, WorkGroup
from scheduler.runner import JobResult, JobRunner
from tests.conftest import NOW, TZ
from tests.support.factories import add_person
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.wiring import report_handled

TOKEN = "123456789:" + "A" * 35


@pytest.fixture(scope="session", autouse=True)
def parsers_warm() -> None:
    """jionlp's first call loads its dictionaries (1–3 s on a busy machine), as `zsbot run` does at
    start-up (bot/warmup.py): paid once per session, not inside a test's 5 s answer timeout."""
    from core.parsing.worker import _warm

    _warm()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """End-to-end tests run on SQLite unless a test asks for PostgreSQL too (indirect parametrize)."""
    return str(getattr(request, "param", "sqlite"))


BOTH_BACKENDS = pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def clock() -> TickingClock:
    """Starts at Wed 2026-11-25 10:00 Shanghai and ticks, so outbox retries come due."""
    return TickingClock(NOW, TZ)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(TOKEN, username="zsbot_test_bot")
    await emu.start(host="127.0.0.1", port=0)
    yield emu
    await emu.stop()


@pytest.fixture
def tg(emulator: BotApiEmulator) -> TelegramTester:
    # 20 s: a deadline for a loaded CI machine (4 workers on 2 cores), not a wait: answers come in ms
    return TelegramTester(emulator, match_update=True, timeout=20.0)


@pytest.fixture
def settings(database_url: str, emulator: BotApiEmulator) -> Settings:
    return Settings(
        bot_token=TOKEN,  # type: ignore[arg-type]
        telegram_api_url=emulator.api_url,
        database_url=database_url,
        scheduler_enabled=False,
        rate_global_per_second=500,
        rate_private_per_second=50,
        rate_group_per_minute=3000,
        send_timeout_seconds=5,
        redis_prefix=f"zsbot-test:{uuid.uuid4().hex[:12]}",  # tests that set a Redis URL share no keys
    )


@pytest.fixture
async def zsbot(
    settings: Settings, db: Database, clock: FixedClock, emulator: BotApiEmulator
) -> AsyncIterator[Running]:
    """The bot polling the emulator, with the outbox sender running; stopped cleanly after."""
    async with running_app(settings, clock=clock, migrate=False) as app:
        report_handled(app.dp, emulator)  # so TelegramTester.unanswered can tell
        polling = asyncio.create_task(app.dp.start_polling(app.bot, handle_signals=False, polling_timeout=1))
        await asyncio.sleep(0)
        try:
            yield app
        finally:
            with contextlib.suppress(RuntimeError):
                await app.dp.stop_polling()
            # A poll still in flight may time out against a loaded machine's emulator at teardown:
            # the test's assertions are done by then, so that is not a failure of the test.
            with contextlib.suppress(asyncio.CancelledError, TelegramNetworkError):
                await asyncio.wait_for(polling, 10)


@dataclass
class Persona:
    """A registered person and the fake Telegram user who is them."""

    person: Person
    user: FakeUser

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def id(self) -> int:
        return self.user.id


MakePersona = Callable[..., Awaitable[Persona]]


@pytest.fixture
def persona(db: Database, emulator: BotApiEmulator) -> MakePersona:
    """`await persona("张三", [Role.CADRE])`: a bound person, ready to talk to the bot."""

    async def make(
        name: str,
        roles: Iterable[Role] = (Role.CADRE,),
        *,
        language: Language | None = Language.ZH,
        work_group: WorkGroup | None = None,
        phone: str | None = None,
        unit: str | None = None,
    ) -> Persona:
        user = emulator.add_user(name, language_code=language.value if language else "zh")
        person = await add_person(
            db,
            name,
            roles,
            telegram_id=user.id,
            language=language,
            work_group=work_group,
            phone=phone,
            unit=unit,
        )
        return Persona(person, user)

    return make


async def run_job(app: Running, job_id: str, day: object | None = None) -> JobResult:
    from scheduler.context import JobContext

    runner = JobRunner(JobContext(app.services), on_outcome=app.metrics.job_outcome)
    return await runner.run(job_id, day)  # type: ignore[arg-type]
