"""Importing the project plan from .xlsx/.csv (Chinese or English headers), all or nothing.

One row is one milestone of a project; several rows may give several milestones of one project
(the project's own columns may repeat or be left empty on the later rows, but must not disagree).
A project is matched by name and work group, so re-importing a corrected plan updates it in place
and the report says what changed. Any bad row → nothing is imported, every bad row is reported
with its spreadsheet row number (the header is row 1) and the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from core.clock import Clock
from core.errors import Forbidden
from core.imports import ImportRejected, ImportReport, normalize_phone
from core.parsing.dates import coerce_deadline
from core.parsing.money import parse_wan
from core.projects import DEFAULT_MILESTONE, category_of, milestone_kind_of
from core.roles import OFFICE_ROLES, has_any
from core.tabular import Column, Row, RowError, Table, cell_text, read_table
from core.vocabulary import format_wan
from db.database import Database
from db.enums import MilestoneKind, ProjectCategory, ProjectStage, Role
from db.models import Milestone, Person, Project, StageChange, WorkGroup
from db.tx import Tx

PROJECT_COLUMNS = (
    Column("name", ("项目名称", "name", "项目", "project", "project_name"), required=True),
    Column("category", ("类别", "category", "项目类别", "项目类型")),
    Column("work_group", ("工作组", "work_group", "work group", "group")),
    Column("unit", ("责任单位", "unit", "单位")),
    Column("lead", ("负责人", "lead", "项目负责人")),
    Column("planned_investment", ("计划投资(万元)", "planned_investment", "计划投资", "总投资(万元)")),
    Column("park", ("园区", "park")),
    Column("industry", ("产业", "industry")),
    Column("plot", ("地块", "plot")),
    Column("liaison", ("联系领导", "liaison", "联系县领导", "包保领导")),
    Column("milestone", ("节点", "milestone", "节点名称")),
    Column("due", ("截止日期", "due", "截止时间", "完成时限", "deadline", "due_date")),
    Column("stage", ("阶段", "stage", "项目阶段")),
    Column("investor", ("投资方", "investor")),
)

# a file is a project plan when it has a name column and at least one of these
_PLAN_ONLY = frozenset(
    {"category", "milestone", "due", "planned_investment", "park", "plot", "liaison", "lead"}
)

STAGE_WORDS: dict[str, ProjectStage] = {
    "线索": ProjectStage.LEAD,
    "lead": ProjectStage.LEAD,
    "洽谈": ProjectStage.NEGOTIATING,
    "在谈": ProjectStage.NEGOTIATING,
    "negotiating": ProjectStage.NEGOTIATING,
    "签约": ProjectStage.SIGNED,
    "已签约": ProjectStage.SIGNED,
    "signed": ProjectStage.SIGNED,
    "落地": ProjectStage.LANDED,
    "已落地": ProjectStage.LANDED,
    "landed": ProjectStage.LANDED,
    "开工": ProjectStage.STARTED,
    "在建": ProjectStage.STARTED,
    "已开工": ProjectStage.STARTED,
    "started": ProjectStage.STARTED,
    "投产": ProjectStage.PRODUCING,
    "已投产": ProjectStage.PRODUCING,
    "producing": ProjectStage.PRODUCING,
}

# a plan project that is not a trip lead is a real project already: landed unless told otherwise
_DEFAULT_STAGE = {ProjectCategory.LEAD: ProjectStage.LEAD}

_TEXT_FIELDS = ("unit", "park", "industry", "plot", "investor")


@dataclass(frozen=True)
class FieldChange:
    """One changed value of a project: ``field`` is a column key, or ``milestone`` (``label`` names it)."""

    field: str
    before: str | None
    after: str | None
    label: str | None = None


@dataclass
class ProjectChange:
    name: str
    work_group: str | None
    created: bool
    fields: list[FieldChange] = field(default_factory=list)
    milestones_added: int = 0


@dataclass
class ProjectImportReport(ImportReport):
    projects: list[ProjectChange] = field(default_factory=list)
    milestones_created: int = 0
    milestones_updated: int = 0
    ignored_headers: list[str] = field(default_factory=list)


@dataclass
class _MilestonePlan:
    row: int
    kind: MilestoneKind | None  # None: the project's default milestone (by category)
    name: str
    due: dt.date
    due_text: str | None


@dataclass
class _ProjectPlan:
    name: str
    group: WorkGroup | None
    first_row: int
    values: dict[str, object] = field(default_factory=dict)  # column key → resolved value
    value_rows: dict[str, int] = field(default_factory=dict)
    milestones: list[_MilestonePlan] = field(default_factory=list)


def _shown(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_wan(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Person):
        return value.name
    return str(getattr(value, "value", value))


def looks_like_projects(table: Table) -> bool:
    """A table read with PROJECT_COLUMNS that is a project plan (not a people or groups list)."""
    return "name" in table.headers and bool(_PLAN_ONLY & table.headers.keys())


def read_plan(source: bytes | Path, file_name: str) -> Table:
    return read_table(source, file_name, PROJECT_COLUMNS)


class ProjectImportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def import_plan(
        self, source: bytes | Path, file_name: str, actor: Person | None = None
    ) -> ProjectImportReport:
        """Import (or re-import) a project plan; ``actor`` None is the operator at the command line."""
        if actor is not None and not has_any(actor, OFFICE_ROLES):
            raise Forbidden()
        table = read_plan(source, file_name)
        report = ProjectImportReport(errors=list(table.errors), ignored_headers=list(table.ignored_headers))
        if report.errors:
            return report
        if not table.rows:
            report.errors.append(RowError(0, None, "no_rows", "文件中没有项目 / the file has no projects"))
            return report
        try:
            async with self.db.transaction() as tx:
                plans = await self._check(tx, table.rows, report)
                if report.errors:
                    raise ImportRejected
                for plan in plans:
                    await self._apply(tx, plan, report, actor)
                tx.audit.record(
                    "import.projects",
                    "import",
                    None,
                    actor_id=actor.id if actor else None,
                    file=file_name,
                    created=report.created,
                    updated=report.updated,
                    milestones_created=report.milestones_created,
                    milestones_updated=report.milestones_updated,
                )
        except ImportRejected:
            report.created = report.updated = report.unchanged = 0
            report.milestones_created = report.milestones_updated = 0
            report.projects.clear()
            report.changes.clear()
        return report

    # -------------------------------------------------------------- checking

    async def _check(self, tx: Tx, rows: list[Row], report: ImportReport) -> list[_ProjectPlan]:
        groups = {g.name: g for g in await tx.org.groups()}
        plans: dict[tuple[str, str | None], _ProjectPlan] = {}
        today = self.clock.today()
        for row in rows:
            errors_before = len(report.errors)
            name = cell_text(row.get("name"))
            if not name:
                report.errors.append(
                    RowError(row.number, "name", "required", "项目名称不能为空 / name is required")
                )
                continue
            if len(name) > 200:
                report.errors.append(
                    RowError(row.number, "name", "too_long", f"项目名称过长 / name too long: {name[:20]}")
                )
                continue
            group_name = cell_text(row.get("work_group"))
            if group_name and group_name not in groups:
                report.errors.append(
                    RowError(
                        row.number,
                        "work_group",
                        "unknown_group",
                        f"工作组“{group_name}”不存在，请先导入工作组 / unknown work group {group_name}",
                    )
                )
                continue
            key = (name, group_name)
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = _ProjectPlan(
                    name, groups.get(group_name) if group_name else None, row.number
                )
            values = await self._row_values(tx, row, report)
            milestone = self._row_milestone(row, today, report)
            if len(report.errors) > errors_before:
                continue
            self._merge(plan, row, values, report)
            if milestone is not None:
                plan.milestones.append(milestone)
        for plan in plans.values():
            self._finish(plan, report)
        return list(plans.values())

    async def _row_values(self, tx: Tx, row: Row, report: ImportReport) -> dict[str, object]:
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
                    )
                )
            values["planned_investment"] = amount
        for key in _TEXT_FIELDS:
            text = cell_text(row.get(key))
            if text:
                if len(text) > (64 if key == "industry" else 100 if key in ("unit", "park") else 200):
                    report.errors.append(
                        RowError(row.number, key, "too_long", f"内容过长 / too long: {text[:20]}")
                    )
                values[key] = text
        lead_ref = cell_text(row.get("lead"))
        if lead_ref:
            lead, reason = await self._person(tx, lead_ref)
            if lead is None:
                report.errors.append(
                    RowError(row.number, "lead", "unknown_person", f"负责人“{lead_ref}”{reason}")
                )
            values["lead"] = lead
        liaison_ref = cell_text(row.get("liaison"))
        if liaison_ref:
            liaison, _reason = await self._person(tx, liaison_ref)
            values["liaison"] = (liaison_ref if liaison is None else liaison.name, liaison)
        return values

    @staticmethod
    async def _person(tx: Tx, ref: str) -> tuple[Person | None, str]:
        try:
            phone = normalize_phone(ref)
        except ValueError:
            phone = None
        if phone is not None:
            person = await tx.people.by_phone(phone)
            return (person, "") if person else (None, "（手机号未登记，请先导入人员 / phone not registered）")
        matches = [p for p in await tx.people.by_name(ref) if p.active]
        if len(matches) == 1:
            return matches[0], ""
        if not matches:
            return None, "不存在，请先导入人员 / no such person: import people first"
        return (
            None,
            f"有 {len(matches)} 人重名，请改用手机号 / {len(matches)} people share this name: use the phone",
        )

    @staticmethod
    def _row_milestone(row: Row, today: dt.date, report: ImportReport) -> _MilestonePlan | None:
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
                )
            )
            return None
        kind, name = milestone_kind_of(raw_name) if raw_name else (None, "")
        if len(name) > 64:
            report.errors.append(
                RowError(row.number, "milestone", "too_long", f"节点名称过长 / too long: {name[:20]}")
            )
            return None
        due_text = raw_due.strip() if isinstance(raw_due, str) else None
        return _MilestonePlan(row.number, kind, name, due, due_text)

    @staticmethod
    def _merge(plan: _ProjectPlan, row: Row, values: dict[str, object], report: ImportReport) -> None:
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
                        f"与第 {first} 行同一项目的“{_shown(plan.values[key])}”不一致 / "
                        f"differs from row {first} of the same project",
                    )
                )

    @staticmethod
    def _finish(plan: _ProjectPlan, report: ImportReport) -> None:
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
                    )
                )
                continue
            seen[key] = milestone.row

    # -------------------------------------------------------------- applying

    async def _apply(
        self, tx: Tx, plan: _ProjectPlan, report: ProjectImportReport, actor: Person | None
    ) -> None:
        group_id = plan.group.id if plan.group else None
        project = await tx.projects.by_name(plan.name, group_id)
        change = ProjectChange(plan.name, plan.group.name if plan.group else None, created=project is None)
        if project is None:
            category = plan.values.get("category")
            if not isinstance(category, ProjectCategory):
                report.errors.append(
                    RowError(
                        plan.first_row,
                        "category",
                        "required",
                        "新项目须填写类别 / a new project needs a category",
                    )
                )
                raise ImportRejected
            now = self.clock.now()
            project = await tx.projects.add(
                Project(
                    name=plan.name,
                    category=category,
                    stage=_DEFAULT_STAGE.get(category, ProjectStage.LANDED),
                    work_group_id=group_id,
                    created_at=now,
                    updated_at=now,
                )
            )
        before_stage = None if change.created else project.stage
        await self._apply_fields(tx, project, plan, change)
        if project.stage != before_stage:
            tx.progress.add_stage_change(
                StageChange(
                    project_id=project.id,
                    from_stage=before_stage,
                    to_stage=project.stage,
                    changed_on=self.clock.today(),
                    changed_at=self.clock.now(),
                    changed_by_id=actor.id if actor else None,
                )
            )
        await self._apply_milestones(tx, project, plan, change, report)
        await tx.flush()
        if change.created:
            report.created += 1
            report.changes.append(f"+ {plan.name}（{change.milestones_added} 个节点 / milestones）")
        elif change.fields:
            report.updated += 1
            report.changes.append(f"~ {plan.name}：" + "；".join(_describe(c) for c in change.fields))
        else:
            report.unchanged += 1
        if change.created or change.fields:
            report.projects.append(change)

    async def _apply_fields(
        self, tx: Tx, project: Project, plan: _ProjectPlan, change: ProjectChange
    ) -> None:
        v = plan.values

        def assign(key: str, attr: str, new: object, shown_before: object, shown_after: object) -> None:
            if getattr(project, attr) != new:
                if not change.created:
                    change.fields.append(FieldChange(key, _shown(shown_before), _shown(shown_after)))
                setattr(project, attr, new)

        if isinstance(v.get("category"), ProjectCategory):
            assign("category", "category", v["category"], project.category, v["category"])
        if isinstance(v.get("stage"), ProjectStage):
            assign("stage", "stage", v["stage"], project.stage, v["stage"])
        if isinstance(v.get("planned_investment"), Decimal):
            amount = v["planned_investment"]
            assign(
                "planned_investment", "planned_investment_wan", amount, project.planned_investment_wan, amount
            )
        for key in ("industry", "plot", "investor"):
            if isinstance(v.get(key), str):
                assign(key, key, v[key], getattr(project, key), v[key])
        if isinstance(v.get("unit"), str):
            unit = await tx.org.unit_get_or_create(str(v["unit"]))
            old_unit = await tx.projects.unit(project.unit_id)
            assign("unit", "unit_id", unit.id, old_unit.name if old_unit else None, unit.name)
        if isinstance(v.get("park"), str):
            park = await tx.org.park_get_or_create(str(v["park"]))
            old_park = await tx.projects.park(project.park_id)
            assign("park", "park_id", park.id, old_park.name if old_park else None, park.name)
        lead = v.get("lead")
        if isinstance(lead, Person):
            old_lead = await tx.people.get(project.lead_id) if project.lead_id else None
            assign("lead", "lead_id", lead.id, old_lead, lead)
            if Role.PROJECT_LEAD not in lead.role_set:
                tx.people.set_roles(lead, lead.role_set | {Role.PROJECT_LEAD})
        liaison = v.get("liaison")
        if isinstance(liaison, tuple):
            liaison_name, liaison_person = liaison
            assign("liaison", "liaison_name", liaison_name, project.liaison_name, liaison_name)
            project.liaison_id = liaison_person.id if isinstance(liaison_person, Person) else None

    async def _apply_milestones(
        self, tx: Tx, project: Project, plan: _ProjectPlan, change: ProjectChange, report: ProjectImportReport
    ) -> None:
        existing = {(m.kind, m.name): m for m in await tx.milestones.of_project(project.id)}
        for item in plan.milestones:
            assert item.kind is not None
            current = existing.get((item.kind, item.name))
            label = item.name or item.kind.value
            if current is None:
                await tx.milestones.add(
                    Milestone(
                        project_id=project.id,
                        kind=item.kind,
                        name=item.name,
                        due_date=item.due,
                        due_text=item.due_text,
                    )
                )
                change.milestones_added += 1
                report.milestones_created += 1
                if not change.created:
                    change.fields.append(FieldChange("milestone_added", None, item.due.isoformat(), label))
            elif current.due_date != item.due:
                change.fields.append(
                    FieldChange("due", current.due_date.isoformat(), item.due.isoformat(), label)
                )
                current.due_date = item.due
                current.due_text = item.due_text
                report.milestones_updated += 1
            elif item.due_text and current.due_text != item.due_text:
                current.due_text = item.due_text


def _describe(change: FieldChange) -> str:
    """A change in words for the command line (the bot renders it with its own texts)."""
    what = f"{change.field}[{change.label}]" if change.label else change.field
    return f"{what} {change.before or '-'} → {change.after or '-'}"


__all__ = [
    "PROJECT_COLUMNS",
    "FieldChange",
    "ProjectChange",
    "ProjectImportReport",
    "ProjectImportService",
    "looks_like_projects",
    "read_plan",
]
