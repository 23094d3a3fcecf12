from __future__ import annotations

import datetime as dt

import pytest

from core.parsing.dates import (
    DateSpan,
    coerce_deadline,
    find_dates,
    normalize_text,
    parse_deadline,
    parse_span,
    small_int,
)

D = dt.date
WED = D(2026, 11, 25)  # a Wednesday
MARCH = D(2026, 3, 10)  # a Tuesday

NOVEMBER_CASES = [
    ("今天", D(2026, 11, 25), D(2026, 11, 25)),
    ("明天", D(2026, 11, 26), D(2026, 11, 26)),
    ("后天", D(2026, 11, 27), D(2026, 11, 27)),
    ("大后天", D(2026, 11, 28), D(2026, 11, 28)),
    ("下周三", D(2026, 12, 2), D(2026, 12, 2)),
    ("本周五", D(2026, 11, 27), D(2026, 11, 27)),
    ("这周五", D(2026, 11, 27), D(2026, 11, 27)),
    ("下下周一", D(2026, 12, 7), D(2026, 12, 7)),
    ("下星期三", D(2026, 12, 2), D(2026, 12, 2)),
    ("周一", D(2026, 11, 30), D(2026, 11, 30)),  # bare weekday already past → next one
    ("周末", D(2026, 11, 28), D(2026, 11, 29)),
    ("下周末", D(2026, 12, 5), D(2026, 12, 6)),
    ("4月5日", D(2027, 4, 5), D(2027, 4, 5)),  # passed > 60 days ago → next year
    ("4月5号", D(2027, 4, 5), D(2027, 4, 5)),
    ("4.5", D(2027, 4, 5), D(2027, 4, 5)),
    ("4/5", D(2027, 4, 5), D(2027, 4, 5)),
    ("四月五日", D(2027, 4, 5), D(2027, 4, 5)),
    ("2026年4月5日", D(2026, 4, 5), D(2026, 4, 5)),  # explicit year is kept
    ("2026-04-05", D(2026, 4, 5), D(2026, 4, 5)),
    ("11月20日", D(2026, 11, 20), D(2026, 11, 20)),  # 5 days overdue stays this year
    ("1月5日", D(2027, 1, 5), D(2027, 1, 5)),
    ("１２月８日", D(2026, 12, 8), D(2026, 12, 8)),  # full-width digits
    ("4月8日至10日", D(2027, 4, 8), D(2027, 4, 10)),
    ("4月8日-4月10日", D(2027, 4, 8), D(2027, 4, 10)),
    ("4月8日到12日", D(2027, 4, 8), D(2027, 4, 12)),
    ("4月8-10日", D(2027, 4, 8), D(2027, 4, 10)),
    ("4.8-4.10", D(2027, 4, 8), D(2027, 4, 10)),
    ("12月8日～12日", D(2026, 12, 8), D(2026, 12, 12)),
    ("8日至10日", D(2026, 12, 8), D(2026, 12, 10)),  # day only, already past this month
    ("30日至2日", D(2026, 11, 30), D(2026, 12, 2)),
    ("12月30日至1月2日", D(2026, 12, 30), D(2027, 1, 2)),  # year rollover
    ("明天至4月5日", D(2026, 11, 26), D(2027, 4, 5)),
    ("下周一至周三", D(2026, 11, 30), D(2026, 12, 2)),
    ("下周三到周五", D(2026, 12, 2), D(2026, 12, 4)),
    ("5月中旬", D(2027, 5, 11), D(2027, 5, 20)),
    ("5月上旬", D(2027, 5, 1), D(2027, 5, 10)),
    ("5月下旬", D(2027, 5, 21), D(2027, 5, 31)),
    ("5月底", D(2027, 5, 21), D(2027, 5, 31)),
    ("12月底", D(2026, 12, 21), D(2026, 12, 31)),
    ("2月底", D(2027, 2, 21), D(2027, 2, 28)),
    ("月底", D(2026, 11, 21), D(2026, 11, 30)),
    ("本月底", D(2026, 11, 21), D(2026, 11, 30)),
    ("月初", D(2026, 12, 1), D(2026, 12, 10)),  # this month's 月初 is over → next month
    ("下月初", D(2026, 12, 1), D(2026, 12, 10)),
    ("中旬", D(2026, 12, 11), D(2026, 12, 20)),
    ("5月", D(2027, 5, 1), D(2027, 5, 31)),
    ("十二月", D(2026, 12, 1), D(2026, 12, 31)),
    ("下个月", D(2026, 12, 1), D(2026, 12, 31)),
    ("下下个月", D(2027, 1, 1), D(2027, 1, 31)),
    ("明年3月", D(2027, 3, 1), D(2027, 3, 31)),
    ("2027年5月中旬", D(2027, 5, 11), D(2027, 5, 20)),
    ("年底", D(2026, 11, 1), D(2026, 12, 31)),
    ("第二季度", D(2027, 4, 1), D(2027, 6, 30)),
    ("第四季度", D(2026, 10, 1), D(2026, 12, 31)),
    ("三天后", D(2026, 11, 28), D(2026, 11, 28)),
    ("3日后", D(2026, 11, 28), D(2026, 11, 28)),
    ("4月20日前", D(2027, 4, 20), D(2027, 4, 20)),
    ("20号左右", D(2026, 12, 20), D(2026, 12, 20)),
]


@pytest.mark.parametrize(("text", "start", "end"), NOVEMBER_CASES)
def test_parse_span_in_november(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_span(text, WED) == DateSpan(start, end)


MARCH_CASES = [
    ("4月20日", D(2026, 4, 20), D(2026, 4, 20)),
    ("5月中旬", D(2026, 5, 11), D(2026, 5, 20)),
    ("5月底", D(2026, 5, 21), D(2026, 5, 31)),
    ("5月1日前", D(2026, 5, 1), D(2026, 5, 1)),
    ("3月1日", D(2026, 3, 1), D(2026, 3, 1)),  # 9 days overdue: same year
    ("1月5日", D(2027, 1, 5), D(2027, 1, 5)),  # 64 days ago: next year
    ("第二季度", D(2026, 4, 1), D(2026, 6, 30)),
    ("月底", D(2026, 3, 21), D(2026, 3, 31)),
    ("31日", D(2026, 3, 31), D(2026, 3, 31)),
    ("本周五", D(2026, 3, 13), D(2026, 3, 13)),
]


@pytest.mark.parametrize(("text", "start", "end"), MARCH_CASES)
def test_parse_span_in_march_keeps_spring_deadlines_this_year(
    text: str, start: dt.date, end: dt.date
) -> None:
    assert parse_span(text, MARCH) == DateSpan(start, end)


@pytest.mark.parametrize(
    ("text", "today", "deadline"),
    [
        ("5月中旬", MARCH, D(2026, 5, 20)),
        ("5月底", MARCH, D(2026, 5, 31)),
        ("5月中旬前完成招投标", MARCH, D(2026, 5, 20)),
        ("4月20日前", MARCH, D(2026, 4, 20)),
        ("5月1日前集中开工", MARCH, D(2026, 5, 1)),
        ("4月20日", WED, D(2027, 4, 20)),
        ("年底前", WED, D(2026, 12, 31)),
        ("月底", WED, D(2026, 11, 30)),
        ("第二季度", MARCH, D(2026, 6, 30)),
    ],
)
def test_parse_deadline_is_the_last_day(text: str, today: dt.date, deadline: dt.date) -> None:
    assert parse_deadline(text, today) == deadline


def test_prefer_future_false_reads_year_less_dates_as_past() -> None:
    assert parse_span("4月18日", WED, prefer_future=False) == DateSpan.day(D(2026, 4, 18))
    assert parse_span("12月28日", D(2027, 1, 5), prefer_future=False) == DateSpan.day(D(2026, 12, 28))
    assert parse_span("8日", WED, prefer_future=False) == DateSpan.day(D(2026, 11, 8))
    # the same with prefer_future: next occurrence
    assert parse_span("4月18日", WED) == DateSpan.day(D(2027, 4, 18))
    assert parse_span("8日", WED) == DateSpan.day(D(2026, 12, 8))


def test_range_around_new_year_seen_from_january() -> None:
    assert parse_span("12月30日至1月2日", D(2027, 1, 1)) == DateSpan(D(2026, 12, 30), D(2027, 1, 2))


@pytest.mark.parametrize("text", ["", "你好", "完成招投标", "到位资金3.5亿", "完成60%", "拜访华为"])
def test_no_date(text: str) -> None:
    assert parse_span(text, WED) is None
    assert parse_deadline(text, WED) is None


def test_find_dates_in_a_sentence_with_offsets() -> None:
    text = "12月1日到3日在北京，4日至6日在天津"
    mentions = find_dates(text, WED)
    assert [(m.text, m.start, m.end) for m in mentions] == [("12月1日到3日", 0, 8), ("4日至6日", 12, 17)]
    assert [m.span for m in mentions] == [
        DateSpan(D(2026, 12, 1), D(2026, 12, 3)),
        DateSpan(D(2026, 12, 4), D(2026, 12, 6)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天去深圳，5号返回", [D(2026, 11, 26), D(2026, 12, 5)]),  # 5号 after 明天 → December
        ("12月1日去北京，4日返回", [D(2026, 12, 1), D(2026, 12, 4)]),  # jionlp alone says 4 November
        ("12月30日去北京，1月2日返回", [D(2026, 12, 30), D(2027, 1, 2)]),
        ("下周二去西安，周四到成都，周五返回", [D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 4)]),
        ("4.5-4.7去西安，3.5亿元的项目", [D(2027, 4, 5)]),  # 3.5亿 is money, not 5 March
    ],
)
def test_later_dates_follow_earlier_ones(text: str, expected: list[dt.date]) -> None:
    assert [m.span.start for m in find_dates(text, WED)] == expected


def test_span_properties() -> None:
    span = DateSpan(D(2026, 5, 11), D(2026, 5, 20))
    assert span.latest == D(2026, 5, 20)
    assert span.days == 10
    assert DateSpan.day(D(2026, 1, 1)).days == 1
    with pytest.raises(ValueError):
        DateSpan(D(2026, 5, 2), D(2026, 5, 1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2026, 4, 20), D(2026, 4, 20)),
        (dt.datetime(2026, 4, 20, 0, 0), D(2026, 4, 20)),
        ("2026-04-20", D(2026, 4, 20)),
        ("2026/4/20", D(2026, 4, 20)),
        ("2026年4月20日", D(2026, 4, 20)),
        ("2026-04-20 00:00:00", D(2026, 4, 20)),
        ("5月中旬", D(2026, 5, 20)),
        (46132, D(2026, 4, 20)),  # an Excel serial day number
        (46132.0, D(2026, 4, 20)),
        (None, None),
        ("", None),
        ("  ", None),
        (True, None),
        (3.5, None),
        (12, None),
        ("待定", None),
    ],
)
def test_coerce_deadline(value: object, expected: dt.date | None) -> None:
    assert coerce_deadline(value, MARCH) == expected


def test_helpers() -> None:
    assert normalize_text("４月５日，（周六）") == "4月5日,(周六)"
    assert [small_int(t) for t in ("12", "十二", "二十一", "廿三", "两", "十", "三十一", "x", "")] == [
        12,
        12,
        21,
        23,
        2,
        10,
        31,
        None,
        None,
    ]
