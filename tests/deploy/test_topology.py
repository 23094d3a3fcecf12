"""The production topology, proven on this machine: Caddy → 2 webhook replicas, PostgreSQL, Redis, and the
emulator as Telegram. Each update handled once, one scheduler leader, Telegram's 30 msg/s kept across
both replicas, and the leader's death taken over."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from core.clock import SystemClock
from tests.conftest import TZ
from tests.support.delivery import add_recipients, delivered_texts, enqueue_pings
from tests.support.outbox import outbox_settled
from tests.support.topology import Topology
from tgemu.client import TelegramTester

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.xdist_group("processes"),  # one zsbot-process test at a time (scripts/test)
]


def handled(metrics: str) -> int:
    return sum(
        int(float(value))
        for value in re.findall(
            r'^zsbot_updates_handled_total\{[^}]*result="ok"[^}]*\} (\S+)$', metrics, re.M
        )
    )


async def test_two_replicas_behind_caddy(tmp_path: Path) -> None:
    # a 100 ms safety margin (default 50 ms): on this shared 2-core machine the send path has used up
    # to 46 ms of it (README, the pace); the test proves one budget for both replicas with no 429,
    # the benchmark (`python -m benchmarks.replicas`) measures the default
    async with Topology(tmp_path, safety=0.1) as topo:
        assert topo.db is not None
        tg = TelegramTester(topo.emulator, match_update=True)

        # one leader among the replicas
        leader = await topo.wait_for_one_leader()

        # each update (through Caddy's TLS, round robin) is handled once, by one replica or the other;
        # measured only once Caddy routes to both (its health check marks a replica up a second or
        # so after it listens: before that, round robin has one upstream and one replica gets all)
        await topo.wait_routed_to_all()
        people = await add_recipients(topo.db, topo.emulator, 150)
        await add_recipients(topo.db, topo.emulator, 12)  # they talk; the 150 above get notifications
        users = list(topo.emulator.users.values())[-12:]
        answers = await asyncio.gather(*(tg.say(user, "/help") for user in users))
        assert all("干部" in answer.text for answer in answers)
        counts = [handled(await topo.metrics(replica)) for replica in topo.replicas]
        print(f"\nupdates handled per replica: {counts}")
        assert sum(counts) == len(users) and all(count > 0 for count in counts)
        for user in users:
            assert len(topo.emulator.bot_messages(user.id)) == 1  # answered once

        # Telegram's global limit kept by both replicas together (one limiter in Redis)
        assert await enqueue_pings(topo.db, SystemClock(TZ), people, 1) == 150
        settled = await outbox_settled(topo.db, done=150, timeout=60, poll=0.25)
        assert settled["sent"] == 150 and settled["dead"] == 0
        delivered = delivered_texts(topo.emulator, [u.id for u in topo.emulator.users.values()])
        pings = {key: n for key, n in delivered.items() if key[1].startswith("测试消息")}
        assert len(pings) == 150 and set(pings.values()) == {1}
        busiest = topo.emulator.stats.max_in_window(1.0)
        print(f"429 answers: {topo.emulator.stats.rate_limited}; busiest second: {busiest} messages")
        assert busiest <= topo.limit  # the emulator delivers no more; what tells is how often it refused:
        # two replicas pacing alone (~29/s each) would meet about half of their 150 sends with 429;
        # one shared budget, paced inside the window by the measured safety margin, meets none
        assert topo.emulator.stats.rate_limited == 0

        # the leader dies: the other replica takes over the jobs, and updates still get answered
        topo.kill(leader)
        successor = await topo.wait_for_one_leader(timeout=20)
        assert successor != leader
        after = await tg.say(users[0], "/help")
        assert "干部" in after.text
