"""`Database.read()`: reading only, for the fewest round trips (issue 18) — and a write in it is
refused before it reaches the database, on both backends (on PostgreSQL a read runs in autocommit,
where a write would be committed at once)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from db.database import Database, WriteInRead
from db.enums import Role
from db.models import Person
from tests.support.factories import add_person


async def test_a_read_sees_what_is_committed(db: Database) -> None:
    zhang = await add_person(db, "张三", roles=[Role.CADRE])
    async with db.read() as tx:
        found = await tx.people.get(zhang.id)
        assert found is not None and found.name == "张三"
        assert [name for _, name in await tx.trips.active_names()] == ["张三"]


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_on_postgresql_a_read_sends_no_begin(db: Database) -> None:
    """In autocommit each statement is a transaction of its own, which starts with it; inside one
    ``BEGIN`` … every statement has the transaction's start. (SQLite reads in a deferred
    transaction: one snapshot across its statements, WAL.)"""
    started = sa.text("SELECT transaction_timestamp()")
    async with db.read() as tx:
        assert await tx.session.scalar(started) != await tx.session.scalar(started)
    async with db.transaction() as tx:  # the control: the check can fail
        assert await tx.session.scalar(started) == await tx.session.scalar(started)


async def test_a_write_in_a_read_is_refused_and_nothing_is_stored(db: Database) -> None:
    with pytest.raises(WriteInRead):
        async with db.read() as tx:
            tx.session.add(Person(name="李四"))
            await tx.session.flush()
    with pytest.raises(WriteInRead):
        async with db.read() as tx:
            await tx.session.execute(sa.text("INSERT INTO people (name, active) VALUES ('王五', true)"))
    with pytest.raises(WriteInRead):
        async with db.read() as tx:
            await tx.session.execute(sa.update(Person).values(name="赵六"))
    async with db.read() as tx:
        assert await tx.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0
    async with db.transaction() as tx:  # the same connections write as before in a transaction
        tx.session.add(Person(name="李四"))
    async with db.read() as tx:
        assert await tx.session.scalar(sa.select(Person.name)) == "李四"
