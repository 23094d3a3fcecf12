"""Progress reports of project leads: parse, show back, confirm, record.

A report comes as free text (``/progress``, a reply to a reminder), from the [已完成] button of a
reminder, or from a step-by-step form. It becomes a `ProgressDraft` shown back for confirmation;
only `confirm()` writes: the progress update and its photos, the stage history, the money ledger
(delta rows — funds arrived never decreases except by an audited office correction), the
milestone done, and a coordination issue per problem raised.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from core.clock import Clock
from core.coordination import open_issue
from core.errors import Forbidden, Invalid, NotFound
from core.outbox import Notification, Outbox, Recipient
from core.parsing.dates import normalize_text, parse_span
from core.parsing.money import find_amounts
from core.parsing.progress_text import parse_progress
from core.parsing.worker import parse_off_loop
from core.project_state import Rules, State, project_state
from core.projects import (
    STAGE_AFTER,
    facts_of,
    kind_mentioned,
    project_or_404,
    require_reporter,
    stage_rank,
)
from core.roles import is_office
from db.database import Database
from db.enums import AttachmentKind, LedgerKind, MilestoneKind, ProjectStage
from db.models import Attachment, LedgerEntry, Milestone, Person, ProgressUpdate, Project, StageChange
from db.tx import Tx

MAX_TEXT = 2000
MAX_PHOTOS = 10
REPLYABLE_KINDS = ("milestone.reminder", "milestone.overdue", "progress.request")

_SIGNED_WORDS = re.compile(r"签约金额|协议投资|合同金额|签约投资|签约")
_CLAUSE = re.compile(r"[^,;。!?\n，；！？]+")
_PROBLEM_SPLIT = re.compile(r"\s*(?:[;；。\n]|(?:^|\s)\d+[、.)）])\s*")


@dataclass(frozen=True)
class Photo:
    file_id: str
    file_unique_id: str | None = None


@dataclass(frozen=True)
class ProgressDraft:
    """A progress report before confirmation (kept in the conversation state as a plain dict).

    Only what changes is set: ``stage`` None = unchanged, ``funds_total_wan`` None = not reported.
    The ``project_*``/``milestone_*``/``*_before`` fields are for showing the draft back.
    """

    project_id: int
    project_name: str
    source: str = "text"  # text / form / button
    text: str | None = None
    stage: ProjectStage | None = None
    stage_before: ProjectStage | None = None
    percent: int | None = None
    funds_total_wan: Decimal | None = None
    funds_before_wan: Decimal = Decimal(0)
    signed_total_wan: Decimal | None = None
    signed_before_wan: Decimal = Decimal(0)
    milestone_id: int | None = None
    milestone_kind: MilestoneKind | None = None
    milestone_name: str = ""
    milestone_done_on: dt.date | None = None
    milestone_unmatched: str | None = None  # "已…完成" said, but no open milestone matches
    hint_milestone_id: int | None = None  # the milestone the reminder was about
    problems: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()

    @property
    def empty(self) -> bool:
        return (
            self.stage is None
            and self.percent is None
            and self.funds_total_wan is None
            and self.signed_total_wan is None
            and self.milestone_id is None
            and not self.problems
            and not self.photos
            and not self.text
        )

    def to_state(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Decimal):
                data[key] = str(value)
            elif isinstance(value, dt.date):
                data[key] = value.isoformat()
        data["problems"] = list(self.problems)
        data["photos"] = [[p.file_id, p.file_unique_id] for p in self.photos]
        return data

    @classmethod
    def from_state(cls, data: dict[str, Any]) -> ProgressDraft:
        def dec(key: str) -> Decimal | None:
            return Decimal(data[key]) if data.get(key) is not None else None

        def stage(key: str) -> ProjectStage | None:
            return ProjectStage(data[key]) if data.get(key) else None

        return cls(
            project_id=int(data["project_id"]),
            project_name=str(data["project_name"]),
            source=str(data.get("source") or "text"),
            text=data.get("text"),
            stage=stage("stage"),
            stage_before=stage("stage_before"),
            percent=data.get("percent"),
            funds_total_wan=dec("funds_total_wan"),
            funds_before_wan=dec("funds_before_wan") or Decimal(0),
            signed_total_wan=dec("signed_total_wan"),
            signed_before_wan=dec("signed_before_wan") or Decimal(0),
            milestone_id=data.get("milestone_id"),
            milestone_kind=MilestoneKind(data["milestone_kind"]) if data.get("milestone_kind") else None,
            milestone_name=str(data.get("milestone_name") or ""),
            milestone_done_on=dt.date.fromisoformat(data["milestone_done_on"])
            if data.get("milestone_done_on")
            else None,
            milestone_unmatched=data.get("milestone_unmatched"),
            hint_milestone_id=data.get("hint_milestone_id"),
            problems=tuple(data.get("problems") or ()),
            photos=tuple(Photo(p[0], p[1]) for p in data.get("photos") or ()),
        )


@dataclass(frozen=True)
class RecordedIssue:
    id: int
    number: int
    year: int


@dataclass(frozen=True)
class ProgressResult:
    progress_id: int
    project_id: int
    project_name: str
    funds_total_wan: Decimal
    stage: ProjectStage
    milestone_done: bool
    issues: tuple[RecordedIssue, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReplyContext:
    project_id: int
    milestone_id: int | None


def signed_total(text: str) -> Decimal | None:
    """The signed (协议) investment stated in a sentence: ``签约金额5亿元`` → 50000."""
    for clause in _CLAUSE.finditer(text):
        words = list(_SIGNED_WORDS.finditer(clause.group()))
        if not words:
            continue
        for amount in find_amounts(clause.group()):
            if amount.currency != "CNY" or re.search(r"到位|到账", clause.group()[: amount.start][-6:]):
                continue
            if any(abs(amount.start - w.end()) <= 8 or abs(w.start() - amount.end) <= 4 for w in words):
                return amount.wan
    return None


def parse_percent(text: str, today: dt.date) -> int:
    """``60`` / ``60%`` / ``百分之六十`` / ``六成`` → 60 (0–100), else Invalid."""
    cleaned = normalize_text(text).strip().rstrip("%")
    if cleaned.isdigit():
        value: int | None = int(cleaned)
    else:
        value = parse_progress(text, today).percent
    if value is None or not 0 <= value <= 100:
        raise Invalid("progress.bad_percent")
    return value


def _check_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise Invalid("progress.empty")
    if len(cleaned) > MAX_TEXT:
        raise Invalid("progress.too_long", limit=MAX_TEXT)
    return cleaned


def _check_money(reported: Decimal | None, before: Decimal, key: str) -> Decimal | None:
    """A reported cumulative total: None when unchanged; never below the recorded one."""
    if reported is None or reported == before:
        return None
    if reported < 0:
        raise Invalid("progress.bad_amount")
    if reported < before:
        raise Invalid(key, reported=reported.normalize(), current=before.normalize())
    return reported


def _match_milestone(open_ones: list[Milestone], said: str, hint_id: int | None) -> Milestone | None:
    """The open milestone a "已…完成" phrase means: a named one it mentions, else one of the kind
    it names (开工, 招投标 …), else the milestone the reminder was about."""
    for milestone in open_ones:
        if milestone.kind == MilestoneKind.CUSTOM and milestone.name and milestone.name in said:
            return milestone
    kind = kind_mentioned(said)
    if kind is not None:
        same = [m for m in open_ones if m.kind == kind]
        if same:
            return min(same, key=lambda m: m.due_date)
        return None
    return next((m for m in open_ones if m.id == hint_id), None)


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
            return self._base(project, "form", hint_milestone_id)

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
        cleaned = _check_text(text)
        today = self.clock.today()
        parsed = await parse_off_loop(parse_progress, cleaned, today)
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            draft = replace(self._base(project, "text", hint_milestone_id), text=cleaned, photos=photos)
            open_ones = [m for m in await tx.milestones.of_project(project.id) if m.done_on is None]
        milestone = None
        if parsed.milestone_done:
            milestone = _match_milestone(open_ones, parsed.milestone_text or cleaned, hint_milestone_id)
        stage = ProjectStage(parsed.stage) if parsed.stage else None
        draft = replace(
            draft,
            percent=parsed.percent,
            funds_total_wan=_check_money(
                parsed.funds_arrived_wan, project.funds_arrived_wan, "progress.funds_decrease"
            ),
            signed_total_wan=_check_money(
                signed_total(cleaned), project.signed_investment_wan, "progress.signed_decrease"
            ),
            problems=parsed.problems,
            milestone_unmatched=(parsed.milestone_text or "")
            if parsed.milestone_done and milestone is None
            else None,
        )
        if milestone is not None:
            draft = self._with_milestone(draft, milestone, parsed.milestone_date or today)
        return self._with_stage(draft, stage, project.stage)

    async def milestone_done(self, actor: Person, milestone_id: int) -> ProgressDraft:
        """The [已完成] button of a reminder: the milestone done today, to confirm."""
        async with self.db.transaction() as tx:
            milestone = await tx.milestones.get(milestone_id)
            if milestone is None or milestone.project.archived:
                raise NotFound()
            require_reporter(actor, milestone.project)
            if milestone.done_on is not None:
                raise Invalid("progress.milestone_already_done", date=milestone.done_on)
            draft = self._base(milestone.project, "button", milestone.id)
            draft = self._with_milestone(draft, milestone, self.clock.today())
            return self._with_stage(draft, None, milestone.project.stage)

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
                total = _check_money(amounts[0].wan, project.funds_arrived_wan, "progress.funds_decrease")
                draft = replace(draft, funds_total_wan=total)
            if milestone_id is not None:
                milestone = await tx.milestones.get(milestone_id)
                if milestone is None or milestone.project_id != project.id or milestone.done_on is not None:
                    raise NotFound()
                draft = self._with_milestone(draft, milestone, today)
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
            items = tuple(p.strip(" ,，、") for p in _PROBLEM_SPLIT.split(problems_text) if p.strip(" ,，、"))
            draft = replace(draft, problems=items)
        if no_problems:
            draft = replace(draft, problems=())
        return draft

    @staticmethod
    def with_photo(draft: ProgressDraft, photo: Photo) -> ProgressDraft:
        if len(draft.photos) >= MAX_PHOTOS:
            raise Invalid("progress.too_many_photos", limit=MAX_PHOTOS)
        if any(p.file_unique_id and p.file_unique_id == photo.file_unique_id for p in draft.photos):
            return draft
        return replace(draft, photos=(*draft.photos, photo))

    @staticmethod
    def _base(project: Project, source: str, hint_milestone_id: int | None) -> ProgressDraft:
        return ProgressDraft(
            project_id=project.id,
            project_name=project.name,
            source=source,
            stage_before=project.stage,
            funds_before_wan=project.funds_arrived_wan,
            signed_before_wan=project.signed_investment_wan,
            hint_milestone_id=hint_milestone_id,
        )

    @staticmethod
    def _with_milestone(draft: ProgressDraft, milestone: Milestone, done_on: dt.date) -> ProgressDraft:
        return replace(
            draft,
            milestone_id=milestone.id,
            milestone_kind=milestone.kind,
            milestone_name=milestone.name,
            milestone_done_on=done_on,
            milestone_unmatched=None,
        )

    @staticmethod
    def _with_stage(
        draft: ProgressDraft, stated: ProjectStage | None, current: ProjectStage
    ) -> ProgressDraft:
        """A stage moves forward only: the stated one, or the one the milestone done implies."""
        implied = STAGE_AFTER.get(draft.milestone_kind) if draft.milestone_kind else None
        best = max((s for s in (stated, implied) if s is not None), key=stage_rank, default=None)
        if best is None or stage_rank(best) <= stage_rank(current):
            return replace(draft, stage=None)
        return replace(draft, stage=best)

    # -------------------------------------------------------------- confirming

    async def confirm(self, actor: Person, draft: ProgressDraft) -> ProgressResult:
        """Record a confirmed draft in one transaction, re-checking everything against the database."""
        if draft.empty:
            raise Invalid("progress.nothing")
        now = self.clock.now()
        today = self.clock.today()
        async with self.db.transaction() as tx:
            project = await tx.projects.get_for_update(draft.project_id)
            if project is None or project.archived:
                raise NotFound()
            require_reporter(actor, project)
            funds = _check_money(draft.funds_total_wan, project.funds_arrived_wan, "progress.funds_decrease")
            signed = _check_money(
                draft.signed_total_wan, project.signed_investment_wan, "progress.signed_decrease"
            )
            milestone = await self._milestone_to_close(tx, project, draft)
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
            self._money(tx, project, update, actor, LedgerKind.FUNDS, funds, today)
            self._money(tx, project, update, actor, LedgerKind.SIGNED, signed, today)
            if milestone is not None and draft.milestone_done_on is not None:
                milestone.done_on = draft.milestone_done_on
                milestone.done_by_id = actor.id
            signing_day = draft.milestone_done_on if draft.milestone_kind == MilestoneKind.SIGNING else today
            self._stage(tx, project, update, actor, draft.stage, signing_day or today)
            if draft.percent is not None:
                project.percent_done = draft.percent
            project.last_progress_at = now
            project.updated_at = now
            issues = []
            for problem in draft.problems:
                issue = await open_issue(
                    tx,
                    self.outbox,
                    self.clock,
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

    @staticmethod
    async def _milestone_to_close(tx: Tx, project: Project, draft: ProgressDraft) -> Milestone | None:
        if draft.milestone_id is None:
            return None
        milestone = await tx.milestones.get(draft.milestone_id)
        if milestone is None or milestone.project_id != project.id:
            raise NotFound()
        return milestone if milestone.done_on is None else None

    @staticmethod
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
        attr = "funds_arrived_wan" if kind == LedgerKind.FUNDS else "signed_investment_wan"
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

    @staticmethod
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
        async with self.db.transaction() as tx:
            row = await tx.milestones.notification_for_message(actor.id, telegram_message_id, REPLYABLE_KINDS)
        if row is None or not row.payload.get("project_id"):
            return None
        return ReplyContext(int(row.payload["project_id"]), row.payload.get("milestone_id"))

    async def request_stale(self, day: dt.date) -> int:
        """Ask each lead once a week for news of a project quiet for ``stale_days``."""
        tz = self.clock.tz
        cutoff = dt.datetime.combine(day - dt.timedelta(days=self.stale_days - 1), dt.time(), tz)
        iso = day.isocalendar()
        week = f"{iso.year}-W{iso.week:02d}"
        rules = Rules(stale_days=self.stale_days)
        sent = 0
        async with self.db.transaction() as tx:
            quiet = list(await tx.projects.quiet_since(cutoff))
            snapshots = {s.id: s for s in await tx.projects.snapshots(tz, project_ids=[p.id for p in quiet])}
            for project in quiet:
                snapshot = snapshots.get(project.id)
                if snapshot is None or project.lead_id is None:
                    continue
                if project_state(facts_of(snapshot), day, rules) == State.DONE:
                    continue
                since = snapshot.last_progress_on or snapshot.created_on
                payload = {
                    "project_id": project.id,
                    "project": project.name,
                    "last_progress_on": snapshot.last_progress_on.isoformat()
                    if snapshot.last_progress_on
                    else None,
                    "days_quiet": (day - since).days,
                }
                sent += await self.outbox.enqueue(
                    tx,
                    Recipient(person_id=project.lead_id),
                    Notification("progress.request", payload),
                    key=f"progress:{project.id}:request:{week}",
                )
        return sent
