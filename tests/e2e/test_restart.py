"""A real `zsbot run` process, killed with SIGKILL mid-batch and started again.

Nothing is lost; a duplicate can only come from a row that was in flight at the kill (counted
as uncertain); a daily job whose time passed is caught up once and not again after the restart.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import SystemClock
from db.database import Database
from db.migrate import upgrade_async
from tests.conftest import TZ
from tests.e2e.conftest import TOKEN
from tests.support.delivery import add_recipients, delivered_texts, enqueue_pings
from tgemu.emulator import BotApiEmulator
from tgemu.ratelimit import Limit, RateLimits

# xdist_group: tests that start zsbot processes run one after another on one worker (scripts/test)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]


@pytest.fixture
async def file_db(tmp_path: Path) -> AsyncIterator[tuple[str, Database]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'zsbot.db'}"
    await upgrade_async(url)
    db = Database(url)
    yield url, db
    await db.dispose()


def _start(url: str, api_url: str, tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ZSBOT_BOT_TOKEN": TOKEN,
        "ZSBOT_TELEGRAM_API_URL": api_url,
        "ZSBOT_DATABASE_URL": url,
        "ZSBOT_RATE_GLOBAL_PER_SECOND": "90",
        "ZSBOT_RATE_PRIVATE_PER_SECOND": "19",
        "ZSBOT_DIGEST_TIME": "00:00",  # already passed today: caught up at start-up
        "ZSBOT_LOG_LEVEL": "INFO",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),  # for the test-only renderers below
    }
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-c", "import tests.support.renderers; from bot.cli import main; main()", "run"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )


async def _counts(db: Database) -> dict[str, int]:
    async with db.transaction() as tx:
        return await tx.outbox.counts()


async def _housekeeping_runs(db: Database) -> list[tuple[object, object]]:
    async with db.transaction() as tx:
        return [(r.run_day, r.started_at) for r in await tx.jobs.last_runs() if r.job_id == "housekeeping"]


async def test_sigkill_mid_batch_then_restart(file_db: tuple[str, Database], tmp_path: Path) -> None:
    url, db = file_db
    emulator = BotApiEmulator(TOKEN, username="zsbot_test_bot")
    emulator.faults.enforce_rate_limits(
        RateLimits(global_limit=Limit(100, 1.0), private_chat=Limit(20, 1.0), group_chat=Limit(20, 60.0))
    )
    api_url = await emulator.start()
    try:
        people = await add_recipients(db, emulator, 100)
        assert await enqueue_pings(db, SystemClock(TZ), people, 10) == 1000

        first = _start(url, api_url, tmp_path, "first")
        try:
            await emulator.wait_for(
                lambda: True if emulator.stats.delivered_count() >= 300 else None,
                timeout=180,  # a cold start of a second Python process on a loaded CI machine
                describe=lambda: f"only {emulator.stats.delivered_count()} delivered",
            )
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        killed_at = emulator.stats.delivered_count()
        assert killed_at < 1000, "the batch finished before the kill; nothing was tested"
        runs_before = await _housekeeping_runs(db)
        assert len(runs_before) == 1  # the missed daily job caught up once

        second = _start(url, api_url, tmp_path, "second")
        try:
            async with asyncio.timeout(180):
                # the other process writes the database: nothing to wait on but the rows themselves
                while (c := await _counts(db))["sent"] + c["dead"] < 1000:  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
        finally:
            second.send_signal(signal.SIGTERM)  # graceful: finish or release in-flight rows
            assert second.wait(30) == 0, (tmp_path / "second.log").read_text()

        counts = await _counts(db)
        assert counts["sent"] == 1000 and counts["dead"] == 0 and counts["sending"] == 0
        delivered = delivered_texts(emulator, list(emulator.stats.delivered))
        expected = {(chat, f"测试消息 #{n}") for chat in emulator.stats.delivered for n in range(10)}
        assert len(emulator.stats.delivered) == 100 and expected <= set(delivered)
        duplicates = sum(n - 1 for n in delivered.values())
        assert duplicates <= counts["uncertain"]  # only rows in flight at the kill may repeat
        assert await _housekeeping_runs(db) == runs_before  # not run again after the restart
        assert emulator.stats.rate_limit_ignored == 0
    finally:
        await emulator.stop()
