"""glibc's malloc arenas capped for zsbot's process (bot/memory.py; issue 18: RSS after an hour)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from bot.memory import cap_malloc_arenas

# Threads that malloc at once with the GIL released (SQLite's own work): glibc gives them arenas.
PROBE = textwrap.dedent(
    """
    import ctypes, sqlite3, sys, threading
    from bot.memory import cap_malloc_arenas

    print(cap_malloc_arenas(), flush=True)

    def work():
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE t (x TEXT)")
        for _ in range(20):
            conn.executemany("INSERT INTO t VALUES (?)", [("x" * 200,)] * 2000)
            conn.execute("SELECT x, count(*) FROM t GROUP BY x").fetchall()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ctypes.CDLL("libc.so.6").malloc_stats()  # one "Arena n:" block per arena, on stderr
    """
)

glibc_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None, reason="glibc only"
)


def _probe(env: dict[str, str]) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout.strip(), done.stderr.count("Arena ")


@glibc_only
def test_threads_share_at_most_two_arenas() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    capped, arenas = _probe(env)
    assert capped == "True"
    assert 1 <= arenas <= 2


@glibc_only
def test_an_operators_malloc_arena_max_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert cap_malloc_arenas() is False
    capped, arenas = _probe({**os.environ, "MALLOC_ARENA_MAX": "4"})
    assert capped == "False" and arenas <= 4
