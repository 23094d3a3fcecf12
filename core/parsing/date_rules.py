"""The date rules applied before jionlp: expressions jionlp cannot parse or gets wrong.

* ``明后两天`` / ``明后天`` / ``今明两天`` (two named days together),
* ``3日后`` (N days from today), ``4.5`` / ``4.8-4.10`` (dotted month.day), ``周末`` (Saturday–Sunday),
  ``5月`` / ``5月中旬`` / ``下个月底`` (a month or a part of it), ``月底`` / ``中旬`` (this month's part).
* day-only dates (``8日``, ``20号至22号``): built here, their month is chosen by ``date_finding``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from core.parsing.chinese_text import CN_NUM, NUM, mask_spans, small_int
from core.parsing.date_spans import DateSpan, RawDate, add_months, month_span, safe_date, with_year

_SEP = r"\s*(?:至|到|-|~|—|－|–)\s*"

# 明后两天 / 明后天 / 今明两天 / 后天大后天: two days named together (jionlp finds neither)
_TWO_DAYS = re.compile(r"(?P<a>今|明|大后|后)(?:天)?(?:和|、|或)?(?P<b>明|大后|后)(?:两|2|二)?天")
_DAY_OFFSET = {"今": 0, "明": 1, "后": 2, "大后": 3}

_REL_DAYS = re.compile(rf"(?P<n>{NUM})\s*个?\s*(?:天|日)\s*(?:后|之后|以后)")

_DOTTED = re.compile(
    rf"(?<![\d.])(?:(?P<y>\d{{4}})\.)?(?P<m>\d{{1,2}})\.(?P<d>\d{{1,2}})"
    rf"(?:{_SEP}(?:(?P<m2>\d{{1,2}})\.)?(?P<d2>\d{{1,2}}))?(?![\d.])"
    r"(?!\s*(?:亿|万|千|百|元|%|倍|个|米|公里|平|亩|吨|美元|分|级|星|公顷|户|人|次|小时|[kKmMbBgGtT]))"
)

_WEEKEND = re.compile(r"(?P<p>本|这|下下|下|上)?个?(?:周末|星期末|礼拜末)")

_MONTH_PART = re.compile(
    rf"(?:(?P<y>\d{{4}}|\d{{2}}|[今明去])年)?"
    rf"(?:(?P<rel>本|这个?|当|下下个?|下个?|上个?)月|(?P<m>\d{{1,2}}|{CN_NUM})\s*月份?)"
    rf"(?!\s*(?:\d|{CN_NUM}|号|日))"
    r"(?P<part>上旬|中旬|下旬|初|中|底|末)?"
)

_BARE_PART = re.compile(r"(?<![\d零〇一二三四五六七八九十])(?:月(?P<p1>初|中|底|末)|(?P<p2>上旬|中旬|下旬))")

DAY_ONLY = re.compile(
    rf"(?<![\d零〇一二三四五六七八九十廿月/.\-])(?P<d>\d{{1,2}}|{CN_NUM})\s*[日号]"
    rf"(?:{_SEP}(?P<d2>\d{{1,2}}|{CN_NUM})\s*[日号]?)?"
)
DAY_ONLY_PIECE = re.compile(rf"{DAY_ONLY.pattern}(?:左右|前后|之前|以前|前)?")


def _rel_days(match: re.Match[str], today: dt.date) -> RawDate | None:
    n = small_int(match["n"])
    if n is None:
        return None
    span = DateSpan.day(today + dt.timedelta(days=n))
    return RawDate(match.start(), match.end(), "fixed", lambda ref: span)


def _two_days(match: re.Match[str], today: dt.date) -> RawDate | None:
    first, last = _DAY_OFFSET[match["a"]], _DAY_OFFSET[match["b"]]
    if last <= first or (first == 0 and last == 2 and match.group().startswith("今后")):
        return None  # 今后 = from now on
    span = DateSpan(today + dt.timedelta(days=first), today + dt.timedelta(days=last))
    return RawDate(match.start(), match.end(), "fixed", lambda ref: span)


def _dotted(match: re.Match[str], today: dt.date) -> RawDate | None:
    m, d = int(match["m"]), int(match["d"])
    m2 = int(match["m2"]) if match["m2"] else m
    d2 = int(match["d2"]) if match["d2"] else None
    if not (1 <= m <= 12 and 1 <= m2 <= 12 and 1 <= d <= 31 and (d2 is None or 1 <= d2 <= 31)):
        return None
    year = int(match["y"]) if match["y"] else None

    def build(ref: dt.date) -> DateSpan | None:
        y = year if year is not None else ref.year
        start = safe_date(y, m, d)
        end = safe_date(y, m2, d2) if d2 is not None else start
        if start is None or end is None:
            return None
        if end < start:
            end = with_year(end, y + 1)
        return DateSpan(start, end)

    if build(today) is None:
        return None
    return RawDate(match.start(), match.end(), "fixed" if year is not None else "yearless", build)


def _weekend(match: re.Match[str], today: dt.date) -> RawDate | None:
    weeks = {None: 0, "本": 0, "这": 0, "下": 1, "下下": 2, "上": -1}[match["p"]]
    saturday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=5 + 7 * weeks)
    span = DateSpan(saturday, saturday + dt.timedelta(days=1))
    return RawDate(match.start(), match.end(), "fixed", lambda ref: span)


_REL_MONTHS: dict[str, int] = {
    "本": 0,
    "这": 0,
    "这个": 0,
    "当": 0,
    "下": 1,
    "下个": 1,
    "下下": 2,
    "下下个": 2,
    "上": -1,
    "上个": -1,
}


def _explicit_year(text: str, today: dt.date) -> int:
    if text.isdigit():
        return int(text) if len(text) == 4 else 2000 + int(text)
    return today.year + {"今": 0, "明": 1, "去": -1}[text]


def _month_part(match: re.Match[str], today: dt.date) -> RawDate | None:
    part = match["part"]
    if match["rel"] is not None:
        span = month_span(*add_months(today.year, today.month, _REL_MONTHS[match["rel"]]), part)
        return RawDate(match.start(), match.end(), "fixed", lambda ref: span)
    number = small_int(match["m"])
    if number is None or not 1 <= number <= 12:
        return None
    month: int = number
    if match["y"] is not None:
        fixed = month_span(_explicit_year(match["y"], today), month, part)
        return RawDate(match.start(), match.end(), "fixed", lambda ref: fixed)
    return RawDate(match.start(), match.end(), "yearless", lambda ref: month_span(ref.year, month, part))


def _bare_part(match: re.Match[str], today: dt.date, prefer_future: bool) -> RawDate | None:
    part = match["p1"] or match["p2"]
    span = month_span(today.year, today.month, part)
    if prefer_future and span.end < today:
        span = month_span(*add_months(today.year, today.month, 1), part)
    return RawDate(match.start(), match.end(), "fixed", lambda ref: span)


def day_only(match: re.Match[str], start: int, end: int) -> RawDate | None:
    d = small_int(match["d"])
    d2 = small_int(match["d2"]) if match["d2"] else None
    if d is None or not 1 <= d <= 31 or (d2 is not None and not 1 <= d2 <= 31):
        return None

    def build(ref: dt.date) -> DateSpan | None:
        first = safe_date(ref.year, ref.month, d)
        if first is None:
            return None
        if d2 is None:
            return DateSpan.day(first)
        last = safe_date(ref.year, ref.month, d2)
        if d2 < d or last is None:
            last = safe_date(*add_months(ref.year, ref.month, 1), d2)
        return DateSpan(first, last) if last is not None else None

    return RawDate(start, end, "day", build)


def mask_raws(text: str, raws: list[RawDate]) -> str:
    """``text`` with the expressions already claimed masked out."""
    return mask_spans(text, [(raw.start, raw.end) for raw in raws])


def own_rules(text: str, today: dt.date, prefer_future: bool) -> list[RawDate]:
    """Claim the expressions jionlp cannot parse, before jionlp sees the text."""
    raws: list[RawDate] = []
    rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], RawDate | None]]] = [
        (_TWO_DAYS, lambda m: _two_days(m, today)),
        (_REL_DAYS, lambda m: _rel_days(m, today)),
        (_DOTTED, lambda m: _dotted(m, today)),
        (_WEEKEND, lambda m: _weekend(m, today)),
        (_MONTH_PART, lambda m: _month_part(m, today)),
        (_BARE_PART, lambda m: _bare_part(m, today, prefer_future)),
    ]
    for pattern, handler in rules:
        masked = mask_raws(text, raws)
        for match in pattern.finditer(masked):
            raw = handler(match)
            if raw is not None:
                raws.append(raw)
    return raws
