"""Do webhook replicas scale? One replica against two, each on the same CPU budget (not a test: prints ratios).

The production topology on this machine (tests/support/topology.py): Caddy (TLS, round robin) in
front of N replicas of `zsbot run` in webhook mode, PostgreSQL (a county of
:mod:`benchmarks.datasets`, a fresh database per topology) and Redis (form state, the send
budget); the scheduler is off (its jobs are not the subject). Telegram is the timing emulator of
:mod:`benchmarks.webhook` without rate limits, posting updates through Caddy over up to 40
connections. For ``/help``, a button press and a one-line trip it measures, with 1 and then 2
replicas, the maximum sustained rate (a burst of ``--burst`` updates: answered / time from the
first sent to the last answered; the median of ``--reps`` bursts) and prints 2 replicas / 1.

Method. This machine has 2 cores, shared with PostgreSQL, Caddy, the emulator and the load
generator (this process) and with other work, so two replicas left free would not have twice the
CPU of one and raw throughput could not double. Instead each replica (its main process and its
parsing workers) runs in a cgroup (v1, /sys/fs/cgroup/cpu; needs root) of its own with the same
CFS quota, ``--cpus`` of a CPU (0.25 by default): a replica that is busy cannot use more. If
nothing is shared between replicas (the update-id claim, PostgreSQL locks or connections, Redis),
two replicas answer twice as fast as one; a shared bottleneck shows as a ratio below 2 with the
replicas' budgets not used up. So it also prints, per burst: CPU ms per update (the replicas'
processes; should be alike for 1 and 2), how much of each replica's budget was used and in how
many CFS periods it was throttled (near 100% and most: the quota is what limits), and the idle
share of the whole machine (near 0: the machine, not zsbot, limits the 2-replica figure).

Goal (issue 18): 2 replicas carry ≥ 1.8 × one replica.

    .venv/bin/python -m benchmarks.scaling                         # about 3 minutes
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
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.webhook import (
    PATHS,
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
        for p in tree(pid):  # the process and its parsing workers (any later one inherits the group)
            with contextlib.suppress(OSError):
                (group / "cgroup.procs").write_text(str(p))
        self.groups.append(group)
        return group

    def remove(self) -> None:
        """After the replicas exited: an empty cgroup can go."""
        for group in self.groups:
            with contextlib.suppress(OSError):
                group.rmdir()
        self.groups.clear()


def throttling(group: Path) -> tuple[int, int]:
    """(CFS periods, periods throttled) of the group so far."""
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines())
    return int(stat["nr_periods"]), int(stat["nr_throttled"])


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


async def burst(load: Load, pids: list[int], groups: list[Path], path: str, n: int, cpus: float) -> Burst:
    cpu0 = [cpu_seconds(p) for p in pids]
    cfs0 = [throttling(g) for g in groups]
    idle0, total0 = machine_times()
    step = await run_step_on(load, pids, path, None, 0, n)
    idle1, total1 = machine_times()
    used = [(cpu_seconds(p) - c) / (cpus * max(step.elapsed, 1e-9)) for p, c in zip(pids, cpu0, strict=True)]
    throttled = []
    for g, (periods0, thr0) in zip(groups, cfs0, strict=True):
        periods, thr = throttling(g)
        throttled.append((thr - thr0) / max(periods - periods0, 1))
    return Burst(step, used, throttled, (idle1 - idle0) / max(total1 - total0, 1))


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


async def measure(replicas: int, args: argparse.Namespace, folder: Path) -> dict[str, list[Burst]]:
    url, drop = await prepared_database("postgres", folder)
    budget = Budget(args.cpus)
    results: dict[str, list[Burst]] = {}
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
            emu = topo.emulator
            assert isinstance(emu, TimedEmulator)
            pids = [r.process.pid for r in topo.replicas]
            groups = [budget.confine(r.name, r.process.pid) for r in topo.replicas]
            await warm(topo)
            idle = [cpu_seconds(p) for p in pids]
            await asyncio.sleep(5)
            idle = [(cpu_seconds(p) - c) / 5 for p, c in zip(pids, idle, strict=True)]
            print(
                f"  {replicas} replica(s) warm; idle they use "
                + ", ".join(f"{x * 1000:.0f}" for x in idle)
                + " ms CPU/s"
            )
            load = Load(emu, cadre_users(emu))
            if "press" in args.paths:
                await load.prepare_presses()
            for path in args.paths:
                await run_step_on(load, pids, path, 10, 2.0, 0)  # connections, caches, first parses
                for rep in range(args.reps):
                    b = await burst(load, pids, groups, path, args.burst, args.cpus)
                    results.setdefault(path, []).append(b)
                    print(
                        f"  {replicas} replica(s) {path:5} burst {rep + 1}: {b.step.rate:6.1f}/s "
                        f"({len(b.step.latencies)}/{b.step.sent} answered), "
                        f"{b.step.cpu / max(b.step.sent, 1) * 1000:5.1f} ms CPU/update, budget used "
                        + " ".join(f"{u:4.0%}" for u in b.budget_used)
                        + ", throttled "
                        + " ".join(f"{t:4.0%}" for t in b.throttled)
                        + f", machine idle {b.idle:4.0%}",
                        flush=True,
                    )
    finally:
        budget.remove()
        await drop()
    return results


# ------------------------------------------------------------------------------------ report


def report(one: dict[str, list[Burst]], two: dict[str, list[Burst]], args: argparse.Namespace) -> None:
    print(
        f"\n== 2 replicas / 1, each replica on a CFS quota of {args.cpus:g} CPU "
        f"({int(args.cpus * PERIOD_US)} µs per {PERIOD_US} µs), PostgreSQL + Redis, through Caddy; "
        f"median of {args.reps} burst(s) of {args.burst} =="
    )
    for path in args.paths:
        cells = []
        rates = []
        for n, runs in ((1, one), (2, two)):
            bursts = runs[path]
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
    parser.add_argument("--burst", type=int, default=300, help="updates per burst (default 300)")
    parser.add_argument("--reps", type=int, default=2, help="bursts per path and topology (default 2)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)  # the topology is stopped on the way out
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs; started {time.strftime('%H:%M')}")
    with tempfile.TemporaryDirectory() as folder:
        one = asyncio.run(measure(1, args, Path(folder)))
        two = asyncio.run(measure(2, args, Path(folder)))
    report(one, two, args)
    print(f"load average {os.getloadavg()[0]:.2f} at the end, {time.strftime('%H:%M')}")


if __name__ == "__main__":
    main()
