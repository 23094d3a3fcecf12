"""One runner per SQLite file (issue 17: two processes on one file both ran the jobs and the second
reset the first's in-flight rows). The second is refused with a clear message; the lock goes with
the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.commands import app as cli
from bot.runner import running_app
from bot.settings import Settings
from db.locks import RunnerLocked, SqliteRunnerLock

TOKEN = "123456789:" + "A" * 35
ROOT = Path(__file__).resolve().parents[2]


def _hold_in_another_process(db_file: Path) -> subprocess.Popen[bytes]:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from db.locks import SqliteRunnerLock; "
            f"SqliteRunnerLock({str(db_file)!r}).acquire(); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
    return holder


def _try_in_another_process(db_file: Path) -> subprocess.CompletedProcess[bytes]:
    code = f"from db.locks import SqliteRunnerLock; SqliteRunnerLock({str(db_file)!r}).acquire()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, check=False)


def _let_go(holder: subprocess.Popen[bytes]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(10)


def test_a_lock_held_by_another_process_is_refused_and_free_after_it_ends(tmp_path: Path) -> None:
    db_file = tmp_path / "zsbot.db"
    holder = _hold_in_another_process(db_file)
    try:
        with pytest.raises(RunnerLocked, match=f"pid {holder.pid}.*already running"):
            SqliteRunnerLock(str(db_file)).acquire()
    finally:
        _let_go(holder)
    mine = SqliteRunnerLock(str(db_file))
    mine.acquire()
    again = SqliteRunnerLock(str(db_file))  # this process again (a restart in place): shared
    again.acquire()
    mine.release()
    again.release()


def test_a_lock_held_by_another_process_refuses_zsbot_run(tmp_path: Path) -> None:
    db_file = tmp_path / "zsbot.db"
    holder = _hold_in_another_process(db_file)
    try:
        env = {"ZSBOT_BOT_TOKEN": TOKEN, "ZSBOT_DATABASE_URL": f"sqlite:///{db_file}"}
        result = CliRunner().invoke(cli, ["run"], env=env)
        assert result.exit_code == 3
        assert f"pid {holder.pid}" in result.output and "already running" in result.output
    finally:
        _let_go(holder)


async def test_running_app_takes_the_lock_for_its_life(tmp_path: Path) -> None:
    db_file = tmp_path / "zsbot.db"
    url = f"sqlite+aiosqlite:///{db_file}"
    settings = Settings(bot_token=TOKEN, database_url=url, scheduler_enabled=False)  # type: ignore[arg-type]
    async with running_app(settings):
        probe = _try_in_another_process(db_file)
        assert probe.returncode != 0 and b"already running" in probe.stderr
    holder = _hold_in_another_process(db_file)  # released on exit: another process may take it
    _let_go(holder)
