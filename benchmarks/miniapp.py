"""Mini App API latency on a synthetic county (not a test: prints p50 / p99 per endpoint).

The county of benchmarks/datasets.py at ``--scale`` (default 100×: 20,000 people, 10,000 projects,
200,000 ledger entries, 100,000 reports) in a fresh SQLite file; the Mini App's routes on a local
aiohttp server; each endpoint requested ``--runs`` times over HTTP with signed launch data, as an
office member (the whole campaign) and as a group leader (one work group). Times include the
initData check, the person lookup, the queries and the JSON. Goal: p99 < 200 ms on SQLite.

    .venv/bin/python -m benchmarks.miniapp                 # 100×
    .venv/bin/python -m benchmarks.miniapp --scale 10 --runs 50
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from aiohttp import ClientSession, web

from benchmarks.datasets import NOW, TZ, county, load
from bot.app import build_services
from bot.miniapp.auth import sign_init_data
from bot.miniapp.server import MiniApp, add_miniapp_routes
from bot.settings import load_settings
from core.clock import FixedClock
from db.database import Database
from db.enums import Role
from db.models import Person, PersonRole
from tgemu.emulator import DEFAULT_TOKEN

TOKEN = DEFAULT_TOKEN
ENDPOINTS = [
    "me",
    "travel",
    "targets",
    "targets?by=park",
    "trend",
    "board",
    "board?overdue=1",
    "board?stalled=1&offset=50",
    "project/{project}",
    "supervision",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def readers(db: Database) -> tuple[int, int, int]:
    """An office member's Telegram id, a group leader's (made so here), a project of that group."""
    async with db.transaction() as tx:
        office = await tx.session.scalar(
            sa.select(Person.telegram_id)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(PersonRole.role == Role.OFFICE, Person.telegram_id.is_not(None))
            .limit(1)
        )
        leader = (
            await tx.session.execute(
                sa.select(Person.id, Person.telegram_id, Person.work_group_id)
                .where(Person.work_group_id.is_not(None), Person.telegram_id.is_not(None))
                .order_by(Person.id)
                .limit(1)
            )
        ).one()
        await tx.session.execute(sa.insert(PersonRole).values(person_id=leader[0], role=Role.GROUP_LEADER))
        project = await tx.session.scalar(
            sa.text("SELECT id FROM projects WHERE work_group_id = :g AND archived = 0 ORDER BY id LIMIT 1"),
            {"g": leader[2]},
        )
    assert office is not None and project is not None
    return int(office), int(leader[1]), int(project)


async def main(scale: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'miniapp.db'}"
        db = Database(url)
        await db.create_all()
        started = time.perf_counter()
        rows = await load(db, county(scale))
        print(f"{scale}× county: {rows:,} rows loaded in {time.perf_counter() - started:.1f} s", flush=True)
        settings = load_settings(bot_token=TOKEN, database_url=url)
        services = build_services(settings, db, FixedClock(NOW, TZ))
        office, leader, project = await readers(db)
        web_app = web.Application()
        add_miniapp_routes(web_app, MiniApp(services, TOKEN))
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}/app/api/"
        print(f"{'endpoint':<28}{'reader':<10}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        worst = 0.0
        try:
            async with ClientSession() as http:
                for who, telegram_id in (("office", office), ("leader", leader)):
                    auth = {
                        "Authorization": "tma "
                        + sign_init_data(TOKEN, {"id": telegram_id, "first_name": who}, NOW)
                    }
                    for endpoint in ENDPOINTS:
                        path = endpoint.format(project=project)
                        async with http.get(base + path, headers=auth) as warm:  # warm-up
                            assert warm.status == 200, (path, warm.status, await warm.text())
                        times = []
                        for _ in range(runs):
                            began = time.perf_counter()
                            async with http.get(base + path, headers=auth) as response:
                                await response.read()
                                assert response.status == 200
                            times.append((time.perf_counter() - began) * 1000)
                        p99 = percentile(times, 0.99)
                        worst = max(worst, p99)
                        print(
                            f"{endpoint.split('?')[0] + ('?' + endpoint.split('?')[1] if '?' in endpoint else ''):<28}"
                            f"{who:<10}{statistics.median(times):9.1f}{p99:9.1f}{max(times):9.1f}",
                            flush=True,
                        )
        finally:
            await runner.cleanup()
            await db.dispose()
        print(f"worst p99 {worst:.1f} ms (goal < 200 ms), {runs} requests per line")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(main(args.scale, args.runs))
