"""Reading a progress report: amounts, percentages, problems, the milestone meant, the stage it implies.

Pure functions over the project as stored; `ProgressService` turns their results into a draft.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from core.errors import Invalid
from core.limits import PROGRESS_PHOTOS, PROGRESS_TEXT, check_photos, check_text
from core.parsing.dates import normalize_text, parse_span
from core.parsing.money import find_amounts
from core.parsing.progress_text import Done, parse_progress
from core.progress.draft import Photo, ProgressDraft
from core.projects import MILESTONE_WORDS, STAGE_AFTER, kind_mentioned, stage_rank
from db.enums import MilestoneKind, ProjectStage
from db.models import Milestone, Project

_SIGNED_WORDS = re.compile(r"签约金额|协议投资|合同金额|签约投资|签约")
_CLAUSE = re.compile(r"[^,;。!?\n，；！？]+")
_NUMBERING = r"(?:(?:\d+|[一二三四五六七八九十]+)[、.．)）](?!\d)|[（(](?:\d+|[一二三四五六七八九十]+)[)）]|[①②③④⑤⑥⑦⑧⑨⑩])"
_PROBLEM_SPLIT = re.compile(
    rf"\s*(?:[;；。\n]\s*(?:{_NUMBERING}\s*)*|^\s*{_NUMBERING}|(?<=\s){_NUMBERING})\s*"
)


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


def looks_like_progress(text: str, today: dt.date) -> bool:
    """Progress typed without replying to a reminder (``已于4月18日开工，进度30%``): something a
    report says, and not a trip line. CPU work (jionlp): call it through ``parse_off_loop``."""
    from core.trips.text import looks_like_trip

    cleaned = normalize_text(text).strip()
    if not cleaned or cleaned.startswith("/") or len(cleaned) > 2000 or looks_like_trip(cleaned, today):
        return False
    return not parse_progress(cleaned, today).empty


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


_TRIM = re.compile(
    r"(?:^(?:项目|该项目|本项目|相关|全部|所有|各项|整体)+)|(?:(?:的)?(?:工作|手续|环节|程序|流程|阶段|事项|审批|批复)+$)"
)
# a verb that is itself a milestone kind: 已于4月18日开工 completes 开工 (进场 / 竣工 only ask)
_KIND_VERBS: dict[str, MilestoneKind] = {
    "开工": MilestoneKind.START_CONSTRUCTION,
    "动工": MilestoneKind.START_CONSTRUCTION,
    "签约": MilestoneKind.SIGNING,
    "签订": MilestoneKind.SIGNING,
    "签署": MilestoneKind.SIGNING,
    "投产": MilestoneKind.PRODUCTION,
}
_GENERIC_SUBJECT = re.compile(
    r"(?:项目|工程|主体工程|项目主体|该节点|此节点|这个节点|节点|此项|该项|以上|上述)?"
)


@dataclass(frozen=True)
class MilestoneReading:
    """What a report's "done" statements mean for the project's open milestones.

    ``done``: a milestone the text says is complete (by its name or its kind). ``ask``: one it may
    mean (a bare 已完成, or a step of it: 用地预审已通过 for 用地手续): the card asks. ``unmatched``:
    the done statement kept as text when it names no milestone.
    """

    done: Milestone | None = None
    date: dt.date | None = None
    ask: Milestone | None = None
    unmatched: str | None = None


def _trimmed(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _TRIM.sub("", text).strip()
    return text


def _names(milestone: Milestone) -> list[str]:
    if milestone.kind == MilestoneKind.CUSTOM:
        return [n for n in {milestone.name, _trimmed(milestone.name)} if n]
    return [word for word, kind in MILESTONE_WORDS.items() if kind == milestone.kind and not word.isascii()]


def _shares_words(a: str, b: str) -> bool:
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


def read_milestones(
    open_ones: list[Milestone], done: Sequence[Done], hint_id: int | None
) -> MilestoneReading:
    """Mark a milestone done only when the text says that milestone (or its kind) is complete;
    ask when it may mean one; otherwise the statement is only text."""
    hint = next((m for m in open_ones if m.id == hint_id), None)
    ask: tuple[Milestone, dt.date | None] | None = None
    unmatched: str | None = None
    for said in done:
        subject = _trimmed(said.subject)
        whole = _trimmed(said.subject + said.verb + said.obj)
        named: list[Milestone] = []
        maybe: list[Milestone] = []
        for milestone in open_ones:
            names = _names(milestone)
            if milestone.kind == MilestoneKind.CUSTOM:
                if any(n in (subject, whole, _trimmed(said.obj)) for n in names):
                    named.append(milestone)
                elif any(_shares_words(n, said.text) for n in names):
                    maybe.append(milestone)
                continue
            verb_kind = _KIND_VERBS.get(said.verb)
            by_verb = verb_kind == milestone.kind and _GENERIC_SUBJECT.fullmatch(subject) is not None
            if by_verb or subject in names or _trimmed(said.obj) in names:
                named.append(milestone)
            elif kind_mentioned(said.text) == milestone.kind:
                maybe.append(milestone)
        if named:
            chosen = min(named, key=lambda m: (m.id != hint_id, m.due_date))
            return MilestoneReading(done=chosen, date=said.date)
        if maybe and ask is None:
            ask = (min(maybe, key=lambda m: (m.id != hint_id, m.due_date)), said.date)
        elif not subject and not said.obj and hint is not None and ask is None:
            ask = (hint, said.date)  # a bare 已完成 in a reply to the reminder
        elif unmatched is None:
            unmatched = said.text
    if ask is not None:
        return MilestoneReading(ask=ask[0], date=ask[1], unmatched=unmatched)
    return MilestoneReading(unmatched=unmatched)


def split_problems(text: str) -> tuple[str, ...]:
    """``1、缺电 2、缺水`` / ``缺电；缺水`` → the problems, one each (numbering dropped, text as written)."""
    return tuple(p.strip(" ,，、") for p in _PROBLEM_SPLIT.split(text.strip()) if p.strip(" ,，、"))


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
