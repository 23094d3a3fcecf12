"""Which reminder goes out on which working day: offsets, holidays and 调休 make-up days."""

from __future__ import annotations

import datetime as dt

import pytest

from core.projects import milestone_kind_of, reminder_offset, send_day
from core.workdays import WorkCalendar
from db.enums import MilestoneKind

D = dt.date
OFFSETS = (7, 3, 1, 0)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


def schedule(due: dt.date, cal: WorkCalendar, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """Day → offset the job sends, simulating a run on every working day, deduped by offset."""
    sent: dict[dt.date, int] = {}
    done: set[int] = set()
    for day in (start + dt.timedelta(days=n) for n in range((end - start).days + 1)):
        if not cal.is_workday(day):
            continue
        offset = reminder_offset(due, day, OFFSETS, cal)
        if offset is not None and offset not in done:
            done.add(offset)
            sent[day] = offset
    return sent


def test_plain_week(cal: WorkCalendar) -> None:
    # due Thursday 2026-11-26: T-7 Thu 11-19, T-3 Mon 11-23, T-1 Wed 11-25, T-0 Thu
    assert schedule(D(2026, 11, 26), cal, D(2026, 11, 1), D(2026, 11, 30)) == {
        D(2026, 11, 19): 7,
        D(2026, 11, 23): 3,
        D(2026, 11, 25): 1,
        D(2026, 11, 26): 0,
    }
    # T-1 on a Sunday goes out on Friday
    assert send_day(D(2026, 11, 30), 1, cal) == D(2026, 11, 27)


def test_national_day_and_make_up_saturday(cal: WorkCalendar) -> None:
    # due Tue 2026-10-13: T-7 = 10-06 (holiday) → 09-30; T-3 = Sat 10-10, a 调休 working day;
    # T-1 = Mon 10-12; T-0 = 10-13
    assert schedule(D(2026, 10, 13), cal, D(2026, 9, 15), D(2026, 10, 20)) == {
        D(2026, 9, 30): 7,
        D(2026, 10, 10): 3,
        D(2026, 10, 12): 1,
        D(2026, 10, 13): 0,
    }


def test_offsets_that_share_a_working_day_go_out_once(cal: WorkCalendar) -> None:
    # due Thu 2026-10-08: T-7, T-3 and T-1 all fall in the holiday → one reminder on 09-30
    assert schedule(D(2026, 10, 8), cal, D(2026, 9, 15), D(2026, 10, 9)) == {
        D(2026, 9, 30): 1,
        D(2026, 10, 8): 0,
    }


def test_a_late_import_gets_the_nearest_reminder_only(cal: WorkCalendar) -> None:
    assert reminder_offset(D(2026, 12, 3), D(2026, 12, 1), OFFSETS, cal) == 3  # T-7 is past: skipped
    assert reminder_offset(D(2026, 11, 30), D(2026, 12, 1), OFFSETS, cal) is None  # past due


@pytest.mark.parametrize(
    ("cell", "kind", "name"),
    [
        ("开工", MilestoneKind.START_CONSTRUCTION, ""),
        ("完成招投标", MilestoneKind.BIDDING_DONE, ""),
        ("bidding_done", MilestoneKind.BIDDING_DONE, ""),
        ("完成前期", MilestoneKind.PRELIMINARY_DONE, ""),
        ("签约", MilestoneKind.SIGNING, ""),
        ("Production", MilestoneKind.PRODUCTION, ""),
        ("环评批复", MilestoneKind.CUSTOM, "环评批复"),
    ],
)
def test_milestone_words(cell: str, kind: MilestoneKind, name: str) -> None:
    assert milestone_kind_of(cell) == (kind, name)
