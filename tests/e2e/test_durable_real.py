"""Durable updates against the real failures (issue 17): PostgreSQL cut off from a running bot (a
TCP proxy in front of it, cut and restored: the shared server is never stopped), and a `zsbot run`
process killed with SIGKILL in the middle of handling an upload, then started again.

Written against behaviour (what people see, what is stored), not against how the durable-update
middleware is built."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiogram.exceptions import TelegramNetworkError
from sqlalchemy.engine import make_url

from bot.runner import Running, running_app
from bot.settings import Settings
from core.clock import TickingClock
from db.database import Database
from db.enums import Role
from db.migrate import upgrade_async
from db.models import ImportStagingRow, ProcessedUpdate, Project
from tests.e2e.conftest import TOKEN
from tests.support.factories import add_group, add_person
from tests.support.tcpproxy import TcpProxy
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator
from tgemu.wiring import report_handled

pytestmark = pytest.mark.slow


async def _count(db: Database, model: type, *where: object) -> int:
    async with db.transaction() as tx:
        stmt = sa.select(sa.func.count()).select_from(model)
        for condition in where:
            stmt = stmt.where(condition)  # type: ignore[arg-type]
        return int(await tx.session.scalar(stmt) or 0)


@contextlib.asynccontextmanager
async def polling_bot(
    settings: Settings, clock: TickingClock, emulator: BotApiEmulator
) -> AsyncIterator[Running]:
    """The bot polling the emulator, as the `zsbot` fixture runs it, on the given settings."""
    async with running_app(settings, clock=clock, migrate=False) as app:
        report_handled(app.dp, emulator)
        polling = asyncio.create_task(app.dp.start_polling(app.bot, handle_signals=False, polling_timeout=1))
        try:
            yield app
        finally:
            with contextlib.suppress(RuntimeError):
                await app.dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError, TelegramNetworkError):
                await asyncio.wait_for(polling, 10)


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_messages_sent_while_postgresql_is_unreachable_are_handled_when_it_is_back(
    db: Database,
    database_url: str,
    settings: Settings,
    clock: TickingClock,
    emulator: BotApiEmulator,
    tg: TelegramTester,
) -> None:
    url = make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    port = await proxy.start()
    proxied = settings.model_copy(
        update={"database_url": url.set(port=port).render_as_string(hide_password=False)}
    )
    users = [emulator.add_user(f"干部{i}", language_code="zh") for i in range(6)]
    for user in users:
        await add_person(db, user.first_name, [Role.CADRE], telegram_id=user.id)
    try:
        async with polling_bot(proxied, clock, emulator):
            assert "/help" in (await tg.say(users[0], "/help", timeout=30)).text  # up and answering

            proxy.cut()  # PostgreSQL gone for the bot (the server itself runs on for everyone else)
            sent = [emulator.send_text(user, "/help") for user in users]
            await proxy.refused_at_least(6)  # the bot tried, and could not reach it, again and again
            assert [
                m for user in users for m in tg.messages(user) if m.update_id in {s.update_id for s in sent}
            ] == []
            proxy.restore()

            for message in sent:
                answer = await tg.answer_to(message, timeout=90)
                assert "/help" in answer.text and "系统出错了" not in answer.text
            assert all("系统出错了" not in m.text for user in users for m in tg.messages(user))
        ids = [s.update_id for s in sent]
        assert await _count(db, ProcessedUpdate, ProcessedUpdate.update_id.in_(ids)) == 6
        assert await _count(db, ProcessedUpdate, ProcessedUpdate.done.is_(False)) == 0
    finally:
        await proxy.stop()


# ------------------------------------------------------------------ SIGKILL mid-handler, then restart


def _start(url: str, api_url: str, tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ZSBOT_BOT_TOKEN": TOKEN,
        "ZSBOT_TELEGRAM_API_URL": api_url,
        "ZSBOT_DATABASE_URL": url,
        "ZSBOT_SCHEDULER_ENABLED": "false",
        "ZSBOT_LOG_LEVEL": "INFO",
    }
    log = (tmp_path / f"{name}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "run"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )


ROWS = 5000


@pytest.mark.xdist_group("processes")  # one zsbot-process test at a time (scripts/test)
async def test_an_upload_whose_handling_was_killed_is_handled_at_the_next_start(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'zsbot.db'}"
    await upgrade_async(url)
    db = Database(url)
    emulator = BotApiEmulator(TOKEN, username="zsbot_test_bot")
    api_url = await emulator.start()
    tg = TelegramTester(emulator, match_update=True)
    try:
        office = emulator.add_user("王主任", language_code="zh")
        await add_person(db, "王主任", [Role.OFFICE], telegram_id=office.id)
        await add_group(db, "第一工作组")
        plan = (
            "项目名称,类别,工作组,节点,截止日期\n"
            + "".join(f"项目{i},新建,第一工作组,开工,2026-12-20\n" for i in range(ROWS))
        ).encode()

        first = _start(url, api_url, tmp_path, "first")
        try:
            sent = emulator.send_document(office, plan, "plan.csv")
            # the handler is under way (it said so) when the process is killed
            progress = await tg.answer_to(sent, timeout=120)
            assert f"共 {ROWS} 行" in progress.text
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(30)
        assert first.returncode == -signal.SIGKILL
        answered = [m.text for m in tg.messages(office)]
        assert not any("新增" in text for text in answered), "the import finished before the kill"
        assert await _count(db, Project) == 0  # nothing half-imported
        assert await _count(db, ProcessedUpdate, ProcessedUpdate.done.is_(False)) == 1  # kept to replay
        left = await _count(db, ImportStagingRow)  # a dead import's rows wait for the purge (an hour on)

        second = _start(url, api_url, tmp_path, "second")
        try:
            # the upload, handled again at the start (its progress message again), and a SIGTERM in
            # the middle of that replay: the update in hand is finished, then the process ends cleanly
            await tg.answers(sent, 2, timeout=180)
            second.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(second.wait, 120) == 0, (tmp_path / "second.log").read_text()
        finally:
            if second.poll() is None:
                second.kill()
        *_, report = await tg.answers(sent, 3, timeout=5)
        assert f"新增 {ROWS}" in report.text and "系统出错了" not in report.text, report.text
        assert await _count(db, Project) == ROWS
        assert await _count(db, ProcessedUpdate, ProcessedUpdate.done.is_(False)) == 0
        assert await _count(db, ImportStagingRow) == left  # the replayed import's own staging is gone

        third = _start(url, api_url, tmp_path, "third")
        try:
            assert "/help" in (await tg.say(office, "/help", timeout=60)).text  # polling again
        finally:
            third.send_signal(signal.SIGTERM)
            assert await asyncio.to_thread(third.wait, 60) == 0, (tmp_path / "third.log").read_text()
        assert "handled again" not in (tmp_path / "third.log").read_text()  # nothing replayed twice
    finally:
        await emulator.stop()
        await db.dispose()
