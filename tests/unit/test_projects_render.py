"""Every projects notification renders in both languages, with user text escaped."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.shared.notifications import render

BASE = {
    "milestone_id": 7,
    "project_id": 3,
    "project": "城东<污水>处理厂",
    "kind": "start_construction",
    "name": "",
    "due": "2026-10-13",
    "due_text": "10月中旬",
}
PAYLOADS: dict[str, dict[str, Any]] = {
    "milestone.reminder": {**BASE, "offset": 3, "days_left": 3},
    "milestone.overdue": {**BASE, "days_overdue": 2},
    "milestone.escalation": {
        **BASE,
        "days_overdue": 4,
        "workdays_overdue": 3,
        "lead": "李负责",
        "lead_phone": None,
        "level": "office",
    },
    "progress.request": {"project_id": 3, "project": "项目", "last_progress_on": None, "days_quiet": 9},
    "issue.raised": {
        "issue_id": 1,
        "code": "督办〔2026〕1号",
        "project_id": 3,
        "project": "项目",
        "description": "<b>用地</b>",
        "raised_by": "李负责",
    },
    "issue.assigned": {
        "issue_id": 1,
        "code": "督办〔2026〕1号",
        "project": "项目",
        "unit": "县供电公司",
        "actor": "张组长",
    },
    "issue.answered": {
        "issue_id": 1,
        "code": "督办〔2026〕1号",
        "project": "项目",
        "answer": "已协调",
        "actor": "王主任",
    },
    "issue.closed": {"issue_id": 1, "code": "督办〔2026〕1号", "project": "项目", "actor": "王主任"},
}


@pytest.mark.parametrize("locale", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_renders(kind: str, locale: str) -> None:
    rendered = render(kind, PAYLOADS[kind], locale)
    assert rendered.text.strip()
    assert "<污水>" not in rendered.text and "<b>用地</b>" not in rendered.text


def test_reminder_buttons_carry_only_the_milestone_id() -> None:
    rendered = render("milestone.reminder", PAYLOADS["milestone.reminder"], "zh")
    assert rendered.reply_markup is not None
    data = [b.callback_data for row in rendered.reply_markup.inline_keyboard for b in row]
    assert data == ["m1:r:7", "m1:d:7", "m1:i:7"]
    assert "还有 3 天" in rendered.text and "10月中旬" in rendered.text
