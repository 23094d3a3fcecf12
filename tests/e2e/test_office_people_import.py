"""The office sends the people and work-group lists to the bot: told apart from the project plan by
their headers, imported all or nothing, bad rows answered in the reader's language."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Language, Role
from tests.e2e.conftest import MakePersona
from tgemu.client import TelegramTester

GROUPS_CSV = "工作组,组长,目标(亿元),力争目标(亿元)\n第一工作组,,60,66\n第二工作组,,60,67\n"
PEOPLE_CSV = (
    "姓名,手机,单位,工作组,角色\n"
    "张三,13800000001,市商务局,第一工作组,干部\n"
    "李四,13800000002,市发改委,第二工作组,项目负责人、组长\n"
)
BAD_PEOPLE_CSV = (
    "姓名,手机,单位,工作组,角色\n"
    "王五,13800000003,市商务局,第一工作组,干部\n"
    "赵六,12345,市商务局,第九工作组,厨师\n"
)


async def test_groups_then_people_from_the_chat_all_or_nothing(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    groups = await tg.upload(office.user, GROUPS_CSV.encode(), "工作组.csv")
    assert "工作组导入完成" in groups.text and "新增 2 个" in groups.text

    bad = await tg.upload(office.user, BAD_PEOPLE_CSV.encode("gb18030"), "人员.csv")
    assert "未导入任何内容" in bad.text
    assert "第 3 行：手机号格式不对：12345" in bad.text
    assert "第 3 行：未知角色“厨师”" in bad.text and "工作组“第九工作组”不存在" in bad.text
    assert "/ " not in bad.text  # no bilingual strings: the reader's language only
    async with db.transaction() as tx:
        assert await tx.people.by_name("王五") == []  # the good row was not imported either

    done = await tg.upload(office.user, PEOPLE_CSV.encode("gb18030"), "人员.csv")
    assert "人员导入完成" in done.text and "新增 2 人" in done.text
    async with db.transaction() as tx:
        [li] = await tx.people.by_name("李四")
    assert Role.GROUP_LEADER in li.role_set and li.phone == "13800000002"
    link = await tg.say(office.user, "/invite 张三")
    assert "start=" in link.text


async def test_row_errors_in_english_for_an_english_reader_and_cadres_may_not_import(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("Office", [Role.OFFICE], language=Language.EN)
    cadre = await persona("李干部", [Role.CADRE])
    bad = await tg.upload(office.user, BAD_PEOPLE_CSV.encode(), "people.csv")
    assert "nothing was imported" in bad.text and "Row 3: not a valid phone number: 12345" in bad.text
    assert "手机号格式不对" not in bad.text

    unknown = await tg.upload(office.user, "甲,乙\n1,2\n".encode(), "x.csv")
    assert "no known header" in unknown.text and "people" in unknown.text

    await tg.upload(cadre.user, PEOPLE_CSV.encode(), "人员.csv")
    async with db.transaction() as tx:
        assert await tx.people.by_name("张三") == []
