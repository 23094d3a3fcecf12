from __future__ import annotations

import datetime as dt

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


async def test_a_wave_is_enqueued_in_batches_deduplicated_like_one_by_one(db: Database) -> None:
    people = [await add_person(db, f"干部{n}") for n in range(5)]
    outbox = Outbox(FixedClock(NOW))
    wave = [(Recipient(person_id=p.id), Notification("test.ping", {"n": p.id}), "wave:1") for p in people]
    async with db.transaction() as tx:
        assert await outbox.enqueue(tx, wave[0][0], wave[0][1], key="wave:1") == 1  # enqueued before
        assert await outbox.enqueue_batch(tx, [*wave, wave[3]]) == 4  # and one twice in the wave
        # repeated keys within one call count once
        rows = [
            {"dedupe_key": f"edge:{n % 3}", "kind": "test.ping", "payload": {}, "person_id": people[0].id}
            for n in range(7)
        ]
        assert await tx.outbox.enqueue_rows(rows) == 3
        assert await tx.outbox.enqueue_rows([]) == 0
    async with db.transaction() as tx:
        assert (await tx.outbox.counts())["pending"] == 8
        claimed = await tx.outbox.claim_due(now=NOW, limit=100, worker="w", lease=dt.timedelta(minutes=1))
    payloads = sorted(row.payload["n"] for row in claimed if row.dedupe_key.startswith("wave:"))
    assert payloads == sorted(p.id for p in people)
