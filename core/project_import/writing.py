"""Writing a checked project plan: a project is matched by name and work group, so re-importing a
corrected plan updates it in place, and the report says what changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import ledger
from core.clock import Clock
from core.importing import ImportRejected
from core.project_import.plan import (
    LEDGER_COLUMNS,
    FieldChange,
    ProjectChange,
    ProjectImportReport,
    ProjectPlan,
    shown,
)
from core.projects import stage_rank
from core.tabular import RowError
from core.vocabulary import format_wan
from db.enums import ProjectCategory, ProjectStage, Role
from db.models import Milestone, Person, Project, StageChange
from db.tx import Tx

# the stage of a new plan project when the plan gives none: a continuing project is under construction,
# a preliminary one is signed, new and bidding ones have landed, a trip lead is a lead. A signing
# or landing date in the plan lifts it to at least 签约 / 落地.
_DEFAULT_STAGE = {
    ProjectCategory.LEAD: ProjectStage.LEAD,
    ProjectCategory.PRELIMINARY: ProjectStage.SIGNED,
    ProjectCategory.NEW: ProjectStage.LANDED,
    ProjectCategory.BIDDING: ProjectStage.LANDED,
    ProjectCategory.CONTINUING: ProjectStage.STARTED,
}


def _lifted_stage(current: ProjectStage, plan: ProjectPlan) -> ProjectStage | None:
    """At least 落地 with a 落地日期, at least 签约 with a 签约日期 (stages only move forward); None: as it is."""
    for key, stage in (("landed_on", ProjectStage.LANDED), ("signed_on", ProjectStage.SIGNED)):
        if key in plan.values and stage_rank(current) < stage_rank(stage):
            return stage
    return None


def _new_stage(plan: ProjectPlan, category: ProjectCategory) -> ProjectStage:
    stated = plan.values.get("stage")
    if isinstance(stated, ProjectStage):
        return stated
    stage = _DEFAULT_STAGE[category]
    return _lifted_stage(stage, plan) or stage


async def find_or_create(
    tx: Tx,
    plan: ProjectPlan,
    report: ProjectImportReport,
    clock: Clock,
    *,
    existing: set[tuple[str, int | None]] | None = None,
) -> tuple[Project, ProjectChange]:
    """The project a plan names: the stored one, or a new one not stored yet (the caller inserts a
    batch of them at once, :meth:`ProjectRepo.insert_new`). ``existing`` (the keys of the stored
    projects, :meth:`ProjectRepo.keys`) spares a new project's look-up."""
    group_id = plan.group.id if plan.group else None
    known = existing is None or (plan.name, group_id) in existing
    project = await tx.projects.by_name(plan.name, group_id) if known else None
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
                    {"column": "category"},
                )
            )
            raise ImportRejected
        now = clock.now()
        project = Project(
            name=plan.name,
            category=category,
            stage=_new_stage(plan, category),
            work_group_id=group_id,
            created_at=now,
            updated_at=now,
        )
    return project, change


async def apply_to(
    tx: Tx,
    project: Project,
    change: ProjectChange,
    plan: ProjectPlan,
    report: ProjectImportReport,
    actor: Person | None,
    clock: Clock,
) -> None:
    """The plan's values, stage, ledger figures and milestones on its (flushed) project; the caller
    flushes (the rows added here go in with the next flush, batched)."""
    before_stage = None if change.created else project.stage
    await _apply_fields(tx, project, plan, change)
    lifted = _lifted_stage(project.stage, plan)
    if lifted is not None and not change.created:  # a signing / landing date moves an existing project on
        change.fields.append(FieldChange("stage", shown(project.stage), shown(lifted)))
        project.stage = lifted
    if project.stage != before_stage:
        dated = plan.values.get("landed_on") or plan.values.get("signed_on") if change.created else None
        (tx.defer_insert if change.created else tx.progress.add_stage_change)(
            StageChange(
                project_id=project.id,
                from_stage=before_stage,
                to_stage=project.stage,
                changed_on=dated if isinstance(dated, dt.date) else clock.today(),
                changed_at=clock.now(),
                changed_by_id=actor.id if actor else None,
            )
        )
    _apply_ledger(tx, project, plan, change, report, actor, clock)
    await _apply_milestones(tx, project, plan, change, report)
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


async def _apply_fields(tx: Tx, project: Project, plan: ProjectPlan, change: ProjectChange) -> None:
    v = plan.values

    def assign(key: str, attr: str, new: object, shown_before: object, shown_after: object) -> None:
        if getattr(project, attr) != new:
            if not change.created:
                change.fields.append(FieldChange(key, shown(shown_before), shown(shown_after)))
            setattr(project, attr, new)

    if isinstance(v.get("category"), ProjectCategory):
        assign("category", "category", v["category"], project.category, v["category"])
    if isinstance(v.get("stage"), ProjectStage):
        assign("stage", "stage", v["stage"], project.stage, v["stage"])
    if isinstance(v.get("planned_investment"), Decimal):
        amount = v["planned_investment"]
        assign("planned_investment", "planned_investment_wan", amount, project.planned_investment_wan, amount)
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
        lead = await tx.people.get(lead.id) or lead  # checked in an earlier transaction: this one's copy
        old_lead = await tx.people.get(project.lead_id) if project.lead_id else None
        assign("lead", "lead_id", lead.id, old_lead, lead)
        if Role.PROJECT_LEAD not in lead.role_set:
            tx.people.set_roles(lead, lead.role_set | {Role.PROJECT_LEAD})
    liaison = v.get("liaison")
    if isinstance(liaison, tuple):
        liaison_name, liaison_person = liaison
        assign("liaison", "liaison_name", liaison_name, project.liaison_name, liaison_name)
        project.liaison_id = liaison_person.id if isinstance(liaison_person, Person) else None


def _apply_ledger(
    tx: Tx,
    project: Project,
    plan: ProjectPlan,
    change: ProjectChange,
    report: ProjectImportReport,
    actor: Person | None,
    clock: Clock,
) -> None:
    """The plan's figures are cumulative totals: each posts its increment to the ledger (imported history
    counts like a live report); a total lower than the recorded one is refused (the office corrects it
    with /fix, which says why)."""
    signed_on = plan.values.get("signed_on")
    if isinstance(signed_on, dt.date) and stage_rank(project.stage) >= stage_rank(ProjectStage.SIGNED):
        ledger.mark_signed(project, signed_on)
    for key, (kind, date_key) in LEDGER_COLUMNS.items():
        total = plan.values.get(key)
        if not isinstance(total, Decimal):
            continue
        before = ledger.total_of(project, kind)
        if total < before:
            report.errors.append(
                RowError(
                    plan.value_rows.get(key, plan.first_row),
                    key,
                    "decrease",
                    f"低于已登记的 {format_wan(before)}，如确需调减请用 /fix 更正 / "
                    f"below the recorded {format_wan(before)}: use /fix",
                    {"column": key, "before": format_wan(before)},
                )
            )
            raise ImportRejected
        day = plan.values.get(date_key) if date_key else None
        delta = ledger.post(
            tx,
            project,
            kind,
            total,
            effective_on=day if isinstance(day, dt.date) else clock.today(),
            actor_id=actor.id if actor else None,
            at=clock.now(),
            note="import",
        )
        if delta is not None and not change.created:
            change.fields.append(FieldChange(key, shown(before), shown(total)))


async def _apply_milestones(
    tx: Tx, project: Project, plan: ProjectPlan, change: ProjectChange, report: ProjectImportReport
) -> None:
    existing = (
        {} if change.created else {(m.kind, m.name): m for m in await tx.milestones.of_project(project.id)}
    )
    for item in plan.milestones:
        assert item.kind is not None
        current = existing.get((item.kind, item.name))
        label = item.name or item.kind.value
        if current is None:
            tx.defer_insert(
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
