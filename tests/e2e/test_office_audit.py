"""/audit for admins: recent events, by person or object, and the log as a sheet; nobody else."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.runner import Running
from core.errors import Forbidden
from db.enums import Role
from tests.e2e.conftest import MakePersona
from tests.support.trips import D, add_trip
from tgemu.client import TelegramTester


async def test_admin_reads_the_audit_log_by_person_and_object_and_exports_it(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    admin = await persona("管理员", [Role.ADMIN])
    office = await persona("王主任", [Role.OFFICE])
    zhang = await persona("张三", [Role.CADRE])
    await tg.say(office.user, "/person_add 李四 13800000009 市商务局 干部")
    trip = await add_trip(zsbot.services.db, zhang.person, D(2026, 11, 24), D(2026, 11, 26))
    await zsbot.services.trips.close(zhang.person, trip.id, "回来了")

    everything = await tg.say(admin.user, "/audit")
    assert (
        "最近的操作记录" in everything.text
        and "登记人员" in everything.text
        and "结束行程" in everything.text
    )

    by_person = await tg.say(admin.user, "/audit 王主任")
    assert "操作记录：王主任" in by_person.text and "登记人员" in by_person.text
    assert "结束行程" not in by_person.text

    by_trip = await tg.say(admin.user, f"/audit 行程 {trip.id}")
    assert "结束行程" in by_trip.text and "登记人员" not in by_trip.text

    assert "查无此人" in (await tg.say(admin.user, "/audit 查无此人")).text

    pressed = await tg.press(admin.user, everything, "导出审计日志")
    [sheet_message] = pressed.new_messages
    assert sheet_message.document is not None and sheet_message.document.file_name.startswith("审计日志_")
    rows = list(
        load_workbook(io.BytesIO(sheet_message.document.data))["审计日志"].iter_rows(values_only=True)
    )
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert {"person.add", "trip.return"} <= {r[2] for r in rows[1:]}


async def test_only_admins_read_the_audit_log(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadre = await persona("张三", [Role.CADRE])
    assert "没有使用该功能的权限" in (await tg.say(office.user, "/audit")).text
    assert "没有使用该功能的权限" in (await tg.say(cadre.user, "/audit")).text
    with pytest.raises(Forbidden):
        await zsbot.services.audit.recent(office.person)
    with pytest.raises(Forbidden):
        await zsbot.services.audit.workbook(office.person)
