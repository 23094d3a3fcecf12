"""Recording a confirmed progress report in one transaction: the update and its photos, the money
ledger (delta rows through core.ledger: no total decreases here), the stage history, the milestone
done, and a coordination issue per problem raised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import ledger
from core.clock import Clock
from core.coordination import open_issue
from core.delivery.outbox import Outbox
from core.errors import Invalid, NotFound
from core.policy import require_reporter
from core.progress.draft import ProgressDraft, ProgressResult, RecordedIssue
from core.progress.reading import check_money
from core.projects import stage_rank
from db.enums import AttachmentKind, LedgerKind, MilestoneKind, ProjectStage
from db.models import Attachment, Milestone, Person, ProgressUpdate, Project
from db.tx import Tx


async def record(
    tx: Tx,
    outbox: Outbox,
    clock: Clock,
    actor: Person,
    draft: ProgressDraft,
    *,
    answer_days: int = 3,
) -> ProgressResult:
    """Re-check the draft against the database (locked project) and write it."""
    now = clock.now()
    today = clock.today()
    project = await tx.projects.get_for_update(draft.project_id)
    if project is None or project.archived:
        raise NotFound()
    require_reporter(actor, project)
    funds = check_money(draft.funds_total_wan, project.funds_arrived_wan, "progress.funds_decrease")
    signed = check_money(draft.signed_total_wan, project.signed_investment_wan, "progress.signed_decrease")
    landed = check_money(draft.landed_total_wan, project.landed_investment_wan, "progress.landed_decrease")
    completed = check_money(
        draft.completed_total_wan, project.completed_investment_wan, "progress.completed_decrease"
    )
    for day in (draft.signed_on, draft.landed_on):
        if day is not None and day > today:
            raise Invalid("progress.done_in_future")
    milestone = await _milestone_to_close(tx, project, draft)
    update = await tx.progress.add(
        ProgressUpdate(
            project_id=project.id,
            author_id=actor.id,
            created_at=now,
            report_date=today,
            stage=draft.stage,
            percent_done=draft.percent,
            funds_arrived_wan=funds,
            signed_investment_wan=signed,
            landed_investment_wan=landed,
            completed_investment_wan=completed,
            milestone_id=milestone.id if milestone else None,
            milestone_done_on=draft.milestone_done_on if milestone else None,
            text=draft.text,
            problems="\n".join(draft.problems) or None,
            source=draft.source,
        )
    )
    for photo in draft.photos:
        tx.progress.add_photo(
            Attachment(
                kind=AttachmentKind.PHOTO,
                file_id=photo.file_id,
                file_unique_id=photo.file_unique_id,
                progress_id=update.id,
                uploaded_by_id=actor.id,
                created_at=now,
            )
        )
    _money(tx, project, update, actor, LedgerKind.FUNDS, funds, today)
    _money(tx, project, update, actor, LedgerKind.SIGNED, signed, draft.signed_on or today)
    _money(tx, project, update, actor, LedgerKind.LANDED, landed, draft.landed_on or today)
    _money(tx, project, update, actor, LedgerKind.COMPLETED, completed, today)
    if milestone is not None and draft.milestone_done_on is not None:
        milestone.done_on = draft.milestone_done_on
        milestone.done_by_id = actor.id
    signing_day = draft.milestone_done_on if draft.milestone_kind == MilestoneKind.SIGNING else None
    stage = implied_stage(draft.stage, project.stage, signed=signed, landed=landed)
    stage_day = {ProjectStage.SIGNED: draft.signed_on, ProjectStage.LANDED: draft.landed_on}.get(
        stage or project.stage
    )
    _stage(tx, project, update, actor, stage, draft.signed_on or signing_day or today, stage_day)
    if signed is not None and project.first_signed_on is None:  # signed before, its day never given
        ledger.mark_signed(project, draft.signed_on or today)
    if draft.percent is not None:
        project.percent_done = draft.percent
    project.last_progress_at = now
    project.updated_at = now
    issues = []
    for problem in draft.problems:
        issue = await open_issue(
            tx,
            outbox,
            clock,
            raiser=actor,
            project=project,
            description=problem,
            progress_id=update.id,
            answer_days=answer_days,
        )
        issues.append(RecordedIssue(issue.id, issue.number, today.year))
    return ProgressResult(
        progress_id=update.id,
        project_id=project.id,
        project_name=project.name,
        funds_total_wan=project.funds_arrived_wan,
        stage=project.stage,
        milestone_done=milestone is not None,
        issues=tuple(issues),
    )


async def _milestone_to_close(tx: Tx, project: Project, draft: ProgressDraft) -> Milestone | None:
    if draft.milestone_id is None:
        return None
    milestone = await tx.milestones.get(draft.milestone_id)
    if milestone is None or milestone.project_id != project.id:
        raise NotFound()
    return milestone if milestone.done_on is None else None


def _money(
    tx: Tx,
    project: Project,
    update: ProgressUpdate,
    actor: Person,
    kind: LedgerKind,
    total: Decimal | None,
    today: dt.date,
) -> None:
    """One ledger entry for a reported cumulative total (only its increment counts), effective `today`."""
    ledger.post(
        tx,
        project,
        kind,
        total,
        effective_on=today,
        actor_id=actor.id,
        at=update.created_at,
        note=f"progress #{update.id}",
        progress_id=update.id,
    )


def implied_stage(
    stated: ProjectStage | None, current: ProjectStage, *, signed: Decimal | None, landed: Decimal | None
) -> ProjectStage | None:
    """A signed amount means at least 签约, a landed amount at least 落地 (stages only move forward)."""
    candidates = [s for s in (stated, current) if s is not None]
    if signed is not None:
        candidates.append(ProjectStage.SIGNED)
    if landed is not None:
        candidates.append(ProjectStage.LANDED)
    best = max(candidates, key=stage_rank)
    return None if best == current else best


def _stage(
    tx: Tx,
    project: Project,
    update: ProgressUpdate,
    actor: Person,
    stage: ProjectStage | None,
    signing_day: dt.date,
    stage_day: dt.date | None = None,
) -> None:
    """The stage change, dated by the signing / landing day given (the history the as-of views read)."""
    if stage is None or stage == project.stage:
        return
    before = project.stage
    ledger.move_stage(
        tx,
        project,
        stage,
        on=stage_day or update.report_date,
        at=update.created_at,
        actor_id=actor.id,
        progress_id=update.id,
    )
    if stage_rank(before) < stage_rank(ProjectStage.SIGNED) <= stage_rank(stage):
        ledger.mark_signed(project, signing_day)
