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
from core.delivery.outbox import Outbox
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


def plan_row(
    name: str | None,
    category: str | None = None,
    group: str | None = None,
    *,
    unit: str | None = None,
    lead: str | None = None,
    investment: object = None,
    park: str | None = None,
    industry: str | None = None,
    liaison: str | None = None,
    milestone: str | None = None,
    due: object = None,
) -> list[object]:
    """One row of a plan in PLAN_HEADERS order."""
    return [name, category, group, unit, lead, investment, park, industry, liaison, milestone, due]


def seed_plan(group: str, lead: str, liaison: str = "王县长") -> list[list[object]]:
    """A plan shaped like the seed: continuing by 4月20日, new by 5月1日, bidding by 5月中旬 then
    start by 5月底, preliminary with a named milestone."""
    return [
        plan_row(
            "城东污水处理厂续建",
            "续建",
            group,
            unit="县住建局",
            lead=lead,
            investment=12000,
            park="城东园区",
            industry="环保",
            liaison=liaison,
            milestone="开工",
            due="4月20日",
        ),
        plan_row(
            "新能源电池产业园",
            "新建",
            group,
            unit="县发改局",
            lead=lead,
            investment="3.5亿",
            park="高新园区",
            industry="新能源",
            liaison=liaison,
            milestone="开工",
            due="5月1日",
        ),
        plan_row(
            "县城供水管网改造",
            "招投标",
            group,
            unit="县水务局",
            lead=lead,
            investment=8000,
            industry="市政",
            milestone="完成招投标",
            due="5月中旬",
        ),
        plan_row("县城供水管网改造", None, group, milestone="开工", due="5月底"),
        plan_row(
            "文旅综合体",
            "前期",
            group,
            unit="县文旅局",
            lead=lead,
            investment=50000,
            park="城东园区",
            industry="文旅",
            liaison=liaison,
            milestone="环评批复",
            due="6月上旬",
        ),
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


def forge(message: object, button_text: str, callback_data: str) -> None:
    """Rewrite an inline button's callback data in the emulator, as a tampering client would."""
    source = getattr(message, "source", message)
    for row in source.reply_markup["inline_keyboard"]:  # type: ignore[attr-defined]
        for button in row:
            if button.get("text") == button_text:
                button["callback_data"] = callback_data
                return
    raise LookupError(button_text)
