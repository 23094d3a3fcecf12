"""Builders for the projects feature: a plan spreadsheet, projects with milestones, the services."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook

from core.brochures import BrochureService
from core.calendar import CalendarService
from core.clock import FixedClock
from core.coordination import CoordinationService
from core.outbox import Outbox
from core.progress import ProgressService
from core.project_import import ProjectImportService
from core.projects import ProjectService
from db.database import Database
from db.enums import MilestoneKind, ProjectCategory, ProjectStage
from db.models import Milestone, OutboxMessage, Person, Project, WorkGroup

PLAN_HEADERS = (
    "项目名称",
    "类别",
    "工作组",
    "责任单位",
    "负责人",
    "计划投资(万元)",
    "园区",
    "产业",
    "联系领导",
    "节点",
    "截止日期",
)


def xlsx(rows: Sequence[Sequence[object]], headers: Sequence[str] = PLAN_HEADERS) -> bytes:
    """A one-sheet workbook with a header row and ``rows`` (cells keep their Python types)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def seed_plan(group: str, lead: str, liaison: str = "王县长") -> list[list[object]]:
    """A plan shaped like the seed: continuing by 4月20日, new by 5月1日, bidding by 5月中旬 then
    start by 5月底, preliminary with a named milestone."""
    return [
        [
            "城东污水处理厂续建",
            "续建",
            group,
            "县住建局",
            lead,
            12000,
            "城东园区",
            "环保",
            liaison,
            "开工",
            "4月20日",
        ],
        [
            "新能源电池产业园",
            "新建",
            group,
            "县发改局",
            lead,
            "3.5亿",
            "高新园区",
            "新能源",
            liaison,
            "开工",
            "5月1日",
        ],
        [
            "县城供水管网改造",
            "招投标",
            group,
            "县水务局",
            lead,
            8000,
            None,
            "市政",
            None,
            "完成招投标",
            "5月中旬",
        ],
        ["县城供水管网改造", None, group, None, None, None, None, None, None, "开工", "5月底"],
        [
            "文旅综合体",
            "前期",
            group,
            "县文旅局",
            lead,
            50000,
            "城东园区",
            "文旅",
            liaison,
            "环评批复",
            "6月上旬",
        ],
    ]


@dataclass
class ProjectServices:
    projects: ProjectService
    progress: ProgressService
    coordination: CoordinationService
    brochures: BrochureService
    imports: ProjectImportService
    calendar: CalendarService
    outbox: Outbox


def services(db: Database, clock: FixedClock) -> ProjectServices:
    outbox = Outbox(clock)
    return ProjectServices(
        projects=ProjectService(db, clock, outbox),
        progress=ProgressService(db, clock, outbox),
        coordination=CoordinationService(db, clock, outbox),
        brochures=BrochureService(db, clock),
        imports=ProjectImportService(db, clock),
        calendar=CalendarService(db),
        outbox=outbox,
    )


async def add_project(
    db: Database,
    name: str,
    *,
    lead: Person | None = None,
    category: ProjectCategory = ProjectCategory.CONTINUING,
    stage: ProjectStage = ProjectStage.LANDED,
    work_group: WorkGroup | None = None,
    liaison: Person | None = None,
    milestones: Iterable[tuple[MilestoneKind | str, dt.date]] = (),
    created_at: dt.datetime | None = None,
    industry: str | None = None,
    funds_wan: Decimal = Decimal(0),
) -> Project:
    """A project; ``milestones=[(MilestoneKind.START_CONSTRUCTION, day), ("环评批复", day)]``."""
    async with db.transaction() as tx:
        project = await tx.projects.add(
            Project(
                name=name,
                category=category,
                stage=stage,
                lead_id=lead.id if lead else None,
                work_group_id=work_group.id if work_group else None,
                liaison_id=liaison.id if liaison else None,
                liaison_name=liaison.name if liaison else None,
                industry=industry,
                funds_arrived_wan=funds_wan,
                **({"created_at": created_at} if created_at else {}),
            )
        )
        for kind, due in milestones:
            if isinstance(kind, MilestoneKind):
                await tx.milestones.add(Milestone(project_id=project.id, kind=kind, name="", due_date=due))
            else:
                await tx.milestones.add(
                    Milestone(project_id=project.id, kind=MilestoneKind.CUSTOM, name=kind, due_date=due)
                )
        return project


async def set_group_leader(db: Database, group: WorkGroup, leader: Person) -> None:
    async with db.transaction() as tx:
        fresh = await tx.org.group(group.id)
        assert fresh is not None
        fresh.leader_id = leader.id


async def outbox_rows(db: Database, prefix: str = "") -> list[OutboxMessage]:
    async with db.transaction() as tx:
        return list(await tx.outbox.with_key_prefix(prefix))
