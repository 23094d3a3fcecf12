"""One vocabulary: the words for project stages and categories, milestone kinds, issue statuses and
project states (zh, en); the issue code 督办〔2026〕3号; money stored in 万元 and shown in 亿元 when
large. (The colour of a 督办 is core.supervision.colour.)

Texts, the digest, the export and charts all read these, so a word changes in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, TypeVar

from core.project_state import State
from db.enums import IssueStatus, MilestoneKind, ProjectCategory, ProjectStage

Label = tuple[str, str]  # (zh, en)
K = TypeVar("K", bound=StrEnum)

STAGES: Mapping[ProjectStage, Label] = {
    ProjectStage.LEAD: ("线索", "lead"),
    ProjectStage.NEGOTIATING: ("洽谈", "negotiating"),
    ProjectStage.SIGNED: ("签约", "signed"),
    ProjectStage.LANDED: ("落地", "landed"),
    ProjectStage.STARTED: ("开工", "under construction"),
    ProjectStage.PRODUCING: ("投产", "producing"),
}
CATEGORIES: Mapping[ProjectCategory, Label] = {
    ProjectCategory.CONTINUING: ("续建", "continuing"),
    ProjectCategory.NEW: ("新建", "new"),
    ProjectCategory.BIDDING: ("招投标", "bidding"),
    ProjectCategory.PRELIMINARY: ("前期", "preliminary"),
    ProjectCategory.LEAD: ("招商线索", "lead"),
}
MILESTONE_KINDS: Mapping[MilestoneKind, Label] = {
    MilestoneKind.START_CONSTRUCTION: ("开工", "start of construction"),
    MilestoneKind.BIDDING_DONE: ("完成招投标", "bidding completed"),
    MilestoneKind.PRELIMINARY_DONE: ("完成前期", "preliminary work completed"),
    MilestoneKind.SIGNING: ("签约", "signing"),
    MilestoneKind.PRODUCTION: ("投产", "start of production"),
    MilestoneKind.CUSTOM: ("其他节点", "other milestone"),
}
ISSUE_STATUSES: Mapping[IssueStatus, Label] = {
    IssueStatus.OPEN: ("待交办", "open"),
    IssueStatus.ASSIGNED: ("已交办", "assigned"),
    IssueStatus.ANSWERED: ("已答复", "answered"),
    IssueStatus.CLOSING: ("待确认办结", "closing, to be confirmed"),
    IssueStatus.CLOSED: ("已办结", "closed"),
}
STATES: Mapping[State, Label] = {
    State.DONE: ("已完成", "done"),
    State.OVERDUE: ("逾期", "overdue"),
    State.STALLED: ("停滞", "stalled"),
    State.DUE_SOON: ("临期", "due soon"),
    State.ON_TRACK: ("正常", "on track"),
}
# by type: the enums share values ("lead" is a stage and a category), so one table each
_TABLES: Mapping[type[StrEnum], Mapping[Any, Label]] = {
    ProjectStage: STAGES,
    ProjectCategory: CATEGORIES,
    MilestoneKind: MILESTONE_KINDS,
    IssueStatus: ISSUE_STATUSES,
    State: STATES,
}


def _index(lang: str) -> int:
    return 0 if lang == "zh" else 1


def label(
    value: ProjectStage | ProjectCategory | MilestoneKind | IssueStatus | State, lang: str = "zh"
) -> str:
    """``label(ProjectStage.SIGNED)`` → 签约, ``label(IssueStatus.OPEN, "en")`` → open."""
    return _TABLES[type(value)][value][_index(lang)]


def in_language(labels: Mapping[K, Label], lang: str = "zh") -> dict[K, str]:
    """One table in one language, e.g. ``in_language(STAGES)`` for an export column."""
    return {key: words[_index(lang)] for key, words in labels.items()}


def milestone_label(kind: MilestoneKind | str | None, name: str | None, lang: str = "zh") -> str:
    """A milestone's words: its kind's label, or for a custom milestone its own name."""
    if kind is None:
        return ""
    kind = MilestoneKind(kind)
    if kind == MilestoneKind.CUSTOM and name:
        return name
    return label(kind, lang)


def issue_code(number: int, year: int) -> str:
    """A coordination issue's number, as the office writes it: ``督办〔2026〕3号``."""
    return f"督办〔{year}〕{number}号"


# -------------------------------------------------------------- money (stored in 万元)

_WAN_IN_YI = Decimal(10_000)
_YUAN_IN_WAN = Decimal(10_000)


def wan_to_yi(amount: Decimal) -> Decimal:
    """万元 → 亿元, to the cent of a 亿 (0.01): what charts plot."""
    return (amount / _WAN_IN_YI).quantize(Decimal("0.01"))


def format_wan(amount: Decimal, lang: str = "zh") -> str:
    """zh: ``3.5亿元`` from 1亿 up (2 decimals at most), else ``2000万元``.
    en: ``CNY 3.6 B`` / ``CNY 350 M`` / ``CNY 3,000`` (below 1 M)."""
    if lang == "zh":
        if abs(Decimal(_trim(amount, 2))) >= _WAN_IN_YI:
            return f"{_trim(amount / _WAN_IN_YI, 2)}亿元"
        return f"{_trim(amount, 2)}万元"
    yuan = amount * _YUAN_IN_WAN
    if abs(yuan) >= Decimal(1_000_000_000):
        return f"CNY {_grouped(yuan / Decimal(1_000_000_000), 2)} B"
    if abs(yuan) >= Decimal(1_000_000):
        return f"CNY {_grouped(yuan / Decimal(1_000_000), 2)} M"
    return f"CNY {_grouped(yuan, 2)}"


def _trim(value: Decimal, places: int) -> str:
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{quantized:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _grouped(value: Decimal, places: int) -> str:
    text = _trim(value, places)
    whole, dot, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{frac}"
