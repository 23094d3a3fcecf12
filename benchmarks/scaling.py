"""Do webhook replicas scale? One replica against two, each on the same CPU budget (not a test: prints ratios).

The production topology on this machine (tests/support/topology.py): Caddy (TLS, round robin) in
front of N replicas of `zsbot run` in webhook mode, PostgreSQL (a county of
:mod:`benchmarks.datasets`, a fresh database per topology) and Redis (form state, the send
budget); the scheduler is off (its jobs are not the subject). Telegram is the timing emulator of
:mod:`benchmarks.webhook` without rate limits, posting updates through Caddy over up to 40
connections. A topology of 1 replica and one of 2 are up at once (each its own Caddy, emulator
and database); for ``/help``, a button press and a one-line trip, bursts of ``--burst`` updates go
to one then to the other (the order swapped every repetition), so a machine whose load changes
weighs on both alike. It prints the maximum sustained rate (answered / time from the first sent
to the last answered; the median of ``--reps`` bursts) for each and the ratio 2 replicas / 1.
(The emulator accepts a press's answer however late: at one replica's rate a burst of presses
outlasts Telegram's 15 s, and refused answers would count as lost.)

Method. This machine has 2 cores, shared with PostgreSQL, Caddy, the emulator and the load
generator (this process) and with other work, so two replicas left free would not have twice the
CPU of one and raw throughput could not double. Instead each replica (its main process and its
parsing workers) runs in a cgroup (v1, /sys/fs/cgroup/cpu; needs root) of its own with the same
CFS quota, ``--cpus`` of a CPU (0.25 by default; ``cpu.shares`` 4096 so that it gets it on a busy
machine), confined once warm (jionlp and fonts loaded): a replica that is busy cannot use more. If
nothing is shared between replicas (the update-id claim, PostgreSQL locks or connections, Redis),
two replicas answer twice as fast as one; a shared bottleneck shows as a ratio below 2 with the
replicas' budgets not used up. So it also prints, per burst: CPU ms per update (the replicas'
processes; should be alike for 1 and 2), how much of each replica's budget was used and in how
many CFS periods it was throttled (near 100% and most: the quota is what limits), and the idle
share of the whole machine (near 0: the machine, not zsbot, limits the 2-replica figure).

Goal (issue 18): 2 replicas carry ≥ 1.8 × one replica.

    .venv/bin/python -m benchmarks.scaling                         # about 5 minutes
    .venv/bin/python -m benchmarks.scaling --cpus 0.3 --burst 400 --reps 3 --paths help press

Linux only (/proc, cgroup v1). Needs caddy, PostgreSQL and Redis as tests/support/services.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.webhook import (
    PATHS,
    TICK,
    Load,
    Step,
    TimedEmulator,
    cadre_users,
    cpu_seconds,
    prepared_database,
    run_step_on,
    tree,
)
from tests.support.topology import Topology

CGROUPS = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000
SHARES = 4096  # 4 × a process of the root group: under contention a replica still gets its quota


# ------------------------------------------------------------------------------------ the budget


@dataclass
class Budget:
    """A cgroup with a CFS quota of `cpus` CPUs for each replica's processes."""

    cpus: float
    groups: list[Path] = field(default_factory=list)

    def confine(self, name: str, pid: int) -> Path:
        group = CGROUPS / f"zsbot-scaling-{os.getpid()}-{name}"
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (group / "cpu.cfs_quota_us").write_text(str(int(self.cpus * PERIOD_US)))
        (group / "cpu.shares").write_text(str(SHARES))
        for p in tree(pid):  # the process and its parsing workers (any later one inherits the group)
            with contextlib.suppress(OSError):
                (group / "cgroup.procs").write_text(str(p))
        self.groups.append(group)
        return group

    def lift(self) -> None:
        """No quota any more: the replicas drain and stop at full speed (on the quota a replica with
        a backlog could outlast the topology's grace and be killed, orphaning its parsing workers)."""
        for group in self.groups:
            with contextlib.suppress(OSError):
                (group / "cpu.cfs_quota_us").write_text("-1")

    def remove(self) -> None:
        """After the replicas exited: each cgroup, once its last process (a worker) has gone."""
        for group in self.groups:
            for _ in range(50):
                with contextlib.suppress(OSError):
                    group.rmdir()
                    break
                time.sleep(0.2)
            else:
                print(f"  could not remove {group}: {(group / 'cgroup.procs').read_text().split()} in it")
        self.groups.clear()


def throttling(group: Path) -> tuple[int, int]:
    """(CFS periods, periods throttled) of the group so far."""
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines())
    return int(stat["nr_periods"]), int(stat["nr_throttled"])


def cpu_by_name(names: tuple[str, ...]) -> dict[tuple[str, int], float]:
    """CPU seconds so far of every process on the machine whose name is in `names`, by (name, pid)."""
    found: dict[tuple[str, int], float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):
            text = stat.read_text()
            name = text[text.index("(") + 1 : text.rindex(")")]
            if name in names:
                fields = text.rsplit(")", 1)[1].split()
                found[(name, int(stat.parent.name))] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def cpu_used(before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]) -> dict[str, float]:
    """CPU seconds between two :func:`cpu_by_name`, by name (a process that exited meanwhile: not counted)."""
    used: dict[str, float] = {}
    for (name, pid), seconds in after.items():
        used[name] = used.get(name, 0.0) + seconds - before.get((name, pid), 0.0)
    return used


OTHERS = ("caddy", "postgres", "redis-server")


def machine_times() -> tuple[int, int]:
    """(idle, total) jiffies of the whole machine."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[3] + fields[4], sum(fields[:8])


# ------------------------------------------------------------------------------------ one burst


@dataclass
class Burst:
    step: Step
    budget_used: list[float]  # per replica: CPU seconds / (quota × elapsed)
    throttled: list[float]  # per replica: share of CFS periods throttled
    idle: float  # share of the machine idle over the burst
    others: dict[str, float]  # CPUs used over the burst: this process (emulator, load), caddy, ...


async def burst(
    load: Load, pids: list[int], groups: list[Path], path: str, n: int, cpus: float, wait: float
) -> Burst:
    """`n` updates at once; waits up to `wait` s for the last answer (none may be left for the next)."""
    cpu0 = [cpu_seconds(p) for p in pids]
    cfs0 = [throttling(g) for g in groups]
    idle0, total0 = machine_times()
    emulator0, others0 = time.process_time(), cpu_by_name(OTHERS)
    started = time.perf_counter()
    step = await run_step_on(load, pids, path, None, wait, n)  # a burst: `wait` only bounds the wait
    elapsed = time.perf_counter() - started
    idle1, total1 = machine_times()
    used_by = {"emulator": time.process_time() - emulator0, **cpu_used(others0, cpu_by_name(OTHERS))}
    others = {k: v / elapsed for k, v in used_by.items()}
    used = [(cpu_seconds(p) - c) / (cpus * elapsed) for p, c in zip(pids, cpu0, strict=True)]
    throttled = []
    for g, (periods0, thr0) in zip(groups, cfs0, strict=True):
        periods, thr = throttling(g)
        throttled.append((thr - thr0) / max(periods - periods0, 1))
    return Burst(step, used, throttled, (idle1 - idle0) / max(total1 - total0, 1), others)


# ------------------------------------------------------------------------------------ one topology


async def warm(topo: Topology, timeout: float = 300) -> None:  # noqa: ASYNC109
    """Until no replica lists anything under `warming` in /healthz (jionlp in the parsing workers,
    the chart fonts): warming on a quota takes a while, and would be counted against the load."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [await topo.health(r) for r in topo.replicas]
        if all(s is not None and not s.get("warming") for s in states):
            return
        await asyncio.sleep(1)
    raise RuntimeError(f"replicas still warming after {timeout:g} s")


@dataclass
class Setup:
    """One topology under load: its replicas' processes and cgroups, its emulator's users."""

    replicas: int
    topo: Topology
    load: Load
    pids: list[int]
    groups: list[Path]
    bursts: dict[str, list[Burst]] = field(default_factory=dict)


@contextlib.asynccontextmanager
async def topology(replicas: int, args: argparse.Namespace, folder: Path) -> AsyncIterator[Setup]:
    """`replicas` replicas behind their own Caddy, on a fresh county in PostgreSQL, warm, each
    confined to its quota once warm."""
    url, drop = await prepared_database("postgres", folder)
    budget = Budget(args.cpus)
    here = folder / f"{replicas}-replicas"
    here.mkdir()
    try:
        async with Topology(
            here,
            replicas_wanted=replicas,
            new_emulator=TimedEmulator,
            database_url=url,
            extra_env={"ZSBOT_SCHEDULER_ENABLED": "false", "ZSBOT_LOG_LEVEL": "WARNING", "MPLBACKEND": "Agg"},
        ) as topo:
            await topo.wait_routed_to_all()
            await warm(topo)
            emu = topo.emulator
            assert isinstance(emu, TimedEmulator)
            # a press queued behind a burst may wait longer than Telegram's 15 s for its answer;
            # here it counts, late, rather than be refused as too old
            emu.callback_query_timeout = 3600
            pids = [r.process.pid for r in topo.replicas]
            groups = [budget.confine(f"{replicas}-{r.name}", r.process.pid) for r in topo.replicas]
            idle = [cpu_seconds(p) for p in pids]
            await asyncio.sleep(5)
            idle = [(cpu_seconds(p) - c) / 5 for p, c in zip(pids, idle, strict=True)]
            print(
                f"  {replicas} replica(s) warm; idle they use "
                + ", ".join(f"{x * 1000:.0f}" for x in idle)
                + " ms CPU/s",
                flush=True,
            )
            setup = Setup(replicas, topo, Load(emu, cadre_users(emu)), pids, groups)
            try:
                if "press" in args.paths:
                    await setup.load.prepare_presses()
                yield setup
            finally:
                budget.lift()
    finally:
        budget.remove()
        await drop()


async def measure(args: argparse.Namespace, folder: Path) -> list[Setup]:
    """1 and 2 replicas up at once, each burst on one then on the other (the order swapped every
    repetition): a machine whose load changes over the run weighs on both alike."""
    async with contextlib.AsyncExitStack() as stack:
        setups = [await stack.enter_async_context(topology(n, args, folder)) for n in (1, 2)]
        for path in args.paths:
            for setup in setups:
                await run_step_on(setup.load, setup.pids, path, 10, 2.0, 0)  # connections, caches, parsers
            for rep in range(args.reps):
                for setup in setups if rep % 2 == 0 else setups[::-1]:
                    b = await burst(
                        setup.load, setup.pids, setup.groups, path, args.burst, args.cpus, args.timeout
                    )
                    setup.bursts.setdefault(path, []).append(b)
                    print(
                        f"  {setup.replicas} replica(s) {path:5} burst {rep + 1}: {b.step.rate:6.1f}/s "
                        f"({len(b.step.latencies)}/{b.step.sent} answered), "
                        f"{b.step.cpu / max(b.step.sent, 1) * 1000:5.1f} ms CPU/update, budget used "
                        + " ".join(f"{u:4.0%}" for u in b.budget_used)
                        + ", throttled "
                        + " ".join(f"{t:4.0%}" for t in b.throttled)
                        + f", machine idle {b.idle:4.0%}; CPUs used by "
                        + ", ".join(f"{k} {v:.2f}" for k, v in b.others.items()),
                        flush=True,
                    )
        return setups


# ------------------------------------------------------------------------------------ report


def report(setups: list[Setup], args: argparse.Namespace) -> None:
    print(
        f"\n== 2 replicas / 1, each replica on a CFS quota of {args.cpus:g} CPU "
        f"({int(args.cpus * PERIOD_US)} µs per {PERIOD_US} µs), PostgreSQL + Redis, through Caddy; "
        f"median of {args.reps} burst(s) of {args.burst} =="
    )
    for path in args.paths:
        cells = []
        rates = []
        for setup in setups:
            n, bursts = setup.replicas, setup.bursts[path]
            rate = statistics.median(b.step.rate for b in bursts)
            rates.append(rate)
            cpu = statistics.median(b.step.cpu / max(b.step.sent, 1) for b in bursts) * 1000
            used = statistics.median(statistics.mean(b.budget_used) for b in bursts)
            idle = statistics.median(b.idle for b in bursts)
            cells.append(
                f"{n}: {rate:6.1f}/s, {cpu:5.1f} ms CPU/update, budget used {used:4.0%}, idle {idle:4.0%}"
            )
        ratio = rates[1] / rates[0] if rates[0] else float("nan")
        print(f"   {path:5} " + " | ".join(cells) + f" | 2/1 = {ratio:4.2f}×")


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", nargs="+", default=list(PATHS), choices=PATHS)
    parser.add_argument(
        "--cpus", type=float, default=0.25, help="CFS quota per replica, in CPUs (default 0.25)"
    )
    parser.add_argument("--burst", type=int, default=200, help="updates per burst (default 200)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for a burst's answers")
    parser.add_argument("--reps", type=int, default=2, help="bursts per path and topology (default 2)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)  # the topology is stopped on the way out
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs; started {time.strftime('%H:%M')}")
    with tempfile.TemporaryDirectory() as folder:
        setups = asyncio.run(measure(args, Path(folder)))
    report(setups, args)
    print(f"load average {os.getloadavg()[0]:.2f} at the end, {time.strftime('%H:%M')}")


if __name__ == "__main__":
    main()
