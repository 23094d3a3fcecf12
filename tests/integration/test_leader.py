"""Exactly one replica runs the jobs; another takes over when the holder dies."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from db.database import Database
from scheduler.leader import Leadership


class Flag:
    def __init__(self) -> None:
        self.leading = asyncio.Event()
        self.lost = asyncio.Event()

    async def acquire(self) -> None:
        self.leading.set()

    async def lose(self) -> None:
        self.lost.set()


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
async def test_one_leader_and_takeover(database_url: str, db: Database) -> None:
    other_db = Database(database_url)  # a second replica has its own engine
    first, second = Flag(), Flag()
    one = asyncio.create_task(Leadership(db, first.acquire, first.lose, interval=0.1).run())
    await asyncio.wait_for(first.leading.wait(), 5)
    two = asyncio.create_task(Leadership(other_db, second.acquire, second.lose, interval=0.1).run())
    await asyncio.sleep(0.5)
    assert not second.leading.is_set()

    one.cancel()  # the holder dies: its connection closes, the lock is freed
    with contextlib.suppress(asyncio.CancelledError):
        await one
    await asyncio.wait_for(second.leading.wait(), 5)
    two.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await two
    await other_db.dispose()


async def test_sqlite_is_always_the_leader(sqlite_db: Database) -> None:
    flag = Flag()
    task = asyncio.create_task(Leadership(sqlite_db, flag.acquire, flag.lose).run())
    await asyncio.wait_for(flag.leading.wait(), 2)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
