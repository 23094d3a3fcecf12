"""Webhook mode under bad input and SIGTERM (issue 17): a non-ASCII secret is 401, a malformed body
or an out-of-range update_id 400, none with a traceback; SIGTERM stops intake, finishes or releases
the outbox rows in flight and exits 0, as polling does."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.runner import Running
from core.clock import SystemClock
from db.database import Database
from db.migrate import upgrade_async
from tests.conftest import TZ
from tests.e2e.conftest import TOKEN
from tests.e2e.test_webhook import SECRET, webhook_app  # noqa: F401  (the fixture)
from tests.support.delivery import add_recipients, enqueue_pings
from tgemu.emulator import BotApiEmulator
from tgemu.ratelimit import Limit, RateLimits

HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def _raw_post(port: int, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """A request as a broken client sends it (aiohttp's client would refuse a non-ASCII header)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = b"POST " + path.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    head += b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    head += b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
    writer.write(head + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


async def test_bad_requests_are_refused_without_a_traceback(
    webhook_app: tuple[Running, str],  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, url = webhook_app
    port, path = app.settings.webhook_port, app.settings.webhook_path
    good = {"update_id": 5, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}}
    with caplog.at_level(logging.WARNING):
        assert await _raw_post(port, path, [(HEADER.encode(), "密钥".encode())], b"{}") == 401
        assert await _raw_post(port, path, [(HEADER.encode(), b"\xff\xfe")], b"{}") == 401
        async with aiohttp.ClientSession() as http:
            secret = {HEADER: SECRET}
            for body in (b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe", b""):
                async with http.post(url, data=body, headers=secret) as response:
                    assert response.status == 400, body
            for update_id in (2**63, 10**30, -1, "7", None):
                async with http.post(url, json={**good, "update_id": update_id}, headers=secret) as response:
                    assert response.status == 400, update_id
            async with http.post(url, json={"update_id": 9, "message": {"x": 1}}, headers=secret) as response:
                assert response.status == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


ROOT = str(Path(__file__).resolve().parents[2])


def _start(url: str, api_url: str, port: int, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ZSBOT_BOT_TOKEN": TOKEN,
        "ZSBOT_TELEGRAM_API_URL": api_url,
        "ZSBOT_DATABASE_URL": url,
        "ZSBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "ZSBOT_WEBHOOK_SECRET": SECRET,
        "ZSBOT_WEBHOOK_HOST": "127.0.0.1",
        "ZSBOT_WEBHOOK_PORT": str(port),
        "ZSBOT_RATE_GLOBAL_PER_SECOND": "90",
        "ZSBOT_RATE_PRIVATE_PER_SECOND": "19",
        "ZSBOT_SCHEDULER_ENABLED": "false",
        "PYTHONPATH": ROOT,  # for the test-only renderers
    }
    log = (tmp_path / "webhook.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-c", "import tests.support.renderers; from bot.cli import main; main()", "run"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )


def _log(tmp_path: Path) -> str:
    return (tmp_path / "webhook.log").read_text()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
@pytest.mark.xdist_group("processes")  # one zsbot-process test at a time (scripts/test)
async def test_sigterm_in_webhook_mode_releases_in_flight_rows_and_exits_0(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'zsbot.db'}"
    await upgrade_async(url)
    db = Database(url)
    emulator = BotApiEmulator(TOKEN, username="zsbot_test_bot")
    emulator.faults.enforce_rate_limits(
        RateLimits(global_limit=Limit(100, 1.0), private_chat=Limit(20, 1.0), group_chat=Limit(20, 60.0))
    )
    api_url = await emulator.start()
    port = _free_port()
    try:
        people = await add_recipients(db, emulator, 50)
        assert await enqueue_pings(db, SystemClock(TZ), people, 20) == 1000
        process = _start(url, api_url, port, tmp_path)
        try:
            await emulator.wait_for(
                lambda: True if emulator.stats.delivered_count() >= 100 else None,
                timeout=30,
                describe=lambda: f"only {emulator.stats.delivered_count()} delivered",
            )
        finally:
            process.send_signal(signal.SIGTERM)
            code = await asyncio.to_thread(process.wait, 30)
        output = _log(tmp_path)
        assert code == 0, output
        async with db.transaction() as tx:
            counts = await tx.outbox.counts()
        assert counts["sent"] < 1000, "the batch finished before the signal; nothing was tested"
        assert counts["sending"] == 0 and counts["sent"] + counts["pending"] + counts["failed"] == 1000
        assert "Traceback" not in output
    finally:
        await emulator.stop()
        await db.dispose()
