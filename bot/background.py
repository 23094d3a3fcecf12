"""Work that runs beside the Dispatcher: the outbox sender and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.media import MediaArchiver, open_store
from bot.miniapp.telegram import digest_button
from bot.ratelimit import RedisRateLimiter, SendLimiter, paced_limiter
from bot.sender import OutboxSender
from bot.settings import Settings
from scheduler.context import JobContext

if TYPE_CHECKING:
    from bot.runner import Running

log = logging.getLogger(__name__)


def build_limiter(settings: Settings) -> SendLimiter:
    """Shared through Redis when several replicas may send (Redis configured); per process otherwise."""
    rates = {
        "global_per_second": settings.rate_global_per_second,
        "private_per_second": settings.rate_private_per_second,
        "group_per_minute": settings.rate_group_per_minute,
        "safety_seconds": settings.rate_safety_seconds,
    }
    if settings.shared_rate_limiter:
        assert settings.redis_url is not None
        from redis.asyncio import Redis

        return RedisRateLimiter(
            Redis.from_url(settings.redis_url), prefix=f"{settings.redis_prefix}:rate", **rates
        )
    return paced_limiter(
        global_per_second=rates["global_per_second"],
        private_per_second=rates["private_per_second"],
        group_per_minute=rates["group_per_minute"],
        safety_seconds=rates["safety_seconds"],
    )


def build_archiver(app: Running) -> MediaArchiver | None:
    """Attachments copied out of Telegram when a media store is configured."""
    s = app.settings
    if not s.media_store:
        return None
    store = open_store(s.media_store, s3_endpoint_url=s.media_s3_endpoint_url)
    return MediaArchiver(app.bot, app.services.media, store, interval=s.media_sweep_seconds)


def build_sender(app: Running) -> OutboxSender:
    return OutboxSender(
        app.bot, app.services.delivery, build_limiter(app.settings), decorate=digest_button(app.settings)
    )


@asynccontextmanager
async def start_background(app: Running) -> AsyncIterator[None]:
    """Start the sender and the scheduler; on exit stop claiming, finish or release, then stop jobs."""
    services = app.services
    if services.db.is_sqlite:
        recovered = await services.delivery.recover_orphans()
        if recovered:
            log.warning("%d outbox rows were in flight when the bot last stopped; resending", recovered)
    sender = app.sender = app.metrics.sender = build_sender(app)
    sender_task = asyncio.create_task(sender.run(), name="outbox-sender")
    archiver = app.archiver = build_archiver(app)
    archiver_task = asyncio.create_task(archiver.run(), name="media-archiver") if archiver else None
    try:
        if app.settings.scheduler_enabled:
            from scheduler.service import SchedulerService  # APScheduler loaded only where jobs run

            scheduler = app.metrics.scheduler = SchedulerService(
                JobContext(services),
                on_outcome=app.metrics.job_outcome,
                leader_interval=app.settings.leader_interval_seconds,
            )
            async with scheduler.running():
                yield
        else:
            yield
    finally:
        await sender.stop()
        if archiver is not None and archiver_task is not None:
            await archiver.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await archiver_task
        with contextlib.suppress(asyncio.CancelledError):
            await sender_task
        if isinstance(sender.limiter, RedisRateLimiter):
            await sender.limiter.close()
