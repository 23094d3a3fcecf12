"""Office chats and subscriptions, and the read scope of office products."""

from __future__ import annotations

import pytest

from core.clock import FixedClock
from core.delivery.outbox import Recipient
from core.errors import Forbidden, Invalid, NotFound
from core.office.chats import OfficeChatService, office_audiences
from core.policy import WHOLE_CAMPAIGN, Scope
from db.database import Database
from db.enums import ChatKind, Language, Role
from tests.support.factories import add_person
from tests.support.office import seed_county


async def test_an_admin_binds_a_group_chat_whole_or_scoped_and_unbinds_it(
    db: Database, clock: FixedClock
) -> None:
    county = await seed_county(db)
    admin = await add_person(db, "管理员", [Role.ADMIN], telegram_id=9001)
    chats = OfficeChatService(db, clock)

    bound = await chats.bind(admin, chat_id=-100, title="指挥部群", group_name=None, language=Language.ZH)
    assert (bound.kind, bound.work_group) == (ChatKind.OFFICE, None)
    bound = await chats.bind(
        admin, chat_id=-200, title="一组群", group_name=" 第一工作组 ", language=Language.EN
    )
    assert bound.work_group == "第一工作组"
    async with db.transaction() as tx:
        audiences = await office_audiences(tx)
    assert [(a.recipient, a.scope) for a in audiences] == [
        (Recipient(chat_id=-100), WHOLE_CAMPAIGN),
        (Recipient(chat_id=-200), Scope.of_group(county.group1.id, "第一工作组")),
    ]
    assert await chats.unbind(admin, chat_id=-200) is True
    assert await chats.unbind(admin, chat_id=-200) is False
    async with db.transaction() as tx:
        assert [a.recipient.chat_id for a in await office_audiences(tx)] == [-100]
        chat = await tx.chats.get(-200)
        assert chat is not None and chat.language == Language.EN and not chat.active


async def test_bind_is_for_admins_in_group_chats_with_a_known_group(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    admin = await add_person(db, "管理员", [Role.ADMIN], telegram_id=9001)
    chats = OfficeChatService(db, clock)
    for not_admin in (county.office, county.leader1, county.zhang):
        with pytest.raises(Forbidden):
            await chats.bind(not_admin, chat_id=-100, title=None, group_name=None, language=Language.ZH)
        with pytest.raises(Forbidden):
            await chats.unbind(not_admin, chat_id=-100)
    with pytest.raises(Invalid) as private:
        await chats.bind(admin, chat_id=9001, title=None, group_name=None, language=Language.ZH)
    assert private.value.key == "office.bind_private"
    with pytest.raises(NotFound) as unknown:
        await chats.bind(admin, chat_id=-100, title=None, group_name="第九工作组", language=Language.ZH)
    assert unknown.value.params == {"name": "第九工作组"}
    async with db.transaction() as tx:
        assert await tx.chats.get(-100) is None  # nothing stored half-way


async def test_subscriptions_follow_the_reader_scope(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db, telegram_ids={"王主任": 9101, "孙组长": 9102, "张三": 9103})
    chats = OfficeChatService(db, clock)

    office = await chats.subscribe(county.office)
    assert (office.chat_id, office.work_group, office.already) == (9101, None, False)
    leader = await chats.subscribe(county.leader1)
    assert (leader.work_group, leader.already) == ("第一工作组", False)
    assert (await chats.subscribe(county.leader1)).already is True
    with pytest.raises(Forbidden):
        await chats.subscribe(county.zhang)  # a cadre
    async with db.transaction() as tx:
        audiences = {a.recipient: a.scope for a in await office_audiences(tx)}
    assert audiences == {
        Recipient(person_id=county.office.id): WHOLE_CAMPAIGN,
        Recipient(person_id=county.leader1.id): Scope.of_group(county.group1.id, "第一工作组"),
    }
    assert await chats.unsubscribe(county.leader1) is True
    assert await chats.unsubscribe(county.leader1) is False


async def test_a_group_leader_without_a_group_is_told_so(db: Database, clock: FixedClock) -> None:
    orphan = await add_person(db, "无组组长", [Role.GROUP_LEADER], telegram_id=9201)
    with pytest.raises(Forbidden) as error:
        await OfficeChatService(db, clock).subscribe(orphan)
    assert error.value.key == "office.no_group"
