"""/healthz and /metrics (and the Mini App, bot/miniapp), on the webhook server (webhook mode) or a small
server of their own (polling).

/healthz answers 200 while the database answers (503 otherwise), with the outbox counts, whether this
replica leads the scheduler, the job runs whose last attempt failed (with their next retry), and what
is still loading in the background after start-up (``warming``: parsers, fonts; empty when warm).
/metrics is Prometheus' text format (:mod:`bot.metrics`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.metrics import CONTENT_TYPE

if TYPE_CHECKING:
    from bot.runner import Running

log = logging.getLogger(__name__)

APP = web.AppKey("zsbot", object)


def add_health_routes(web_app: web.Application, app: Running) -> None:
    """/healthz and /metrics, and the Mini App under /app/ (bot/miniapp) on the same server."""
    from bot.miniapp.server import add_miniapp_routes, miniapp_of

    web_app[APP] = app
    web_app.router.add_get("/healthz", _healthz)
    web_app.router.add_get("/metrics", _metrics)
    add_miniapp_routes(web_app, miniapp_of(app))


def _running(request: web.Request) -> Running:
    return request.app[APP]  # type: ignore[return-value]


async def health(app: Running) -> dict[str, Any]:
    """What /healthz reports; raises when the database does not answer."""
    counts = await app.services.delivery.counts()
    async with app.services.db.transaction() as tx:
        failing = await tx.jobs.failing()
    scheduler = app.metrics.scheduler
    return {
        "ok": True,
        "outbox": counts,
        "leader": bool(scheduler is not None and scheduler.leadership.is_leader),
        "worker": app.sender.worker if app.sender is not None else None,  # host:pid:…, which replica answered
        # updates are answered meanwhile; a trip line waits for "parsers" (bot.warmup)
        "warming": sorted(app.warming),
        "failing_jobs": [
            {
                "job": run.job_id,
                "day": run.run_day.isoformat(),
                "attempts": run.attempts,
                "error": run.error,
                "next_retry_at": run.next_retry_at.isoformat() if run.next_retry_at else None,
            }
            for run in failing[:20]
        ],
    }


async def _healthz(request: web.Request) -> web.Response:
    try:
        return web.json_response(await health(_running(request)))
    except Exception as exc:  # the database is down: this replica is unhealthy
        return web.json_response({"ok": False, "error": type(exc).__name__}, status=503)


async def _metrics(request: web.Request) -> web.Response:
    app = _running(request)
    try:
        app.metrics.outbox_rows = await app.services.delivery.counts()
    except Exception:
        log.warning("outbox counts unavailable for /metrics", exc_info=True)
    body = app.metrics.exposition()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


@asynccontextmanager
async def serving_health(app: Running, host: str, port: int) -> AsyncIterator[str]:
    """A server of its own for /healthz and /metrics (polling mode); yields its base URL."""
    web_app = web.Application()
    add_health_routes(web_app, app)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    log.info("health and metrics on http://%s:%s", host, bound)
    try:
        yield f"http://{host}:{bound}"
    finally:
        await runner.cleanup()
