"""Finding every date in a text and choosing the year (or month) of those written without one.

See ``core.parsing.dates`` for the year policy.
"""

from __future__ import annotations

import datetime as dt

from core.parsing.chinese_text import normalize_text
from core.parsing.date_jionlp import jionlp_rules
from core.parsing.date_rules import DAY_ONLY, day_only, mask_raws, own_rules
from core.parsing.date_spans import DateMention, DateSpan, RawDate, add_months, with_year

PAST_GRACE_DAYS = 60
"""A year-less date that passed more than this many days ago is taken as next year's."""


def _leftover_days(text: str, claimed: list[RawDate]) -> list[RawDate]:
    masked = mask_raws(text, claimed)
    raws = [day_only(m, m.start(), m.end()) for m in DAY_ONLY.finditer(masked)]
    return [raw for raw in raws if raw is not None]


def _pick_yearless(
    raw: RawDate, today: dt.date, prefer_future: bool, previous: DateSpan | None
) -> DateSpan | None:
    candidates = [
        span
        for offset in (-1, 0, 1)
        if (span := raw.build(with_year(today, today.year + offset))) is not None
    ]
    if not candidates:
        return None
    if prefer_future:
        floor = today - dt.timedelta(days=PAST_GRACE_DAYS)
        if previous is not None:
            floor = max(floor, previous.start - dt.timedelta(days=30))
        return next((c for c in candidates if c.end >= floor), candidates[-1])
    ceiling = today + dt.timedelta(days=PAST_GRACE_DAYS)
    return next((c for c in reversed(candidates) if c.start <= ceiling), candidates[0])


def _pick_day(
    raw: RawDate, today: dt.date, prefer_future: bool, previous: DateSpan | None
) -> DateSpan | None:
    anchor = previous.end if previous is not None else today
    candidates = [
        span
        for offset in (-1, 0, 1, 2)
        if (span := raw.build(dt.date(*add_months(anchor.year, anchor.month, offset), 1))) is not None
    ]
    if not candidates:
        return None
    if previous is not None or prefer_future:
        floor = previous.start if previous is not None else today
        return next((c for c in candidates if c.start >= floor), None)
    return next((c for c in reversed(candidates) if c.start <= today), None)


def _resolve(raw: RawDate, today: dt.date, prefer_future: bool, previous: DateSpan | None) -> DateSpan | None:
    if raw.kind == "yearless":
        return _pick_yearless(raw, today, prefer_future, previous)
    if raw.kind == "day":
        return _pick_day(raw, today, prefer_future, previous)
    span = raw.build(today)
    if raw.kind == "weekday" and span is not None and previous is not None:
        # 下周二去西安，周四到成都: the bare 周四 is the one after the previous date
        while span.start < previous.start:
            span = DateSpan(span.start + dt.timedelta(days=7), span.end + dt.timedelta(days=7))
    return span


def find_dates(text: str, today: dt.date, prefer_future: bool = True) -> tuple[DateMention, ...]:
    """Every date expression in ``text``, in order, resolved against ``today``."""
    text = normalize_text(text)
    raws = own_rules(text, today, prefer_future)
    raws += jionlp_rules(text, today, prefer_future, raws)
    raws += _leftover_days(text, raws)
    mentions: list[DateMention] = []
    previous: DateSpan | None = None
    for raw in sorted(raws, key=lambda r: r.start):
        span = _resolve(raw, today, prefer_future, previous)
        if span is None:
            continue
        mentions.append(DateMention(text[raw.start : raw.end], raw.start, raw.end, span))
        previous = span
    return tuple(mentions)


def parse_span(text: str, today: dt.date, prefer_future: bool = True) -> DateSpan | None:
    """The first date expression in ``text`` as a span of days, or None."""
    mentions = find_dates(text, today, prefer_future)
    return mentions[0].span if mentions else None
