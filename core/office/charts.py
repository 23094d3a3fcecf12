"""The scoreboard chart: target vs signed / landed investment per work group, with the time schedule.

matplotlib with the Agg backend and the object API (``Figure``, no pyplot state), so it is safe in
a worker thread. Chinese labels need a CJK font: the first installed one matplotlib knows is used
(Noto Sans CJK, WenQuanYi, Source Han, …; Debian: ``apt-get install fonts-noto-cjk``). Without one,
the chart falls back to labels that render in any font (``第一工作组`` → ``Group 1``) and logs a
warning once, instead of drawing empty boxes.

Rendering takes about 30–80 ms (tests/unit/test_office_charts.py, benchmarks/digest.py), so the digest's
chart is drawn at send time by the renderer, and only once per distinct scoreboard (cached).
"""

from __future__ import annotations

import contextlib
import functools
import glob
import io
import logging
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.office.scoreboard import Scoreboard
from core.vocabulary import wan_to_yi

log = logging.getLogger(__name__)

_KNOWN_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
_CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_GROUP_NAME = re.compile(r"^第([一二三四五六七八九十]{1,2})工作组$")
_SAMPLE = "中文工作组"
_DRAWING = threading.Lock()


@dataclass(frozen=True)
class ChartLabels:
    title: str
    target: str
    stretch: str
    signed: str
    landed: str
    schedule: str
    axis: str  # the value axis, e.g. 亿元
    unassigned: str


@dataclass(frozen=True)
class Bars:
    """What is plotted, in 亿元, one entry per work group (tests check these numbers)."""

    names: tuple[str, ...]
    target: tuple[float, ...]
    stretch: tuple[float, ...]
    signed: tuple[float, ...]
    landed: tuple[float, ...]
    schedule: tuple[float, ...]  # target × time schedule: where a group "should" be by now


@dataclass(frozen=True)
class Chart:
    png: bytes
    bars: Bars
    font: str | None  # the CJK font used, None when the fallback labels were drawn
    labels: ChartLabels


def _yi(value: Decimal) -> float:
    return float(wan_to_yi(value))


def scoreboard_bars(board: Scoreboard, unassigned: str) -> Bars:
    lines = [g for g in board.groups if g.name is not None or g.signed_wan or g.landed_wan]
    share = board.elapsed / 100
    return Bars(
        names=tuple(g.name or unassigned for g in lines),
        target=tuple(_yi(g.target_wan) for g in lines),
        stretch=tuple(_yi(g.stretch_wan) for g in lines),
        signed=tuple(_yi(g.signed_wan) for g in lines),
        landed=tuple(_yi(g.landed_wan) for g in lines),
        schedule=tuple(_yi(g.target_wan * share) for g in lines),
    )


# Where Debian's CJK font packages put their files. matplotlib caches its font list the first
# time it runs, so a font installed later is added by path.
_SYSTEM_CJK_FONT_GLOBS = (
    "/usr/share/fonts/truetype/wqy/*.tt[cf]",
    "/usr/share/fonts/opentype/noto/NotoSansCJK*.tt[cf]",
    "/usr/share/fonts/truetype/droid/DroidSansFallback*.ttf",
)


def _add_system_cjk_fonts(font_manager: Any) -> None:
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for pattern in _SYSTEM_CJK_FONT_GLOBS:
        for path in sorted(glob.glob(pattern)):
            if path not in known:
                with contextlib.suppress(Exception):  # an unreadable file is simply not used
                    font_manager.fontManager.addfont(path)


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed font that has Chinese glyphs, or None."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    _add_system_cjk_fonts(font_manager)
    fonts = font_manager.fontManager.ttflist
    by_name = {f.name: f for f in fonts}
    for family in _KNOWN_CJK_FAMILIES:
        if family in by_name:
            return family
    for entry in fonts:
        # "Last Resort" maps every code point to a box: it "has" Chinese but shows none
        if entry.name.startswith(("DejaVu", "STIX", "cm")) or "Last Resort" in entry.name:
            continue
        try:
            charmap = FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError):
            continue
        if all(ord(ch) in charmap for ch in _SAMPLE):
            return str(entry.name)
    log.warning(
        "no CJK font installed: charts use Latin labels (install fonts-noto-cjk or fonts-wqy-microhei)"
    )
    return None


def latin_name(name: str, index: int) -> str:
    """A label any font renders: 第三工作组 → Group 3; ASCII names as they are; else G<n>."""
    if name.isascii():
        return name
    match = _GROUP_NAME.match(name)
    if match:
        text = match.group(1)
        if text in _CN_NUMERALS:
            return f"Group {_CN_NUMERALS[text]}"
        if text.startswith("十"):
            return f"Group {10 + _CN_NUMERALS.get(text[1:], 0)}"
    return f"G{index + 1}"


def _renderable(labels: ChartLabels, names: tuple[str, ...]) -> bool:
    texts = [*names, *(getattr(labels, f) for f in labels.__dataclass_fields__)]
    return all(t.isascii() for t in texts)


def render_scoreboard_chart(board: Scoreboard, labels: ChartLabels, fallback: ChartLabels) -> Chart:
    """The chart as PNG bytes; with `fallback` (ASCII) labels when no CJK font is installed."""
    bars = scoreboard_bars(board, labels.unassigned)
    font = cjk_font()
    if font is None and not _renderable(labels, bars.names):
        labels = fallback
        bars = Bars(
            tuple(latin_name(n, i) for i, n in enumerate(bars.names)),
            bars.target,
            bars.stretch,
            bars.signed,
            bars.landed,
            bars.schedule,
        )
    png = _draw(bars, labels, font, f"{board.elapsed}%")
    return Chart(png=png, bars=bars, font=font, labels=labels)


def _draw(bars: Bars, labels: ChartLabels, font: str | None, elapsed: str) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    text = FontProperties(family=[font, "DejaVu Sans"] if font else ["DejaVu Sans"])
    small = text.copy()
    small.set_size(8)
    with _DRAWING:  # matplotlib's font cache is shared; one chart at a time
        figure = Figure(figsize=(8, 4.5), dpi=100)
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        xs = list(range(len(bars.names)))
        width = 0.26
        ax.bar(
            [x - width for x in xs],
            bars.target,
            width,
            label=labels.target,
            color="#d9d9d9",
            edgecolor="#8c8c8c",
        )
        ax.bar(xs, bars.signed, width, label=labels.signed, color="#2f6db5")
        ax.bar([x + width for x in xs], bars.landed, width, label=labels.landed, color="#3a9d5d")
        for i, x in enumerate(xs):
            ax.hlines(
                bars.schedule[i],
                x - 1.5 * width,
                x + 1.5 * width,
                colors="#d62728",
                linewidth=2,
                label=f"{labels.schedule} {elapsed}" if i == 0 else "_nolegend_",
            )
            ax.hlines(
                bars.stretch[i],
                x - 1.5 * width,
                x - 0.5 * width,
                colors="#595959",
                linestyles="dashed",
                linewidth=1.2,
                label=labels.stretch if i == 0 else "_nolegend_",
            )
        ax.set_xticks(xs, list(bars.names), fontproperties=text)
        ax.set_ylabel(labels.axis, fontproperties=text)
        ax.set_title(labels.title, fontproperties=text)
        ax.legend(loc="upper right", prop=small, framealpha=0.9)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        top = max([*bars.target, *bars.stretch, *bars.signed, *bars.landed, 1.0])
        ax.set_ylim(0, top * 1.25)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
    return out.getvalue()
