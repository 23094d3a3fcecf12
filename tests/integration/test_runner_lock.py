"""One runner per SQLite file (issue 17: two processes on one file both ran the jobs and the second
reset the first's in-flight rows). The second is refused with a clear message; the lock goes with
the process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.runner import running_app
from bot.settings import Settings
from db.locks import RunnerLocked, SqliteRunnerLock

TOKEN = "123456789:" + "A" * 35


def test_a_second_lock_on_the_same_file_is_refused_and_free_after_release(tmp_path: Path) -> None:
    db_file = str(tmp_path / "zsbot.db")
    first = SqliteRunnerLock(db_file)
    first.acquire()
    with pytest.raises(RunnerLocked, match=f"pid {os.getpid()}.*already running"):
        SqliteRunnerLock(db_file).acquire()
    first.release()
    again = SqliteRunnerLock(db_file)
    again.acquire()
    again.release()


def test_a_lock_held_by_another_process_refuses_zsbot_run(tmp_path: Path) -> None:
    db_file = tmp_path / "zsbot.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from db.locks import SqliteRunnerLock; "
            f"SqliteRunnerLock({str(db_file)!r}).acquire(); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        env = {"ZSBOT_BOT_TOKEN": TOKEN, "ZSBOT_DATABASE_URL": f"sqlite:///{db_file}"}
        result = CliRunner().invoke(cli, ["run"], env=env)
        assert result.exit_code == 3
        assert f"pid {holder.pid}" in result.output and "already running" in result.output
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


async def test_running_app_takes_the_lock_for_its_life(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'zsbot.db'}"
    settings = Settings(bot_token=TOKEN, database_url=url, scheduler_enabled=False)  # type: ignore[arg-type]
    async with running_app(settings):
        with pytest.raises(RunnerLocked):
            async with running_app(settings):
                pass
    async with running_app(settings):  # released on exit
        pass
