"""Large imports (issue 17): a plan at the row limit is staged in batches (each its own short
transaction), checked batch by batch and applied in one final transaction, all or nothing, with a
progress message; the bot answers others between batches; a bigger file (the issue's 400k rows) is
refused at the limit without being read whole; a crash mid-import applies nothing and its staged
rows are purged. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

import core.importing
from bot.runner import Running
from core.clock import FixedClock
from core.importing import BATCH_ROWS, purge_staging
from core.project_import import ProjectImportService
from db.database import Database
from db.enums import Role
from db.migrate import upgrade_async
from db.models import ImportStagingRow, Milestone, Project
from tests.e2e.conftest import BOTH_BACKENDS, TOKEN, MakePersona
from tests.support.factories import add_group
from tgemu.client import TelegramTester

pytestmark = pytest.mark.slow

LIMIT = 20_000  # the default row limit (ZSBOT_IMPORT_MAX_ROWS): the largest plan the bot takes
HEADER = "项目名称,类别,工作组,节点,截止日期\n"


def plan_csv(rows: int, *, last: str | None = None) -> bytes:
    lines = [f"项目{i},新建,第一工作组,开工,2026-12-20\n" for i in range(rows)]
    if last is not None:
        lines[-1] = last
    return (HEADER + "".join(lines)).encode()


async def count(db: Database, model: type) -> int:
    async with db.transaction() as tx:
        return int(await tx.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


@BOTH_BACKENDS
async def test_a_plan_at_the_row_limit_is_staged_checked_and_applied_while_others_are_answered(
    zsbot: Running,
    tg: TelegramTester,
    db: Database,
    persona: MakePersona,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadre = await persona("张三", [Role.CADRE])
    await add_group(db, "第一工作组")
    assert zsbot.services.project_imports.max_rows == LIMIT
    # the import waits after its first checked batch until the test has been answered meanwhile
    paused, go = asyncio.Event(), asyncio.Event()
    staged_at_pause: list[int] = []
    real_report = core.importing.Staging.report

    async def report(self: core.importing.Staging, step: str, done: int) -> None:
        await real_report(self, step, done)
        if step == "checked" and not paused.is_set():
            staged_at_pause.append(await count(db, ImportStagingRow))
            paused.set()
            await go.wait()

    monkeypatch.setattr(core.importing.Staging, "report", report)
    progress = await tg.upload(office.user, plan_csv(LIMIT), "plan.csv", timeout=120)
    assert f"共 {LIMIT} 行" in progress.text
    await asyncio.wait_for(paused.wait(), 120)
    assert staged_at_pause == [LIMIT]  # every row staged (committed batch by batch) before the check
    assert await count(db, Project) == 0  # nothing applied yet
    help_answer = await tg.say(cadre.user, "/help", timeout=60)  # answered mid-import
    assert help_answer.text and "系统出错了" not in help_answer.text
    go.set()

    done = await tg.next_answer(progress, timeout=300)
    assert f"新增 {LIMIT}" in done.text or str(LIMIT) in done.text, done.text
    assert "检查完毕" in progress.refresh().text  # the progress message was edited along the way
    assert await count(db, Project) == LIMIT
    assert await count(db, Milestone) == LIMIT
    assert await count(db, ImportStagingRow) == 0  # the staging rows are gone


@BOTH_BACKENDS
async def test_a_bad_row_or_a_refusal_while_applying_leaves_nothing_and_no_staging(
    db: Database, clock: FixedClock
) -> None:
    await add_group(db, "第一工作组")
    imports = ProjectImportService(db, clock, max_rows=LIMIT)
    rows = 2 * BATCH_ROWS + 500  # three batches
    steps: list[str] = []

    async def progress(step: str, done: int, total: int) -> None:
        steps.append(step)

    bad_last = "项目末,新建,第一工作组,开工,2026-13-45\n"  # a bad date in the last batch
    report = await imports.import_plan(plan_csv(rows, last=bad_last), "plan.csv", progress=progress)
    assert [e.row for e in report.errors] == [rows + 1] and report.created == 0
    assert steps.count("staged") == 3 and steps.count("checked") == 3 and "applying" not in steps
    assert await count(db, Project) == 0 and await count(db, ImportStagingRow) == 0

    # every row checks, but the last project is new without a category: refused in the final
    # transaction, after thousands of projects were written in it: all of them rolled back
    no_category = "项目末,,第一工作组,开工,2026-12-20\n"
    report = await imports.import_plan(plan_csv(rows, last=no_category), "plan.csv")
    assert [(e.row, e.code) for e in report.errors] == [(rows + 1, "required")]
    assert report.created == 0 and report.changes == []
    assert await count(db, Project) == 0 and await count(db, Milestone) == 0
    assert await count(db, ImportStagingRow) == 0


async def test_the_issues_400k_row_file_is_refused_at_the_limit_without_reading_it_whole(
    db: Database, clock: FixedClock, tmp_path: Path
) -> None:
    await add_group(db, "第一工作组")
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_csv(400_000))
    imports = ProjectImportService(db, clock, max_rows=LIMIT)
    tracemalloc.start()
    try:
        report = await imports.import_plan(path, path.name)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [e.code for e in report.errors] == ["too_many_rows"]
    assert f"超过 {LIMIT} 行" in report.errors[0].detail
    print(f"peak memory reading a 400k-row plan against the limit: {peak / 2**20:.0f} MB")
    assert peak < 200 * 2**20  # the issue's run reached 822 MB before it was killed
    assert await count(db, Project) == 0 and await count(db, ImportStagingRow) == 0


def _cli(url: str, tmp_path: Path, file: Path) -> tuple[subprocess.Popen[bytes], Path]:
    env = {
        **os.environ,
        "ZSBOT_BOT_TOKEN": TOKEN,
        "ZSBOT_DATABASE_URL": url,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    log = tmp_path / "import.log"
    process = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main; main()", "import", "projects", str(file)],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    return process, log


async def _until(condition: Callable[[], Awaitable[bool]], what: str, timeout: float = 180) -> None:  # noqa: ASYNC109
    """Polls ``condition`` (another process writes what it looks at: nothing to wait on but that)."""
    try:
        async with asyncio.timeout(timeout):
            while not await condition():  # noqa: ASYNC110
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"not seen within {timeout} s: {what}") from None


@pytest.fixture
async def migrated(database_url: str) -> AsyncIterator[str]:
    """A database URL migrated the way `zsbot import` finds it (Alembic, not create_all).

    ``database_url`` (a sync fixture) makes the session's PostgreSQL database before the loop runs:
    asked for from inside this coroutine, its set-up would fail and stay failed for the session.
    """
    url = database_url
    if url.startswith("postgresql"):
        fresh = Database(url)
        async with fresh.engine.begin() as conn:
            await conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            await conn.exec_driver_sql("CREATE SCHEMA public")
        await fresh.dispose()
    await upgrade_async(url)
    yield url


@BOTH_BACKENDS
@pytest.mark.xdist_group("processes")  # one zsbot-process test at a time (scripts/test)
async def test_sigkill_in_the_final_transaction_applies_nothing_and_the_staging_is_purged(
    migrated: str, tmp_path: Path
) -> None:
    db = Database(migrated)
    try:
        await _killed_mid_import(db, migrated, tmp_path)
    finally:
        await db.dispose()


async def _killed_mid_import(db: Database, database_url: str, tmp_path: Path) -> None:
    await add_group(db, "第一工作组")
    file = tmp_path / "plan.csv"
    file.write_bytes(plan_csv(LIMIT))
    process, log = _cli(database_url, tmp_path, file)
    try:

        async def saving() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the import ended before the kill:\n{log.read_text()}")
            return "saving" in log.read_text()

        await _until(saving, "the final transaction began")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    assert await count(db, Project) == 0 and await count(db, Milestone) == 0  # nothing half-applied
    assert await count(db, ImportStagingRow) == LIMIT  # left behind by the dead process…
    assert await purge_staging(db) == 0  # … not yet taken for a dead import's (it may be running)
    later = dt.datetime.now(dt.UTC) + core.importing.STALE_STAGING + dt.timedelta(minutes=1)
    assert await purge_staging(db, later) == LIMIT  # at a start or housekeeping an hour on: gone
    assert await count(db, ImportStagingRow) == 0

    file.write_bytes(plan_csv(BATCH_ROWS + 1))  # the next import goes through, whole
    process, log = _cli(database_url, tmp_path, file)
    assert await asyncio.to_thread(process.wait, 300) == 0, log.read_text()
    assert await count(db, Project) == BATCH_ROWS + 1 and await count(db, ImportStagingRow) == 0
