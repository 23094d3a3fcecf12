"""The scoreboard's counting rules (core/office/scoreboard.py), on hand-made sums."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.office.scoreboard import build_scoreboard, elapsed_percent, percent, schedule_gap, year_span
from db.enums import LedgerKind
from db.models import WorkGroup
from db.queries.digest_rows import LedgerTotal


def _group(gid: int, name: str, target_yi: int = 60, stretch_yi: int = 66) -> WorkGroup:
    return WorkGroup(
        id=gid,
        name=name,
        target_wan=Decimal(target_yi * 10000),
        stretch_target_wan=Decimal(stretch_yi * 10000),
    )


def test_time_schedule_is_the_share_of_the_year_elapsed_by_the_end_of_the_day() -> None:
    assert elapsed_percent(dt.date(2026, 11, 25)) == Decimal("90.1")  # day 329 of 365
    assert elapsed_percent(dt.date(2026, 1, 1)) == Decimal("0.3")
    assert elapsed_percent(dt.date(2026, 12, 31)) == Decimal("100.0")
    assert elapsed_percent(dt.date(2028, 12, 31)) == Decimal("100.0")  # leap year: 366/366
    assert elapsed_percent(dt.date(2028, 2, 29)) == Decimal("16.4")  # 60/366
    assert year_span(dt.date(2026, 11, 25)) == (dt.date(2026, 1, 1), dt.date(2026, 11, 25))


def test_completion_and_schedule_gap_in_points() -> None:
    assert percent(Decimal(270000), Decimal(600000)) == Decimal("45.0")
    assert percent(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert percent(Decimal(2), Decimal(3)) == Decimal("66.7")  # half up
    assert percent(Decimal(5), Decimal(0)) is None  # no target, no completion
    assert schedule_gap(Decimal("45.0"), Decimal("90.1")) == Decimal("-45.1")  # behind
    assert schedule_gap(Decimal("95.0"), Decimal("90.1")) == Decimal("4.9")  # ahead
    assert schedule_gap(None, Decimal("90.1")) is None


def test_amounts_are_sums_of_increments_and_projects_count_at_first_signing() -> None:
    groups = [_group(1, "第一工作组"), _group(2, "第二工作组")]
    totals = [
        LedgerTotal(1, LedgerKind.SIGNED, Decimal(200000)),
        LedgerTotal(1, LedgerKind.SIGNED, Decimal(50000)),  # a capital increase: only the increment
        LedgerTotal(1, LedgerKind.SIGNED, Decimal(-10000)),  # an explicit correction
        LedgerTotal(1, LedgerKind.FUNDS, Decimal(30000)),
        LedgerTotal(2, LedgerKind.LANDED, Decimal(100000)),
        LedgerTotal(None, LedgerKind.SIGNED, Decimal(5000)),  # a project without a work group
    ]
    board = build_scoreboard(dt.date(2026, 11, 25), groups, totals, {1: 1, 2: 0, None: 1})

    first, second, unassigned = board.groups
    assert (first.signed_wan, first.landed_wan, first.funds_wan, first.signed_projects) == (
        Decimal(240000),
        Decimal(0),
        Decimal(30000),
        1,
    )
    assert first.completion == Decimal("40.0") and first.stretch_completion == Decimal("36.4")
    assert board.gap(first) == Decimal("-50.1")
    assert (second.signed_wan, second.landed_wan, second.completion) == (
        Decimal(0),
        Decimal(100000),
        Decimal("0.0"),
    )
    assert (
        unassigned.name is None and unassigned.completion is None and unassigned.signed_wan == Decimal(5000)
    )
    total = board.total
    assert (total.target_wan, total.stretch_wan) == (Decimal(1200000), Decimal(1320000))
    assert (total.signed_wan, total.landed_wan, total.funds_wan, total.signed_projects) == (
        Decimal(245000),
        Decimal(100000),
        Decimal(30000),
        2,
    )


def test_a_group_scoped_board_has_no_unassigned_line() -> None:
    board = build_scoreboard(
        dt.date(2026, 11, 25),
        [_group(1, "第一工作组")],
        [LedgerTotal(1, LedgerKind.SIGNED, Decimal(600000))],
        {1: 3},
        include_unassigned=False,
    )
    assert [g.name for g in board.groups] == ["第一工作组"]
    assert board.total.signed_wan == Decimal(600000) and board.groups[0].completion == Decimal("100.0")
    assert board.gap(board.groups[0]) == Decimal("9.9")


def test_the_unassigned_line_appears_only_when_something_is_unassigned() -> None:
    board = build_scoreboard(dt.date(2026, 6, 30), [_group(1, "第一工作组")], [], {})
    assert [g.name for g in board.groups] == ["第一工作组"]
    assert board.total.signed_wan == 0 and board.total.signed_projects == 0
