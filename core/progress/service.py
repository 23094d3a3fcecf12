"""Progress reports of project leads: parse, show back, confirm, record.

A report comes as free text (``/progress``, a reply to a reminder), from the [已完成] button of a
reminder, or from a step-by-step form. It becomes a `ProgressDraft` shown back for confirmation;
only `confirm()` writes (core.progress.recording). Office corrections of funds arrived are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from core import ledger
from core.clock import Clock
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox, Recipient
from core.errors import Forbidden, Invalid, NotFound
from core.limits import CORRECTION_REASON, PROGRESS_TEXT, check_text
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
    dated_amount,
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
from db.models import Person, Project


@dataclass(frozen=True)
class Correction:
    """An office correction of one ledger figure: the new cumulative total and why."""

    project_id: int
    project_name: str
    kind: LedgerKind
    before_wan: Decimal
    after_wan: Decimal
    reason: str
    lead_name: str | None = None

    def to_state(self) -> dict[str, str | int | None]:
        return {
            "project_id": self.project_id,
            "project_name": self.project_name,
            "kind": self.kind.value,
            "before": str(self.before_wan),
            "after": str(self.after_wan),
            "reason": self.reason,
            "lead": self.lead_name,
        }

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> Correction:
        return cls(
            int(data["project_id"]),
            str(data["project_name"]),
            LedgerKind(data["kind"]),
            Decimal(data["before"]),
            Decimal(data["after"]),
            str(data["reason"]),
            data.get("lead"),
        )


class ProgressService:
    def __init__(
        self, db: Database, clock: Clock, outbox: Outbox, *, stale_days: int = 7, answer_days: int = 3
    ) -> None:
        self.answer_days = answer_days  # a problem raised with a report is a 督办 due in N working days
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
        if not text.strip() or text.lstrip().startswith("/"):
            return False  # as looks_like_progress answers, without the round trip to the parser
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
        signed_text: str | None = None,
        landed_text: str | None = None,
        completed_text: str | None = None,
        milestone_id: int | None = None,
        done_text: str | None = None,
        problems_text: str | None = None,
        no_problems: bool = False,
    ) -> ProgressDraft:
        """A draft with one more value from the form, checked like a parsed one."""
        for text in (
            percent_text,
            funds_text,
            signed_text,
            landed_text,
            completed_text,
            done_text,
            problems_text,
        ):
            check_text(text, PROGRESS_TEXT)  # each answer of the form, like the report's text
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
            if signed_text is not None:
                amount, day = dated_amount(signed_text, today)
                total = check_money(amount, project.signed_investment_wan, "progress.signed_decrease")
                draft = replace(draft, signed_total_wan=total, signed_on=day)
            if landed_text is not None:
                amount, day = dated_amount(landed_text, today)
                total = check_money(amount, project.landed_investment_wan, "progress.landed_decrease")
                draft = replace(draft, landed_total_wan=total, landed_on=day)
            if completed_text is not None:
                amount, _ = dated_amount(completed_text, today, dated=False)
                total = check_money(amount, project.completed_investment_wan, "progress.completed_decrease")
                draft = replace(draft, completed_total_wan=total)
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
            return await record(tx, self.outbox, self.clock, actor, draft, answer_days=self.answer_days)

    # -------------------------------------------------------------- office corrections

    async def preview_correction(
        self, actor: Person, project_id: int, kind: LedgerKind, total_wan: Decimal, note: str
    ) -> Correction:
        """What an office correction would change (nothing is stored): shown on a card to confirm."""
        if not is_office(actor):
            raise Forbidden()
        if total_wan < 0:
            raise Invalid("progress.bad_amount")
        reason = note.strip()
        if not reason:
            raise Invalid("progress.correction_needs_reason")
        check_text(reason, CORRECTION_REASON)
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            before = ledger.total_of(project, kind)
            if total_wan == before:
                raise Invalid("progress.correction_no_change")
            lead = await tx.people.get(project.lead_id) if project.lead_id else None
        return Correction(
            project.id, project.name, kind, before, total_wan, reason, lead.name if lead else None
        )

    async def correct(self, actor: Person, correction: Correction) -> Correction:
        """Apply a confirmed correction: a correction entry in the ledger (who, when, why), the audit log,
        and a notice to the project's lead saying what changed and why. A figure that changed since the
        card was shown: Invalid (the office looks again)."""
        if not is_office(actor):
            raise Forbidden()
        async with self.db.transaction() as tx:
            project = await tx.projects.get_for_update(correction.project_id)
            if project is None:
                raise NotFound()
            before = ledger.total_of(project, correction.kind)
            if before != correction.before_wan:
                raise Invalid("progress.fix.stale")
            now = self.clock.now()
            ledger.post(
                tx,
                project,
                correction.kind,
                correction.after_wan,
                effective_on=self.clock.today(),
                actor_id=actor.id,
                at=now,
                note=correction.reason,
                correction=True,
            )
            project.updated_at = now
            tx.audit.record(
                f"project.{correction.kind.value}_correction",
                "project",
                project.id,
                actor_id=actor.id,
                kind=correction.kind.value,
                before=str(before),
                after=str(correction.after_wan),
                note=correction.reason,
            )
            if project.lead_id is not None and project.lead_id != actor.id:
                payload = {
                    "project_id": project.id,
                    "project": project.name,
                    "kind": correction.kind.value,
                    "before": str(before),
                    "after": str(correction.after_wan),
                    "reason": correction.reason,
                    "by": actor.name,
                }
                await self.outbox.enqueue(
                    tx,
                    Recipient(person_id=project.lead_id),
                    Notification(Kind.LEDGER_CORRECTED, payload),
                    key=f"ledger-fix:{project.id}:{correction.kind.value}:{now.isoformat()}",
                )
        return correction

    async def correct_funds(self, actor: Person, project_id: int, total_wan: Decimal, note: str) -> Decimal:
        """Set funds arrived to ``total_wan`` at once (command line and tests; the bot shows a card first)."""
        preview = await self.preview_correction(actor, project_id, LedgerKind.FUNDS, total_wan, note)
        return (await self.correct(actor, preview)).after_wan

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
