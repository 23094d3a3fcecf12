"""The ranking notice (通报) as a workbook: group and unit rankings, overdue milestones, missing reports,
the 督办 table by unit."""

from __future__ import annotations

from core.office.export import milestone_label
from core.office.ranking import RankingBody
from core.office.workbook import Sheet, col, write_workbook


def notice_sheets(body: RankingBody) -> list[Sheet]:
    groups = [g.model_dump() for g in body.groups]
    units = [{**u.model_dump(), "unit": u.unit or "未明确责任单位"} for u in body.units]
    overdue = [
        {**m.model_dump(), "milestone": milestone_label(m.kind, m.name), "unit": m.unit or "未明确责任单位"}
        for m in body.overdue
    ]
    missing = [
        {
            "name": m.name,
            "work_group": m.work_group,
            "count": len(m.days),
            "days": "、".join(f"{d.month}月{d.day}日" for d in m.days),
        }
        for m in body.missing
    ]
    supervision = [{**u.model_dump(), "unit": u.unit or "未明确责任单位"} for u in body.supervision]
    return [
        Sheet(
            "工作组排名",
            [
                col("名次", "rank", "int"),
                col("工作组", "name"),
                col("目标（万元）", "target_wan", "money"),
                col("签约投资（万元）", "signed_wan", "money"),
                col("签约项目（个）", "signed_projects", "int"),
                col("落地投资（万元）", "landed_wan", "money"),
                col("到位资金（万元）", "funds_wan", "money"),
                col("完成率", "completion", "percent"),
                col("超前（+）/落后（-）时序进度（百分点）", "gap", "money"),
            ],
            groups,
        ),
        Sheet(
            "责任单位排名",
            [
                col("名次", "rank", "int"),
                col("责任单位", "unit"),
                col("应完成节点（个）", "due", "int"),
                col("已完成（个）", "done", "int"),
                col("按期完成（个）", "on_time", "int"),
                col("逾期未完成（个）", "open_overdue", "int"),
                col("完成率", "completion", "percent"),
            ],
            units,
        ),
        Sheet(
            "逾期节点",
            [
                col("责任单位", "unit"),
                col("项目", "project"),
                col("节点", "milestone"),
                col("计划完成", "due_date", "date"),
                col("逾期天数", "days_overdue", "int"),
                col("项目负责人", "lead"),
            ],
            overdue,
        ),
        Sheet(
            "日报未报",
            [
                col("姓名", "name"),
                col("工作组", "work_group"),
                col("未报天数", "count", "int"),
                col("未报日期", "days", width=40),
            ],
            missing,
        ),
        Sheet(
            "督办情况",
            [
                col("责任单位", "unit"),
                col("本周新增（件）", "opened", "int"),
                col("本周答复（件）", "answered", "int"),
                col("本周办结（件）", "closed", "int"),
                col("按期办结（件）", "closed_on_time", "int"),
                col("逾期（件）", "overdue", "int"),
            ],
            supervision,
        ),
    ]


def notice_workbook(body: RankingBody) -> bytes:
    return write_workbook(notice_sheets(body))
