"""Invites and binding, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.errors import Conflict, Expired, Forbidden, Invalid, NotFound
from core.people import PeopleService, TelegramIdentity, hash_token
from db.database import Database
from db.enums import Language, Role
from db.models import Invite
from tests.support.factories import add_person


@pytest.fixture
def people(db: Database, clock: FixedClock) -> PeopleService:
    return PeopleService(db, clock, Outbox(clock), invite_ttl=dt.timedelta(hours=72))


async def test_invite_binds_once_and_is_stored_hashed(db: Database, people: PeopleService) -> None:
    await add_person(db, "张三", phone="13800000001")
    issued = await people.create_invite(None, "张三")
    async with db.transaction() as tx:
        stored = (await tx.session.scalars(sa.select(Invite))).one()
    assert stored.token_hash == hash_token(issued.token) and issued.token not in stored.token_hash

    person = (
        await people.bind(issued.token, TelegramIdentity(id=555, username="zs", language_code="en"))
    ).person
    assert person.telegram_id == 555 and person.language == Language.EN
    assert (await people.by_telegram_id(555)).name == "张三"  # type: ignore[union-attr]

    with pytest.raises(Expired) as used:
        await people.bind(issued.token, TelegramIdentity(id=556))
    assert used.value.key == "invite.used"
    assert await people.by_telegram_id(556) is None


async def test_expired_and_unknown_tokens_are_refused(
    db: Database, people: PeopleService, clock: FixedClock
) -> None:
    await add_person(db, "李四", phone="13800000002")
    issued = await people.create_invite(None, "13800000002")
    clock.advance(dt.timedelta(hours=72, seconds=1))
    with pytest.raises(Expired) as expired:
        await people.bind(issued.token, TelegramIdentity(id=1))
    assert expired.value.key == "invite.expired"
    with pytest.raises(Invalid):
        await people.bind("not-a-token", TelegramIdentity(id=1))
    assert await people.by_telegram_id(1) is None


async def test_new_invite_revokes_the_previous_one(db: Database, people: PeopleService) -> None:
    await add_person(db, "王五")
    first = await people.create_invite(None, "王五")
    second = await people.create_invite(None, "王五")
    with pytest.raises(Invalid):
        await people.bind(first.token, TelegramIdentity(id=7))
    assert (await people.bind(second.token, TelegramIdentity(id=7))).person.name == "王五"


async def test_one_account_cannot_bind_two_people(db: Database, people: PeopleService) -> None:
    await add_person(db, "赵六", telegram_id=9)
    await add_person(db, "钱七")
    issued = await people.create_invite(None, "钱七")
    with pytest.raises(Conflict):
        await people.bind(issued.token, TelegramIdentity(id=9))
    # the invite is still usable by the right account
    assert (await people.bind(issued.token, TelegramIdentity(id=10))).person.name == "钱七"


async def test_only_office_may_invite_and_refs_must_resolve(db: Database, people: PeopleService) -> None:
    cadre = await add_person(db, "干部甲", roles=[Role.CADRE])
    office = await add_person(db, "办公室乙", roles=[Role.OFFICE])
    await add_person(db, "同名", phone="13800000011")
    await add_person(db, "同名", phone="13800000012", unit="另一个单位")
    with pytest.raises(Forbidden):
        await people.create_invite(cadre, "干部甲")
    with pytest.raises(NotFound):
        await people.create_invite(office, "查无此人")
    with pytest.raises(Invalid) as ambiguous:
        await people.create_invite(office, "同名")
    assert ambiguous.value.params["count"] == 2
    assert (await people.create_invite(office, "13800000012")).person.phone == "13800000012"


async def test_a_bound_person_is_invited_again_only_with_rebind(db: Database, people: PeopleService) -> None:
    await add_person(db, "刘洋", phone="13800000021")
    first = await people.create_invite(None, "刘洋")
    assert (await people.bind(first.token, TelegramIdentity(id=21))).replaced is None
    with pytest.raises(Conflict) as refused:
        await people.create_invite(None, "刘洋")
    assert refused.value.key == "invite.already_bound"
    again = await people.create_invite(None, "刘洋", rebind=True)
    assert again.rebind
    moved = await people.bind(again.token, TelegramIdentity(id=22))
    assert moved.replaced == 21 and moved.person.telegram_id == 22
    assert await people.by_telegram_id(21) is None
    async with db.transaction() as tx:
        assert [a.action for a in await tx.audit.recent("person.")] == ["person.rebind", "person.bind"]


async def test_only_an_admin_unbinds(db: Database, people: PeopleService) -> None:
    admin = await add_person(db, "管理员", roles=[Role.ADMIN])
    office = await add_person(db, "办公室", roles=[Role.OFFICE])
    await add_person(db, "周八", telegram_id=31)
    with pytest.raises(Forbidden):
        await people.unbind(office, "周八")
    assert (await people.unbind(admin, "周八")).replaced == 31
    assert await people.by_telegram_id(31) is None
    with pytest.raises(Invalid):
        await people.unbind(admin, "周八")


async def test_person_add_reads_name_phone_unit_and_roles_and_stores_nothing_on_bad_input(
    db: Database, people: PeopleService
) -> None:
    office = await add_person(db, "办公室", roles=[Role.OFFICE])
    added = await people.register(office, "张三 第3中学 13800000031 组长 干部")
    assert added.phone == "13800000031" and added.role_set == {Role.CADRE, Role.GROUP_LEADER}
    async with db.transaction() as tx:
        stored = await tx.people.get(added.id)
        assert stored is not None and stored.unit is not None and stored.unit.name == "第3中学"
    for text, key in (
        ("李四 138 单位 干部", "person_add.bad_phone"),
        ("李四 13800000032 单位", "person_add.no_role"),
        ("李四 单位 干部", "person_add.no_phone"),
        ("李四", "person_add.usage"),
    ):
        with pytest.raises(Invalid) as refused:
            await people.register(office, text)
        assert refused.value.key == key
    with pytest.raises(Conflict):
        await people.register(office, "王五 13800000031 干部")  # the phone is 张三's
    cadre = await add_person(db, "干部", roles=[Role.CADRE])
    with pytest.raises(Forbidden):
        await people.register(cadre, "李四 13800000033 干部")
    async with db.transaction() as tx:
        assert await tx.people.by_name("李四") == [] and await tx.people.by_name("王五") == []
