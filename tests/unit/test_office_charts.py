"""The scoreboard chart: a valid PNG with the right bars, Chinese labels when a CJK font exists,
Latin labels (and a warning) when none does."""

from __future__ import annotations

import datetime as dt
import logging
import struct
from decimal import Decimal

import pytest

import core.office.charts as charts
from core.office.charts import ChartLabels, latin_name, render_scoreboard_chart, scoreboard_bars
from core.office.scoreboard import build_scoreboard
from db.enums import LedgerKind
from db.models import WorkGroup
from db.queries.digest_rows import LedgerTotal

ZH = ChartLabels("各工作组目标完成情况", "目标", "力争目标", "签约", "落地", "时间进度", "亿元", "未分组")
EN = ChartLabels(
    "Targets by work group",
    "Target",
    "Stretch target",
    "Signed",
    "Landed",
    "Time schedule",
    "CNY 100 M",
    "No group",
)


def _board():  # type: ignore[no-untyped-def]
    groups = [
        WorkGroup(id=1, name="第一工作组", target_wan=Decimal(600000), stretch_target_wan=Decimal(660000)),
        WorkGroup(id=2, name="第二工作组", target_wan=Decimal(600000), stretch_target_wan=Decimal(660000)),
    ]
    totals = [
        LedgerTotal(1, LedgerKind.SIGNED, Decimal(270000)),
        LedgerTotal(1, LedgerKind.LANDED, Decimal(150000)),
        LedgerTotal(2, LedgerKind.SIGNED, Decimal(300000)),
        LedgerTotal(2, LedgerKind.LANDED, Decimal(100000)),
    ]
    return build_scoreboard(dt.date(2026, 11, 25), groups, totals, {1: 1, 2: 1})


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_bars_are_the_scoreboard_in_yi() -> None:
    bars = scoreboard_bars(_board(), "未分组")
    assert bars.names == ("第一工作组", "第二工作组")
    assert bars.target == (60.0, 60.0) and bars.stretch == (66.0, 66.0)
    assert bars.signed == (27.0, 30.0) and bars.landed == (15.0, 10.0)
    assert bars.schedule == (54.06, 54.06)  # 60亿 × 90.1%


def test_the_chart_is_a_png_of_the_expected_size() -> None:
    chart = render_scoreboard_chart(_board(), ZH, EN)
    assert _png_size(chart.png) == (800, 450)
    assert 5_000 < len(chart.png) < 500_000
    assert chart.bars.signed == (27.0, 30.0)


def test_without_a_cjk_font_the_labels_fall_back_to_latin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    chart = render_scoreboard_chart(_board(), ZH, EN)
    assert chart.font is None and chart.labels == EN
    assert chart.bars.names == ("Group 1", "Group 2")
    assert chart.bars.signed == (27.0, 30.0)
    _png_size(chart.png)


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # the font is pretended here
def test_with_a_cjk_font_the_chinese_labels_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: "Noto Sans CJK SC")
    chart = render_scoreboard_chart(_board(), ZH, EN)
    assert chart.font == "Noto Sans CJK SC" and chart.labels == ZH
    assert chart.bars.names == ("第一工作组", "第二工作组")


def test_the_font_probe_warns_once_when_no_cjk_font_is_installed(caplog: pytest.LogCaptureFixture) -> None:
    charts.cjk_font.cache_clear()
    with caplog.at_level(logging.WARNING, logger="core.office.charts"):
        found = charts.cjk_font()
    if found is None:
        assert "fonts-noto-cjk" in caplog.text
    else:
        assert caplog.text == ""


@pytest.mark.parametrize(
    ("name", "index", "expected"),
    [
        ("第一工作组", 0, "Group 1"),
        ("第十工作组", 9, "Group 10"),
        ("第十二工作组", 11, "Group 12"),
        ("Group A", 0, "Group A"),
        ("招商一组", 2, "G3"),
    ],
)
def test_latin_names(name: str, index: int, expected: str) -> None:
    assert latin_name(name, index) == expected
