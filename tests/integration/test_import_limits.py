"""Import checks made in core with row numbers (issue 17): a name longer than its column is a row
error (PostgreSQL raised StringDataRightTruncation), and a milestone due years ago is imported with
a warning naming the row; names with "/" are not split (trip targets, report leads)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from core.clock import FixedClock
from core.imports import ImportService
from core.parsing.trip_text import parse_trip
from core.reports.leads import parse_leads
from db.database import Database
from db.enums import Role
from db.models import Person, Project, Unit, WorkGroup
from tests.support.factories import add_group, add_person
from tests.support.projects import plan_row, services, xlsx


async def test_too_long_unit_and_group_names_are_row_errors(db: Database) -> None:
    long_unit = "县" * 101
    people = f"姓名,手机,单位\n张三,13800000001,县商务局\n李四,13800000002,{long_unit}\n"
    report = await ImportService(db).people(people.encode(), "people.csv")
    assert [(e.row, e.field, e.code) for e in report.errors] == [(3, "unit", "too_long")]
    assert "最多 100 个" in report.errors[0].detail
    groups = f"工作组,目标\n{'组' * 101},60\n"
    report = await ImportService(db).groups(groups.encode(), "groups.csv")
    assert [(e.row, e.field, e.code) for e in report.errors] == [(2, "name", "too_long")]
    async with db.transaction() as tx:
        for model in (Person, Unit, WorkGroup):
            assert await tx.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


async def test_a_too_long_project_name_is_a_row_error(db: Database, clock: FixedClock) -> None:
    await add_group(db, "第一工作组")
    await add_person(db, "李负责", [Role.PROJECT_LEAD])
    rows = [plan_row("项" * 201, "新建", "第一工作组", lead="李负责", milestone="开工", due="2026-12-20")]
    report = await services(db, clock).imports.import_plan(xlsx(rows), "plan.xlsx")
    assert [(e.row, e.field, e.code) for e in report.errors] == [(2, "name", "too_long")]


async def test_a_milestone_due_years_ago_is_imported_with_a_warning(db: Database, clock: FixedClock) -> None:
    await add_group(db, "第一工作组")
    await add_person(db, "李负责", [Role.PROJECT_LEAD])
    rows = [
        plan_row("新项目", "新建", "第一工作组", lead="李负责", milestone="开工", due=dt.date(2026, 12, 20)),
        plan_row(
            "旧年份项目", "新建", "第一工作组", lead="李负责", milestone="开工", due=dt.date(2006, 4, 20)
        ),
    ]
    report = await services(db, clock).imports.import_plan(xlsx(rows), "plan.xlsx")
    assert report.ok and report.created == 2
    assert [(w.row, w.field, w.code) for w in report.warnings] == [(3, "due", "long_past")]
    assert "2006-04-20" in report.warnings[0].detail
    async with db.transaction() as tx:
        assert await tx.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2


def test_names_with_a_slash_stay_whole() -> None:
    (lead,) = parse_leads("A/B新能源公司 新能源 5亿")
    assert lead.company == "A/B新能源公司" and lead.industry == "新能源"
    today = dt.date(2026, 11, 25)
    parsed = parse_trip("明天去宁德拜访A/B新能源公司和<宁德时代>，后天返回", today)
    assert parsed.targets == ("A/B新能源公司", "<宁德时代>")
