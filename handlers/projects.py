"""Projects: /myprojects, and what every projects handler shares (callback data, labels, lights)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.project_state import Light
from core.projects import ProjectLine, ProjectService
from core.vocabulary import format_wan
from db.enums import MilestoneKind, ProjectCategory, ProjectStage, Role
from db.models import Person
from handlers.callback_fields import DbId
from handlers.filters import Registered
from handlers.i18n import Safe, current_locale, fmt_date, plain, quote, t
from handlers.menu import MenuCommand
from handlers.splitting import split_html

router = Router(name="projects")
router.message.filter(Registered())
router.callback_query.filter(Registered())

LEADS = frozenset({Role.PROJECT_LEAD})
COMMANDS = [MenuCommand("myprojects", "cmd.myprojects", roles=LEADS, order=20)]

MAX_BUTTONS = 10


# ------------------------------------------------------------------------------ callback data


class MilestoneAction(StrEnum):
    REPORT = "r"
    DONE = "d"
    ISSUE = "i"


class MilestoneButton(CallbackData, prefix="m1"):
    """The buttons of a milestone reminder: [汇报进度] [已完成] [需协调]."""

    action: MilestoneAction
    milestone_id: DbId


class ProgressAction(StrEnum):
    PICK = "p"  # report on this project
    FORM = "f"  # fill the form instead of a sentence
    CONFIRM = "c"
    EDIT = "e"
    CANCEL = "x"
    STAGE = "s"  # value = stage
    SKIP = "k"  # keep the current value, next step
    MILESTONE = "m"  # value = milestone id
    TODAY = "t"  # the milestone was done today
    NO_PROBLEMS = "n"


class ProgressButton(CallbackData, prefix="g1"):
    action: ProgressAction
    project_id: DbId = 0
    value: str = ""


class IssueAction(StrEnum):
    VIEW = "v"
    ASSIGN = "a"  # show the units
    UNIT = "u"  # assign to unit_id
    ANSWER = "n"
    CLOSE = "c"
    RAISE = "r"  # confirm a drafted issue
    DROP = "x"  # cancel a drafted issue


class IssueButton(CallbackData, prefix="i1"):
    action: IssueAction
    issue_id: DbId = 0
    unit_id: DbId = 0


# ------------------------------------------------------------------------------ labels


LIGHT_MARK = {Light.RED: "🔴", Light.YELLOW: "🟡", Light.GREEN: "🟢"}


def milestone_label(kind: MilestoneKind | str, name: str = "") -> Safe:
    kind = MilestoneKind(kind)
    if kind == MilestoneKind.CUSTOM and name:
        return quote(name)
    return t(f"milestone.kind.{kind.value}")


def milestone_plain(kind: MilestoneKind | str, name: str = "") -> str:
    """The milestone's name for a button (buttons are plain text, not HTML)."""
    return plain(milestone_label(kind, name), 40)


def category_label(category: ProjectCategory | str) -> Safe:
    return t(f"project.category.{ProjectCategory(category).value}")


def stage_label(stage: ProjectStage | str) -> Safe:
    return t(f"project.stage.{ProjectStage(stage).value}")


def wan(amount: Decimal | str | None) -> str:
    return format_wan(Decimal(amount or 0), current_locale())


def due_words(due: dt.date, days_left: int) -> Safe:
    if days_left < 0:
        return t("milestone.overdue_by", due=due, days=-days_left)
    if days_left == 0:
        return t("milestone.due_today", due=due)
    return t("milestone.due_in", due=due, days=days_left)


def report_keyboard(milestone_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("pj.btn.report"),
        callback_data=MilestoneButton(action=MilestoneAction.REPORT, milestone_id=milestone_id),
    )
    kb.button(
        text=t("pj.btn.done"),
        callback_data=MilestoneButton(action=MilestoneAction.DONE, milestone_id=milestone_id),
    )
    kb.button(
        text=t("pj.btn.need_help"),
        callback_data=MilestoneButton(action=MilestoneAction.ISSUE, milestone_id=milestone_id),
    )
    kb.adjust(3)
    return kb.as_markup()


def pick_keyboard(lines: list[ProjectLine]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for line in lines[:MAX_BUTTONS]:
        kb.button(
            text=plain(t("pj.btn.report_on", name=line.snapshot.name), 60),
            callback_data=ProgressButton(action=ProgressAction.PICK, project_id=line.id),
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
            category=category_label(s.category),
            stage=stage_label(s.stage),
        )
    ]
    if line.next_milestone is not None and line.days_left is not None:
        nxt = line.next_milestone
        parts.append(
            t(
                "project.line.next",
                milestone=milestone_label(nxt.kind, nxt.name),
                when=due_words(nxt.due_date, line.days_left),
            )
        )
    elif s.milestones:
        parts.append(t("project.line.all_done"))
    parts.append(
        t(
            "project.line.numbers",
            funds=wan(s.funds_arrived_wan),
            percent="-" if s.percent_done is None else f"{s.percent_done}%",
            updated=fmt_date(s.last_progress_on) if s.last_progress_on else t("project.never_updated"),
        )
    )
    return Safe("\n".join(parts))


async def answer_long(message: Message, text: Safe, reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer with a text that may exceed Telegram's limit: several messages, the buttons on the last."""
    parts = split_html(text)
    for index, part in enumerate(parts):
        await message.answer(Safe(part), reply_markup=reply_markup if index == len(parts) - 1 else None)


# ------------------------------------------------------------------------------ /myprojects


@router.message(Command("myprojects"))
async def my_projects(message: Message, person: Person, projects: ProjectService) -> None:
    lines = await projects.my_projects(person)
    if not lines:
        await message.answer(t("project.none_led"))
        return
    body = "\n\n".join(project_line_text(line) for line in lines)
    await answer_long(
        message, Safe(f"{t('project.mine.header', count=len(lines))}\n\n{body}"), pick_keyboard(lines)
    )
