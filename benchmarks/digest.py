"""Daily-digest build time at 1×, 10× and 100× a county (not a test: prints times and the growth ratio).

A county (1×): 6 work groups, 30 units, 200 people, 100 trips with 200 legs, 1,000 daily reports,
100 projects with 300 milestones, 2,000 ledger entries and 300 progress updates, 20 coordination
issues, 200 outbox rows. 100× is 20,000 people, 100,000 reports, 10,000 projects, 200,000 ledger
entries. Rows are bulk-inserted with Core ``INSERT``s into a fresh SQLite file; the digest (whole
campaign, as the office gets it) is then built several times and the median is reported, today's
beside the digest as of a past day (30 days ago: done dates, issue events and ledger dates as they
stood then) and November's range.

Target: the 100× digest under 1 s, and 100×/1× under 20 (every section is one aggregated query).

    .venv/bin/python -m benchmarks.digest            # 1, 10 (CI-sized)
    .venv/bin/python -m benchmarks.digest --scales 1 10 100 --runs 5
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.datasets import NOW, TODAY, TZ, county, load
from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.office.digest import Digest, DigestService
from core.office.period import Period
from core.policy import WHOLE_CAMPAIGN, Scope
from db.database import Database


async def measure(scale: int, folder: Path, runs: int) -> dict[str, float]:
    db = Database(f"sqlite+aiosqlite:///{folder / f'digest_{scale}.db'}")
    await db.create_all()
    started = time.perf_counter()
    rows = await load(db, county(scale))
    loaded = time.perf_counter() - started
    clock = FixedClock(NOW, TZ)
    service = DigestService(db, clock, Outbox(clock), CalendarService(db))
    digest = await service.build(TODAY, WHOLE_CAMPAIGN)  # warm-up: connections, statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        digest = await service.build(TODAY, WHOLE_CAMPAIGN)
        times.append(time.perf_counter() - started)
    scoped = []
    for _ in range(runs):
        started = time.perf_counter()
        await service.build(TODAY, Scope.of_group(1, "第一工作组"))
        scoped.append(time.perf_counter() - started)
    past_day = TODAY - dt.timedelta(days=30)
    await service.build(past_day, WHOLE_CAMPAIGN)
    past = []
    for _ in range(runs):
        started = time.perf_counter()
        await service.build(past_day, WHOLE_CAMPAIGN)
        past.append(time.perf_counter() - started)
    month = Period.between(dt.date(2026, 11, 1), TODAY)
    ranged = []
    for _ in range(max(1, runs // 3)):
        started = time.perf_counter()
        await service.build(TODAY, WHOLE_CAMPAIGN, period=month)
        ranged.append(time.perf_counter() - started)
    await db.dispose()
    return {
        "rows": rows,
        "load": loaded,
        "build": statistics.median(times),
        "scoped": statistics.median(scoped),
        "past": statistics.median(past),
        "range": statistics.median(ranged),
        "render": render_time(digest),
        "out": digest.out.total,
        "missing": digest.missing.total,
        "overdue": digest.overdue.total,
    }


def render_time(digest: Digest) -> float:
    """What the sender does at send time: the text and the chart (drawn afresh, not from the cache)."""
    from handlers.office.chart import _chart_png
    from handlers.office.digest_text import render_digest
    from handlers.shared.i18n import use_locale

    _chart_png.cache_clear()
    started = time.perf_counter()
    with use_locale("zh"):
        render_digest(digest)
    return time.perf_counter() - started


async def main(scales: list[int], runs: int) -> None:
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for scale in scales:
            results[scale] = await measure(scale, Path(folder), runs)
            r = results[scale]
            print(
                f"{scale:>4}×  rows {int(r['rows']):>8,}  loaded in {r['load']:6.2f} s   digest "
                f"{r['build'] * 1000:8.1f} ms (median of {runs})   as of 30 days ago {r['past'] * 1000:8.1f} ms   "
                f"November {r['range'] * 1000:8.1f} ms   one group {r['scoped'] * 1000:7.1f} ms   "
                f"render text+chart {r['render'] * 1000:6.1f} ms   "
                f"[out {int(r['out'])}, missing {int(r['missing'])}, overdue {int(r['overdue'])}]",
                flush=True,
            )
    if 1 in results and max(results) > 1:
        top = max(results)
        ratio = results[top]["build"] / results[1]["build"]
        past_ratio = results[top]["past"] / results[1]["past"]
        print(
            f"growth {top}×/1×: {ratio:.1f} today, {past_ratio:.1f} as of a past day (target < 20); "
            f"{top}× digest {results[top]['build']:.3f} s today, {results[top]['past']:.3f} s as of a past day "
            f"(target < 1 s)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(main(args.scales, args.runs))
