"""The date expressions left to jionlp (``extract_time`` finds them, ``parse_time`` spans them),
with its answers corrected (measured with jionlp 1.5.31):

* ``12月30日至1月2日`` / ``明天至4月5日`` → end in the same year, before the start; rolled over.
* ``下周一至周三`` → end in *this* week; moved forward by weeks.
* ``4月20日前`` → -inf or now … 20 April; here the span of 4月20日.
* a bare ``周一`` already past → next week's (``prefer_future``).
* a day-only piece (``4日``) → this month in jionlp; handed to the day-only rule instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from core.parsing.chinese_text import CN_NUM, MASK
from core.parsing.date_rules import DAY_ONLY_PIECE, day_only, mask_raws
from core.parsing.date_spans import Builder, DateSpan, Kind, RawDate, with_year
from core.parsing.jionlp_engine import JIO_LOCK, jio

_BASE_HOUR = 9  # jionlp's time_base is today 09:00 (wall clock of the configured time zone)
_PUNCT = frozenset(" \t\n,.;:!?，。；：！？、" + MASK)

_YEAR_EXPLICIT = re.compile(r"(?:\d{2,4}|[今明去前后]|[零〇一二三四五六七八九]{2,4})\s*年|\d{4}\s*[-/.]")
_RELATIVE = re.compile(
    r"[今明后昨前]天|大后天|[本这下上]个?(?:周|星期|礼拜|月)|天[后前]|[今明去]年|周[一二三四五六日天末]|星期|礼拜"
)
_YEARLESS = re.compile(
    rf"(?<!个)(?:\d{{1,2}}|{CN_NUM})\s*月|\d{{1,2}}\s*[/-]\s*\d{{1,2}}|季度|元旦|春节|除夕|元宵|清明|劳动节|五一|端午"
    r"|七夕|中秋|国庆|重阳|圣诞"
)
_BARE_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天]")
_WEEKDAY_RANGE_END = re.compile(r"(?:至|到|-|~|—)\s*(?:周|星期|礼拜)[一二三四五六日天]\s*$")


def _classify(piece: str) -> Kind:
    if _YEAR_EXPLICIT.search(piece) or _RELATIVE.search(piece):
        return "fixed"
    if _YEARLESS.search(piece):
        return "yearless"
    return "fixed"


def _base(ref: dt.date) -> dt.datetime:
    # a naive datetime: jionlp turns a float timestamp into a date with the *system* time zone
    return dt.datetime(ref.year, ref.month, ref.day, _BASE_HOUR, 0, 0)


def _jio_date(value: str) -> dt.date | None:
    if value in ("inf", "-inf"):
        return None
    return dt.date.fromisoformat(value[:10])


_BEFORE_SUFFIX = re.compile(r"(?<!天)(?:之前|以前|前)$")


def _jio_span(piece: str, ref: dt.date, today: dt.date, prefer_future: bool) -> DateSpan | None:
    # "4月20日前" is the span of 4月20日 (jionlp: -inf or now … 20 April, depending on today)
    core = _BEFORE_SUFFIX.sub("", piece) or piece
    try:
        with JIO_LOCK:
            result = jio().parse_time(core, time_base=_base(ref))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    if result.get("type") not in ("time_point", "time_span"):
        return None
    times = result.get("time")
    if not isinstance(times, list) or len(times) != 2 or not all(isinstance(t, str) for t in times):
        return None
    start, end = _jio_date(times[0]), _jio_date(times[1])
    if start is None and end is None:
        return None
    start = start or end
    end = end or start
    assert start is not None and end is not None
    if end < start and _WEEKDAY_RANGE_END.search(piece):
        while end < start:
            end += dt.timedelta(days=7)
    for _ in range(2):  # 12月30日至1月2日, 明天至4月5日: jionlp keeps the end in the start's year
        if end < start:
            end = with_year(end, end.year + 1)
    if end < start:
        return None
    if _BARE_WEEKDAY.fullmatch(piece.strip()) and prefer_future and start < today:
        start += dt.timedelta(days=7)
        end += dt.timedelta(days=7)
    return DateSpan(start, end)


# jionlp's candidate runs include "," "、" ";" and spaces; as full-width marks they end a run
_JIO_BREAKS = str.maketrans({",": "，", ";": "；", "、": "，", "!": "！", "?": "？"})
_MAX_RUN = 32  # jionlp grid-searches each run (~L² parse_time calls): longer runs are not dates


@functools.cache
def _time_run_pattern() -> re.Pattern[str]:
    jio()
    try:
        from jionlp.rule.rule_pattern import TIME_CHAR_STRING
    except ImportError:  # pragma: no cover - jionlp internals moved
        TIME_CHAR_STRING = r"[\d年月日号天周星期礼拜至到前后上下本这今明昨个半旬底初末季度点时分\-~—/.:：]+"
    return re.compile(TIME_CHAR_STRING)


def _for_jionlp(masked: str) -> str:
    text = masked.translate(_JIO_BREAKS)
    for run in _time_run_pattern().finditer(text):
        if run.end() - run.start() > _MAX_RUN:
            text = text[: run.start()] + MASK * (run.end() - run.start()) + text[run.end() :]
    return text


def jionlp_rules(text: str, today: dt.date, prefer_future: bool, claimed: list[RawDate]) -> list[RawDate]:
    # 明天前往 / 下周一前去 / 前期: the 前 is not a date ("before tomorrow", "an earlier period")
    masked = re.sub(r"前(?=往|去|来|赴|期)", MASK, _for_jionlp(mask_raws(text, claimed)))
    if not re.search(r"[\d零〇一二两三四五六七八九十廿天周星礼月年节旬底初末季]", masked):
        return []
    try:
        with JIO_LOCK:
            entities = jio().ner.extract_time(masked, time_base=_base(today), with_parsing=False)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return []
    raws: list[RawDate] = []
    for entity in entities:
        start, end = entity["offset"]
        while start < end and masked[start] in _PUNCT:  # jionlp may take a leading ","
            start += 1
        while end > start and masked[end - 1] in _PUNCT:
            end -= 1
        piece = masked[start:end]
        if not piece or MASK in piece:
            continue
        day_match = DAY_ONLY_PIECE.fullmatch(piece)
        if day_match is not None and start > 0 and re.match(r"[\d月]", masked[start - 1]):
            continue  # the day of an impossible month date (2月30日, 13月5日)
        if day_match is not None:
            raw = day_only(day_match, start, end)
        else:
            kind: Kind = "weekday" if _BARE_WEEKDAY.fullmatch(piece) else _classify(piece)
            raw = RawDate(start, end, kind, _jio_builder(piece, today, prefer_future))
        if raw is not None:
            raws.append(raw)
    return raws


def _jio_builder(piece: str, today: dt.date, prefer_future: bool) -> Builder:
    def build(ref: dt.date) -> DateSpan | None:
        return _jio_span(piece, ref, today, prefer_future)

    return build
