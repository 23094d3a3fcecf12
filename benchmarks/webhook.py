"""Handler cost: zsbot in webhook mode beside a bare aiogram echo bot (not a test: prints ratios).

Both bots run as their own processes (`zsbot run` with ZSBOT_WEBHOOK_URL set, and
:mod:`benchmarks.echo_bot`), side by side, each step on one then on the other (so a machine whose
load changes weighs on both alike), each against its own emulator in this process
(tgemu, no rate limit), on SQLite and on PostgreSQL (a county of :mod:`benchmarks.datasets`: 200
people, 100 projects, their trips and reports). For three updates —

- ``/help``;
- a button press (``/lang`` → 中文 again: the card edited and the press answered, as the echo bot
  does; each person's first press, which stores the language and sets their menu once, is made
  before the steps);
- a one-line trip (``明天去深圳拜访华为，后天返回``: parsed and shown as a card to confirm)

(updates are posted to each bot over up to 40 connections at once, as Telegram does)

— it prints the maximum sustained rate (a burst of ``--burst`` updates: answered / time to the last
answer), p50/p99 latency (update sent → its answer: sendMessage, or answerCallbackQuery for a press)
at each offered rate (``--rates``, held ``--step`` seconds), CPU ms per update (the bot's process
and its children, from /proc), each with the ratio zsbot / echo; the start-up to ready (spawn →
the first update answered; the median of ``--starts`` start-ups, the bots in turns) and the RSS
after the run. Users take turns, one update each, so no
chat's own order is the bottleneck. The scheduler is off (its jobs are not the subject here).

Goals (issue 18): /help and presses ≥ 0.5 × echo's sustained rate with p99 < 50 ms at 100/s; trips
p99 < 150 ms at 20/s; ready ≤ 1.2 × echo; RSS < 300 MB.

    .venv/bin/python -m benchmarks.webhook                    # a few minutes: 5 s steps, 1 repetition
    .venv/bin/python -m benchmarks.webhook --step 30 --reps 2 # as measured for the issue
    .venv/bin/python -m benchmarks.webhook --backends sqlite --paths help --rates 100
    .venv/bin/python -m benchmarks.webhook --pauses /tmp/pauses ... # and where each process paused

Linux only (/proc). PostgreSQL at ZSBOT_TEST_POSTGRES_URL's server (a private database is created
and dropped); skipped with a note when unreachable.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import gc
import itertools
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, ClientTimeout

from benchmarks import pauses
from benchmarks.datasets import county, load
from db.database import Database
from db.migrate import upgrade_async
from tgemu.core import caused_by
from tgemu.emulator import BotApiEmulator, FakeUser
from tgemu.model import CallbackQuery, ChatMessage

TOKEN = "123456789:" + "B" * 35
SECRET = "bench-secret"
TRIP = "明天去深圳拜访华为，后天返回"
PATHS = ("help", "press", "trip")
USERS = 150  # cadres taking turns
TICK = os.sysconf("SC_CLK_TCK")
DRAIN_SECONDS = 600.0  # at most, for a bot's backlog after a step it could not keep up with


# ------------------------------------------------------------------------------------ the emulator


class TimedEmulator(BotApiEmulator):
    """The emulator, noting when each update got its first answer of the kind that ends it."""

    def __init__(self, first_update_id: int = 1) -> None:
        super().__init__(TOKEN, username="bench_bot", first_update_id=first_update_id)
        self.answered: dict[int, float] = {}
        self.signal = asyncio.Event()
        for name in ("sendmessage", "answercallbackquery"):
            self._methods[name] = self._timed(self._methods[name])

    async def _webhook_loop(self) -> None:
        """Updates posted over up to `max_connections` connections at once, as Telegram does (the
        emulator's own loop posts one at a time, which would cap both bots at its round trip)."""
        posting: set[asyncio.Task[None]] = set()
        async with ClientSession(timeout=ClientTimeout(total=self.webhook_timeout)) as session:
            while not self._closing.is_set():
                hook = self.webhook
                if hook is None or not self._pending:
                    await self._updates_signal.wait(1.0)
                    continue
                slots = asyncio.Semaphore(hook.max_connections)
                while self._pending and self.webhook is hook:
                    await slots.acquire()
                    task = asyncio.create_task(self._post_one(session, hook, self._pending.pop(0), slots))
                    posting.add(task)
                    task.add_done_callback(posting.discard)
        for task in posting:
            task.cancel()

    async def _post_one(self, session: ClientSession, hook: Any, update: dict[str, Any], slots: Any) -> None:
        try:
            if not await self._post_update(session, hook, update):
                self._pending.insert(0, update)
                await asyncio.sleep(self.webhook_retry_delay)
                self._updates_signal.notify()
        finally:
            slots.release()

    def _timed(self, method: Callable[[Any], Any]) -> Callable[[Any], Any]:
        async def timed(params: Any) -> Any:
            result = await method(params)
            update_id = caused_by.get()
            if update_id is not None and update_id not in self.answered:
                self.answered[update_id] = time.perf_counter()
                self.signal.set()
            return result

        return timed

    def press_data(self, user: FakeUser, message: ChatMessage, data: str) -> int:
        """A press of a button with `data` on `message` (as it was drawn: a card may have been redrawn)."""
        query = CallbackQuery(
            id=str(4_000_000_000_000 + next(self._ids)),
            user=user,
            message=message,
            data=data,
            created=time.monotonic(),
        )
        self.callback_queries[query.id] = query
        payload = {
            "id": query.id,
            "from": user.to_api(),
            "message": message.to_api(self.bot_user()),
            "chat_instance": str(message.chat_id),
            "data": data,
        }
        update_id = self._push_update("callback_query", payload)
        assert update_id is not None
        return update_id

    async def wait_answered(self, ids: list[int], within: float) -> None:
        deadline = time.perf_counter() + within
        while any(i not in self.answered for i in ids):
            left = deadline - time.perf_counter()
            if left <= 0:
                return
            self.signal.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.signal.wait(), min(left, 0.5))


# ------------------------------------------------------------------------------------ the bots


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree(pid: int) -> list[int]:
    """`pid` and its descendants (a process pool's workers)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return found


def cpu_seconds(pid: int) -> float:
    total = 0
    for p in tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def rss_each_mb(pid: int) -> dict[int, float]:
    """The RSS in MB of `pid` and of each of its descendants (a process pool's workers)."""
    found: dict[int, float] = {}
    for p in tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[p] = int(line.split()[1]) / 1024
    return found


def rss_mb(pid: int) -> tuple[float, float]:
    """(the process's RSS, its children's together) in MB."""
    each = rss_each_mb(pid)
    return each.pop(pid, 0.0), sum(each.values())


@dataclass
class BotProcess:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(self.argv, env={**os.environ, **self.env}, stdout=out, stderr=out)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid


def echo_bot(api_url: str, folder: Path) -> BotProcess:
    env = {"ECHO_TOKEN": TOKEN, "ECHO_API_URL": api_url, "ECHO_PORT": str(free_port()), "ECHO_SECRET": SECRET}
    return BotProcess("echo", [sys.executable, "-m", "benchmarks.echo_bot"], env, folder / "echo.log")


def zsbot(api_url: str, database_url: str, folder: Path) -> BotProcess:
    port = free_port()
    env = {
        "ZSBOT_BOT_TOKEN": TOKEN,
        "ZSBOT_TELEGRAM_API_URL": api_url,
        "ZSBOT_DATABASE_URL": database_url,
        "ZSBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "ZSBOT_WEBHOOK_SECRET": SECRET,
        "ZSBOT_WEBHOOK_HOST": "127.0.0.1",
        "ZSBOT_WEBHOOK_PORT": str(port),
        "ZSBOT_SCHEDULER_ENABLED": "false",
        "ZSBOT_LOG_LEVEL": "WARNING",
        "MPLBACKEND": "Agg",
    }
    return BotProcess("zsbot", [sys.executable, "-m", "bot.cli", "run"], env, folder / "zsbot.log")


# ------------------------------------------------------------------------------------ load


@dataclass
class Load:
    emu: TimedEmulator
    users: list[FakeUser]
    cards: dict[int, tuple[ChatMessage, str]] = field(default_factory=dict)  # user → (/lang card, data)
    turn: Iterator[int] = field(default_factory=lambda: iter(()))

    def next_user(self) -> FakeUser:
        try:
            return self.users[next(self.turn)]
        except StopIteration:
            self.turn = iter(range(len(self.users)))
            return self.users[next(self.turn)]

    def send(self, path: str) -> int:
        user = self.next_user()
        if path == "help":
            update_id = self.emu.send_text(user, "/help").update_id
        elif path == "trip":
            update_id = self.emu.send_text(user, TRIP).update_id
        else:
            card, data = self.cards[user.id]
            return self.emu.press_data(user, card, data)
        assert update_id is not None
        return update_id

    async def prepare_presses(self) -> None:
        sent = [self.emu.send_text(u, "/lang") for u in self.users]
        ids = [m.update_id for m in sent if m.update_id is not None]
        await self.emu.wait_answered(ids, 60)
        for user, message in zip(self.users, sent, strict=True):
            assert message.update_id is not None
            card = next(a.message for a in self.emu.answers_to(message.update_id) if a.message.reply_markup)
            data = card.reply_markup["inline_keyboard"][0][0]["callback_data"]  # 中文
            self.cards[user.id] = (card, data)
        # Each cadre's first press stores their language and sets their menu, once, as their /start
        # did when they bound (the county's people are loaded bound): the steps measure the press of
        # a person who has used the bot before, on both bots alike.
        first = [self.emu.press_data(u, *self.cards[u.id]) for u in self.users]
        await self.emu.wait_answered(first, 60)


@dataclass
class Step:
    offered: float | None  # None: a burst
    latencies: list[float]  # seconds; unanswered ones are missing
    sent: int
    elapsed: float  # first send → last answer
    cpu: float  # seconds of the bot's CPU over the step

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed > 0 else 0.0

    def pct(self, q: float) -> float:
        if len(self.latencies) < self.sent:  # unanswered count as the slowest
            return (
                float("inf")
                if q * self.sent > len(self.latencies)
                else sorted(self.latencies)[int(q * self.sent)]
            )
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(q * len(xs)))]


async def run_step(
    load: Load, bot: BotProcess, path: str | Sequence[str], rate: float | None, seconds: float, burst: int
) -> Step:
    """`path`'s updates (several paths: taken in turn) at `rate`, or a burst of `burst` at once."""
    return await run_step_on(load, [bot.pid], path, rate, seconds, burst)


async def run_step_on(
    load: Load, pids: list[int], path: str | Sequence[str], rate: float | None, seconds: float, burst: int
) -> Step:
    """:func:`run_step` with the CPU of every process in `pids` (and their children) counted."""
    emu = load.emu
    paths = itertools.cycle([path] if isinstance(path, str) else path)
    quiet_collector()
    cpu0 = sum(map(cpu_seconds, pids))
    sent: dict[int, float] = {}
    start = time.perf_counter()
    if rate is None:
        for _ in range(burst):
            sent[load.send(next(paths))] = time.perf_counter()
    else:
        n = int(rate * seconds)
        for i in range(n):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[load.send(next(paths))] = time.perf_counter()
    await emu.wait_answered(list(sent), max(10.0, seconds))
    cpu = sum(map(cpu_seconds, pids)) - cpu0
    answered = {u: emu.answered[u] for u in sent if u in emu.answered}
    last = max(answered.values(), default=start)
    await asyncio.sleep(0.2)  # let a press's edit and answer, or a trip's card, finish on both sides
    step = Step(rate, [answered[u] - sent[u] for u in answered], len(sent), last - start, cpu)
    # A bot offered more than it can take is still working through the rest: the next step would
    # measure this backlog instead of its own updates. Its figures are this step's; wait it out.
    if len(answered) < len(sent):
        await emu.wait_answered(list(sent), DRAIN_SECONDS)
        left = sum(u not in emu.answered for u in sent)
        print(f"  (backlog of {len(sent) - len(answered)} worked off, {left} never answered)", flush=True)
    return step


def quiet_collector() -> None:
    """Before a step: this process's heap (the emulators keep every update and message) collected
    once and frozen, so the collections during the step scan only the step's own objects. A full
    collection of that heap stopped the load and the emulators for up to 0.6 s mid-step (seen with
    gc.callbacks on 3 December), a stall that landed in whichever bot's p99 was being measured."""
    gc.collect()
    gc.freeze()


@dataclass
class BotRun:
    starts: list[float]  # spawn → ready, seconds, for each start-up
    rss: tuple[float, float]
    steps: dict[tuple[str, float | None], list[Step]] = field(default_factory=dict)

    @property
    def ready(self) -> float:
        return statistics.median(self.starts)


@dataclass
class Side:
    """One bot under load: its process, its emulator, its users."""

    bot: BotProcess
    emu: TimedEmulator
    load: Load
    run: BotRun | None = None


async def start_side(bot: BotProcess, emu: TimedEmulator, users: list[FakeUser], paths: list[str]) -> Side:
    """Spawn the bot; ready = spawn → its answer to an update that was waiting for it."""
    side = Side(bot, emu, Load(emu, users))
    first = emu.send_text(users[0], "/help")  # waits in the queue until the webhook is set
    assert first.update_id is not None
    started = time.perf_counter()
    bot.start()
    await emu.wait_answered([first.update_id], 120)
    if first.update_id not in emu.answered:
        raise RuntimeError(f"{bot.name} did not answer within 120 s:\n{bot.log.read_text()[-3000:]}")
    side.run = BotRun(starts=[emu.answered[first.update_id] - started], rss=(0.0, 0.0))
    if "press" in paths:
        await side.load.prepare_presses()
    return side


async def measure(sides: list[Side], args: argparse.Namespace) -> None:
    """Every step on each bot in turn (echo, then zsbot, then the next step): a machine whose load
    changes over the run weighs on both alike."""
    for rep in range(args.reps):
        for path in args.paths:
            for side in sides:
                await run_step(side.load, side.bot, path, 20, 1.0, 0)  # connections, caches, first parses
            for rate in [None, *args.rates]:
                for side in sides:
                    assert side.run is not None
                    step = await run_step(side.load, side.bot, path, rate, args.step, args.burst)
                    side.run.steps.setdefault((path, rate), []).append(step)
                    offered = "burst" if rate is None else f"{rate:g}/s"
                    print(
                        f"  {side.bot.name:5} rep {rep + 1} {path:5} {offered:>6}: {step.rate:6.1f}/s answered, "
                        f"p50 {step.pct(0.5) * 1000:7.1f} ms, p99 {step.pct(0.99) * 1000:7.1f} ms, "
                        f"{step.cpu / max(step.sent, 1) * 1000:5.1f} ms CPU/update",
                        flush=True,
                    )
    for side in sides:
        assert side.run is not None
        side.run.rss = rss_mb(side.bot.pid)


# ------------------------------------------------------------------------------------ databases


async def prepared_database(backend: str, folder: Path) -> tuple[str, Callable[[], Any]]:
    """A migrated database holding a county; returns its URL and how to drop it."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"

        async def nothing() -> None:
            return None

        drop: Callable[[], Any] = nothing
    else:
        from sqlalchemy.ext.asyncio import create_async_engine

        from tests.support.services import POSTGRES_ADMIN_URL

        name = f"zsbot_bench_{uuid.uuid4().hex[:10]}"

        async def admin(sql: str) -> None:
            engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
            try:
                async with engine.connect() as conn:
                    await conn.exec_driver_sql(sql)
            finally:
                await engine.dispose()

        await admin(f'CREATE DATABASE "{name}"')
        url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"

        async def drop_pg() -> None:
            await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        drop = drop_pg
    await upgrade_async(url)
    db = Database(url)
    try:
        await load(db, county(1))
        if not db.is_sqlite:  # the bulk insert gave ids: move the sequences past them
            async with db.engine.begin() as conn:
                await conn.exec_driver_sql(
                    "DO $$ DECLARE r record; BEGIN FOR r IN SELECT c.relname AS seq, t.relname AS tab "
                    "FROM pg_class c JOIN pg_depend d ON d.objid = c.oid JOIN pg_class t ON t.oid = d.refobjid "
                    "WHERE c.relkind = 'S' LOOP EXECUTE format('SELECT setval(%L, COALESCE((SELECT max(id) "
                    "FROM %I), 0) + 1, false)', r.seq, r.tab); END LOOP; END $$"
                )
    finally:
        await db.dispose()
    return url, drop


def cadre_users(emu: BotApiEmulator) -> list[FakeUser]:
    """Emulator users for the county's cadres (people 1..200, not every 10th nor every 97th)."""
    ids = [p for p in range(1, 201) if p % 10 and p % 97][:USERS]
    return [emu.add_user(f"干部{p:06d}", user_id=10_000_000 + p, language_code="zh") for p in ids]


async def run_backend(backend: str, args: argparse.Namespace, folder: Path) -> dict[str, BotRun]:
    url, drop = await prepared_database(backend, folder)
    sides: list[Side] = []
    starts: dict[str, list[float]] = {name: [] for name in args.bots}
    try:
        # each bot started `--starts` times, in turns (a start-up is a few seconds of CPU: one alone
        # is at the mercy of a noisy machine); the last start of each is the one put under load.
        # Every start has an emulator of its own, its update ids past the earlier ones' (zsbot
        # journals the ids it handled, as it would Telegram's across a restart).
        for start in range(args.starts):
            sides = []
            for name in args.bots:
                emu = TimedEmulator(first_update_id=1 + start * 1_000_000)
                await emu.start()
                bot = echo_bot(emu.api_url, folder) if name == "echo" else zsbot(emu.api_url, url, folder)
                sides.append(Side(bot, emu, Load(emu, [])))
                last = start == args.starts - 1  # the presses' cards made only for the start put under load
                sides[-1] = await start_side(bot, emu, cadre_users(emu), args.paths if last else [])
                assert sides[-1].run is not None
                starts[name] += sides[-1].run.starts
                print(f"{backend}: {name} ready in {sides[-1].run.starts[0]:.2f} s", flush=True)
            if start < args.starts - 1:
                for side in sides:
                    side.bot.stop()
                    await side.emu.stop()
        for side in sides:
            assert side.run is not None
            side.run.starts = starts[side.bot.name]
        await measure(sides, args)
    finally:
        for side in sides:
            side.bot.stop()
            await side.emu.stop()
            if os.environ.get("BENCH_LOGS"):  # a folder to keep the bots' logs in
                shutil.copy(side.bot.log, Path(os.environ["BENCH_LOGS"], f"{backend}-{side.bot.log.name}"))
        await drop()
    return {side.bot.name: side.run for side in sides if side.run is not None}


# ------------------------------------------------------------------------------------ report


def _median(steps: list[Step], f: Callable[[Step], float]) -> float:
    return statistics.median(f(s) for s in steps)


def _ms(x: float) -> str:
    return "   lost" if x == float("inf") else f"{x * 1000:7.1f}"


def _ratio(a: float, b: float) -> str:
    if b == 0 or a == float("inf") or b == float("inf"):
        return "   -"
    return f"{a / b:5.2f}×"


def report(backend: str, runs: dict[str, BotRun], args: argparse.Namespace) -> None:
    echo, zs = runs.get("echo"), runs.get("zsbot")
    print(f"\n== {backend} (median of {args.reps} repetition(s), {args.step:g} s steps) ==")
    for path in args.paths:
        print(f"-- {path}")
        for rate in [None, *args.rates]:
            label = "max sustained" if rate is None else f"at {rate:g}/s"
            cells = []
            for name, run in (("echo", echo), ("zsbot", zs)):
                if run is None:
                    continue
                steps = run.steps[(path, rate)]
                if rate is None:
                    cells.append(f"{name} {_median(steps, lambda s: s.rate):6.1f}/s")
                else:
                    cells.append(
                        f"{name} p50 {_ms(_median(steps, lambda s: s.pct(0.5)))} p99 "
                        f"{_ms(_median(steps, lambda s: s.pct(0.99)))} ms"
                    )
                cpu = _median(steps, lambda s: s.cpu / max(s.sent, 1))
                cells[-1] += f", CPU {cpu * 1000:5.1f} ms"
            line = f"   {label:14} " + " | ".join(cells)
            if echo is not None and zs is not None:
                es, zs_ = echo.steps[(path, rate)], zs.steps[(path, rate)]
                if rate is None:
                    line += f" | rate zsbot/echo {_ratio(_median(zs_, lambda s: s.rate), _median(es, lambda s: s.rate))}"
                else:
                    line += f" | p99 zsbot/echo {_ratio(_median(zs_, lambda s: s.pct(0.99)), _median(es, lambda s: s.pct(0.99)))}"
                ec = _median(es, lambda s: s.cpu / max(s.sent, 1))
                zc = _median(zs_, lambda s: s.cpu / max(s.sent, 1))
                line += f", CPU {_ratio(zc, ec)}"
            print(line)
    for name, run in (("echo", echo), ("zsbot", zs)):
        if run is not None:
            own, children = run.rss
            kids = f" (+{children:.0f} MB in worker processes)" if children else ""
            each = ", ".join(f"{x:.2f}" for x in run.starts)
            print(f"   {name:5} ready {run.ready:5.2f} s (median of {each}), RSS {own:.0f} MB{kids}")
    if echo is not None and zs is not None:
        pairs = ", ".join(f"{z / e:.2f}" for z, e in zip(zs.starts, echo.starts, strict=False) if e > 0)
        print(f"   ready zsbot/echo {_ratio(zs.ready, echo.ready)} (each start beside echo's: {pairs})")


def compile_project() -> None:
    """Both bots start as installed: their modules compiled to bytecode beforehand, as `pip install`
    does (the Docker image). A working tree under PYTHONDONTWRITEBYTECODE=1 (this machine's
    environment) never caches it, and zsbot then compiled some 240 modules from source at every
    start (about 0.3 s of CPU) where the echo bot compiles two."""
    root = Path(__file__).resolve().parent.parent
    for package in ("bot", "core", "db", "handlers", "scheduler", "tgemu", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--paths", nargs="+", default=list(PATHS), choices=PATHS)
    parser.add_argument("--bots", nargs="+", default=["echo", "zsbot"], choices=["echo", "zsbot"])
    parser.add_argument("--rates", nargs="+", type=float, default=[20, 50, 100], help="offered updates/s")
    parser.add_argument("--step", type=float, default=5.0, help="seconds per offered rate (default 5)")
    parser.add_argument("--burst", type=int, default=300, help="updates in the max-rate burst (default 300)")
    parser.add_argument("--reps", type=int, default=1, help="repetitions (default 1)")
    parser.add_argument(
        "--starts", type=int, default=3, help="start-ups of each bot, ready = their median (default 3)"
    )
    parser.add_argument(
        "--pauses",
        type=Path,
        help="a folder: every process's long event-loop callbacks and collections (benchmarks.pauses)",
    )
    args = parser.parse_args()
    if args.pauses is not None:
        record_pauses(args.pauses)
    signal.signal(signal.SIGTERM, _interrupted)  # the bots are stopped on the way out
    compile_project()
    print(
        f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}, {os.cpu_count()} CPUs", flush=True
    )
    for backend in args.backends:
        with tempfile.TemporaryDirectory() as folder:
            try:
                runs = asyncio.run(run_backend(backend, args, Path(folder)))
            except OSError as exc:
                print(f"{backend}: skipped ({exc})")
                continue
            report(backend, runs, args)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at the end")
    if args.pauses is not None:
        print(f"pauses ({args.pauses}):", *pauses.summary(args.pauses), sep="\n  ")


def record_pauses(folder: Path) -> None:
    """This process's pauses, and (through the environment they inherit) every bot's and worker's."""
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(pauses.child_env(folder, dict(os.environ)))
    pauses.install(folder)


if __name__ == "__main__":
    main()
