"""Reading a progress report: amounts, percentages, problems, the milestone meant, the stage it implies.

Pure functions over the project as stored; `ProgressService` turns their results into a draft.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal

from core.errors import Invalid
from core.limits import PROGRESS_PHOTOS, PROGRESS_TEXT, check_photos, check_text
from core.parsing.dates import normalize_text, parse_span
from core.parsing.money import find_amounts
from core.parsing.progress_text import parse_progress
from core.progress.draft import Photo, ProgressDraft
from core.projects import STAGE_AFTER, kind_mentioned, stage_rank
from db.enums import MilestoneKind, ProjectStage
from db.models import Milestone, Project

_SIGNED_WORDS = re.compile(r"签约金额|协议投资|合同金额|签约投资|签约")
_CLAUSE = re.compile(r"[^,;。!?\n，；！？]+")
_PROBLEM_SPLIT = re.compile(r"\s*(?:[;；。\n]|(?:^|\s)\d+[、.)）])\s*")


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


_DATE_PART = re.compile(
    r"(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?|今天|昨天|前天|本月初|上月底|\d{1,2}月(?:上旬|中旬|下旬|初|底)"
)


def dated_amount(text: str, today: dt.date, *, dated: bool = True) -> tuple[Decimal, dt.date | None]:
    """A form answer ``11月20日 5亿`` / ``2026-11-20 50000`` / ``5亿``: the amount in 万元 and the day
    (None: not given, the day of the report). A day in the future, or no amount: Invalid."""
    cleaned = normalize_text(text).strip()
    day: dt.date | None = None
    found = _DATE_PART.search(cleaned) if dated else None
    if found is not None:
        span = parse_span(found.group(), today, prefer_future=False)
        if span is None:
            raise Invalid("progress.bad_date")
        if span.latest > today:
            raise Invalid("progress.done_in_future")
        day = span.latest
        cleaned = (cleaned[: found.start()] + " " + cleaned[found.end() :]).strip()
    amounts = find_amounts(cleaned, default_unit="万")
    if not amounts or amounts[0].currency != "CNY" or amounts[0].wan < 0:
        raise Invalid("progress.bad_amount")
    return amounts[0].wan, day


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


def clean_progress_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise Invalid("progress.empty")
    check_text(cleaned, PROGRESS_TEXT)
    return cleaned


def check_money(reported: Decimal | None, before: Decimal, key: str) -> Decimal | None:
    """A reported cumulative total: None when unchanged; never below the recorded one."""
    if reported is None or reported == before:
        return None
    if reported < 0:
        raise Invalid("progress.bad_amount")
    if reported < before:
        raise Invalid(key, reported=reported.normalize(), current=before.normalize())
    return reported


def match_milestone(open_ones: list[Milestone], said: str, hint_id: int | None) -> Milestone | None:
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


def split_problems(text: str) -> tuple[str, ...]:
    """``1、缺电 2、缺水`` / ``缺电；缺水`` → the problems, one each."""
    return tuple(p.strip(" ,，、") for p in _PROBLEM_SPLIT.split(text) if p.strip(" ,，、"))


def base_draft(project: Project, source: str, hint_milestone_id: int | None) -> ProgressDraft:
    return ProgressDraft(
        project_id=project.id,
        project_name=project.name,
        source=source,
        stage_before=project.stage,
        funds_before_wan=project.funds_arrived_wan,
        signed_before_wan=project.signed_investment_wan,
        landed_before_wan=project.landed_investment_wan,
        completed_before_wan=project.completed_investment_wan,
        hint_milestone_id=hint_milestone_id,
    )


def with_milestone(draft: ProgressDraft, milestone: Milestone, done_on: dt.date) -> ProgressDraft:
    return replace(
        draft,
        milestone_id=milestone.id,
        milestone_kind=milestone.kind,
        milestone_name=milestone.name,
        milestone_done_on=done_on,
        milestone_unmatched=None,
    )


def with_stage(draft: ProgressDraft, stated: ProjectStage | None, current: ProjectStage) -> ProgressDraft:
    """A stage moves forward only: the stated one, or the one the milestone done implies."""
    implied = STAGE_AFTER.get(draft.milestone_kind) if draft.milestone_kind else None
    best = max((s for s in (stated, implied) if s is not None), key=stage_rank, default=None)
    if best is None or stage_rank(best) <= stage_rank(current):
        return replace(draft, stage=None)
    return replace(draft, stage=best)


def add_photo(draft: ProgressDraft, photo: Photo) -> ProgressDraft:
    check_photos(len(draft.photos) + 1, PROGRESS_PHOTOS)
    if any(p.file_unique_id and p.file_unique_id == photo.file_unique_id for p in draft.photos):
        return draft
    return replace(draft, photos=(*draft.photos, photo))
