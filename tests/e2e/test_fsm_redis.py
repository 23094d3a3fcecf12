"""With ZSBOT_REDIS_URL set, forms live in Redis: the same restart test as on the database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from tests.e2e.test_trips_mytrips import test_half_filled_form_survives_a_restart
from tests.support.services import REDIS_URL, unavailable

__all__ = ["test_half_filled_form_survives_a_restart"]

pytestmark = pytest.mark.redis


@pytest.fixture
async def settings(settings: Settings) -> AsyncIterator[Settings]:
    """The usual end-to-end settings, with FSM state in Redis under a key prefix of its own.

    Never FLUSHDB: the other pytest workers' Redis tests (limiter, topology, this file's other test)
    use the same database at the same moment.
    """
    from redis.asyncio import Redis

    prefix = f"zsbot-test:{uuid.uuid4().hex}"
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as exc:
        await client.aclose()
        unavailable("Redis", exc)
    try:
        yield settings.model_copy(update={"redis_url": REDIS_URL, "redis_prefix": prefix})
        keys = [key async for key in client.scan_iter(f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def test_state_is_in_redis(settings: Settings) -> None:
    from bot.app import build_storage

    storage, isolation = build_storage(settings, None)  # type: ignore[arg-type]
    try:
        assert type(storage).__name__ == "RedisStorage"
        assert storage.key_builder.prefix == f"{settings.redis_prefix}:fsm"  # type: ignore[attr-defined]
    finally:
        await storage.close()
        await isolation.close()
