"""FSM state survives a restart: database storage, and Redis storage when configured."""

from __future__ import annotations

import uuid

from aiogram.fsm.storage.base import StorageKey

from bot.fsm_storage import DatabaseStorage
from db.database import Database
from tests.support.services import REDIS_URL, unavailable


async def test_database_storage_round_trip_and_cleanup(db: Database) -> None:
    key = StorageKey(bot_id=1, chat_id=2, user_id=3)
    storage = DatabaseStorage(db)
    await storage.set_state(key, "TripForm:dates")
    await storage.set_data(key, {"city": "深圳", "n": 1})
    fresh = DatabaseStorage(db)  # a new process would build a new storage
    assert await fresh.get_state(key) == "TripForm:dates"
    assert await fresh.get_data(key) == {"city": "深圳", "n": 1}
    await fresh.set_state(key, None)
    await fresh.set_data(key, {})
    assert await fresh.get_state(key) is None
    async with db.transaction() as tx:
        assert await tx.fsm.get(DatabaseStorage(db)._key(key)) is None


async def test_what_the_storage_remembers_never_hides_a_write(db: Database) -> None:
    """Reads are remembered (SQLite: by the process), so a changed nested value must still be
    written, and a write of what is stored already is the only one skipped."""
    key = StorageKey(bot_id=1, chat_id=2, user_id=4)
    storage = DatabaseStorage(db, cache=True)
    await storage.set_data(key, {"legs": [{"city": "深圳"}]})
    data = await storage.get_data(key)
    data["legs"].append({"city": "杭州"})  # changed in place, as a form step may
    await storage.set_data(key, data)
    await storage.set_state(key, None)  # nothing open: skipped, the data stays
    assert await DatabaseStorage(db).get_data(key) == {"legs": [{"city": "深圳"}, {"city": "杭州"}]}
    assert await storage.get_data(key) == {"legs": [{"city": "深圳"}, {"city": "杭州"}]}
    await storage.set_data(key, {})
    assert await DatabaseStorage(db).get_data(key) == {}


async def test_redis_storage_round_trip() -> None:
    from aiogram.fsm.storage.redis import RedisStorage

    storage = RedisStorage.from_url(REDIS_URL)
    key = StorageKey(bot_id=1, chat_id=2, user_id=int(uuid.uuid4().int % 10**9))
    try:
        await storage.redis.ping()
    except Exception as exc:
        await storage.close()
        unavailable("Redis", exc)
    try:
        await storage.set_state(key, "TripForm:dates")
        await storage.set_data(key, {"city": "深圳"})
        again = RedisStorage.from_url(REDIS_URL)
        assert await again.get_state(key) == "TripForm:dates"
        assert await again.get_data(key) == {"city": "深圳"}
        await again.set_state(key, None)
        await again.close()
    finally:
        await storage.close()
