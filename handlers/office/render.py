"""Small pieces of office texts: percentages, dates, gaps, sections, the scoreboard lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from core.office.scoreboard import GroupScore, Scoreboard
from handlers.shared.i18n import Safe, fmt_date, quote, t
from handlers.shared.render import money


def pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def full_date(day: Any) -> Safe:
    return t("office.full_date", year=day.year, date=fmt_date(day))


def gap_text(gap: Decimal | None) -> Safe:
    if gap is None:
        return Safe("")
    points = f"{abs(gap):.1f}"
    if gap > 0:
        return t("digest.gap.ahead", points=points)
    if gap < 0:
        return t("digest.gap.behind", points=points)
    return t("digest.gap.even")


def who(name: str, details: Iterable[str]) -> Safe:
    """张三（第一工作组、李四同行）: a name with its non-empty details (already rendered)."""
    shown = [d for d in details if d]
    return t("digest.who", name=name, details=Safe(t("digest.sep").join(shown))) if shown else quote(name)


def join_lines(lines: Iterable[str]) -> Safe:
    return Safe("\n".join(lines))


def section(title: Safe, count: Safe | None, lines: Sequence[str], more: int = 0) -> Safe:
    if not lines:
        return t("digest.empty", title=title)
    head = t("digest.counted", title=title, count=count) if count is not None else title
    if more > 0:
        lines = [*lines, t("digest.more", count=more)]
    return join_lines([head, *lines])


def score_line(board: Scoreboard, line: GroupScore, name: str) -> Safe:
    figures: dict[str, Any] = {
        "name": name,
        "signed": money(line.signed_wan),
        "projects": line.signed_projects,
        "landed": money(line.landed_wan),
        "funds": money(line.funds_wan),
    }
    if line.completion is None:
        return t("digest.score.line_no_target", **figures)
    return t(
        "digest.score.line",
        **figures,
        target=money(line.target_wan),
        completion=pct(line.completion),
        gap=gap_text(board.gap(line)),
        stretch=money(line.stretch_wan),
        stretch_completion=pct(line.stretch_completion),
    )


def score_lines(board: Scoreboard) -> list[Safe]:
    unassigned = t(
        "digest.score.unassigned" if board.dimension == "group" else f"office.status.none.{board.dimension}"
    )
    lines = [score_line(board, g, g.name or unassigned) for g in board.groups]
    if len(board.groups) != 1:  # several groups: their total; none yet: the campaign's figures anyway
        lines.append(score_line(board, board.total, t("digest.score.total")))
    return lines


def status_text(board: Scoreboard) -> Safe:
    title = t("office.status.title", date=board.as_of, elapsed=pct(board.elapsed))
    if board.dimension != "group":
        title = t(
            "office.status.by",
            by=t(f"office.status.dim.{board.dimension}"),
            date=board.as_of,
            elapsed=pct(board.elapsed),
        )
    if board.dimension != "group" and not board.groups:
        return join_lines([title, t("office.status.nothing")])
    return join_lines([title, *score_lines(board)])
