"""How projects read: due words, the project line and its keyboards (labels and money: handlers.shared.render)."""

from __future__ import annotations

import datetime as dt

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.projects import ProjectLine
from db.enums import MilestoneKind, ProjectCategory, ProjectStage
from handlers.progress.callbacks import ProgressAction, ProgressButton
from handlers.projects.callbacks import MilestoneAction, MilestoneButton
from handlers.shared.i18n import Safe, fmt_date, plain, t
from handlers.shared.render import LIGHT_MARK, keyboard, label, milestone, money

MAX_BUTTONS = 10


def milestone_plain(kind: MilestoneKind | str, name: str = "") -> str:
    """The milestone's name for a button (buttons are plain text, not HTML)."""
    return plain(milestone(kind, name), 40)


def due_words(due: dt.date, days_left: int) -> Safe:
    if days_left < 0:
        return t("milestone.overdue_by", due=due, days=-days_left)
    if days_left == 0:
        return t("milestone.due_today", due=due)
    return t("milestone.due_in", due=due, days=days_left)


def report_keyboard(milestone_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            (key, MilestoneButton(action=action, milestone_id=milestone_id))
            for key, action in (
                ("pj.btn.report", MilestoneAction.REPORT),
                ("pj.btn.done", MilestoneAction.DONE),
                ("pj.btn.need_help", MilestoneAction.ISSUE),
            )
        ),
        width=3,
    )


def pick_keyboard(
    lines: list[ProjectLine], action: ProgressAction = ProgressAction.PICK
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for line in lines[:MAX_BUTTONS]:
        kb.button(
            text=plain(t("pj.btn.report_on", name=line.snapshot.name), 60),
            callback_data=ProgressButton(action=action, project_id=line.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def project_line_text(line: ProjectLine) -> Safe:
    s = line.snapshot
    parts = [
        t(
            "project.line.head",
            light=LIGHT_MARK[line.light],
            name=s.name,
            category=label(ProjectCategory(s.category)),
            stage=label(ProjectStage(s.stage)),
        )
    ]
    if line.next_milestone is not None and line.days_left is not None:
        nxt = line.next_milestone
        parts.append(
            t(
                "project.line.next",
                milestone=milestone(nxt.kind, nxt.name),
                when=due_words(nxt.due_date, line.days_left),
            )
        )
    elif s.milestones:
        parts.append(t("project.line.all_done"))
    parts.append(
        t(
            "project.line.numbers",
            funds=money(s.funds_arrived_wan),
            percent="-" if s.percent_done is None else f"{s.percent_done}%",
            updated=fmt_date(s.last_progress_on) if s.last_progress_on else t("project.never_updated"),
        )
    )
    return Safe("\n".join(parts))
