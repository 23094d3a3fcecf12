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


async def test_a_form_read_with_the_claim_gives_way_to_a_later_write_of_this_process(db: Database) -> None:
    """PostgreSQL-style (no process cache): an update's form is read with its claim, before aiogram's
    per-chat lock. An earlier update of the same chat that writes the form meanwhile wins: the later
    update reads the row again instead of using what it read with its claim."""
    import asyncio

    from bot.telegram_session import current_update_id

    storage = DatabaseStorage(db, cache=False)
    key = StorageKey(bot_id=1, chat_id=7, user_id=7)
    claimed, written = asyncio.Event(), asyncio.Event()

    async def later_update() -> str | None:
        current_update_id.set(2)
        row = storage.form_row(key)
        assert row is not None
        storage.read_with_claim(row, (None, {}))  # no form open when it was taken in
        claimed.set()
        await written.wait()  # waits for the chat's lock, held by the earlier update
        return await storage.get_state(key)

    async def earlier_update() -> None:
        current_update_id.set(1)
        await claimed.wait()
        await storage.set_state(key, "TripForm:text")
        written.set()

    state, _ = await asyncio.gather(later_update(), earlier_update())
    assert state == "TripForm:text"


async def test_a_form_read_with_the_claim_is_used_when_nothing_wrote_it(db: Database) -> None:
    from bot.telegram_session import current_update_id

    storage = DatabaseStorage(db, cache=False)
    key = StorageKey(bot_id=1, chat_id=7, user_id=7)
    current_update_id.set(3)
    row = storage.form_row(key)
    assert row is not None
    storage.read_with_claim(row, ("TripForm:text", {"a": 1}))  # as the intake transaction read it
    assert await storage.get_state(key) == "TripForm:text"  # no second read (the row is not there)
    assert await storage.get_data(key) == {"a": 1}
    current_update_id.set(4)  # the next update: not its claim
    assert await storage.get_state(key) is None
