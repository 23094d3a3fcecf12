"""A project plan file: its columns, the words it may use, and what an import tells back.

One row is one milestone of a project; several rows may give several milestones of one project
(the project's own columns may repeat or be left empty on the later rows, but must not disagree).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from core.importing import ImportReport
from core.tabular import Column, Table, read_table
from core.vocabulary import format_wan
from db.enums import LedgerKind, MilestoneKind
from db.models import Person, WorkGroup

PROJECT_COLUMNS = (
    Column("name", ("项目名称", "name", "项目", "project", "project_name"), required=True, max_length=200),
    Column("category", ("类别", "category", "项目类别", "项目类型")),
    Column("work_group", ("工作组", "work_group", "work group", "group"), max_length=100),
    Column("unit", ("责任单位", "unit", "单位"), max_length=100),
    Column("lead", ("负责人", "lead", "项目负责人"), max_length=64),
    Column("planned_investment", ("计划投资(万元)", "planned_investment", "计划投资", "总投资(万元)")),
    Column("park", ("园区", "park"), max_length=100),
    Column("industry", ("产业", "industry"), max_length=64),
    Column("plot", ("地块", "plot"), max_length=200),
    Column("liaison", ("联系领导", "liaison", "联系县领导", "包保领导"), max_length=64),
    Column("milestone", ("节点", "milestone", "节点名称"), max_length=64),
    Column("due", ("截止日期", "due", "截止时间", "完成时限", "deadline", "due_date"), max_length=64),
    Column("stage", ("阶段", "stage", "项目阶段")),
    Column("investor", ("投资方", "investor"), max_length=200),
    # the ledger's figures (see core.ledger): cumulative totals in 万元, with the days they count from
    Column("signed_on", ("签约日期", "signed_on", "signed_date", "signing_date")),
    Column(
        "signed_investment",
        ("协议投资(万元)", "协议投资", "签约金额(万元)", "签约投资(万元)", "signed_investment", "signed"),
    ),
    Column("landed_on", ("落地日期", "开工日期", "landed_on", "landed_date")),
    Column("landed_investment", ("落地投资(万元)", "落地投资", "landed_investment", "landed")),
    Column(
        "completed_investment",
        ("累计完成投资(万元)", "累计完成投资", "完成投资(万元)", "completed_investment", "completed"),
    ),
    Column(
        "funds_arrived",
        ("已到位资金(万元)", "到位资金(万元)", "已到位资金", "到位资金", "funds_arrived", "funds"),
    ),
)

# amount columns → the ledger kind they post to, and the date column that dates them (None: the import day)
LEDGER_COLUMNS: dict[str, tuple[LedgerKind, str | None]] = {
    "signed_investment": (LedgerKind.SIGNED, "signed_on"),
    "landed_investment": (LedgerKind.LANDED, "landed_on"),
    "completed_investment": (LedgerKind.COMPLETED, None),
    "funds_arrived": (LedgerKind.FUNDS, None),
}

# a file is a project plan when it has a name column and at least one of these
_PLAN_ONLY = frozenset(
    {
        "category",
        "milestone",
        "due",
        "planned_investment",
        "park",
        "plot",
        "liaison",
        "lead",
        "signed_investment",
        "funds_arrived",
    }
)


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

    def discard(self) -> None:
        super().discard()
        self.milestones_created = self.milestones_updated = 0
        self.projects.clear()


@dataclass
class MilestonePlan:
    row: int
    kind: MilestoneKind | None  # None: the project's default milestone (by category)
    name: str
    due: dt.date
    due_text: str | None


@dataclass
class ProjectPlan:
    name: str
    group: WorkGroup | None
    first_row: int
    values: dict[str, object] = field(default_factory=dict)  # column key → resolved value
    value_rows: dict[str, int] = field(default_factory=dict)
    milestones: list[MilestonePlan] = field(default_factory=list)


def shown(value: object) -> str | None:
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


def read_plan(source: bytes | Path, file_name: str, *, max_rows: int | None = None) -> Table:
    return read_table(source, file_name, PROJECT_COLUMNS, max_rows=max_rows)
