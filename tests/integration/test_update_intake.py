"""An update's intake in one trip (db/intake.py) and the journal that carries marks "done" on it
(core/updates.py): the sender it builds is the person the ORM loads, its writes commit together or
not at all, and a finished update is marked done by the next intake or, with none coming, by the
journal's writer."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from core.clock import FixedClock
from core.updates import UpdateJournal
from db.database import Database, unavailable
from db.enums import Language, Role
from db.intake import PERSON_RELATIONSHIPS, UpdateIntake, _SqliteIntake
from db.models import FsmRecord, Person, ProcessedUpdate, Unit, WorkGroup
from tests.support.factories import add_group, add_person

BOUND_AT = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)


async def _orm_person(db: Database, telegram_id: int) -> Person:
    async with db.transaction() as tx:
        person = await tx.people.by_telegram_id(telegram_id)
    assert person is not None
    return person


def _columns(obj: Any, model: type[Any]) -> dict[str, Any]:
    return {attr.key: getattr(obj, attr.key) for attr in sa.inspect(model).column_attrs}


async def _rows(db: Database) -> dict[int, tuple[bool, str | None]]:
    async with db.transaction() as tx:
        rows = (await tx.session.execute(sa.select(ProcessedUpdate))).scalars().all()
        return {r.update_id: (r.done, r.payload) for r in rows}


async def _refuse_update(db: Database, update_id: int) -> None:
    """A trigger that fails the insert of `update_id` (a write that fails mid-transaction)."""
    async with db.engine.begin() as conn:
        if db.is_sqlite:
            await conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON processed_updates "
                f"WHEN NEW.update_id = {update_id} BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            await conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused'; END $$"
            )
            await conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON processed_updates FOR EACH ROW "
                f"WHEN (NEW.update_id = {update_id}) EXECUTE FUNCTION refuse()"
            )


def _counting_finishes(journal: UpdateJournal) -> list[list[int]]:
    """The marks "done" the journal's writer commits (each call's ids), as they come."""
    finishes: list[list[int]] = []
    real_finish = journal.intake.finish

    async def counted(update_ids: Any) -> None:
        finishes.append(list(update_ids))
        await real_finish(update_ids)

    journal.intake.finish = counted  # type: ignore[method-assign]
    return finishes


def test_the_intake_fills_every_relationship_of_a_person() -> None:
    # a relationship added to Person and not filled by the intake would load lazily, and fail,
    # on the detached person every handler gets
    assert {r.key for r in sa.inspect(Person).relationships} == PERSON_RELATIONSHIPS


async def test_the_sender_is_the_person_the_orm_loads(db: Database) -> None:
    group = await add_group(db, "第一工作组")
    await add_person(
        db,
        "张伟",
        (Role.CADRE, Role.PROJECT_LEAD),
        phone="13800000001",
        telegram_id=5_000_000_001,
        language=Language.EN,
        work_group=group,
        unit="商务局",
    )
    await add_person(db, "李娜", telegram_id=42)  # no unit, no group, one role
    async with db.transaction() as tx:
        await tx.people.set_fields(
            (await _orm_person(db, 5_000_000_001)).id, bound_at=BOUND_AT, telegram_username="zw"
        )
    intake = UpdateIntake(db)

    for update_id, telegram_id in ((1, 5_000_000_001), (2, 42)):
        taken = await intake.take_in(update_id, "{}", telegram_id, None)
        assert taken is not None and taken.person is not None and taken.form is None
        lane, orm = taken.person, await _orm_person(db, telegram_id)
        assert sa.inspect(lane).detached
        assert _columns(lane, Person) == _columns(orm, Person)
        assert lane.role_set == orm.role_set
        assert [r.person for r in lane.roles] == [lane] * len(orm.roles)
        for rel, model in (("unit", Unit), ("work_group", WorkGroup)):
            mine, theirs = getattr(lane, rel), getattr(orm, rel)
            assert (mine is None) == (theirs is None)
            if theirs is not None:
                assert _columns(mine, model) == _columns(theirs, model)

    zhang = (await intake.take_in(3, None, 5_000_000_001, None)).person  # type: ignore[union-attr]
    assert zhang is not None
    assert zhang.role_set == {Role.CADRE, Role.PROJECT_LEAD}
    assert zhang.language is Language.EN and zhang.bound_at == BOUND_AT
    assert zhang.unit is not None and zhang.unit.name == "商务局"
    assert zhang.work_group is not None and zhang.work_group.target_wan == group.target_wan


async def test_a_redelivered_update_is_not_taken_in_twice(db: Database) -> None:
    intake = UpdateIntake(db)
    first = await intake.take_in(7, '{"update_id": 7}', None, None)
    assert first is not None and first.person is None and first.form is None
    assert await intake.take_in(7, '{"update_id": 7, "again": true}', None, None) is None
    assert await _rows(db) == {7: (False, '{"update_id": 7}')}  # the first payload kept, not done


async def test_update_ids_are_claimed_once(db: Database) -> None:
    # (was tests/integration/test_outbox_repo.py's, on the ORM claim this module replaced)
    intake = UpdateIntake(db)
    assert await intake.take_in(42, None, None, None) is not None
    assert await intake.take_in(42, None, None, None) is None


async def test_an_unknown_account_has_no_person_and_the_form_is_read(db: Database) -> None:
    async with db.transaction() as tx:
        tx.session.add(FsmRecord(key="bot:9:9", state="TripForm:dates", data={"city": "深圳"}))
    intake = UpdateIntake(db)
    taken = await intake.take_in(1, None, 999, "bot:9:9")
    assert taken is not None and taken.person is None
    assert taken.form == ("TripForm:dates", {"city": "深圳"})
    taken = await intake.take_in(2, None, 999, "bot:9:10")
    assert taken is not None and taken.form == (None, {})  # no row: no form open


async def test_finished_updates_are_marked_done_with_the_claim(db: Database) -> None:
    intake = UpdateIntake(db)
    for update_id in (1, 2, 3):
        await intake.take_in(update_id, f"p{update_id}", None, None)
    await intake.take_in(4, "p4", None, None, finished=[1, 3])
    assert await _rows(db) == {1: (True, None), 2: (False, "p2"), 3: (True, None), 4: (False, "p4")}
    await intake.finish([2, 4])
    assert await _rows(db) == {i: (True, None) for i in (1, 2, 3, 4)}


async def test_a_failed_intake_writes_nothing(db: Database) -> None:
    intake = UpdateIntake(db)
    await intake.take_in(1, "p1", None, None)
    await _refuse_update(db, 666)
    with pytest.raises(sa_exc.DBAPIError, match="refused"):
        await intake.take_in(666, "p666", None, None, finished=[1])
    assert await _rows(db) == {1: (False, "p1")}  # update 1 not marked done: rolled back together
    taken = await intake.take_in(2, "p2", None, None, finished=[1])  # the connection is usable again
    assert taken is not None
    assert await _rows(db) == {1: (True, None), 2: (False, "p2")}


async def test_a_driver_error_on_sqlite_is_sqlalchemys(sqlite_db: Database) -> None:
    # the journal's callers tell an outage ("database is locked") by SQLAlchemy's exception types
    intake = UpdateIntake(sqlite_db)
    await intake.take_in(1, None, None, None)
    sqlite = intake._impl
    assert isinstance(sqlite, _SqliteIntake)
    sqlite.sql = dataclasses.replace(sqlite.sql, form="SELECT state FROM no_such_table WHERE key = ?")
    with pytest.raises(sa_exc.OperationalError) as raised:
        await intake.take_in(2, '{"text": "明天去深圳"}', None, "bot:1:1", finished=[1])
    assert unavailable(raised.value)
    assert "深圳" not in str(raised.value)  # the update's text stays out of logged errors
    assert await _rows(sqlite_db) == {1: (False, None)}


async def test_the_next_intake_carries_a_finished_update_done(db: Database, clock: FixedClock) -> None:
    journal = UpdateJournal(db, clock, done_delay=30)  # the writer would wait long: the intake carries it
    finishes = _counting_finishes(journal)
    assert await journal.take_in(1, "p1", None) is not None
    marking = asyncio.create_task(journal.done(1))
    await asyncio.sleep(0)
    assert not marking.done()
    assert await journal.take_in(2, "p2", None) is not None
    await asyncio.wait_for(marking, 5)  # committed with update 2's claim
    assert finishes == []
    assert await _rows(db) == {1: (True, None), 2: (False, "p2")}
    assert await journal.take_in(1, "p1", None) is None  # still a redelivery


async def test_while_updates_keep_coming_no_mark_costs_a_transaction(db: Database, clock: FixedClock) -> None:
    journal = UpdateJournal(
        db, clock, done_delay=0.5
    )  # far above the updates' spacing, even on a busy machine
    finishes = _counting_finishes(journal)
    marks: list[asyncio.Task[None]] = []
    for update_id in range(1, 41):  # an update every 20 ms for 0.8 s, each done soon after its intake
        assert await journal.take_in(update_id, None, None) is not None
        marks.append(asyncio.create_task(journal.done(update_id)))
        await asyncio.sleep(0.02)
    assert all(m.done() for m in marks[:-2])  # carried by the intakes that followed
    assert finishes == []
    await asyncio.wait_for(asyncio.gather(*marks), 5)  # the updates stopped: the writer commits
    assert len(finishes) == 1 and set(finishes[0]) <= {39, 40}
    assert set((await _rows(db)).values()) == {(True, None)}


async def test_with_no_intake_coming_the_writer_marks_done(db: Database, clock: FixedClock) -> None:
    journal = UpdateJournal(db, clock, done_delay=0.01)
    for update_id in (1, 2):
        await journal.take_in(update_id, None, None)
    await asyncio.wait_for(asyncio.gather(journal.done(1), journal.done(2)), 5)
    assert await _rows(db) == {1: (True, None), 2: (True, None)}


async def test_a_failed_intake_leaves_its_finished_updates_to_the_writer(
    db: Database, clock: FixedClock
) -> None:
    journal = UpdateJournal(db, clock, done_delay=0.05)
    finishes = _counting_finishes(journal)
    await journal.take_in(1, "p1", None)
    await _refuse_update(db, 666)
    marking = asyncio.create_task(journal.done(1))
    await asyncio.sleep(0)
    with pytest.raises(sa_exc.DBAPIError):
        await journal.take_in(666, None, None)  # took update 1's mark along, and failed
    await asyncio.wait_for(marking, 5)
    assert finishes == [[1]]  # written by the writer, not lost with the failed intake
    assert await _rows(db) == {1: (True, None)}


async def test_an_inactive_person_is_no_sender(db: Database, clock: FixedClock) -> None:
    person = await add_person(db, "王芳", telegram_id=77)
    async with db.transaction() as tx:
        await tx.people.set_fields(person.id, active=False)
    journal = UpdateJournal(db, clock)
    taken = await journal.take_in(1, None, 77)
    assert taken is not None and taken.person is None
    taken_by_intake = await UpdateIntake(db).take_in(2, None, 77, None)
    assert taken_by_intake is not None and taken_by_intake.person is not None  # the lane reads it
    assert taken_by_intake.person.active is False


async def test_enough_marks_waiting_are_committed_without_an_intake(db: Database, clock: FixedClock) -> None:
    """With the updates in hand capped, those waiting for their marks could fill every place while no
    intake can come to carry them: the update bringing the `flush_at`-th mark commits them at once."""
    journal = UpdateJournal(db, clock, done_delay=30, flush_at=3)  # the writer would wait long
    finishes = _counting_finishes(journal)
    for update_id in (1, 2, 3, 4):
        assert await journal.take_in(update_id, None, None) is not None
    first = [asyncio.create_task(journal.done(i)) for i in (1, 2)]
    await asyncio.sleep(0.05)
    assert not any(m.done() for m in first) and finishes == []  # below flush_at: waiting for an intake
    await asyncio.wait_for(journal.done(3), 5)  # the third commits all three
    await asyncio.wait_for(asyncio.gather(*first), 5)
    assert finishes == [[1, 2, 3]]
    assert await _rows(db) == {1: (True, None), 2: (True, None), 3: (True, None), 4: (False, None)}


async def test_a_failed_flush_fails_each_waiting_mark(db: Database, clock: FixedClock) -> None:
    journal = UpdateJournal(db, clock, done_delay=30, flush_at=2)
    for update_id in (1, 2):
        await journal.take_in(update_id, None, None)

    async def refused(ids: list[int]) -> None:
        raise sa_exc.OperationalError("UPDATE", {}, Exception("database is locked"))

    journal.intake.finish = refused  # type: ignore[method-assign]
    first = asyncio.create_task(journal.done(1))
    await asyncio.sleep(0)
    with pytest.raises(sa_exc.OperationalError):
        await asyncio.wait_for(journal.done(2), 5)
    with pytest.raises(sa_exc.OperationalError):  # told too, not left waiting
        await asyncio.wait_for(first, 5)
    assert await _rows(db) == {1: (False, None), 2: (False, None)}
