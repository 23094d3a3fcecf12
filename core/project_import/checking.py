"""Checking a project plan before anything is written: every row, its values, and the plan as a whole.

Any bad row → nothing is imported, every bad row is reported with its spreadsheet row number
(the header is row 1) and the reason.
"""

from __future__ import annotations

import datetime as dt

from core.importing import ImportReport, find_person, known_person, unknown_group
from core.parsing.dates import coerce_deadline
from core.parsing.money import parse_wan
from core.project_import.plan import LEDGER_COLUMNS, MilestonePlan, ProjectPlan, shown
from core.projects import DEFAULT_MILESTONE, STAGE_WORDS, category_of, milestone_kind_of, stage_rank
from core.tabular import Row, RowError, cell_text
from db.enums import MilestoneKind, ProjectCategory, ProjectStage
from db.models import WorkGroup
from db.tx import Tx

_TEXT_FIELDS = ("unit", "park", "industry", "plot", "investor")


class PlanChecker:
    """Checks a plan batch by batch (each in its own short transaction), merging rows into one plan
    per project across batches; :meth:`finish` gives the plans once every batch is in."""

    def __init__(self, groups: dict[str, WorkGroup], today: dt.date) -> None:
        self.groups = groups
        self.today = today
        self.plans: dict[tuple[str, str | None], ProjectPlan] = {}

    async def check(self, tx: Tx, rows: list[Row], report: ImportReport) -> None:
        for row in rows:
            await self._check_row(tx, row, report)

    async def _check_row(self, tx: Tx, row: Row, report: ImportReport) -> None:
        errors_before = len(report.errors)
        name = cell_text(row.get("name"))
        if not name:
            report.errors.append(
                RowError(
                    row.number,
                    "name",
                    "required",
                    "项目名称不能为空 / name is required",
                    {"column": "project"},
                )
            )
            return
        if len(name) > 200:
            report.errors.append(
                RowError(
                    row.number,
                    "name",
                    "too_long",
                    f"项目名称过长 / name too long: {name[:20]}",
                    {"column": "project", "value": name[:20]},
                )
            )
            return
        group_name = cell_text(row.get("work_group"))
        if group_name and group_name not in self.groups:
            report.errors.append(unknown_group(row.number, group_name))
            return
        key = (name, group_name)
        plan = self.plans.get(key)
        if plan is None:
            group = self.groups.get(group_name) if group_name else None
            plan = self.plans[key] = ProjectPlan(name, group, row.number)
        values = await _row_values(tx, row, report, self.today)
        milestone = _row_milestone(row, self.today, report)
        if len(report.errors) > errors_before:
            return
        _merge(plan, row, values, report)
        if milestone is not None:
            plan.milestones.append(milestone)

    def finish(self, report: ImportReport) -> list[ProjectPlan]:
        for plan in self.plans.values():
            _finish(plan, report)
        return list(self.plans.values())


async def check_rows(tx: Tx, rows: list[Row], report: ImportReport, today: dt.date) -> list[ProjectPlan]:
    """Every row checked and merged into one plan per project; the bad ones go to ``report.errors``."""
    checker = PlanChecker({g.name: g for g in await tx.org.groups()}, today)
    await checker.check(tx, rows, report)
    return checker.finish(report)


async def _row_values(tx: Tx, row: Row, report: ImportReport, today: dt.date) -> dict[str, object]:
    values: dict[str, object] = {}
    raw_category = cell_text(row.get("category"))
    if raw_category:
        category = category_of(raw_category)
        if category is None:
            report.errors.append(
                RowError(
                    row.number,
                    "category",
                    "unknown_category",
                    f"未知类别“{raw_category}”（可用：续建、新建、招投标、前期、招商）/ unknown category",
                    {"value": str(raw_category)},
                )
            )
        values["category"] = category
    raw_stage = cell_text(row.get("stage"))
    if raw_stage:
        stage = STAGE_WORDS.get(raw_stage.lower())
        if stage is None:
            report.errors.append(
                RowError(
                    row.number,
                    "stage",
                    "unknown_stage",
                    f"未知阶段“{raw_stage}”（可用：线索、洽谈、签约、落地、开工、投产）/ unknown stage",
                    {"value": str(raw_stage)},
                )
            )
        values["stage"] = stage
    raw_amount = row.get("planned_investment")
    if cell_text(raw_amount):
        amount = parse_wan(raw_amount, default_unit="万")
        if amount is None or amount < 0:
            report.errors.append(
                RowError(
                    row.number,
                    "planned_investment",
                    "bad_amount",
                    f"计划投资无法识别 / bad amount: {cell_text(raw_amount)}",
                    {"column": "planned_investment", "value": cell_text(raw_amount) or ""},
                )
            )
        values["planned_investment"] = amount
    for key in LEDGER_COLUMNS:
        raw = row.get(key)
        if cell_text(raw):
            amount = parse_wan(raw, default_unit="万")
            if amount is None or amount < 0:
                report.errors.append(
                    RowError(
                        row.number,
                        key,
                        "bad_amount",
                        f"金额无法识别 / bad amount: {cell_text(raw)}",
                        {"column": key, "value": cell_text(raw) or ""},
                    )
                )
            values[key] = amount
    for key in ("signed_on", "landed_on"):
        raw = row.get(key)
        if cell_text(raw):
            day = coerce_deadline(raw, today, prefer_future=False)
            if day is None or day > today:
                report.errors.append(
                    RowError(
                        row.number,
                        key,
                        "bad_past_date",
                        f"日期无法识别或晚于今天：{cell_text(raw)} / bad date (or in the future)",
                        {"column": key, "value": cell_text(raw) or ""},
                    )
                )
            values[key] = day
    for amount_key, (_kind, date_key) in LEDGER_COLUMNS.items():
        if date_key and amount_key in values and date_key not in values:
            report.errors.append(
                RowError(
                    row.number,
                    date_key,
                    "amount_needs_date",
                    "填写了协议投资/落地投资，须同时填写签约日期/落地日期 / an amount needs its date",
                    {"column": date_key},
                )
            )
    stated = values.get("stage")
    if (
        isinstance(stated, ProjectStage)
        and "signed_on" in values
        and stage_rank(stated) < stage_rank(ProjectStage.SIGNED)
    ):
        report.errors.append(
            RowError(
                row.number,
                "stage",
                "signed_before_stage",
                "有签约日期的项目阶段不能早于签约 / signed, so not before 签约",
                {"column": "stage"},
            )
        )
    for key in _TEXT_FIELDS:
        text = cell_text(row.get(key))
        if text:
            if len(text) > (64 if key == "industry" else 100 if key in ("unit", "park") else 200):
                report.errors.append(
                    RowError(
                        row.number,
                        key,
                        "too_long",
                        f"内容过长 / too long: {text[:20]}",
                        {"column": key, "value": text[:20]},
                    )
                )
            values[key] = text
    lead_ref = cell_text(row.get("lead"))
    if lead_ref:
        lead = await known_person(tx, report, row.number, "lead", "负责人", lead_ref)
        values["lead"] = lead
    liaison_ref = cell_text(row.get("liaison"))
    if liaison_ref:
        liaison, _reason = await find_person(tx, liaison_ref)
        values["liaison"] = (liaison_ref if liaison is None else liaison.name, liaison)
    return values


def _row_milestone(row: Row, today: dt.date, report: ImportReport) -> MilestonePlan | None:
    raw_name = cell_text(row.get("milestone"))
    raw_due = row.get("due")
    if raw_due is None or (isinstance(raw_due, str) and not raw_due.strip()):
        if raw_name:
            report.errors.append(
                RowError(
                    row.number,
                    "due",
                    "required",
                    f"节点“{raw_name}”缺少截止日期 / milestone without a due date",
                    {"column": "due", "milestone": raw_name},
                )
            )
        return None
    due = coerce_deadline(raw_due, today, prefer_future=True)
    if due is None:
        report.errors.append(
            RowError(
                row.number,
                "due",
                "bad_date",
                f"截止日期无法识别：{cell_text(raw_due)}（如 2026-04-20、4月20日、5月中旬、5月底）"
                " / bad due date",
                {"value": cell_text(raw_due) or ""},
            )
        )
        return None
    kind, name = milestone_kind_of(raw_name) if raw_name else (None, "")
    if len(name) > 64:
        report.errors.append(
            RowError(
                row.number,
                "milestone",
                "too_long",
                f"节点名称过长 / too long: {name[:20]}",
                {"column": "milestone", "value": name[:20]},
            )
        )
        return None
    due_text = raw_due.strip() if isinstance(raw_due, str) else None
    if due < today - dt.timedelta(days=365):  # a typo'd year (2006 for 2026) looks just like this
        report.warnings.append(
            RowError(
                row.number,
                "due",
                "long_past",
                f"截止日期 {due.isoformat()} 已过去一年以上，请确认年份 / "
                f"due date {due.isoformat()} is more than a year ago: check the year",
            )
        )
    return MilestonePlan(row.number, kind, name, due, due_text)


def _merge(plan: ProjectPlan, row: Row, values: dict[str, object], report: ImportReport) -> None:
    for key, value in values.items():
        if key not in plan.values:
            plan.values[key] = value
            plan.value_rows[key] = row.number
        elif plan.values[key] != value:
            first = plan.value_rows[key]
            report.errors.append(
                RowError(
                    row.number,
                    key,
                    "conflict",
                    f"与第 {first} 行同一项目的“{shown(plan.values[key])}”不一致 / "
                    f"differs from row {first} of the same project",
                    {"column": key, "first": first, "value": shown(plan.values[key])},
                )
            )


def _finish(plan: ProjectPlan, report: ImportReport) -> None:
    """Default milestones by category; no milestone twice."""
    category = plan.values.get("category")
    seen: dict[tuple[MilestoneKind, str], int] = {}
    for milestone in plan.milestones:
        if milestone.kind is None:
            if not isinstance(category, ProjectCategory):
                report.errors.append(
                    RowError(
                        milestone.row,
                        "milestone",
                        "required",
                        "请填写节点（或项目类别，以确定默认节点）/ give the milestone or the category",
                        {"column": "milestone_or_category"},
                    )
                )
                continue
            milestone.kind = DEFAULT_MILESTONE[category]
        key = (milestone.kind, milestone.name)
        if key in seen:
            report.errors.append(
                RowError(
                    milestone.row,
                    "milestone",
                    "duplicate",
                    f"与第 {seen[key]} 行是同一项目的同一节点 / same milestone as row {seen[key]}",
                    {"column": "milestone", "first": seen[key]},
                )
            )
            continue
        seen[key] = milestone.row
