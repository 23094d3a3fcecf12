"""/export end to end: the office gets the whole ledger, a group leader their group's, a cadre nothing."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.runner import Running
from db.database import Database
from tests.support.office import county_with_users
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator


async def test_export_is_an_xlsx_scoped_by_role(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "孙组长", "张三")

    office = await tg.say(users["王主任"], "/export")
    assert office.document is not None and office.document.file_name == "招商台账_2026-11-25.xlsx"
    assert office.text == "📊 招商台账（全市，截至11月25日）"
    book = load_workbook(io.BytesIO(office.document.data))
    assert [r[0].value for r in book["项目"].iter_rows(min_row=2)] == [
        "新能源电池项目",
        "智能制造产业园",
        "生物医药项目",
        "冷链物流中心",
        "文旅综合体",
        "数据中心项目",
    ]

    leader = await tg.say(users["孙组长"], "/export")
    assert leader.document is not None and leader.document.file_name == "招商台账_第一工作组_2026-11-25.xlsx"
    book = load_workbook(io.BytesIO(leader.document.data))
    assert [r[0].value for r in book["项目"].iter_rows(min_row=2)] == [
        "新能源电池项目",
        "智能制造产业园",
        "生物医药项目",
    ]

    assert (await tg.say(users["张三"], "/export")).text == "您没有使用该功能的权限。"
