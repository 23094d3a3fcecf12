"""Rendering helpers shared by features: names, roles, lists, the vocabulary's words (stages, categories,
milestone kinds, issue statuses, states), money and issue codes — always escaped, always translated."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core import vocabulary
from core.project_state import Light, State
from db.enums import IssueStatus, MilestoneKind, ProjectCategory, ProjectStage, Role
from db.models import Person
from handlers.shared.i18n import Safe, current_locale, quote, t

ROLE_ORDER = (Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER, Role.CADRE, Role.PROJECT_LEAD, Role.UNIT_CONTACT)
LIGHT_MARK = {Light.RED: "🔴", Light.YELLOW: "🟡", Light.GREEN: "🟢"}


def roles(person: Person) -> Safe:
    names = [t(f"role.{r.value}") for r in ROLE_ORDER if r in person.role_set]
    return join(names) if names else t("role.none")


def join(parts: Iterable[str]) -> Safe:
    return Safe(str(t("list.sep")).join(parts))


def label(value: ProjectStage | ProjectCategory | MilestoneKind | IssueStatus | State) -> Safe:
    """The vocabulary's word for a stage, category, milestone kind, issue status or state, in the current
    language."""
    return quote(vocabulary.label(value, current_locale()))


def milestone(kind: MilestoneKind | str, name: str | None = "") -> Safe:
    """A milestone's words: its kind's label, or for a custom milestone its own (escaped) name."""
    return quote(vocabulary.milestone_label(kind, name, current_locale()))


def money(amount: Decimal | str | None) -> str:
    """An amount stored in 万元, as the current language writes it (3.5亿元 / CNY 3.5 B); none is 0."""
    return vocabulary.format_wan(Decimal(str(amount)) if amount is not None else Decimal(0), current_locale())


def issue_code(number: int, year: int) -> str:
    """督办〔2026〕3号: the office's number of a coordination issue, the same in every language."""
    return vocabulary.issue_code(number, year)


def keyboard(*buttons: tuple[str, CallbackData], width: int | None = None) -> InlineKeyboardMarkup:
    """Inline buttons from (text key, callback data) pairs, ``width`` to a row (default: one row)."""
    kb = InlineKeyboardBuilder()
    for key, data in buttons:
        kb.button(text=t(key), callback_data=data)
    if width is not None:
        kb.adjust(width)
    return kb.as_markup()
