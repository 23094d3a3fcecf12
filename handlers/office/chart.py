"""The digest chart (the scoreboard drawn as a photo): its labels and caption in the reader's language."""

from __future__ import annotations

import functools
import html

from core.office.charts import ChartLabels, render_scoreboard_chart
from core.office.scoreboard import Scoreboard
from handlers.shared.i18n import current_locale, t
from handlers.shared.notifications import Attachment


def chart_labels(locale: str) -> ChartLabels:
    return ChartLabels(
        **{
            f: html.unescape(t(f"chart.{f}", locale))
            for f in ("title", "target", "stretch", "signed", "landed", "schedule", "axis", "unassigned")
        }
    )


@functools.lru_cache(maxsize=32)
def _chart_png(board_json: str, locale: str) -> bytes:
    board = Scoreboard.model_validate_json(board_json)
    return render_scoreboard_chart(board, chart_labels(locale), chart_labels("en")).png


def chart_attachment(board: Scoreboard) -> Attachment:
    """The scoreboard chart as a photo; drawn once per distinct scoreboard and language (cached)."""
    return Attachment(_chart_png(board.model_dump_json(), current_locale()), t("chart.file"), kind="photo")
