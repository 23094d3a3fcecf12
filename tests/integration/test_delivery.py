"""Outbox bookkeeping: claim, resolve, retries, dead letters, unreachable people."""

from __future__ import annotations

import pytest

from core.clock import FixedClock
from core.delivery.bookkeeping import DeliveryService
from core.delivery.outbox import Notification, Outbox, Recipient
from db.database import Database
from db.enums import ChatKind, Language, Role
from db.models import BoundChat
from tests.conftest import NOW
from tests.support.factories import add_person


@pytest.fixture
def delivery(db: Database, clock: FixedClock) -> DeliveryService:
    return DeliveryService(db, clock, Outbox(clock), max_attempts=3, default_locale="zh")


async def _enqueue(db: Database, person_id: int, key: str, clock: FixedClock | None = None) -> None:
    async with db.transaction() as tx:
        await Outbox(clock or FixedClock(NOW)).enqueue(
            tx, Recipient(person_id=person_id), Notification("test.ping", {"n": 1}), key=key
        )


async def test_claim_resolves_chat_and_language_and_dead_letters_unbound(
    db: Database, delivery: DeliveryService
) -> None:
    bound = await add_person(db, "甲", telegram_id=101, language=Language.EN)
    unbound = await add_person(db, "乙")
    await _enqueue(db, bound.id, "a")
    await _enqueue(db, unbound.id, "b")
    items = await delivery.claim("w1", 10)
    assert [(i.chat_id, i.locale) for i in items] == [(101, "en")]
    assert await delivery.claim("w2", 10) == []  # claimed rows are not handed out twice
    counts = await delivery.counts()
    assert counts["sending"] == 1 and counts["dead"] == 1


async def test_retries_then_dead_letter(db: Database, delivery: DeliveryService, clock: FixedClock) -> None:
    import datetime as dt

    person = await add_person(db, "甲", telegram_id=101)
    await _enqueue(db, person.id, "a")
    for attempt in range(2):
        [item] = await delivery.claim("w", 10)
        assert item.attempts == attempt
        assert await delivery.retry(item, "500", delay=1)
        assert await delivery.claim("w", 10) == []  # not due yet
        clock.advance(dt.timedelta(seconds=2))
    [item] = await delivery.claim("w", 10)
    assert not await delivery.retry(item, "500")
    assert (await delivery.counts())["dead"] == 1


async def test_uncertain_rows_are_retried_once(
    db: Database, delivery: DeliveryService, clock: FixedClock
) -> None:
    import datetime as dt

    person = await add_person(db, "甲", telegram_id=101)
    await _enqueue(db, person.id, "a")
    [item] = await delivery.claim("w", 10)
    assert await delivery.retry(item, "timeout", delay=0, uncertain=True)
    clock.advance(dt.timedelta(seconds=1))
    [again] = await delivery.claim("w", 10)
    assert again.uncertain
    assert not await delivery.retry(again, "timeout", delay=0, uncertain=True)


async def test_blocked_person_is_marked_and_the_office_told_once(
    db: Database, delivery: DeliveryService
) -> None:
    person = await add_person(db, "甲", telegram_id=101, roles=[Role.CADRE])
    await add_person(db, "办公室", telegram_id=900, roles=[Role.OFFICE])
    for key in ("a", "b", "c"):
        await _enqueue(db, person.id, key)
    items = await delivery.claim("w", 10)
    await delivery.unreachable(items[0], "403 blocked")
    await delivery.unreachable(items[1], "403 blocked")
    async with db.transaction() as tx:
        fresh = await tx.people.get(person.id)
        assert fresh is not None and not fresh.reachable
        notices = await tx.outbox.with_key_prefix("unreachable:")
    assert len(notices) == 1 and notices[0].payload["name"] == "甲"
    counts = await delivery.counts()
    assert counts["dead"] == 3  # the third row is not retried either


async def test_office_group_is_preferred_over_members(db: Database, delivery: DeliveryService) -> None:
    from core.delivery.audience import office_recipients

    await add_person(db, "办公室", telegram_id=900, roles=[Role.OFFICE])
    async with db.transaction() as tx:
        assert [r.person_id for r in await office_recipients(tx)] != []
        await tx.chats.add(BoundChat(chat_id=-100, kind=ChatKind.OFFICE, title="指挥部"))
    async with db.transaction() as tx:
        assert [r.chat_id for r in await office_recipients(tx)] == [-100]
