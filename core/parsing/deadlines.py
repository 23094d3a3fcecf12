"""Deadlines: the last day of a date expression (``5月中旬`` → 20 May, ``5月底`` → 31 May), and
deadlines read from imported spreadsheet cells."""

from __future__ import annotations

import datetime as dt
import re

from core.parsing.chinese_text import normalize_text
from core.parsing.date_finding import parse_span
from core.parsing.date_spans import safe_date


def parse_deadline(text: str, today: dt.date, prefer_future: bool = True) -> dt.date | None:
    """A deadline: the last day of the expressed span (``5月中旬`` → 20 May, ``5月底`` → 31 May)."""
    span = parse_span(text, today, prefer_future)
    return span.latest if span is not None else None


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ISO_DATE = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)


def coerce_deadline(value: object, today: dt.date, prefer_future: bool = True) -> dt.date | None:
    """A deadline from an imported cell: ``date``/``datetime``, an ISO or Chinese date string,
    a free-text expression (``5月中旬``), or an Excel serial day number (20000–80000)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        serial = int(value)
        return _EXCEL_EPOCH + dt.timedelta(days=serial) if 20000 <= serial <= 80000 else None
    if not isinstance(value, str):
        return None
    text = normalize_text(value).strip()
    if not text:
        return None
    iso = _ISO_DATE.fullmatch(text)
    if iso is not None:
        return safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    return parse_deadline(text, today, prefer_future)
