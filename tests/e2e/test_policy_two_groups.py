"""A leader of two work groups supervises both everywhere (digest, /status, /overdue, /export,
/travelling), and still sees nothing of a third group."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.runner import Running
from db.database import Database
from db.enums import LedgerKind, Role
from tests.support.factories import add_group, add_person
from tests.support.office import (
    add_ledger,
    add_milestone,
    add_project,
    add_trip,
    county_with_users,
    set_group_leader,
)
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

D = dt.date
THIRD_PROJECT = "港口物流项目"
THIRD_CADRE = "吴九"


@pytest.fixture
async def users(db: Database, emulator: BotApiEmulator) -> dict[str, Any]:
    """The fixed county; 孙组长 leads 第一 and 第二工作组; 第三工作组 has a cadre out and a late project."""
    county, users = await county_with_users(db, emulator, "王主任", "孙组长")
    await set_group_leader(db, county.group2, county.leader1)
    third = await add_group(db, "第三工作组")
    wu = await add_person(db, THIRD_CADRE, [Role.CADRE], work_group=third)
    await add_trip(db, wu, D(2026, 11, 24), D(2026, 11, 26), province="浙江省", city="宁波市")
    project = await add_project(
        db, THIRD_PROJECT, group=third, unit="县交通局", first_signed_on=D(2026, 5, 1)
    )
    await add_ledger(db, project, LedgerKind.SIGNED, 40000, D(2026, 5, 1))
    await add_milestone(db, project, D(2026, 11, 2))
    return users


async def _full_text(tg: TelegramTester, user: Any, command: str) -> str:
    """The answer's text; a chart photo without a caption is followed by the text itself."""
    reply = await tg.say(user, command)
    if reply.photo is not None and not reply.text:
        return (await tg.next_answer(reply)).text
    return reply.text


async def test_the_digest_shows_both_groups_and_not_the_third(
    zsbot: Running, tg: TelegramTester, users: dict[str, Any]
) -> None:
    text = await _full_text(tg, users["孙组长"], "/digest")
    assert "第一工作组、第二工作组" in text  # the heading names both
    assert "张三" in text and "赵六" in text  # out today, one of each group
    assert "冷链物流中心" in text and "新能源电池项目" in text
    assert "第三工作组" not in text and THIRD_CADRE not in text and THIRD_PROJECT not in text


async def test_status_and_overdue_cover_both_groups(
    zsbot: Running, tg: TelegramTester, users: dict[str, Any]
) -> None:
    status = await tg.say(users["孙组长"], "/status")
    assert "第一工作组：签约 27亿元" in status.text and "第二工作组：签约 30亿元" in status.text
    assert "第三工作组" not in status.text

    overdue = await tg.say(users["孙组长"], "/overdue")
    assert overdue.text.startswith("逾期未完成节点（3个）")
    assert "冷链物流中心" in overdue.text and "新能源电池项目" in overdue.text
    assert THIRD_PROJECT not in overdue.text

    office = await tg.say(users["王主任"], "/overdue")  # the office still sees every group
    assert office.text.startswith("逾期未完成节点（4个）") and THIRD_PROJECT in office.text


async def test_export_holds_both_groups(zsbot: Running, tg: TelegramTester, users: dict[str, Any]) -> None:
    reply = await tg.say(users["孙组长"], "/export")
    assert reply.document is not None
    assert reply.document.file_name == "招商台账_第一工作组_第二工作组_2026-11-25.xlsx"
    book = load_workbook(io.BytesIO(reply.document.data))
    projects = {r[0].value for r in book["项目"].iter_rows(min_row=2)}
    assert {"新能源电池项目", "冷链物流中心", "数据中心项目"} <= projects
    assert THIRD_PROJECT not in projects
    people = {r[0].value for r in book["人员"].iter_rows(min_row=2)}
    assert {"张三", "赵六"} <= people and THIRD_CADRE not in people
    cadres = {r[1].value for r in book["外出行程"].iter_rows(min_row=2)}
    assert {"张三", "赵六"} <= cadres and THIRD_CADRE not in cadres


async def test_travelling_lists_both_groups(
    zsbot: Running, tg: TelegramTester, users: dict[str, Any]
) -> None:
    scoped = await tg.say(users["孙组长"], "/travelling")
    assert "张三（第一工作组）" in scoped.text and "赵六（第二工作组）" in scoped.text
    assert THIRD_CADRE not in scoped.text

    everyone = await tg.say(users["王主任"], "/travelling")
    assert THIRD_CADRE in everyone.text
