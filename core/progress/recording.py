"""Recording a confirmed progress report in one transaction: the update and its photos, the money
ledger (delta rows: funds arrived never decreases here), the stage history, the milestone done, and a
coordination issue per problem raised."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.clock import Clock
from core.coordination import open_issue
from core.delivery.outbox import Outbox
from core.errors import NotFound
from core.policy import require_reporter
from core.progress.draft import ProgressDraft, ProgressResult, RecordedIssue
from core.progress.reading import check_money
from core.projects import stage_rank
from db.enums import AttachmentKind, LedgerKind, MilestoneKind, ProjectStage
from db.models import Attachment, LedgerEntry, Milestone, Person, ProgressUpdate, Project, StageChange
from db.tx import Tx


async def record(tx: Tx, outbox: Outbox, clock: Clock, actor: Person, draft: ProgressDraft) -> ProgressResult:
    """Re-check the draft against the database (locked project) and write it."""
    now = clock.now()
    today = clock.today()
    project = await tx.projects.get_for_update(draft.project_id)
    if project is None or project.archived:
        raise NotFound()
    require_reporter(actor, project)
    funds = check_money(draft.funds_total_wan, project.funds_arrived_wan, "progress.funds_decrease")
    signed = check_money(draft.signed_total_wan, project.signed_investment_wan, "progress.signed_decrease")
    completed = check_money(
        draft.completed_total_wan, project.completed_investment_wan, "progress.completed_decrease"
    )
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
    _money(tx, project, update, actor, LedgerKind.SIGNED, signed, today)
    _money(tx, project, update, actor, LedgerKind.COMPLETED, completed, today)
    if milestone is not None and draft.milestone_done_on is not None:
        milestone.done_on = draft.milestone_done_on
        milestone.done_by_id = actor.id
    signing_day = draft.milestone_done_on if draft.milestone_kind == MilestoneKind.SIGNING else today
    _stage(tx, project, update, actor, draft.stage, signing_day or today)
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
    if total is None:
        return
    attr = {
        LedgerKind.FUNDS: "funds_arrived_wan",
        LedgerKind.SIGNED: "signed_investment_wan",
        LedgerKind.COMPLETED: "completed_investment_wan",
    }[kind]
    delta = total - getattr(project, attr)
    if delta <= 0:
        return
    tx.progress.add_ledger(
        LedgerEntry(
            project_id=project.id,
            kind=kind,
            delta_wan=delta,
            effective_on=today,
            progress_id=update.id,
            created_by_id=actor.id,
        )
    )
    setattr(project, attr, total)


def _stage(
    tx: Tx,
    project: Project,
    update: ProgressUpdate,
    actor: Person,
    stage: ProjectStage | None,
    signing_day: dt.date,
) -> None:
    if stage is None or stage == project.stage:
        return
    before = project.stage
    tx.progress.add_stage_change(
        StageChange(
            project_id=project.id,
            from_stage=before,
            to_stage=stage,
            changed_on=update.report_date,
            changed_at=update.created_at,
            changed_by_id=actor.id,
            progress_id=update.id,
        )
    )
    project.stage = stage
    crossed_signing = stage_rank(before) < stage_rank(ProjectStage.SIGNED) <= stage_rank(stage)
    if crossed_signing and project.first_signed_on is None:
        project.first_signed_on = signing_day
