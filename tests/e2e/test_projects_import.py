"""The office sends the plan to the bot: bad rows are reported by row and nothing is imported;
a re-import reports what changed; only the office may import."""

from __future__ import annotations

import datetime as dt

from bot.runner import Running
from core.clock import FixedClock
from db.database import Database
from db.enums import Language, Role
from tests.conftest import TZ
from tests.e2e.conftest import MakePersona
from tests.support.factories import add_group
from tests.support.projects import plan_row, seed_plan, xlsx
from tgemu.client import TelegramTester


async def test_bad_rows_are_listed_by_row_and_nothing_is_imported(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ))
    group = await add_group(db, "第一工作组")
    office = await persona("办公室王主任", [Role.OFFICE])
    await persona("李负责", [Role.PROJECT_LEAD])
    rows = [
        *seed_plan(group.name, "李负责"),
        plan_row("坏项目一", "扩建", group.name, lead="李负责", milestone="开工", due="4月20日"),
        plan_row("坏项目二", "新建", group.name, lead="查无此人", milestone="开工", due="某一天"),
    ]

    report = await tg.upload(office.user, xlsx(rows), "计划.xlsx")

    assert "本次未导入任何内容" in report.text
    lines = report.text.splitlines()
    assert any(line.startswith("第 7 行：") and "扩建" in line for line in lines)
    assert any(line.startswith("第 8 行：") and "查无此人" in line for line in lines)
    assert any(line.startswith("第 8 行：") and "某一天" in line for line in lines)
    async with db.transaction() as tx:
        assert await tx.projects.all() == []

    fixed = await tg.upload(office.user, xlsx(seed_plan(group.name, "李负责")), "计划.xlsx")
    assert "新增 4 个项目" in fixed.text and "新增节点 5 个" in fixed.text
    rows = seed_plan(group.name, "李负责")
    rows[0][10] = "4月25日"
    again = await tg.upload(office.user, xlsx(rows), "计划.xlsx")
    assert "更新 1 个" in again.text and "城东污水处理厂续建：开工时限 2026-04-20 → 2026-04-25" in again.text


async def test_only_the_office_imports_and_english_works(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    clock.set(dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ))
    cadre = await persona("钱干部", [Role.CADRE])
    office = await persona("Office Wang", [Role.OFFICE], language=Language.EN)
    await persona("Li", [Role.PROJECT_LEAD], phone="13900000009")
    plan = "name,category,lead,milestone,due\nSolar farm,new,13900000009,start_construction,2026-05-01\n"

    refused = await tg.upload(cadre.user, plan.encode(), "plan.csv")
    assert "导入" not in refused.text
    async with db.transaction() as tx:
        assert await tx.projects.all() == []

    how = await tg.say(office.user, "/import_projects")
    assert "Send the project plan" in how.text
    done = await tg.upload(office.user, plan.encode(), "plan.csv")
    assert "Project plan imported: 1 new" in done.text and "+ Solar farm (1 milestones)" in done.text
