"""The 督办 export: one sheet of orders (as the board shows them) and one of their full event history."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from core.office.workbook import Column, Sheet, col, write_workbook
from core.project_state import Light
from core.supervision.board import OrderView
from core.vocabulary import ISSUE_STATUSES, in_language

COLOUR_WORDS = {Light.GREEN: "🟢 按期", Light.YELLOW: "🟡 临期/已升级", Light.RED: "🔴 逾期"}
SOURCE_WORDS = {"raised": "项目负责人提出", "milestone": "节点逾期", "stalled": "项目停滞"}
ACTION_WORDS = {
    "raised": "提出/生成",
    "ordered": "转为督办单",
    "assigned": "交办",
    "transferred": "转办",
    "answered": "答复",
    "escalated": "逾期升级",
    "closing": "申请办结",
    "confirmed": "确认办结",
    "reopened": "退回重办",
    "closed": "办结",
}
STATUS = in_language(ISSUE_STATUSES)


def order_sheets(views: list[OrderView], tz: ZoneInfo) -> list[Sheet]:
    orders = [
        {
            "code": v.code,
            "colour": COLOUR_WORDS.get(v.colour, "✅ 已办结") if v.colour else "✅ 已办结",
            "source": SOURCE_WORDS.get(v.source.value, v.source.value),
            "project": v.project,
            "work_group": v.work_group,
            "unit": v.unit or "未明确",
            "description": v.description,
            "status": STATUS[v.status],
            "raised_on": v.raised_on,
            "answer_due": v.answer_due,
            "escalation": v.escalation_level,
            "answer": v.answer,
            "closing_note": v.closing_note,
        }
        for v in views
    ]
    events = [
        {
            "code": v.code,
            "unit": v.unit or "未明确",
            "at": e.at.astimezone(tz).replace(tzinfo=None),
            "action": ACTION_WORDS.get(e.action, e.action),
            "actor": e.actor or "系统",
            "text": ("升级至第" + e.text + "级") if e.action == "escalated" and e.text else e.text,
        }
        for v in views
        for e in v.history
    ]
    return [
        Sheet(
            "督办单",
            [
                col("编号", "code"),
                col("状态灯", "colour"),
                col("来源", "source"),
                col("项目", "project"),
                col("工作组", "work_group"),
                col("责任单位", "unit"),
                col("事由", "description", width=40),
                col("办理状态", "status"),
                col("提出日期", "raised_on", "date"),
                col("答复期限", "answer_due", "date"),
                col("升级级别", "escalation", "int"),
                col("答复", "answer", width=40),
                col("办结说明", "closing_note", width=40),
            ],
            orders,
        ),
        Sheet(
            "办理记录",
            [
                col("编号", "code"),
                col("责任单位", "unit"),
                col("时间", "at", "datetime"),
                col("环节", "action"),
                col("办理人", "actor"),
                Column("内容", lambda r: r.get("text"), width=50),
            ],
            events,
        ),
    ]


def order_workbook(views: list[OrderView], tz: ZoneInfo) -> bytes:
    """The .xlsx (CPU work: call it through asyncio.to_thread)."""
    return write_workbook(order_sheets(views, tz))


def file_name(day: dt.date) -> str:
    return f"督办台账_{day.isoformat()}.xlsx"
