"""The parsing workers leave with the bot's process, even when it is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("processes")

PARENT = """
import asyncio, os, sys
from core.parsing import worker

async def main() -> None:
    worker.use_processes(1)
    pid = await worker.parse_off_loop(os.getpid)
    print(pid, flush=True)
    await asyncio.sleep(600)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def test_a_worker_exits_when_the_bot_is_killed() -> None:
    root = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker_pid = int(parent.stdout.readline())
        assert worker_pid != parent.pid and _alive(worker_pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30  # a deadline, not a wait: it checks every second
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(worker_pid), "the parsing worker outlived the bot"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
