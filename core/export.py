"""Excel exports: the campaign ledger (人员、行程、日报、项目、节点、进度、协调问题、目标完成情况) and the
ranking notice.

The workbook is an official Chinese document, so headers and labels are Chinese. Every sheet has
a frozen header row, column widths fitted to the content, dates as Excel dates, money as numbers
in 万元 and percentages as numbers. Rows are read in the caller's task; the workbook is written by
openpyxl into memory in a worker thread (``asyncio.to_thread``), so the bot stays responsive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.office_chats import WHOLE_CAMPAIGN, Scope, resolve_scope
from core.project_state import (
    MilestoneFacts,
    ProjectFacts,
    Rules,
    State,
    days_overdue,
    milestone_state,
    project_state,
)
from core.ranking import RankingBody
from core.scoreboard import Scoreboard, load_scoreboard
from core.vocabulary import (
    CATEGORIES,
    ISSUE_STATUSES,
    STAGES,
    STATES,
    in_language,
    issue_code,
    milestone_label,
)
from db.database import Database
from db.enums import Role, TripStatus
from db.models import Person

Kind = Literal["text", "int", "money", "percent", "date", "datetime"]

FORMATS: dict[Kind, str] = {
    "int": "0",
    "money": "#,##0.00",
    "percent": "0.0%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}

ROLE_LABELS = {
    Role.ADMIN: "管理员",
    Role.OFFICE: "指挥部办公室",
    Role.GROUP_LEADER: "工作组组长",
    Role.CADRE: "招商干部",
    Role.PROJECT_LEAD: "项目负责人",
}
TRIP_STATUS = {
    TripStatus.DRAFT: "草稿",
    TripStatus.PLANNED: "已报备",
    TripStatus.RETURNED: "已返回",
    TripStatus.CANCELLED: "已取消",
}
CATEGORY = in_language(CATEGORIES)
STAGE = in_language(STAGES)
ISSUE_STATUS = in_language(ISSUE_STATUSES)
STATE = in_language(STATES)
SOURCE = {"form": "表单", "text": "文字", "button": "按钮"}


def yes_no(value: object) -> str:
    return "是" if value else "否"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Mapping[str, Any]], object]
    kind: Kind = "text"
    width: int | None = None  # None: fitted to the content (8 to 50 characters wide)


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    data: bytes
    rows: dict[str, int]  # rows per sheet
    scope: str | None  # the work group's name, None for the whole campaign


# ----------------------------------------------------------------------------- writing


def _display_width(text: str) -> int:
    """Width in Excel character units: a CJK character is about two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _cell_value(value: object, kind: Kind) -> object:
    if value is None or value == "":
        return None
    if kind == "money":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    if kind == "percent":
        return float(Decimal(str(value)) / 100)
    if kind == "int":
        return int(value)  # type: ignore[call-overload]
    return value


def write_workbook(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as .xlsx bytes (CPU work: call it through asyncio.to_thread from async code)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
        widths = [_display_width(c.header) for c in sheet.columns]
        for row in sheet.rows:
            values = [_cell_value(c.value(row), c.kind) for c in sheet.columns]
            ws.append(values)
            for i, (col, value) in enumerate(zip(sheet.columns, values, strict=True)):
                if value is not None and col.kind in FORMATS:
                    ws.cell(row=ws.max_row, column=i + 1).number_format = FORMATS[col.kind]
                shown = 11 if col.kind in ("date", "money") else 17 if col.kind == "datetime" else None
                widths[i] = max(widths[i], shown or _display_width(str(value if value is not None else "")))
        for i, col in enumerate(sheet.columns):
            ws.column_dimensions[get_column_letter(i + 1)].width = col.width or min(max(widths[i] + 2, 8), 50)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- the campaign ledger


def _local(tz: ZoneInfo) -> Callable[[dt.datetime | None], dt.datetime | None]:
    def convert(value: dt.datetime | None) -> dt.datetime | None:
        return value.astimezone(tz).replace(tzinfo=None) if value is not None else None

    return convert


def _col(header: str, key: str, kind: Kind = "text", width: int | None = None) -> Column:
    return Column(header, lambda r: r.get(key), kind, width)


def _map(header: str, key: str, labels: Mapping[Any, str]) -> Column:
    return Column(header, lambda r: labels.get(r.get(key), r.get(key)))


def _people_sheet(rows: Sequence[Mapping[str, Any]]) -> Sheet:
    def roles(r: Mapping[str, Any]) -> str:
        held = set((r.get("roles") or "").split(",")) - {""}
        return "、".join(ROLE_LABELS[role] for role in Role if role.value in held)

    return Sheet(
        "人员",
        [
            _col("姓名", "name"),
            _col("手机", "phone"),
            _col("职务", "title"),
            _col("单位", "unit"),
            _col("工作组", "work_group"),
            Column("角色", roles),
            Column("已绑定", lambda r: yes_no(r.get("telegram_id"))),
            Column("可送达", lambda r: yes_no(r.get("reachable"))),
            Column("在用", lambda r: yes_no(r.get("active"))),
        ],
        rows,
    )


def _trips_sheet(rows: Sequence[Mapping[str, Any]]) -> Sheet:
    return Sheet(
        "外出行程",
        [
            _col("行程编号", "trip_id", "int"),
            _col("干部", "cadre"),
            _col("工作组", "work_group"),
            _map("状态", "status", TRIP_STATUS),
            _col("出发日期", "start_date", "date"),
            _col("返回日期", "end_date", "date"),
            _col("事由", "purpose", width=30),
            _col("同行人员", "companions"),
            Column("行程序号", lambda r: None if r.get("seq") is None else int(r["seq"]) + 1, "int"),
            _col("省份", "province"),
            _col("城市", "city"),
            _col("区县", "district"),
            _col("地点", "place"),
            _col("拜访对象", "targets", width=30),
            _col("本段开始", "leg_start", "date"),
            _col("本段结束", "leg_end", "date"),
        ],
        rows,
    )


def _reports_sheet(rows: Sequence[Mapping[str, Any]]) -> Sheet:
    return Sheet(
        "日报",
        [
            _col("日期", "report_date", "date"),
            _col("报送人", "author"),
            _col("工作组", "work_group"),
            _col("行程编号", "trip_id", "int"),
            _col("城市", "city"),
            _col("地点", "location_text"),
            _col("拜访情况", "visits", width=40),
            _col("成效", "outcome", width=40),
            _col("联合报送人", "coauthors"),
            Column("补报", lambda r: yes_no(r.get("is_late"))),
            _col("修改次数", "edit_count", "int"),
        ],
        rows,
    )


def _projects_sheet(rows: Sequence[Mapping[str, Any]], states: Mapping[int, State], tz: ZoneInfo) -> Sheet:
    local = _local(tz)
    return Sheet(
        "项目",
        [
            _col("项目名称", "name"),
            _map("类别", "category", CATEGORY),
            _map("阶段", "stage", STAGE),
            Column("状态", lambda r: STATE[states[r["id"]]]),
            _col("产业", "industry"),
            _col("投资方", "investor"),
            _col("工作组", "work_group"),
            _col("责任单位", "unit"),
            _col("园区", "park"),
            _col("地块", "plot"),
            _col("项目负责人", "lead"),
            _col("联系领导", "liaison_name"),
            _col("计划投资（万元）", "planned_investment_wan", "money"),
            _col("签约投资（万元）", "signed_investment_wan", "money"),
            _col("落地投资（万元）", "landed_investment_wan", "money"),
            _col("到位资金（万元）", "funds_arrived_wan", "money"),
            _col("完成进度（%）", "percent_done", "int"),
            _col("首次签约日期", "first_signed_on", "date"),
            Column("最近进展", lambda r: local(r.get("last_progress_at")), "datetime"),
            Column("已归档", lambda r: yes_no(r.get("archived"))),
        ],
        rows,
    )


def _milestones_sheet(rows: Sequence[Mapping[str, Any]], today: dt.date, rules: Rules) -> Sheet:
    def facts(r: Mapping[str, Any]) -> MilestoneFacts:
        return MilestoneFacts(r["due_date"], r.get("done_on"))

    return Sheet(
        "节点",
        [
            _col("项目", "project"),
            _col("工作组", "work_group"),
            _col("责任单位", "unit"),
            Column("节点", lambda r: milestone_label(r.get("kind"), r.get("name"))),
            _col("计划完成", "due_date", "date"),
            _col("原文", "due_text"),
            _col("完成日期", "done_on", "date"),
            Column("状态", lambda r: STATE[milestone_state(facts(r), today, rules)]),
            Column("逾期天数", lambda r: days_overdue(facts(r), today) or None, "int"),
        ],
        rows,
    )


def _progress_sheet(rows: Sequence[Mapping[str, Any]], tz: ZoneInfo) -> Sheet:
    local = _local(tz)
    return Sheet(
        "进度",
        [
            _col("日期", "report_date", "date"),
            _col("项目", "project"),
            _col("报送人", "author"),
            _map("阶段", "stage", STAGE),
            _col("完成进度（%）", "percent_done", "int"),
            _col("到位资金（万元）", "funds_arrived_wan", "money"),
            _col("签约投资（万元）", "signed_investment_wan", "money"),
            Column(
                "完成节点",
                lambda r: milestone_label(r.get("milestone_kind"), r.get("milestone_name")) or None,
            ),
            _col("进展情况", "text", width=40),
            _col("存在问题", "problems", width=40),
            _map("报送方式", "source", SOURCE),
            Column("报送时间", lambda r: local(r.get("created_at")), "datetime"),
        ],
        rows,
    )


def _issues_sheet(rows: Sequence[Mapping[str, Any]], today: dt.date, tz: ZoneInfo) -> Sheet:
    local = _local(tz)

    def raised_on(r: Mapping[str, Any]) -> dt.date:
        return r["created_at"].astimezone(tz).date()

    def age(r: Mapping[str, Any]) -> int | None:
        end = r["closed_at"].astimezone(tz).date() if r.get("closed_at") else today
        return (end - raised_on(r)).days

    return Sheet(
        "协调问题",
        [
            Column("编号", lambda r: issue_code(r["number"], raised_on(r).year)),
            _col("项目", "project"),
            _col("工作组", "work_group"),
            _col("问题描述", "description", width=40),
            _map("状态", "status", ISSUE_STATUS),
            _col("责任单位", "unit"),
            _col("提出人", "raised_by"),
            Column("提出时间", lambda r: local(r.get("created_at")), "datetime"),
            _col("答复", "answer", width=40),
            Column("答复时间", lambda r: local(r.get("answered_at")), "datetime"),
            Column("办结时间", lambda r: local(r.get("closed_at")), "datetime"),
            Column("历时（天）", age, "int"),
        ],
        rows,
    )


def _scoreboard_sheet(board: Scoreboard) -> Sheet:
    rows: list[Mapping[str, Any]] = []
    for line in [*board.groups, board.total]:
        is_total = line is board.total
        rows.append(
            {
                "name": "合计" if is_total else (line.name or "未分配工作组"),
                "target": line.target_wan or None,
                "stretch": line.stretch_wan or None,
                "signed": line.signed_wan,
                "projects": line.signed_projects,
                "landed": line.landed_wan,
                "funds": line.funds_wan,
                "completion": line.completion,
                "stretch_completion": line.stretch_completion,
                "elapsed": board.elapsed,
                "gap": board.gap(line),
            }
        )
    return Sheet(
        f"目标完成情况（截至{board.as_of.month}月{board.as_of.day}日）"[:31],
        [
            _col("工作组", "name"),
            _col("目标（万元）", "target", "money"),
            _col("力争目标（万元）", "stretch", "money"),
            _col("签约投资（万元）", "signed", "money"),
            _col("签约项目（个）", "projects", "int"),
            _col("落地投资（万元）", "landed", "money"),
            _col("到位资金（万元）", "funds", "money"),
            _col("目标完成率", "completion", "percent"),
            _col("力争目标完成率", "stretch_completion", "percent"),
            _col("时间进度", "elapsed", "percent"),
            Column("超前（+）/落后（-）时序进度（百分点）", lambda r: r.get("gap"), "money"),
        ],
        rows,
    )


def _project_states(
    projects: Sequence[Mapping[str, Any]],
    milestones: Sequence[Mapping[str, Any]],
    today: dt.date,
    rules: Rules,
    tz: ZoneInfo,
) -> dict[int, State]:
    by_project: dict[int, list[MilestoneFacts]] = {}
    for m in milestones:
        by_project.setdefault(m["project_id"], []).append(MilestoneFacts(m["due_date"], m.get("done_on")))
    states = {}
    for p in projects:
        last = p.get("last_progress_at")
        facts = ProjectFacts(
            milestones=tuple(by_project.get(p["id"], [])),
            last_progress_on=last.astimezone(tz).date() if last else None,
            created_on=p["created_at"].astimezone(tz).date(),
        )
        states[p["id"]] = project_state(facts, today, rules)
    return states


class ExportService:
    def __init__(self, db: Database, clock: Clock, rules: Rules | None = None) -> None:
        self.db = db
        self.clock = clock
        self.rules = rules or Rules()

    async def workbook(self, actor: Person | None) -> ExportFile:
        """The ledger as `actor` may see it (None: the operator at the command line, everything)."""
        today = self.clock.today()
        tz = self.clock.tz
        async with self.db.transaction() as tx:
            scope = WHOLE_CAMPAIGN if actor is None else await resolve_scope(tx, actor)
            group = scope.work_group_id
            people = await tx.office.export_people(work_group_id=group)
            trips = await tx.office.export_trip_legs(work_group_id=group)
            reports = await tx.office.export_reports(work_group_id=group)
            projects = await tx.office.export_projects(work_group_id=group)
            milestones = await tx.office.export_milestones(work_group_id=group)
            progress = await tx.office.export_progress(work_group_id=group)
            issues = await tx.office.export_issues(work_group_id=group)
            board = await load_scoreboard(tx, today, work_group_id=group)
        states = _project_states(projects, milestones, today, self.rules, tz)
        sheets = [
            _people_sheet(people),
            _trips_sheet(trips),
            _reports_sheet(reports),
            _projects_sheet(projects, states, tz),
            _milestones_sheet(milestones, today, self.rules),
            _progress_sheet(progress, tz),
            _issues_sheet(issues, today, tz),
            _scoreboard_sheet(board),
        ]
        data = await asyncio.to_thread(write_workbook, sheets)
        return ExportFile(
            file_name=export_file_name(scope, today),
            data=data,
            rows={s.title: len(s.rows) for s in sheets},
            scope=scope.work_group_name,
        )


def export_file_name(scope: Scope, day: dt.date) -> str:
    middle = f"_{scope.work_group_name}" if scope.work_group_name else ""
    return f"招商台账{middle}_{day.isoformat()}.xlsx"


# ----------------------------------------------------------------------------- the ranking notice


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
    return [
        Sheet(
            "工作组排名",
            [
                _col("名次", "rank", "int"),
                _col("工作组", "name"),
                _col("目标（万元）", "target_wan", "money"),
                _col("签约投资（万元）", "signed_wan", "money"),
                _col("签约项目（个）", "signed_projects", "int"),
                _col("落地投资（万元）", "landed_wan", "money"),
                _col("到位资金（万元）", "funds_wan", "money"),
                _col("完成率", "completion", "percent"),
                _col("超前（+）/落后（-）时序进度（百分点）", "gap", "money"),
            ],
            groups,
        ),
        Sheet(
            "责任单位排名",
            [
                _col("名次", "rank", "int"),
                _col("责任单位", "unit"),
                _col("应完成节点（个）", "due", "int"),
                _col("已完成（个）", "done", "int"),
                _col("按期完成（个）", "on_time", "int"),
                _col("逾期未完成（个）", "open_overdue", "int"),
                _col("完成率", "completion", "percent"),
            ],
            units,
        ),
        Sheet(
            "逾期节点",
            [
                _col("责任单位", "unit"),
                _col("项目", "project"),
                _col("节点", "milestone"),
                _col("计划完成", "due_date", "date"),
                _col("逾期天数", "days_overdue", "int"),
                _col("项目负责人", "lead"),
            ],
            overdue,
        ),
        Sheet(
            "日报未报",
            [
                _col("姓名", "name"),
                _col("工作组", "work_group"),
                _col("未报天数", "count", "int"),
                _col("未报日期", "days", width=40),
            ],
            missing,
        ),
    ]


def notice_workbook(body: RankingBody) -> bytes:
    return write_workbook(notice_sheets(body))
