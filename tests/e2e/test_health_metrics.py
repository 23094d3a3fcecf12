"""/healthz and Prometheus /metrics: polling mode (their own server) and webhook mode (beside the hook)."""

from __future__ import annotations

import datetime as dt
import socket

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from bot.health import serving_health
from bot.runner import Running, running_app, serving_webhook
from bot.settings import Settings
from core.clock import FixedClock
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import MakePersona, run_job
from tests.support.outbox import outbox_settled
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator
from tgemu.ratelimit import Limit, RateLimits


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


async def test_metrics_and_health_in_polling_mode(
    zsbot: Running,
    tg: TelegramTester,
    emulator: BotApiEmulator,
    db: Database,
    clock: FixedClock,
    persona: MakePersona,
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    await tg.say(office.user, "/help")
    # two notifications to one chat against a 1/s limit: the second is answered 429 once, then sent
    emulator.faults.enforce_rate_limits(RateLimits(private_chat=Limit(1, 1.0)))
    async with db.transaction() as tx:
        for n in (1, 2):
            await Outbox(clock).enqueue(
                tx, Recipient(person_id=office.person.id), Notification("test.ping", {"n": n}), key=f"m:{n}"
            )
    assert await outbox_settled(db, prefix="m:", done=2) == {"sent": 2}
    await run_job(zsbot, "housekeeping", dt.date(2026, 11, 25))

    async with serving_health(zsbot, "127.0.0.1", 0) as base, aiohttp.ClientSession() as http:
        async with http.get(f"{base}/metrics") as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            text = await response.text()
        async with http.get(f"{base}/healthz") as response:
            assert response.status == 200
            health = await response.json()
        async with http.get(f"{base}/app/") as page, http.get(f"{base}/app/api/me") as api:
            assert page.status == 200 and api.status == 401  # the Mini App, on the same server

    got = samples(text)
    assert got[("zsbot_updates_handled_total", (("result", "ok"), ("type", "message")))] >= 1
    assert got[("zsbot_handler_seconds_count", (("type", "message"),))] >= 1
    assert got[("zsbot_sends_total", (("result", "sent"),))] == 2
    assert got[("zsbot_telegram_429_total", ())] == 1
    assert got[("zsbot_outbox_rows", (("state", "sent"),))] == 2
    assert got[("zsbot_outbox_rows", (("state", "pending"),))] == 0
    assert got[("zsbot_job_runs_total", (("job", "housekeeping"), ("result", "ok")))] == 1
    assert got[("zsbot_scheduler_leader", ())] == 0  # the test app runs no scheduler
    assert health["ok"] is True and health["outbox"]["sent"] == 2
    assert health["leader"] is False and health["failing_jobs"] == []
    assert zsbot.sender is not None and health["worker"] == zsbot.sender.worker  # which replica answered
    assert health["warming"] == []  # nothing left loading in the background (bot.warmup)


async def test_health_shows_a_failing_job_with_its_next_retry(zsbot: Running, db: Database) -> None:
    async with db.transaction() as tx:
        await tx.jobs.start("office_digest", dt.date(2026, 11, 25))
        await tx.jobs.finish(
            "office_digest",
            dt.date(2026, 11, 25),
            None,
            error="OperationalError: boom",
            next_retry_at=dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC),
        )
    async with serving_health(zsbot, "127.0.0.1", 0) as base, aiohttp.ClientSession() as http:
        async with http.get(f"{base}/healthz") as response:
            health = await response.json()
        assert health["failing_jobs"] == [
            {
                "job": "office_digest",
                "day": "2026-11-25",
                "attempts": 1,
                "error": "OperationalError: boom",
                "next_retry_at": "2026-11-25T02:00:00+00:00",
            }
        ]


async def test_metrics_beside_the_webhook(
    settings: Settings, db: Database, clock: FixedClock, tg: TelegramTester, persona: MakePersona
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    hooked = settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}",
            "webhook_secret": SecretStr("s3cret-token"),
            "webhook_host": "127.0.0.1",
            "webhook_port": port,
        }
    )
    async with running_app(hooked, clock=clock, migrate=False) as app, serving_webhook(app):
        cadre = await persona("张三", [Role.CADRE])
        await tg.say(cadre.user, "/help")
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/metrics") as response:
            got = samples(await response.text())
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/app/api/me") as api:
            assert api.status == 401  # the Mini App beside the hook
    assert hooked.miniapp_public_url == f"http://127.0.0.1:{port}/app/"
    assert got[("zsbot_updates_handled_total", (("result", "ok"), ("type", "message")))] == 1
    assert ("zsbot_outbox_rows", (("state", "dead"),)) in got
