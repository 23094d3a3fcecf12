"""Progress reports of project leads: parse, show back, confirm, record.

A report comes as free text (``/progress``, a reply to a reminder), from the [已完成] button of a
reminder, or from a step-by-step form. It becomes a `ProgressDraft` shown back for confirmation;
only `confirm()` writes (core.progress.recording). Office corrections of funds arrived are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from core.clock import Clock
from core.delivery.outbox import Outbox
from core.errors import Forbidden, Invalid, NotFound
from core.parsing.dates import normalize_text, parse_span
from core.parsing.money import find_amounts
from core.parsing.progress_text import parse_progress
from core.parsing.worker import parse_off_loop
from core.policy import require_reporter
from core.progress.draft import Photo, ProgressDraft, ProgressResult
from core.progress.reading import (
    add_photo,
    base_draft,
    check_money,
    clean_progress_text,
    looks_like_progress,
    parse_percent,
    read_milestones,
    signed_total,
    split_problems,
    with_milestone,
    with_stage,
)
from core.progress.recording import record
from core.progress.requests import ReplyContext, reply_context, request_stale
from core.projects import STAGE_AFTER, milestone_or_404, project_or_404, stage_rank
from core.roles import is_office
from db.database import Database
from db.enums import LedgerKind, ProjectStage
from db.models import LedgerEntry, Person, Project


class ProgressService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, *, stale_days: int = 7) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.stale_days = stale_days

    # -------------------------------------------------------------- drafts

    async def blank(
        self, actor: Person, project_id: int, *, hint_milestone_id: int | None = None
    ) -> ProgressDraft:
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            return base_draft(project, "form", hint_milestone_id)

    async def from_text(
        self,
        actor: Person,
        project_id: int,
        text: str,
        *,
        hint_milestone_id: int | None = None,
        photos: tuple[Photo, ...] = (),
    ) -> ProgressDraft:
        """Parse a free-text report into a draft (nothing is stored)."""
        cleaned = clean_progress_text(text)
        today = self.clock.today()
        parsed = await parse_off_loop(parse_progress, cleaned, today)
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            draft = replace(base_draft(project, "text", hint_milestone_id), text=cleaned, photos=photos)
            open_ones = [m for m in await tx.milestones.of_project(project.id) if m.done_on is None]
        reading = read_milestones(open_ones, parsed.done, hint_milestone_id)
        stage = ProjectStage(parsed.stage) if parsed.stage else None
        draft = replace(
            draft,
            percent=parsed.percent,
            funds_total_wan=check_money(
                parsed.funds_arrived_wan, project.funds_arrived_wan, "progress.funds_decrease"
            ),
            signed_total_wan=check_money(
                signed_total(cleaned), project.signed_investment_wan, "progress.signed_decrease"
            ),
            completed_total_wan=check_money(
                parsed.completed_total_wan, project.completed_investment_wan, "progress.completed_decrease"
            ),
            problems=parsed.problems,
            questions=parsed.questions,
            milestone_unmatched=reading.unmatched if reading.done is None else None,
        )
        if reading.done is not None:
            draft = with_milestone(draft, reading.done, reading.date or today)
        elif reading.ask is not None:
            draft = replace(
                draft,
                ask_milestone_id=reading.ask.id,
                ask_milestone_kind=reading.ask.kind,
                ask_milestone_name=reading.ask.name,
                ask_milestone_on=reading.date or today,
            )
        return with_stage(draft, stage, project.stage)

    async def answer_milestone(self, actor: Person, draft: ProgressDraft, done: bool) -> ProgressDraft:
        """The card's question "是否标记…已完成？": yes marks that milestone (on the date said, or
        today), no keeps the statement as text only."""
        if draft.ask_milestone_id is None:
            raise Invalid("progress.question_gone")
        asked = replace(
            draft,
            ask_milestone_id=None,
            ask_milestone_kind=None,
            ask_milestone_name="",
            ask_milestone_on=None,
        )
        if not done:
            return asked
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, draft.project_id)
            require_reporter(actor, project)
            milestone = await tx.milestones.get(draft.ask_milestone_id)
            if milestone is None or milestone.project_id != project.id or milestone.done_on is not None:
                raise NotFound()
            stage_before = project.stage
        marked = with_milestone(asked, milestone, draft.ask_milestone_on or self.clock.today())
        return with_stage(marked, marked.stage, stage_before)

    async def looks_like_progress(self, text: str) -> bool:
        """Free text that reads as a progress report (off the event loop)."""
        return await parse_off_loop(looks_like_progress, text, self.clock.today())

    async def milestone_done(self, actor: Person, milestone_id: int) -> ProgressDraft:
        """The [已完成] button of a reminder: the milestone done today, to confirm."""
        async with self.db.transaction() as tx:
            milestone = await milestone_or_404(tx, milestone_id)
            require_reporter(actor, milestone.project)
            if milestone.done_on is not None:
                raise Invalid("progress.milestone_already_done", date=milestone.done_on)
            draft = base_draft(milestone.project, "button", milestone.id)
            draft = with_milestone(draft, milestone, self.clock.today())
            return with_stage(draft, None, milestone.project.stage)

    async def with_form_values(
        self,
        actor: Person,
        draft: ProgressDraft,
        *,
        stage: ProjectStage | None = None,
        percent_text: str | None = None,
        funds_text: str | None = None,
        milestone_id: int | None = None,
        done_text: str | None = None,
        problems_text: str | None = None,
        no_problems: bool = False,
    ) -> ProgressDraft:
        """A draft with one more value from the form, checked like a parsed one."""
        today = self.clock.today()
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, draft.project_id)
            require_reporter(actor, project)
            if stage is not None:
                draft = replace(draft, stage=None if stage == project.stage else stage)
            if percent_text is not None:
                draft = replace(draft, percent=parse_percent(percent_text, today))
            if funds_text is not None:
                amounts = find_amounts(normalize_text(funds_text), default_unit="万")
                if not amounts or amounts[0].currency != "CNY":
                    raise Invalid("progress.bad_amount")
                total = check_money(amounts[0].wan, project.funds_arrived_wan, "progress.funds_decrease")
                draft = replace(draft, funds_total_wan=total)
            if milestone_id is not None:
                milestone = await tx.milestones.get(milestone_id)
                if milestone is None or milestone.project_id != project.id or milestone.done_on is not None:
                    raise NotFound()
                draft = with_milestone(draft, milestone, today)
                implied = STAGE_AFTER.get(milestone.kind)
                if implied is not None and stage_rank(implied) > stage_rank(draft.stage or project.stage):
                    draft = replace(draft, stage=implied)
        if done_text is not None:
            span = parse_span(done_text, today, prefer_future=False)
            if span is None:
                raise Invalid("progress.bad_date")
            if span.latest > today:
                raise Invalid("progress.done_in_future")
            draft = replace(draft, milestone_done_on=span.latest)
        if problems_text is not None:
            draft = replace(draft, problems=split_problems(problems_text))
        if no_problems:
            draft = replace(draft, problems=())
        return draft

    @staticmethod
    def with_photo(draft: ProgressDraft, photo: Photo) -> ProgressDraft:
        """The draft with one more photo (at most limits.PROGRESS_PHOTOS; the same photo twice counts once)."""
        return add_photo(draft, photo)

    # -------------------------------------------------------------- confirming

    async def confirm(self, actor: Person, draft: ProgressDraft) -> ProgressResult:
        """Record a confirmed draft in one transaction, re-checking everything against the database."""
        if draft.empty:
            raise Invalid("progress.nothing")
        async with self.db.transaction() as tx:
            return await record(tx, self.outbox, self.clock, actor, draft)

    # -------------------------------------------------------------- office corrections

    async def correct_funds(self, actor: Person, project_id: int, total_wan: Decimal, note: str) -> Decimal:
        """Set funds arrived to ``total_wan`` (up or down): office only, a correction row, audited."""
        if not is_office(actor):
            raise Forbidden()
        if total_wan < 0:
            raise Invalid("progress.bad_amount")
        reason = note.strip()
        if not reason:
            raise Invalid("progress.correction_needs_reason")
        async with self.db.transaction() as tx:
            project = await tx.projects.get_for_update(project_id)
            if project is None:
                raise NotFound()
            before = project.funds_arrived_wan
            delta = total_wan - before
            if delta == 0:
                raise Invalid("progress.correction_no_change")
            tx.progress.add_ledger(
                LedgerEntry(
                    project_id=project.id,
                    kind=LedgerKind.FUNDS,
                    delta_wan=delta,
                    effective_on=self.clock.today(),
                    is_correction=True,
                    note=reason,
                    created_by_id=actor.id,
                    created_at=self.clock.now(),
                )
            )
            project.funds_arrived_wan = total_wan
            tx.audit.record(
                "project.funds_correction",
                "project",
                project.id,
                actor_id=actor.id,
                before=str(before),
                after=str(total_wan),
                note=reason,
            )
            return total_wan

    async def find_for_office(self, actor: Person, name: str) -> Project:
        """A project by exact name (office commands)."""
        if not is_office(actor):
            raise Forbidden()
        async with self.db.transaction() as tx:
            found = list(await tx.projects.named(name.strip()))
        if not found:
            raise NotFound("project.not_found", name=name.strip())
        if len(found) > 1:
            raise Invalid("project.ambiguous", name=name.strip(), count=len(found))
        return found[0]

    # -------------------------------------------------------------- replies and requests

    async def reply_context(self, actor: Person, telegram_message_id: int) -> ReplyContext | None:
        """The project (and milestone) a reply is about, when it replies to one of our reminders."""
        return await reply_context(self.db, actor, telegram_message_id)

    async def request_stale(self, day: dt.date) -> int:
        """Ask each lead once a week for news of a project quiet for ``stale_days``."""
        return await request_stale(self.db, self.clock, self.outbox, day, self.stale_days)
