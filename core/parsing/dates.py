"""Chinese date expressions → date spans.

jionlp's ``parse_time`` / ``extract_time`` is the engine; the rules here patch what it gets wrong
or cannot parse (measured with jionlp 1.5.31):

* ``4.5`` / ``4.8-4.10`` (dotted month.day) → ValueError in jionlp; parsed here.
* ``5月``, ``十月``, ``本月``, ``下个月``, ``月底``, ``月初``, ``中旬`` (no month) → ValueError; parsed here.
* ``5月底`` → jionlp says 25th–31st, ``下月初`` → 1st–5th; here 底/末 = 21st–last, 初 = 1st–10th,
  like 上旬/中旬/下旬.
* ``8日至10日`` / ``4日至6日`` → a time *delta* in jionlp; ``4日`` alone → this month even when the
  sentence said ``12月1日…4日``; day-only dates are resolved here against the previous date.
* ``3日后`` → a nonsense span in jionlp (3rd of this month … now); ``N天/日后`` parsed here.
* ``12月30日至1月2日`` / ``明天至4月5日`` → end in the same year, before the start; rolled over.
* ``下周一至周三`` → end in *this* week; moved forward by weeks.
* ``周末`` → Sunday only; here Saturday–Sunday.
* a year-less date keeps today's year in jionlp; here the ``prefer_future`` policy picks the year.

Year policy for dates written without a year (``4月20日``, ``5月中旬``, ``第二季度``, ``国庆``):
with ``prefer_future=True`` (deadlines, trips) the earliest occurrence that ended no more than
``PAST_GRACE_DAYS`` (60) days before today — so "4月20日" said in November is next April, while a
deadline missed two weeks ago stays in the past (overdue). With ``prefer_future=False`` (reports of
what was done) the latest occurrence that starts no more than 60 days after today.
A day-only date (``8日``, ``20号``) is the first such day on/after the previous date in the same
text, or on/after today (``prefer_future``) / the last one on/before today (not ``prefer_future``).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

PAST_GRACE_DAYS = 60
"""A year-less date that passed more than this many days ago is taken as next year's."""

_BASE_HOUR = 9  # jionlp's time_base is today 09:00 (wall clock of the configured time zone)
_MASK = "#"
_PUNCT = frozenset(" \t\n,.;:!?，。；：！？、#")

# ---------------------------------------------------------------------------------------------
# shared helpers (also used by money / places / trip_text / progress_text)
# ---------------------------------------------------------------------------------------------

_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize_text(text: str) -> str:
    """Full-width ASCII → half-width (``４月５日，``→``4月5日,``); the length stays the same."""
    return text.translate(_WIDTH_TABLE)


# jionlp keeps state inside its parsers: one call at a time, whichever thread makes it.
JIO_LOCK = threading.RLock()


@functools.cache
def _load_jionlp() -> Any:
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

    return jionlp


def jio() -> Any:
    """jionlp, imported on first use (slow-ish, prints a banner) and cached per process.

    Call its functions only while holding JIO_LOCK.
    """
    with JIO_LOCK:
        return _load_jionlp()


CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM = r"[零〇一二两三四五六七八九十廿]{1,3}"
NUM = rf"(?:\d{{1,3}}|{CN_NUM})"


def small_int(text: str) -> int | None:
    """``"12"``, ``"十二"``, ``"二十一"``, ``"廿三"``, ``"两"`` → int (0–99); None if not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch not in "十廿" for ch in text):
        return None
    if "廿" in text:
        text = text.replace("廿", "二十")
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    if len(tens_text) > 1 or len(ones_text) > 1 or "十" in ones_text:
        return None
    tens = CN_DIGITS[tens_text] if tens_text else 1
    ones = CN_DIGITS[ones_text] if ones_text else 0
    return tens * 10 + ones


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateSpan:
    """An inclusive range of days (a single day has ``start == end``)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")

    @property
    def latest(self) -> dt.date:
        return self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def day(cls, day: dt.date) -> DateSpan:
        return cls(day, day)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text; offsets index the text as given (width-normalised)."""

    text: str
    start: int
    end: int
    span: DateSpan


# ---------------------------------------------------------------------------------------------
# calendar arithmetic
# ---------------------------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_span(year: int, month: int, part: str | None = None) -> DateSpan:
    last = _last_day(year, month)
    first_day, last_day = {
        "上旬": (1, 10),
        "初": (1, 10),
        "中旬": (11, 20),
        "中": (11, 20),
        "下旬": (21, last),
        "底": (21, last),
        "末": (21, last),
    }.get(part or "", (1, last))
    return DateSpan(dt.date(year, month, first_day), dt.date(year, month, last_day))


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _with_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# raw mentions: how to compute a span for a given reference day, and how to pick the reference
# ---------------------------------------------------------------------------------------------

Kind = Literal["fixed", "yearless", "day", "weekday"]
Builder = Callable[[dt.date], DateSpan | None]


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    kind: Kind
    build: Builder


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
            end = _with_year(end, end.year + 1)
    if end < start:
        return None
    if _BARE_WEEKDAY.fullmatch(piece.strip()) and prefer_future and start < today:
        start += dt.timedelta(days=7)
        end += dt.timedelta(days=7)
    return DateSpan(start, end)


# --- own rules -------------------------------------------------------------------------------

_SEP = r"\s*(?:至|到|-|~|—|－|–)\s*"

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

_DAY_ONLY = re.compile(
    rf"(?<![\d零〇一二三四五六七八九十廿月/.\-])(?P<d>\d{{1,2}}|{CN_NUM})\s*[日号]"
    rf"(?:{_SEP}(?P<d2>\d{{1,2}}|{CN_NUM})\s*[日号]?)?"
)
_DAY_ONLY_PIECE = re.compile(rf"{_DAY_ONLY.pattern}(?:左右|前后|之前|以前|前)?")


def _rel_days(match: re.Match[str], today: dt.date) -> _Raw | None:
    n = small_int(match["n"])
    if n is None:
        return None
    span = DateSpan.day(today + dt.timedelta(days=n))
    return _Raw(match.start(), match.end(), "fixed", lambda ref: span)


def _dotted(match: re.Match[str], today: dt.date) -> _Raw | None:
    m, d = int(match["m"]), int(match["d"])
    m2 = int(match["m2"]) if match["m2"] else m
    d2 = int(match["d2"]) if match["d2"] else None
    if not (1 <= m <= 12 and 1 <= m2 <= 12 and 1 <= d <= 31 and (d2 is None or 1 <= d2 <= 31)):
        return None
    year = int(match["y"]) if match["y"] else None

    def build(ref: dt.date) -> DateSpan | None:
        y = year if year is not None else ref.year
        start = _safe_date(y, m, d)
        end = _safe_date(y, m2, d2) if d2 is not None else start
        if start is None or end is None:
            return None
        if end < start:
            end = _with_year(end, y + 1)
        return DateSpan(start, end)

    if build(today) is None:
        return None
    return _Raw(match.start(), match.end(), "fixed" if year is not None else "yearless", build)


def _weekend(match: re.Match[str], today: dt.date) -> _Raw | None:
    weeks = {None: 0, "本": 0, "这": 0, "下": 1, "下下": 2, "上": -1}[match["p"]]
    saturday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=5 + 7 * weeks)
    span = DateSpan(saturday, saturday + dt.timedelta(days=1))
    return _Raw(match.start(), match.end(), "fixed", lambda ref: span)


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


def _month_part(match: re.Match[str], today: dt.date) -> _Raw | None:
    part = match["part"]
    if match["rel"] is not None:
        span = _month_span(*_add_months(today.year, today.month, _REL_MONTHS[match["rel"]]), part)
        return _Raw(match.start(), match.end(), "fixed", lambda ref: span)
    number = small_int(match["m"])
    if number is None or not 1 <= number <= 12:
        return None
    month: int = number
    if match["y"] is not None:
        fixed = _month_span(_explicit_year(match["y"], today), month, part)
        return _Raw(match.start(), match.end(), "fixed", lambda ref: fixed)
    return _Raw(match.start(), match.end(), "yearless", lambda ref: _month_span(ref.year, month, part))


def _bare_part(match: re.Match[str], today: dt.date, prefer_future: bool) -> _Raw | None:
    part = match["p1"] or match["p2"]
    span = _month_span(today.year, today.month, part)
    if prefer_future and span.end < today:
        span = _month_span(*_add_months(today.year, today.month, 1), part)
    return _Raw(match.start(), match.end(), "fixed", lambda ref: span)


def _day_only(match: re.Match[str], start: int, end: int) -> _Raw | None:
    d = small_int(match["d"])
    d2 = small_int(match["d2"]) if match["d2"] else None
    if d is None or not 1 <= d <= 31 or (d2 is not None and not 1 <= d2 <= 31):
        return None

    def build(ref: dt.date) -> DateSpan | None:
        first = _safe_date(ref.year, ref.month, d)
        if first is None:
            return None
        if d2 is None:
            return DateSpan.day(first)
        last = _safe_date(ref.year, ref.month, d2)
        if d2 < d or last is None:
            last = _safe_date(*_add_months(ref.year, ref.month, 1), d2)
        return DateSpan(first, last) if last is not None else None

    return _Raw(start, end, "day", build)


# ---------------------------------------------------------------------------------------------
# finding and resolving
# ---------------------------------------------------------------------------------------------


def _mask(text: str, raws: list[_Raw]) -> str:
    chars = list(text)
    for raw in raws:
        chars[raw.start : raw.end] = _MASK * (raw.end - raw.start)
    return "".join(chars)


def _own_rules(text: str, today: dt.date, prefer_future: bool) -> list[_Raw]:
    """Claim the expressions jionlp cannot parse, before jionlp sees the text."""
    raws: list[_Raw] = []
    rules: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Raw | None]]] = [
        (_REL_DAYS, lambda m: _rel_days(m, today)),
        (_DOTTED, lambda m: _dotted(m, today)),
        (_WEEKEND, lambda m: _weekend(m, today)),
        (_MONTH_PART, lambda m: _month_part(m, today)),
        (_BARE_PART, lambda m: _bare_part(m, today, prefer_future)),
    ]
    for pattern, handler in rules:
        masked = _mask(text, raws)
        for match in pattern.finditer(masked):
            raw = handler(match)
            if raw is not None:
                raws.append(raw)
    return raws


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
            text = text[: run.start()] + _MASK * (run.end() - run.start()) + text[run.end() :]
    return text


def _jionlp_rules(text: str, today: dt.date, prefer_future: bool, claimed: list[_Raw]) -> list[_Raw]:
    masked = _for_jionlp(_mask(text, claimed))
    if not re.search(r"[\d零〇一二两三四五六七八九十廿天周星礼月年节旬底初末季]", masked):
        return []
    try:
        with JIO_LOCK:
            entities = jio().ner.extract_time(masked, time_base=_base(today), with_parsing=False)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return []
    raws: list[_Raw] = []
    for entity in entities:
        start, end = entity["offset"]
        while start < end and masked[start] in _PUNCT:  # jionlp may take a leading ","
            start += 1
        while end > start and masked[end - 1] in _PUNCT:
            end -= 1
        piece = masked[start:end]
        if not piece or _MASK in piece:
            continue
        day_match = _DAY_ONLY_PIECE.fullmatch(piece)
        if day_match is not None and start > 0 and re.match(r"[\d月]", masked[start - 1]):
            continue  # the day of an impossible month date (2月30日, 13月5日)
        if day_match is not None:
            raw = _day_only(day_match, start, end)
        else:
            kind: Kind = "weekday" if _BARE_WEEKDAY.fullmatch(piece) else _classify(piece)
            raw = _Raw(start, end, kind, _jio_builder(piece, today, prefer_future))
        if raw is not None:
            raws.append(raw)
    return raws


def _jio_builder(piece: str, today: dt.date, prefer_future: bool) -> Builder:
    def build(ref: dt.date) -> DateSpan | None:
        return _jio_span(piece, ref, today, prefer_future)

    return build


def _leftover_days(text: str, claimed: list[_Raw]) -> list[_Raw]:
    masked = _mask(text, claimed)
    raws = [_day_only(m, m.start(), m.end()) for m in _DAY_ONLY.finditer(masked)]
    return [raw for raw in raws if raw is not None]


def _pick_yearless(
    raw: _Raw, today: dt.date, prefer_future: bool, previous: DateSpan | None
) -> DateSpan | None:
    candidates = [
        span
        for offset in (-1, 0, 1)
        if (span := raw.build(_with_year(today, today.year + offset))) is not None
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


def _pick_day(raw: _Raw, today: dt.date, prefer_future: bool, previous: DateSpan | None) -> DateSpan | None:
    anchor = previous.end if previous is not None else today
    candidates = [
        span
        for offset in (-1, 0, 1, 2)
        if (span := raw.build(dt.date(*_add_months(anchor.year, anchor.month, offset), 1))) is not None
    ]
    if not candidates:
        return None
    if previous is not None or prefer_future:
        floor = previous.start if previous is not None else today
        return next((c for c in candidates if c.start >= floor), None)
    return next((c for c in reversed(candidates) if c.start <= today), None)


def _resolve(raw: _Raw, today: dt.date, prefer_future: bool, previous: DateSpan | None) -> DateSpan | None:
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
    raws = _own_rules(text, today, prefer_future)
    raws += _jionlp_rules(text, today, prefer_future, raws)
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
        return _safe_date(int(iso[1]), int(iso[2]), int(iso[3]))
    return parse_deadline(text, today, prefer_future)
