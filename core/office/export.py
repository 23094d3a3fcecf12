"""The campaign ledger as an Excel export (人员、行程、日报、项目、节点、进度、协调问题、目标完成情况、台账明细、
阶段变更、线索来源、目标).

The workbook is an official Chinese document, so headers and labels are Chinese. Rows are read in
the caller's task, within the reader's scope; the workbook is written (core.office.workbook) in a worker
thread, so the bot stays responsive. The ranking notice's workbook is in core.office.ranking_workbook.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.office.scoreboard import CampaignYear, Scoreboard, load_scoreboard
from core.office.workbook import Column, Sheet, col, mapped, write_workbook, yes_no
from core.policy import WHOLE_CAMPAIGN, Scope, resolve_scope
from core.project_state import (
    MilestoneFacts,
    Rules,
    State,
    days_overdue,
    milestone_state,
    project_state,
)
from core.projects.lines import project_facts
from core.trips.status import PHASE_ZH, trip_phase
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
from db.enums import LedgerKind, Role, TargetDimension
from db.models import Person, Target, WorkGroup

ROLE_LABELS = {
    Role.ADMIN: "管理员",
    Role.OFFICE: "指挥部办公室",
    Role.GROUP_LEADER: "工作组组长",
    Role.CADRE: "招商干部",
    Role.PROJECT_LEAD: "项目负责人",
    Role.UNIT_CONTACT: "责任单位联络员",
}
CATEGORY = in_language(CATEGORIES)
STAGE = in_language(STAGES)
ISSUE_STATUS = in_language(ISSUE_STATUSES)
STATE = in_language(STATES)
SOURCE = {"form": "表单", "text": "文字", "button": "按钮"}


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    data: bytes
    rows: dict[str, int]  # rows per sheet
    scope: str | None  # the work groups' names, None for the whole campaign


# ----------------------------------------------------------------------------- the campaign ledger


def _local(tz: ZoneInfo) -> Callable[[dt.datetime | None], dt.datetime | None]:
    def convert(value: dt.datetime | None) -> dt.datetime | None:
        return value.astimezone(tz).replace(tzinfo=None) if value is not None else None

    return convert


def _people_sheet(rows: Sequence[Mapping[str, Any]]) -> Sheet:
    def roles(r: Mapping[str, Any]) -> str:
        held = set((r.get("roles") or "").split(",")) - {""}
        return "、".join(ROLE_LABELS[role] for role in Role if role.value in held)

    return Sheet(
        "人员",
        [
            col("姓名", "name"),
            col("手机", "phone"),
            col("职务", "title"),
            col("单位", "unit"),
            col("工作组", "work_group"),
            Column("角色", roles),
            Column("已绑定", lambda r: yes_no(r.get("telegram_id"))),
            Column("可送达", lambda r: yes_no(r.get("reachable"))),
            Column("在用", lambda r: yes_no(r.get("active"))),
        ],
        rows,
    )


def _trips_sheet(rows: Sequence[Mapping[str, Any]], today: dt.date, tz: ZoneInfo) -> Sheet:
    def status(r: Mapping[str, Any]) -> str:
        back = r.get("returned_at")
        returned_on = back.astimezone(tz).date() if isinstance(back, dt.datetime) else None
        return PHASE_ZH[trip_phase(r["status"], r.get("start_date"), r.get("end_date"), today, returned_on)]

    return Sheet(
        "外出行程",
        [
            col("行程编号", "trip_id", "int"),
            col("干部", "cadre"),
            col("工作组", "work_group"),
            Column("状态", status),
            col("出发日期", "start_date", "date"),
            col("返回日期", "end_date", "date"),
            col("事由", "purpose", width=30),
            col("同行人员", "companions"),
            Column("行程序号", lambda r: None if r.get("seq") is None else int(r["seq"]) + 1, "int"),
            col("省份", "province"),
            col("城市", "city"),
            col("区县", "district"),
            col("地点", "place"),
            col("拜访对象", "targets", width=30),
            col("本段开始", "leg_start", "date"),
            col("本段结束", "leg_end", "date"),
        ],
        rows,
    )


def _reports_sheet(rows: Sequence[Mapping[str, Any]]) -> Sheet:
    return Sheet(
        "日报",
        [
            col("日期", "report_date", "date"),
            col("报送人", "author"),
            col("工作组", "work_group"),
            col("行程编号", "trip_id", "int"),
            col("城市", "city"),
            col("地点", "location_text"),
            col("拜访情况", "visits", width=40),
            col("成效", "outcome", width=40),
            col("联合报送人", "coauthors"),
            Column("补报", lambda r: yes_no(r.get("is_late"))),
            col("修改次数", "edit_count", "int"),
        ],
        rows,
    )


def _projects_sheet(rows: Sequence[Mapping[str, Any]], states: Mapping[int, State], tz: ZoneInfo) -> Sheet:
    local = _local(tz)
    return Sheet(
        "项目",
        [
            col("项目名称", "name"),
            mapped("类别", "category", CATEGORY),
            mapped("阶段", "stage", STAGE),
            Column("状态", lambda r: STATE[states[r["id"]]]),
            col("产业", "industry"),
            col("投资方", "investor"),
            col("工作组", "work_group"),
            col("责任单位", "unit"),
            col("园区", "park"),
            col("地块", "plot"),
            col("项目负责人", "lead"),
            col("联系领导", "liaison_name"),
            col("计划投资（万元）", "planned_investment_wan", "money"),
            col("签约投资（万元）", "signed_investment_wan", "money"),
            col("落地投资（万元）", "landed_investment_wan", "money"),
            col("到位资金（万元）", "funds_arrived_wan", "money"),
            col("累计完成投资（万元）", "completed_investment_wan", "money"),
            col("完成进度（%）", "percent_done", "int"),
            col("首次签约日期", "first_signed_on", "date"),
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
            col("项目", "project"),
            col("工作组", "work_group"),
            col("责任单位", "unit"),
            Column("节点", lambda r: milestone_label(r.get("kind"), r.get("name"))),
            col("计划完成", "due_date", "date"),
            col("原文", "due_text"),
            col("完成日期", "done_on", "date"),
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
            col("日期", "report_date", "date"),
            col("项目", "project"),
            col("报送人", "author"),
            mapped("阶段", "stage", STAGE),
            col("完成进度（%）", "percent_done", "int"),
            col("到位资金（万元）", "funds_arrived_wan", "money"),
            col("签约投资（万元）", "signed_investment_wan", "money"),
            Column(
                "完成节点",
                lambda r: milestone_label(r.get("milestone_kind"), r.get("milestone_name")) or None,
            ),
            col("进展情况", "text", width=40),
            col("存在问题", "problems", width=40),
            mapped("报送方式", "source", SOURCE),
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
            col("项目", "project"),
            col("工作组", "work_group"),
            col("问题描述", "description", width=40),
            mapped("状态", "status", ISSUE_STATUS),
            col("责任单位", "unit"),
            col("提出人", "raised_by"),
            Column("提出时间", lambda r: local(r.get("created_at")), "datetime"),
            col("答复", "answer", width=40),
            Column("答复时间", lambda r: local(r.get("answered_at")), "datetime"),
            Column("办结时间", lambda r: local(r.get("closed_at")), "datetime"),
            Column("历时（天）", age, "int"),
        ],
        rows,
    )


LEDGER_KIND = {
    LedgerKind.SIGNED: "协议投资",
    LedgerKind.LANDED: "落地投资",
    LedgerKind.COMPLETED: "累计完成投资",
    LedgerKind.FUNDS: "到位资金",
}
DIMENSION = {
    TargetDimension.PARK: "园区",
    TargetDimension.INDUSTRY: "产业",
    TargetDimension.UNIT: "单位",
    TargetDimension.PERSON: "责任人",
}


def _ledger_sheet(rows: Sequence[Mapping[str, Any]], tz: ZoneInfo) -> Sheet:
    local = _local(tz)

    def source(r: Mapping[str, Any]) -> str:
        if r.get("is_correction"):
            return "更正"
        if r.get("progress_id"):
            return "进度报送"
        return "导入" if r.get("note") == "import" else "其他"

    return Sheet(
        "台账明细",
        [
            col("项目", "project"),
            col("工作组", "work_group"),
            mapped("数字", "kind", LEDGER_KIND),
            col("增减（万元）", "delta_wan", "money"),
            col("计入日期", "effective_on", "date"),
            Column("来源", source),
            Column("说明", lambda r: None if r.get("note") == "import" else r.get("note"), width=30),
            col("录入人", "author"),
            Column("录入时间", lambda r: local(r.get("created_at")), "datetime"),
        ],
        rows,
    )


def _stage_sheet(rows: Sequence[Mapping[str, Any]], tz: ZoneInfo) -> Sheet:
    local = _local(tz)
    return Sheet(
        "阶段变更",
        [
            col("项目", "project"),
            col("工作组", "work_group"),
            mapped("原阶段", "from_stage", STAGE),
            mapped("新阶段", "to_stage", STAGE),
            col("变更日期", "changed_on", "date"),
            col("变更人", "author"),
            Column("录入时间", lambda r: local(r.get("changed_at")), "datetime"),
        ],
        rows,
    )


def _lead_sources_sheet(rows: Sequence[Mapping[str, Any]], tz: ZoneInfo) -> Sheet:
    local = _local(tz)

    def where(r: Mapping[str, Any]) -> str | None:
        place = "".join(dict.fromkeys(x for x in (r.get("province"), r.get("city")) if x))
        return " ".join(x for x in (place, r.get("place")) if x) or None

    return Sheet(
        "线索来源",
        [
            col("项目", "project"),
            col("工作组", "work_group"),
            col("投资方", "investor"),
            mapped("当前阶段", "stage", STAGE),
            col("发现人", "found_by"),
            col("外出招商编号", "trip_id", "int"),
            col("出发日期", "start_date", "date"),
            col("返回日期", "end_date", "date"),
            Column("地点", where),
            col("事由", "purpose", width=30),
            Column("录入时间", lambda r: local(r.get("created_at")), "datetime"),
        ],
        rows,
    )


def _targets_sheet(targets: Sequence[Target], groups: Sequence[WorkGroup]) -> Sheet:
    rows: list[dict[str, Any]] = [
        {"dimension": "工作组", "name": g.name, "target": g.target_wan, "stretch": g.stretch_target_wan}
        for g in groups
    ]
    rows += [
        {
            "dimension": DIMENSION[t.dimension],
            "name": t.name,
            "target": t.target_wan,
            "stretch": t.stretch_target_wan,
        }
        for t in targets
    ]
    return Sheet(
        "目标",
        [
            col("类别", "dimension"),
            col("名称", "name"),
            col("目标（万元）", "target", "money"),
            col("力争目标（万元）", "stretch", "money"),
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
            col("工作组", "name"),
            col("目标（万元）", "target", "money"),
            col("力争目标（万元）", "stretch", "money"),
            col("签约投资（万元）", "signed", "money"),
            col("签约项目（个）", "projects", "int"),
            col("落地投资（万元）", "landed", "money"),
            col("到位资金（万元）", "funds", "money"),
            col("目标完成率", "completion", "percent"),
            col("力争目标完成率", "stretch_completion", "percent"),
            col("时间进度", "elapsed", "percent"),
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
        facts = project_facts(
            by_project.get(p["id"], []),
            p.get("last_progress_at"),
            p["created_at"],
            tz,
            stage=p.get("stage"),
            percent_done=p.get("percent_done"),
        )
        states[p["id"]] = project_state(facts, today, rules)
    return states


class ExportService:
    def __init__(
        self, db: Database, clock: Clock, rules: Rules | None = None, campaign: CampaignYear | None = None
    ) -> None:
        self.db = db
        self.clock = clock
        self.rules = rules or Rules()
        self.campaign = campaign or CampaignYear()

    async def workbook(self, actor: Person | None) -> ExportFile:
        """The ledger as `actor` may see it (None: the operator at the command line, everything)."""
        today = self.clock.today()
        tz = self.clock.tz
        async with self.db.transaction() as tx:
            scope = WHOLE_CAMPAIGN if actor is None else await resolve_scope(tx, actor)
            groups = scope.work_group_ids
            rows = tx.export_rows
            people = await rows.people(work_group_ids=groups)
            trips = await rows.trip_legs(work_group_ids=groups)
            reports = await rows.reports(work_group_ids=groups)
            projects = await rows.projects(work_group_ids=groups)
            milestones = await rows.milestones(work_group_ids=groups)
            progress = await rows.progress(work_group_ids=groups)
            issues = await rows.issues(work_group_ids=groups)
            ledger = await rows.ledger(work_group_ids=groups)
            stages = await rows.stage_history(work_group_ids=groups)
            sources = await rows.lead_sources(work_group_ids=groups)
            targets = await tx.org.targets() if scope.whole else []
            work_groups = [g for g in await tx.org.groups() if groups is None or g.id in groups]
            board = await load_scoreboard(tx, today, work_group_ids=groups, campaign=self.campaign)
        states = _project_states(projects, milestones, today, self.rules, tz)
        sheets = [
            _people_sheet(people),
            _trips_sheet(trips, today, tz),
            _reports_sheet(reports),
            _projects_sheet(projects, states, tz),
            _milestones_sheet(milestones, today, self.rules),
            _progress_sheet(progress, tz),
            _issues_sheet(issues, today, tz),
            _scoreboard_sheet(board),
            _ledger_sheet(ledger, tz),
            _stage_sheet(stages, tz),
            _lead_sources_sheet(sources, tz),
            _targets_sheet(targets, work_groups),
        ]
        data = await asyncio.to_thread(write_workbook, sheets)
        return ExportFile(
            file_name=export_file_name(scope, today),
            data=data,
            rows={s.title: len(s.rows) for s in sheets},
            scope=scope.label,
        )


def export_file_name(scope: Scope, day: dt.date) -> str:
    middle = "".join(f"_{name}" for name in scope.work_group_names)
    return f"招商台账{middle}_{day.isoformat()}.xlsx"
