"""The office sends the people and work-group lists to the bot: told apart from the project plan by
their headers, imported all or nothing, bad rows answered in the reader's language."""

from __future__ import annotations

from decimal import Decimal

from bot.runner import Running
from db.database import Database
from db.enums import Language, Role, TargetDimension
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


TARGETS_CSV = "园区,产业,单位,责任人,目标(亿元),力争目标(亿元)\n高新园区,,,,8,10\n,新能源,,,12,\n"
BAD_TARGETS_CSV = (
    "园区,产业,单位,责任人,目标(亿元),力争目标(亿元)\n"
    "经开区,,,,5,6\n"
    "高新园区,新能源,,,8,\n"
    "临港园区,,,,很多,\n"
    ",,市商务局,,9,7\n"
)


async def _targets(db: Database) -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    found: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    async with db.transaction() as tx:
        for dimension, name in [
            (TargetDimension.PARK, "高新园区"),
            (TargetDimension.INDUSTRY, "新能源"),
            (TargetDimension.PARK, "经开区"),
        ]:
            target = await tx.org.target(dimension, name)
            if target is not None:
                found[(dimension.value, name)] = (target.target_wan, target.stretch_target_wan)
    return found


async def test_targets_file_from_the_chat_all_or_nothing_and_cadres_may_not_import(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    english = await persona("Office", [Role.OFFICE], language=Language.EN)
    cadre = await persona("李干部", [Role.CADRE])

    bad = await tg.upload(office.user, BAD_TARGETS_CSV.encode("gb18030"), "目标.csv")
    assert "未导入任何内容" in bad.text
    assert "第 3 行：每行须且只能填写园区、产业、单位、责任人之一" in bad.text
    assert "第 4 行：目标无法识别：很多" in bad.text
    assert "第 5 行：力争目标不能低于目标" in bad.text
    assert "/ " not in bad.text  # the reader's language only
    assert await _targets(db) == {}  # the good row (经开区) was not stored either

    bad_en = await tg.upload(english.user, BAD_TARGETS_CSV.encode(), "targets.csv")
    assert "nothing was imported" in bad_en.text
    assert "Row 3: each row names exactly one of park, industry, unit or person" in bad_en.text
    assert "Row 4: target cannot be read: 很多" in bad_en.text
    assert "每行须且只能" not in bad_en.text

    await tg.upload(cadre.user, TARGETS_CSV.encode(), "目标.csv")  # a cadre may not import
    assert await _targets(db) == {}

    done = await tg.upload(office.user, TARGETS_CSV.encode("gb18030"), "目标.csv")
    assert "目标导入完成" in done.text and "新增 2 项" in done.text
    targets = await _targets(db)
    assert targets[("park", "高新园区")] == (80000, 100000)
    assert targets[("industry", "新能源")] == (120000, 120000)
    assert ("park", "经开区") not in targets
