"""benchmarks.pauses: a process started with BENCH_PAUSES and the site folder on its PYTHONPATH
records its long event-loop callbacks and collections from the start, and the summary names them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks import pauses

PROGRAM = """
import asyncio, gc, time
async def main():
    asyncio.get_running_loop().call_soon(time.sleep, 0.05)  # a callback that holds the loop 50 ms
    await asyncio.sleep(0.1)
    asyncio.get_running_loop().call_soon(time.sleep, 0.001)  # a short one: not written
    await asyncio.sleep(0.01)
keep = [[i] for i in range(400_000)]  # a heap worth a full collection of several ms
gc.collect()
asyncio.run(main())
"""


def test_a_started_process_records_its_long_callbacks_and_collections(tmp_path: Path) -> None:
    env = pauses.child_env(tmp_path, dict(os.environ))
    subprocess.run([sys.executable, "-c", PROGRAM], env=env, check=True, timeout=120)

    (log,) = tmp_path.glob("*.log")
    command, *events = log.read_text(encoding="utf-8").splitlines()
    assert command.startswith("-c")
    callbacks = [e for e in events if e.split()[1] == "callback"]
    assert len(callbacks) == 1 and "sleep" in callbacks[0] and float(callbacks[0].split()[2]) >= 50
    assert any(e.split()[1] == "gc2" for e in events)
    (line,) = pauses.summary(tmp_path)
    assert "1 callback ≥ 15 ms (longest 5" in line and "gc ≥ 5 ms" in line


def test_without_the_variable_nothing_is_recorded(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != pauses.ENV}
    env["PYTHONPATH"] = pauses.site_path()
    subprocess.run([sys.executable, "-c", PROGRAM], env=env, check=True, timeout=120, cwd=tmp_path)
    assert list(tmp_path.glob("*.log")) == []
