from __future__ import annotations

from core.clock import FixedClock
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from tests.conftest import NOW
from tests.support.factories import add_person


async def test_enqueue_is_deduplicated_per_key_and_recipient(db: Database) -> None:
    a = await add_person(db, "甲")
    b = await add_person(db, "乙")
    outbox = Outbox(FixedClock(NOW))
    note = Notification("test.ping", {"n": 1})
    async with db.transaction() as tx:
        assert await outbox.enqueue(tx, Recipient(person_id=a.id), note, key="k1") == 1
        assert await outbox.enqueue(tx, Recipient(person_id=a.id), note, key="k1") == 0
        assert (
            await outbox.enqueue_many(
                tx, [Recipient(person_id=a.id), Recipient(person_id=b.id)], note, key="k1"
            )
            == 1
        )
    async with db.transaction() as tx:
        assert (await tx.outbox.counts())["pending"] == 2


async def test_update_ids_are_claimed_once(db: Database) -> None:
    async with db.transaction() as tx:
        assert await tx.updates.claim(42)
    async with db.transaction() as tx:
        assert not await tx.updates.claim(42)
