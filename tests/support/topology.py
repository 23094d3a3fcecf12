"""The production topology on this machine, without containers: Caddy (TLS, reverse proxy) in front of
webhook replicas of `zsbot run`, PostgreSQL, Redis, and the emulator in Telegram's place.

Used by the deploy test (tests/deploy) and `python -m benchmarks.replicas`; `deploy/local-topology.sh`
runs the test. Needs `caddy` (Debian package), PostgreSQL and Redis as in tests/support/services.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import create_async_engine

from db.database import Database
from tests.support.services import POSTGRES_ADMIN_URL, REDIS_URL
from tgemu.emulator import BotApiEmulator
from tgemu.ratelimit import Limit, RateLimits

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:" + "B" * 35
SECRET = "topology-webhook-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class Topology:
    folder: Path
    replicas_wanted: int = 2
    limit: int = 30  # Telegram's global messages per second, as the emulator enforces it
    leader_interval: float = 1.0
    safety: float | None = None  # ZSBOT_RATE_SAFETY_SECONDS of the replicas (None: the default)
    # given: the emulator to use as it is (no rate limits enforced unless it does so itself)
    new_emulator: Callable[[], BotApiEmulator] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # more settings for every replica
    emulator: BotApiEmulator = field(init=False)
    replicas: list[Replica] = field(default_factory=list)
    database_url: str = ""  # given: a database the caller created (and drops); migrated here
    db: Database | None = None
    https_port: int = 0
    _caddy: subprocess.Popen[bytes] | None = None
    _pg_name: str = ""
    _redis_prefix: str = ""
    _http: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------------------- start / stop

    async def __aenter__(self) -> Topology:
        if shutil.which("caddy") is None:
            raise RuntimeError("caddy is not installed (apt-get install caddy)")
        if self.new_emulator is not None:
            self.emulator = self.new_emulator()
        else:
            self.emulator = BotApiEmulator(TOKEN, username="zsbot_topology_bot")
            self.emulator.faults.enforce_rate_limits(
                RateLimits(
                    global_limit=Limit(self.limit, 1.0),
                    private_chat=Limit(1, 1.0),
                    group_chat=Limit(20, 60.0),
                )
            )
        await self.emulator.start(host="127.0.0.1", port=0)
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
        try:
            if not self.database_url:
                await self._create_database()
            self._redis_prefix = f"zsbot-topology:{uuid.uuid4().hex[:10]}"
            ports = [free_port() for _ in range(self.replicas_wanted)]
            self.https_port = free_port()
            await self._start_caddy(ports)
            await self._migrate()
            for number, port in enumerate(ports, 1):
                self.replicas.append(self._start_replica(f"replica{number}", port))
            await self._wait_ready()
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for replica in self.replicas:
            if replica.alive:
                replica.process.send_signal(signal.SIGTERM)
        for replica in self.replicas:
            try:
                await asyncio.to_thread(replica.process.wait, 15)
            except subprocess.TimeoutExpired:
                replica.process.kill()
                await asyncio.to_thread(replica.process.wait, 5)
        if self._caddy is not None:
            self._caddy.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self._caddy.wait, 10)
        if self._http is not None:
            await self._http.close()
        if self.db is not None:
            await self.db.dispose()
        with contextlib.suppress(Exception):
            await self.emulator.stop()
        if self._pg_name:
            await _admin(f'DROP DATABASE IF EXISTS "{self._pg_name}" WITH (FORCE)')
        if self._redis_prefix:
            await _drop_redis_keys(self._redis_prefix)

    async def _create_database(self) -> None:
        self._pg_name = f"zsbot_topo_{uuid.uuid4().hex[:10]}"
        await _admin(f'CREATE DATABASE "{self._pg_name}"')
        self.database_url = f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{self._pg_name}"

    def _env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "ZSBOT_BOT_TOKEN": TOKEN,
            "ZSBOT_TELEGRAM_API_URL": self.emulator.api_url,
            "ZSBOT_DATABASE_URL": self.database_url,
            "ZSBOT_REDIS_URL": REDIS_URL,
            "ZSBOT_REDIS_PREFIX": self._redis_prefix,
            "ZSBOT_WEBHOOK_URL": f"https://localhost:{self.https_port}",
            "ZSBOT_WEBHOOK_SECRET": SECRET,
            "ZSBOT_WEBHOOK_HOST": "127.0.0.1",
            "ZSBOT_RATE_GLOBAL_PER_SECOND": str(self.limit),
            "ZSBOT_LEADER_INTERVAL_SECONDS": str(self.leader_interval),
            "ZSBOT_LOG_LEVEL": "INFO",
            **({} if self.safety is None else {"ZSBOT_RATE_SAFETY_SECONDS": str(self.safety)}),
            **self.extra_env,
            **extra,
        }

    async def _migrate(self) -> None:
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot.cli", "migrate"],
            env=self._env(),
            cwd=self.folder,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"zsbot migrate failed: {done.stderr.decode()[-2000:]}")
        self.db = Database(self.database_url)

    def _start_replica(self, name: str, port: int) -> Replica:
        log = self.folder / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-c", "import tests.support.renderers; from bot.cli import main; main()", "run"],
            env=self._env(ZSBOT_WEBHOOK_PORT=str(port)),
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        return Replica(name, port, process, log)

    async def _start_caddy(self, ports: list[int]) -> None:
        upstreams = " ".join(f"127.0.0.1:{p}" for p in ports)
        caddyfile = self.folder / "Caddyfile"
        caddyfile.write_text(
            "{\n"
            "\tadmin off\n"
            "\tskip_install_trust\n"
            f"\thttp_port {free_port()}\n"
            f"\thttps_port {self.https_port}\n"
            "}\n"
            f"https://localhost:{self.https_port} {{\n"
            "\ttls internal\n"
            f"\treverse_proxy {upstreams} {{\n"
            "\t\tlb_policy round_robin\n"
            "\t\tlb_try_duration 5s\n"
            "\t\thealth_uri /healthz\n"
            "\t\thealth_interval 1s\n"
            "\t}\n"
            "}\n"
        )
        env = {**os.environ, "XDG_DATA_HOME": str(self.folder / "caddy-data"), "HOME": str(self.folder)}
        env["XDG_CONFIG_HOME"] = str(self.folder / "caddy-config")
        self._caddy = subprocess.Popen(  # noqa: ASYNC220 - starts at once; nothing to wait for
            ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
            env=env,
            stdout=(self.folder / "caddy.log").open("wb"),
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        root = self.folder / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        await self._until(lambda: root.exists(), "Caddy's local CA", 20)
        self.emulator.webhook_ssl = ssl.create_default_context(cafile=str(root))

    async def _wait_ready(self) -> None:
        async def all_healthy() -> bool:
            for replica in self.replicas:
                if not replica.alive:
                    raise RuntimeError(f"{replica.name} exited:\n{replica.log.read_text()[-3000:]}")
                if (await self.health(replica)) is None:
                    return False
            return self.emulator.webhook is not None

        await self._until_async(all_healthy, "replicas healthy and the webhook set", 60)

    # ------------------------------------------------------------------------------- looking

    async def health(self, replica: Replica) -> dict[str, Any] | None:
        assert self._http is not None
        try:
            async with self._http.get(f"{replica.base}/healthz") as response:
                return await response.json() if response.status == 200 else None
        except (aiohttp.ClientError, TimeoutError):
            return None

    async def metrics(self, replica: Replica) -> str:
        assert self._http is not None
        async with self._http.get(f"{replica.base}/metrics") as response:
            return await response.text()

    async def through_proxy(self) -> str | None:
        """The replica that answered a /healthz sent through Caddy (TLS, round robin), if any did."""
        assert self._http is not None
        url = f"https://localhost:{self.https_port}/healthz"
        try:
            async with self._http.get(url, ssl=self.emulator.webhook_ssl) as response:
                if response.status != 200:
                    return None
                worker = str((await response.json()).get("worker") or "")
        except (aiohttp.ClientError, TimeoutError):
            return None
        pid = worker.split(":")[1] if worker.count(":") >= 2 else ""
        return next((r.name for r in self.replicas if str(r.process.pid) == pid), None)

    async def wait_routed_to_all(self, timeout: float = 30) -> None:  # noqa: ASYNC109
        """Until Caddy sends requests to every live replica: its active health check (every second)
        marks a replica up only after a check passes, and the first checks ran before the replicas
        listened; until then round robin has fewer upstreams than replicas."""
        seen: set[str] = set()

        async def all_seen() -> bool:
            alive = {r.name for r in self.replicas if r.alive}
            for _ in range(2 * len(alive)):
                if name := await self.through_proxy():
                    seen.add(name)
            return alive <= seen

        await self._until_async(all_seen, "Caddy routing to every replica", timeout)

    async def leaders(self) -> list[str]:
        names = []
        for replica in self.replicas:
            if replica.alive and (health := await self.health(replica)) and health.get("leader"):
                names.append(replica.name)
        return names

    async def wait_for_one_leader(self, timeout: float = 30) -> str:  # noqa: ASYNC109
        found: list[str] = []

        async def one() -> bool:
            found[:] = await self.leaders()
            return len(found) == 1

        await self._until_async(one, "exactly one scheduler leader", timeout)
        return found[0]

    def kill(self, name: str) -> None:
        replica = next(r for r in self.replicas if r.name == name)
        replica.process.send_signal(signal.SIGKILL)
        replica.process.wait(10)

    @staticmethod
    async def _until(check: Any, what: str, timeout: float) -> None:  # noqa: ASYNC109
        async def wrapped() -> bool:
            return bool(check())

        await Topology._until_async(wrapped, what, timeout)

    @staticmethod
    async def _until_async(check: Any, what: str, timeout: float) -> None:  # noqa: ASYNC109
        try:
            async with asyncio.timeout(timeout):
                # other processes' state: nothing to await but time
                while not await check():  # noqa: ASYNC110
                    await asyncio.sleep(0.2)
        except TimeoutError:
            raise RuntimeError(f"timed out after {timeout}s waiting for {what}") from None


async def _admin(sql: str) -> None:
    engine = create_async_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql(sql)
    finally:
        await engine.dispose()


async def _drop_redis_keys(prefix: str) -> None:
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_URL)
    try:
        keys = [key async for key in redis.scan_iter(f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
