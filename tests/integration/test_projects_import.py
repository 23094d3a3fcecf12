"""Importing the project plan: categories, milestones from Chinese dates, re-import, bad rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.clock import FixedClock
from core.errors import Forbidden
from db.database import Database
from db.enums import MilestoneKind, ProjectCategory, ProjectStage, Role
from tests.conftest import TZ
from tests.support.factories import add_group, add_person
from tests.support.projects import plan_row, seed_plan, services, xlsx

MARCH = dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.fixture
def march(clock: FixedClock) -> FixedClock:
    clock.set(MARCH)
    return clock


async def test_seed_shaped_plan_is_imported_with_deadlines(db: Database, march: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    lead = await add_person(db, "李负责", [Role.CADRE], phone="13900000001")
    await add_person(db, "王县长", [Role.GROUP_LEADER])
    s = services(db, march)

    report = await s.imports.import_plan(xlsx(seed_plan(group.name, "13900000001")), "plan.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.updated, report.milestones_created) == (4, 0, 5)
    async with db.transaction() as tx:
        snapshots = {p.name: p for p in await tx.projects.snapshots(TZ)}
        fresh_lead = await tx.people.get(lead.id)
    assert Role.PROJECT_LEAD in fresh_lead.role_set  # type: ignore[union-attr]
    water = snapshots["县城供水管网改造"]
    assert water.category == ProjectCategory.BIDDING and water.lead_id == lead.id
    assert [(m.kind, m.due_date, m.due_text) for m in water.milestones] == [
        (MilestoneKind.BIDDING_DONE, dt.date(2026, 5, 20), "5月中旬"),
        (MilestoneKind.START_CONSTRUCTION, dt.date(2026, 5, 31), "5月底"),
    ]
    assert snapshots["城东污水处理厂续建"].milestones[0].due_date == dt.date(2026, 4, 20)
    battery = snapshots["新能源电池产业园"]
    assert battery.planned_investment_wan == Decimal(35000) and battery.stage == ProjectStage.LANDED
    assert battery.milestones[0].due_date == dt.date(2026, 5, 1)
    eia = snapshots["文旅综合体"].milestones[0]
    assert (eia.kind, eia.name, eia.due_date) == (MilestoneKind.CUSTOM, "环评批复", dt.date(2026, 6, 10))
    async with db.transaction() as tx:
        project = await tx.projects.get(battery.id)
        assert project is not None and project.liaison_name == "王县长" and project.liaison_id is not None


async def test_reimport_updates_in_place_and_reports_changes(db: Database, march: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    await add_person(db, "李负责", [Role.PROJECT_LEAD])
    other = await add_person(db, "赵负责", [Role.PROJECT_LEAD])
    s = services(db, march)
    rows = seed_plan(group.name, "李负责")
    assert (await s.imports.import_plan(xlsx(rows), "plan.xlsx")).ok

    rows[0][10] = "4月25日"  # postponed
    rows[1][4] = "赵负责"  # new lead
    rows.append(plan_row("文旅综合体", None, group.name, milestone="用地手续", due="2026-07-15"))
    report = await s.imports.import_plan(xlsx(rows), "plan.xlsx")

    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 3, 1)
    changed = {c.name: c.fields for c in report.projects}
    assert [(f.field, f.before, f.after) for f in changed["城东污水处理厂续建"]] == [
        ("due", "2026-04-20", "2026-04-25")
    ]
    assert [(f.field, f.before, f.after) for f in changed["新能源电池产业园"]] == [
        ("lead", "李负责", "赵负责")
    ]
    assert [(f.field, f.label) for f in changed["文旅综合体"]] == [("milestone_added", "用地手续")]
    async with db.transaction() as tx:
        assert len(await tx.projects.all()) == 4
        battery = (await tx.projects.named("新能源电池产业园"))[0]
        assert battery.lead_id == other.id


async def test_bad_rows_are_reported_by_row_and_nothing_is_imported(db: Database, march: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    await add_person(db, "李负责", [Role.PROJECT_LEAD])
    g = group.name
    rows = [
        *seed_plan(g, "李负责"),
        plan_row("坏项目一", "扩建", g, lead="李负责", milestone="开工", due="4月20日"),  # row 7
        plan_row("坏项目二", "新建", "不存在的组", lead="李负责", milestone="开工", due="4月20日"),  # row 8
        plan_row("坏项目三", "新建", g, lead="查无此人", milestone="开工", due="某天"),  # row 9
        plan_row("坏项目四", "新建", g, investment="很多钱", milestone="开工"),  # row 10
        plan_row(None, "新建", g),  # row 11
        plan_row("城东污水处理厂续建", None, g, milestone="开工", due="4月30日"),  # row 12
    ]
    report = await services(db, march).imports.import_plan(xlsx(rows), "plan.xlsx")

    assert not report.ok
    by_row = {(e.row, e.field, e.code) for e in report.errors}
    assert by_row == {
        (7, "category", "unknown_category"),
        (8, "work_group", "unknown_group"),
        (9, "lead", "unknown_person"),
        (9, "due", "bad_date"),
        (10, "planned_investment", "bad_amount"),
        (10, "due", "required"),
        (11, "name", "required"),
        (12, "milestone", "duplicate"),
    }
    assert report.created == 0 and report.projects == []
    async with db.transaction() as tx:
        assert await tx.projects.all() == []


async def test_csv_with_english_headers_and_office_only(db: Database, march: FixedClock) -> None:
    await add_person(db, "Li", [Role.PROJECT_LEAD], phone="13900000009")
    cadre = await add_person(db, "干部", [Role.CADRE])
    office = await add_person(db, "办公室", [Role.OFFICE])
    csv = "name,category,lead,milestone,due\nSolar farm,new,13900000009,start_construction,2026-05-01\n"
    s = services(db, march)
    with pytest.raises(Forbidden):
        await s.imports.import_plan(csv.encode(), "plan.csv", cadre)
    report = await s.imports.import_plan(csv.encode("gb18030"), "plan.csv", office)
    assert report.ok and report.created == 1
    missing = await s.imports.import_plan(b"category,due\nnew,2026-05-01\n", "plan.csv", office)
    assert [(e.row, e.code) for e in missing.errors] == [(1, "missing_column")]
