"""Every case of the parsing corpus (tests/data/parsing): 132 trip lines and 89 progress replies in
real-world phrasing, with the parse expected relative to Wed 2026-11-25 (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.parsing_corpus import load, progress_fields, trip_fields

TRIPS = load("trips.jsonl")
PROGRESS = load("progress.jsonl")
FIELDS = ("legs", "purpose", "targets", "companions", "problems")


def test_the_corpus_is_as_large_as_promised() -> None:
    assert len(TRIPS) >= 120 and len(PROGRESS) >= 80
    assert len({c["text"] for c in TRIPS}) == len(TRIPS)


@pytest.mark.parametrize("case", TRIPS, ids=[c["text"] for c in TRIPS])
def test_trip_line(case: dict[str, Any]) -> None:
    assert trip_fields(case["text"]) == {key: case[key] for key in FIELDS}


@pytest.mark.parametrize("case", PROGRESS, ids=[f"{c['milestone']}:{c['text']}" for c in PROGRESS])
def test_progress_reply(case: dict[str, Any]) -> None:
    read = progress_fields(case["text"], case["milestone"])
    assert {**read.fields, "decision": read.decision} == {
        key: case[key] for key in (*read.fields, "decision")
    }


@pytest.mark.parametrize(
    ("milestone", "text"),
    [("用地手续", "用地预审已通过，正在办理土地出让手续…"), ("开工", "场地平整已完成，进度30%")],
)
def test_the_issues_false_completions_do_not_complete(milestone: str, text: str) -> None:
    assert progress_fields(text, milestone).decision != "done"
