"""With ZSBOT_REDIS_URL set, forms live in Redis: the same restart test as on the database."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from tests.e2e.test_trips_mytrips import test_half_filled_form_survives_a_restart
from tests.support.services import REDIS_URL, unavailable

__all__ = ["test_half_filled_form_survives_a_restart"]

pytestmark = pytest.mark.redis


@pytest.fixture
async def settings(settings: Settings) -> Settings:
    """The usual end-to-end settings, with FSM state in a Redis database of its own (emptied first)."""
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
        await client.flushdb()
    except Exception as exc:
        unavailable("Redis", exc)
    finally:
        await client.aclose()
    return settings.model_copy(update={"redis_url": REDIS_URL})


async def test_state_is_in_redis(settings: Settings) -> None:
    from bot.app import build_storage

    storage, isolation = build_storage(settings, None)  # type: ignore[arg-type]
    try:
        assert type(storage).__name__ == "RedisStorage"
    finally:
        await storage.close()
        await isolation.close()
