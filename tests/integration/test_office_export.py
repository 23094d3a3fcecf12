"""The Excel ledger of a small campaign, opened with openpyxl and checked cell by cell."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.clock import FixedClock
from core.errors import Forbidden
from core.office.export import ExportService
from db.database import Database
from db.enums import IssueStatus, LedgerKind, MilestoneKind, Role
from tests.support.factories import add_group, add_person
from tests.support.office import (
    add_issue,
    add_ledger,
    add_milestone,
    add_progress,
    add_project,
    add_report,
    add_trip,
    at,
    set_group_leader,
)

D = dt.date


def rows(ws: Worksheet) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


async def _small_campaign(db: Database) -> dict[str, object]:
    g1 = await add_group(db, "第一工作组")
    g2 = await add_group(db, "第二工作组")
    zhang = await add_person(
        db, "张三", [Role.CADRE], phone="13800000001", work_group=g1, unit="县商务局", telegram_id=6001
    )
    li = await add_person(db, "李四", [Role.CADRE, Role.PROJECT_LEAD], work_group=g1, unit="县商务局")
    leader = await add_person(db, "孙组长", [Role.GROUP_LEADER], work_group=g1, telegram_id=6002)
    await set_group_leader(db, g1, leader)
    other = await add_person(db, "赵六", [Role.CADRE], work_group=g2)
    trip = await add_trip(
        db,
        zhang,
        D(2026, 11, 23),
        D(2026, 11, 27),
        companions=[li],
        purpose="拜访电池企业",
        targets="宁德时代",
        legs=[
            ("广东省", "深圳市", D(2026, 11, 23), D(2026, 11, 25)),
            ("福建省", "宁德市", D(2026, 11, 26), D(2026, 11, 27)),
        ],
    )
    await add_trip(db, other, D(2026, 11, 20), D(2026, 11, 21))  # another group's
    await add_report(
        db, trip, zhang, D(2026, 11, 24), coauthors=[li], city="深圳市", visits="华为", outcome="达成意向"
    )
    project = await add_project(
        db,
        "新能源电池项目",
        group=g1,
        unit="县商务局",
        lead=li,
        industry="新能源",
        investor="某电池公司",
        park="高新区",
        first_signed_on=D(2026, 3, 10),
        planned_wan=Decimal(300000),
        created=at(D(2026, 2, 1)),
        percent_done=40,
    )
    await add_ledger(db, project, LedgerKind.SIGNED, Decimal("250000.5"), D(2026, 3, 10))
    await add_ledger(db, project, LedgerKind.FUNDS, 30000, D(2026, 10, 1))
    await add_milestone(
        db, project, D(2026, 11, 1), kind=MilestoneKind.CUSTOM, name="设备进场", due_text="11月初"
    )
    await add_milestone(db, project, D(2026, 3, 10), kind=MilestoneKind.SIGNING, done_on=D(2026, 3, 12))
    await add_progress(
        db,
        project,
        li,
        at(D(2026, 11, 24), 16, 30),
        percent_done=40,
        funds_arrived_wan=Decimal(30000),
        text="设备采购中",
        problems="用电指标不足",
    )
    await add_issue(
        db,
        7,
        "用电指标不足",
        at(D(2026, 11, 10), 9),
        project=project,
        unit="县供电公司",
        status=IssueStatus.ASSIGNED,
        raised_by=li,
    )
    await add_project(db, "别组项目", group=g2)
    return {"leader": leader, "zhang": zhang}


async def test_the_ledger_sheets_cell_by_cell(db: Database, clock: FixedClock) -> None:
    await _small_campaign(db)
    exported = await ExportService(db, clock).workbook(None)
    assert exported.file_name == "招商台账_2026-11-25.xlsx"
    book = load_workbook(io.BytesIO(exported.data))
    assert book.sheetnames == [
        "人员",
        "外出行程",
        "日报",
        "项目",
        "节点",
        "进度",
        "协调问题",
        "目标完成情况（截至11月25日）",
        "台账明细",
        "阶段变更",
        "线索来源",
        "目标",
    ]
    assert [r[:8] for r in rows(book["台账明细"])] == [
        ["项目", "工作组", "数字", "增减（万元）", "计入日期", "来源", "说明", "录入人"],
        ["新能源电池项目", "第一工作组", "协议投资", 250000.5, dt.datetime(2026, 3, 10), "其他", None, None],
        ["新能源电池项目", "第一工作组", "到位资金", 30000, dt.datetime(2026, 10, 1), "其他", None, None],
    ]
    assert rows(book["目标"]) == [
        ["类别", "名称", "目标（万元）", "力争目标（万元）"],
        ["工作组", "第一工作组", 600000, 660000],
        ["工作组", "第二工作组", 600000, 660000],
    ]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(ws.column_dimensions[c].width >= 8 for c in "ABC")

    assert rows(book["人员"]) == [
        ["姓名", "手机", "职务", "单位", "工作组", "角色", "已绑定", "可送达", "在用"],
        ["张三", "13800000001", None, "县商务局", "第一工作组", "招商干部", "是", "是", "是"],
        ["李四", None, None, "县商务局", "第一工作组", "招商干部、项目负责人", "否", "是", "是"],
        ["孙组长", None, None, None, "第一工作组", "工作组组长", "是", "是", "是"],
        ["赵六", None, None, None, "第二工作组", "招商干部", "否", "是", "是"],
    ]
    trips = rows(book["外出行程"])
    assert trips[0] == [
        "行程编号",
        "干部",
        "工作组",
        "状态",
        "出发日期",
        "返回日期",
        "事由",
        "同行人员",
        "行程序号",
        "省份",
        "城市",
        "区县",
        "地点",
        "拜访对象",
        "本段开始",
        "本段结束",
    ]
    assert trips[1] == [
        2,
        "赵六",
        "第二工作组",
        "行程结束待返程",  # ended 11-21, not closed (today is 11-25): one status function, as /mytrips
        dt.datetime(2026, 11, 20),
        dt.datetime(2026, 11, 21),
        None,
        None,
        1,
        "广东省",
        "深圳市",
        None,
        None,
        None,
        dt.datetime(2026, 11, 20),
        dt.datetime(2026, 11, 21),
    ]
    assert trips[2] == [
        1,
        "张三",
        "第一工作组",
        "外出中",
        dt.datetime(2026, 11, 23),
        dt.datetime(2026, 11, 27),
        "拜访电池企业",
        "李四",
        1,
        "广东省",
        "深圳市",
        None,
        None,
        "宁德时代",
        dt.datetime(2026, 11, 23),
        dt.datetime(2026, 11, 25),
    ]
    assert trips[3][8:16] == [
        2,
        "福建省",
        "宁德市",
        None,
        None,
        "宁德时代",
        dt.datetime(2026, 11, 26),
        dt.datetime(2026, 11, 27),
    ]
    assert book["外出行程"]["E2"].number_format == "yyyy-mm-dd"
    assert rows(book["日报"]) == [
        [
            "日期",
            "报送人",
            "工作组",
            "行程编号",
            "城市",
            "地点",
            "拜访情况",
            "成效",
            "联合报送人",
            "补报",
            "修改次数",
        ],
        [
            dt.datetime(2026, 11, 24),
            "张三",
            "第一工作组",
            1,
            "深圳市",
            None,
            "华为",
            "达成意向",
            "李四",
            "否",
            0,
        ],
    ]
    projects = rows(book["项目"])
    assert projects[0] == [
        "项目名称",
        "类别",
        "阶段",
        "状态",
        "产业",
        "投资方",
        "工作组",
        "责任单位",
        "园区",
        "地块",
        "项目负责人",
        "联系领导",
        "计划投资（万元）",
        "签约投资（万元）",
        "落地投资（万元）",
        "到位资金（万元）",
        "累计完成投资（万元）",
        "完成进度（%）",
        "首次签约日期",
        "最近进展",
        "已归档",
    ]
    assert projects[1] == [
        "新能源电池项目",
        "新建",
        "洽谈",
        "逾期",
        "新能源",
        "某电池公司",
        "第一工作组",
        "县商务局",
        "高新区",
        None,
        "李四",
        None,
        300000,
        250000.5,
        0,
        30000,
        0,
        40,
        dt.datetime(2026, 3, 10),
        dt.datetime(2026, 11, 24, 16, 30),
        "否",
    ]
    assert book["项目"]["N2"].number_format == "#,##0.00"
    assert rows(book["节点"]) == [
        ["项目", "工作组", "责任单位", "节点", "计划完成", "原文", "完成日期", "状态", "逾期天数"],
        [
            "新能源电池项目",
            "第一工作组",
            "县商务局",
            "签约",
            dt.datetime(2026, 3, 10),
            None,
            dt.datetime(2026, 3, 12),
            "已完成",
            None,
        ],
        [
            "新能源电池项目",
            "第一工作组",
            "县商务局",
            "设备进场",
            dt.datetime(2026, 11, 1),
            "11月初",
            None,
            "逾期",
            24,
        ],
    ]
    assert rows(book["进度"]) == [
        [
            "日期",
            "项目",
            "报送人",
            "阶段",
            "完成进度（%）",
            "到位资金（万元）",
            "签约投资（万元）",
            "完成节点",
            "进展情况",
            "存在问题",
            "报送方式",
            "报送时间",
        ],
        [
            dt.datetime(2026, 11, 24),
            "新能源电池项目",
            "李四",
            None,
            40,
            30000,
            None,
            None,
            "设备采购中",
            "用电指标不足",
            "表单",
            dt.datetime(2026, 11, 24, 16, 30),
        ],
    ]
    assert rows(book["协调问题"]) == [
        [
            "编号",
            "项目",
            "工作组",
            "问题描述",
            "状态",
            "责任单位",
            "提出人",
            "提出时间",
            "答复",
            "答复时间",
            "办结时间",
            "历时（天）",
        ],
        [
            "督办〔2026〕7号",
            "新能源电池项目",
            "第一工作组",
            "用电指标不足",
            "已交办",
            "县供电公司",
            "李四",
            dt.datetime(2026, 11, 10, 9),
            None,
            None,
            None,
            15,
        ],
    ]
    board = book.worksheets[7]
    assert rows(board)[0] == [
        "工作组",
        "目标（万元）",
        "力争目标（万元）",
        "签约投资（万元）",
        "签约项目（个）",
        "落地投资（万元）",
        "到位资金（万元）",
        "目标完成率",
        "力争目标完成率",
        "时间进度",
        "超前（+）/落后（-）时序进度（百分点）",
    ]
    assert rows(board)[1] == [
        "第一工作组",
        600000,
        660000,
        250000.5,
        1,
        0,
        30000,
        pytest.approx(0.417),
        pytest.approx(0.379),
        pytest.approx(0.901),
        -48.4,
    ]
    assert rows(board)[3][0] == "合计" and board["H2"].number_format == "0.0%"


async def test_a_group_leader_exports_only_the_group_and_a_cadre_nothing(
    db: Database, clock: FixedClock
) -> None:
    people = await _small_campaign(db)
    exported = await ExportService(db, clock).workbook(people["leader"])  # type: ignore[arg-type]
    assert exported.file_name == "招商台账_第一工作组_2026-11-25.xlsx"
    book = load_workbook(io.BytesIO(exported.data))
    assert [r[0] for r in rows(book["人员"])[1:]] == ["张三", "李四", "孙组长"]
    assert [r[1] for r in rows(book["外出行程"])[1:]] == ["张三", "张三"]
    assert [r[0] for r in rows(book["项目"])[1:]] == ["新能源电池项目"]
    assert [r[0] for r in rows(book.worksheets[7])[1:]] == ["第一工作组", "合计"]
    with pytest.raises(Forbidden):
        await ExportService(db, clock).workbook(people["zhang"])  # type: ignore[arg-type]
