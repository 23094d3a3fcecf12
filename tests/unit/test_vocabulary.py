"""The one vocabulary: labels, the issue code, money."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.project_state import State
from core.vocabulary import (
    ISSUE_STATUSES,
    STAGES,
    format_wan,
    in_language,
    issue_code,
    label,
    milestone_label,
    wan_to_yi,
)
from db.enums import IssueStatus, MilestoneKind, ProjectCategory, ProjectStage


def test_every_value_has_a_label_in_both_languages() -> None:
    for enum in (ProjectStage, ProjectCategory, MilestoneKind, IssueStatus, State):
        for value in enum:
            assert label(value) and label(value, "en")


def test_labels_follow_the_type_not_the_value() -> None:
    assert ProjectStage.LEAD == ProjectCategory.LEAD  # same string, different words
    assert (label(ProjectStage.LEAD), label(ProjectCategory.LEAD)) == ("线索", "招商线索")
    assert label(IssueStatus.ASSIGNED) == "已交办" and label(IssueStatus.ASSIGNED, "en") == "assigned"
    assert in_language(STAGES)[ProjectStage.STARTED] == "开工"
    assert in_language(ISSUE_STATUSES, "en")[IssueStatus.CLOSED] == "closed"


def test_milestone_label_uses_a_custom_milestone_s_own_name() -> None:
    assert milestone_label(MilestoneKind.SIGNING, None) == "签约"
    assert milestone_label("custom", "环评批复") == "环评批复"
    assert milestone_label(MilestoneKind.CUSTOM, None, "en") == "other milestone"
    assert milestone_label(None, None) == ""


def test_issue_code() -> None:
    assert issue_code(3, 2026) == "督办〔2026〕3号"


def test_wan_to_yi() -> None:
    assert wan_to_yi(Decimal(35000)) == Decimal("3.5") and wan_to_yi(Decimal(123)) == Decimal("0.01")


@pytest.mark.parametrize(
    ("wan", "zh", "en"),
    [
        ("35000", "3.5亿元", "CNY 350 M"),
        ("2000", "2000万元", "CNY 20 M"),
        ("360000", "36亿元", "CNY 3.6 B"),
        ("12345", "1.23亿元", "CNY 123.45 M"),
        ("10000", "1亿元", "CNY 100 M"),
        ("9999.999", "1亿元", "CNY 100 M"),
        ("0.3", "0.3万元", "CNY 3,000"),
        ("150", "150万元", "CNY 1.5 M"),
        ("0", "0万元", "CNY 0"),
        ("-2000", "-2000万元", "CNY -20 M"),
        ("4000000", "400亿元", "CNY 40 B"),
    ],
)
def test_format_wan(wan: str, zh: str, en: str) -> None:
    assert format_wan(Decimal(wan)) == zh
    assert format_wan(Decimal(wan), lang="en") == en
