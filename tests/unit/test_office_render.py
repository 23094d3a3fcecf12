"""Rendering pieces of the office products: gaps, buttons within Telegram's 64 bytes, a failing chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import handlers.office.digest_text as digest
from core.office.digest import (
    Digest,
    DueSection,
    IssueSection,
    LeadSection,
    MissingSection,
    OutSection,
    OverdueSection,
    ProgressSection,
)
from core.office.scoreboard import build_scoreboard
from db.enums import Role
from handlers.office.callbacks import (
    BroadcastAction,
    BroadcastButton,
    CardKind,
    NoticeAction,
    NoticeButton,
    OfficeCard,
)
from handlers.office.render import gap_text
from handlers.shared.i18n import use_locale


def _empty_digest() -> Digest:
    day = dt.date(2026, 11, 25)
    return Digest(
        day=day,
        work_group=None,
        since=dt.date(2026, 11, 24),
        until=dt.date(2026, 11, 24),
        due_until=dt.date(2026, 12, 2),
        uncovered_years=[],
        scoreboard=build_scoreboard(day, [], [], {}),
        out=OutSection(total=0, items=[]),
        missing=MissingSection(total=0, people=0, items=[]),
        leads=LeadSection(total=0, items=[]),
        progress=ProgressSection(total=0, items=[]),
        due=DueSection(total=0, items=[]),
        overdue=OverdueSection(total=0, shown=0, units=[]),
        issues=IssueSection(total=0, items=[]),
        health=None,
    )


@pytest.mark.parametrize(
    ("gap", "zh", "en"),
    [
        (Decimal("4.9"), "超前时序进度 4.9 个百分点", "4.9 points ahead of schedule"),
        (Decimal("-45.1"), "落后时序进度 45.1 个百分点", "45.1 points behind schedule"),
        (Decimal("0.0"), "与时序进度持平", "on schedule"),
        (None, "", ""),
    ],
)
def test_schedule_gaps_in_both_languages(gap: Decimal | None, zh: str, en: str) -> None:
    with use_locale("zh"):
        assert gap_text(gap) == zh
    with use_locale("en"):
        assert gap_text(gap) == en


def test_an_empty_campaign_still_gets_every_section() -> None:
    with use_locale("zh"):
        text = digest.digest_text(_empty_digest())
    assert "<b>二、在外招商</b>（11月25日）：无" in text and "<b>三、日报未报</b>（11月24日）：无" in text
    assert "<b>合计</b>：签约 0万元（新签约项目 0 个）；落地 0万元；到位资金 0万元" in text


def test_a_chart_that_fails_costs_the_chart_not_the_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_board: object) -> object:
        raise RuntimeError("no fonts at all")

    monkeypatch.setattr(digest, "chart_attachment", broken)
    with use_locale("zh"):
        rendered = digest.render_digest(_empty_digest())
    assert rendered.attachments == () and rendered.text.startswith("<b>📋 百团招商行动每日简报</b>")


def test_callback_data_fits_telegram_limit() -> None:
    big = 2**31 - 1
    packed = [
        OfficeCard(kind=CardKind.PROJECT, id=big).pack(),
        NoticeButton(action=NoticeAction.PUBLISH, notice_id=big).pack(),
        BroadcastButton(action=BroadcastAction.AUDIENCE, role=Role.PROJECT_LEAD, group=big).pack(),
        BroadcastButton(action=BroadcastAction.CANCEL, id=big).pack(),
    ]
    assert all(len(p.encode()) <= 64 for p in packed), packed
    assert [p.split(":")[0] for p in packed] == ["o1", "n1", "b1", "b1"]
    assert BroadcastButton.unpack(packed[2]).role == Role.PROJECT_LEAD
    assert BroadcastButton.unpack(BroadcastButton(action=BroadcastAction.AUDIENCE).pack()).role is None
