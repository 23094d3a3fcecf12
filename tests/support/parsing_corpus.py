"""The parsing corpus (tests/data/parsing/*.jsonl): real-world trip lines and progress replies,
each with the parse expected relative to a fixed day, read the way the bot reads them.

Used by tests/unit/test_parsing_corpus.py (every case must hold) and by
``python -m benchmarks.parsing`` (accuracy per field, false milestone completions, timing).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.parsing.progress_text import parse_progress
from core.parsing.trip_text import parse_trip
from core.progress.reading import read_milestones
from core.projects import milestone_kind_of
from db.models import Milestone

DATA = Path(__file__).resolve().parent.parent / "data" / "parsing"
TODAY = dt.date(2026, 11, 25)  # a Wednesday: every date in the corpus is relative to it
KNOWN_PEOPLE = ("李四", "王五", "赵六", "张三")


def load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def trip_fields(text: str, today: dt.date = TODAY) -> dict[str, Any]:
    """A trip line as the corpus records it: legs (place label, first and last day), purpose,
    visit targets, companions, problems."""
    parsed = parse_trip(text, today, KNOWN_PEOPLE)
    return {
        "legs": [
            [
                leg.place.label if leg.place else None,
                leg.start.isoformat() if leg.start else None,
                leg.end.isoformat() if leg.end else None,
            ]
            for leg in parsed.legs
        ],
        "purpose": parsed.purpose,
        "targets": list(parsed.targets),
        "companions": list(parsed.companions),
        "problems": sorted(parsed.problems),
    }


def _milestone(name: str) -> Milestone:
    kind, custom = milestone_kind_of(name)
    return Milestone(id=1, project_id=1, kind=kind, name=custom, due_date=TODAY)


@dataclass(frozen=True)
class ProgressRead:
    fields: dict[str, Any]
    decision: str  # done / ask / none: what the reminded milestone becomes


def progress_fields(text: str, milestone: str, today: dt.date = TODAY) -> ProgressRead:
    """A progress reply to a reminder about ``milestone``, as the corpus records it."""
    parsed = parse_progress(text, today)
    reminded = _milestone(milestone)
    reading = read_milestones([reminded], parsed.done, reminded.id)
    decision = "done" if reading.done is not None else "ask" if reading.ask is not None else "none"

    def money(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return ProgressRead(
        {
            "percent": parsed.percent,
            "funds_wan": money(parsed.funds_arrived_wan),
            "completed_wan": money(parsed.completed_total_wan),
            "stage": parsed.stage.value if parsed.stage else None,
            "problems": list(parsed.problems),
            "questions": [code for code, _ in parsed.questions],
        },
        decision,
    )
