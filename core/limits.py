"""Limits on what a person types or sends. Over a limit is refused with a clear answer (`Invalid` with a
text key that names the limit) and nothing is stored; an input is never cut silently.

The handlers check at the step where the person types, so they can send it again shorter; the use
cases check again before storing (a form's data can come from an older conversation state).
"""

from __future__ import annotations

from core.errors import Invalid

REPORT_TEXT = 2000  # a daily report's visits and outcome, each
REPORT_PHOTOS = 10  # photos of one daily report
TRIP_TARGETS = 500  # whom a trip leg visits
TRIP_PURPOSE = 500  # a trip's purpose
TRIP_SUMMARY = 2000  # the summary written on return (/back)
PROGRESS_TEXT = 2000  # a progress report's text, and each answer of the progress form
PROGRESS_PHOTOS = 10  # photos of one progress report
PLAN_FILE_BYTES = 10 * 1024 * 1024  # a project plan workbook sent for import
CORRECTION_REASON = 500  # why the office corrects a ledger figure


def check_text(text: str | None, limit: int) -> None:
    """Refuse a text longer than ``limit`` characters (after trimming the blanks around it)."""
    length = len((text or "").strip())
    if length > limit:
        raise Invalid("input.too_long", limit=limit, length=length)


def check_photos(count: int, limit: int) -> None:
    """Refuse more than ``limit`` photos."""
    if count > limit:
        raise Invalid("input.too_many_photos", limit=limit)
