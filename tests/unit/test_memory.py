"""The C heap's free pages handed back now and then (bot/memory.py; issue 18: RSS after an hour)."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

from bot import memory

glibc_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None, reason="glibc only"
)


@glibc_only
def test_freed_memory_is_handed_back() -> None:
    blocks = [bytes(4000) for _ in range(20_000)]  # 80 MB in malloc'ed blocks below mmap's threshold
    del blocks
    assert memory.trim_native_heap() is True


async def test_the_heap_is_trimmed_while_the_bot_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: lambda pad: 1)
    trims: list[float] = []
    monkeypatch.setattr(memory, "trim_native_heap", lambda: trims.append(1) or True)
    async with memory.trimming_native_heap(every=0.01):
        await asyncio.sleep(0.1)
    count = len(trims)
    assert count >= 3
    await asyncio.sleep(0.05)
    assert len(trims) == count  # stopped with the block


async def test_without_glibc_nothing_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)
    assert memory.trim_native_heap() is False
    async with memory.trimming_native_heap(every=0.01):
        await asyncio.sleep(0.05)
        assert not any(t.get_name() == "trim-native-heap" for t in asyncio.all_tasks())
