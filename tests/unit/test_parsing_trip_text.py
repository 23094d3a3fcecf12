from __future__ import annotations

import datetime as dt

import pytest

from core.parsing.places import Place
from core.parsing.trip_text import LegParse, TripParse, parse_trip

D = dt.date
WED = D(2026, 11, 25)  # a Wednesday
KNOWN = ("李四", "王五", "张三", "赵六")

SZ = Place("广东省", "深圳市", None)
SZ_NS = Place("广东省", "深圳市", "南山区")
GZ = Place("广东省", "广州市", None)
SH_PD = Place("上海市", "上海市", "浦东新区")
SH = Place("上海市", "上海市", None)
CD = Place("四川省", "成都市", None)
BJ = Place("北京市", "北京市", None)
BJ_HD = Place("北京市", "北京市", "海淀区")
TJ = Place("天津市", "天津市", None)
HZ = Place("浙江省", "杭州市", None)
NB = Place("浙江省", "宁波市", None)
XA = Place("陕西省", "西安市", None)
NJ = Place("江苏省", "南京市", None)
HF = Place("安徽省", "合肥市", None)
WH = Place("湖北省", "武汉市", None)
GY = Place("贵州省", "贵阳市", None)
CS = Place("湖南省", "长沙市", None)
XM = Place("福建省", "厦门市", None)
CQ = Place("重庆市", "重庆市", None)
SUZ_SIP = Place("江苏省", "苏州市", "苏州工业园区")


def leg(place: Place | None, start: dt.date | None, end: dt.date | None, *targets: str) -> LegParse:
    return LegParse(place, start, end, targets)


CASES: list[tuple[str, dt.date, TripParse]] = [
    (
        "明天去深圳拜访华为和比亚迪,4月5日返回",
        D(2026, 4, 1),
        TripParse(legs=(leg(SZ, D(2026, 4, 2), D(2026, 4, 5), "华为", "比亚迪"),)),
    ),
    (
        "4月8日至10日赴上海浦东参加推介会，同行李四",
        D(2026, 4, 1),
        TripParse(
            legs=(leg(SH_PD, D(2026, 4, 8), D(2026, 4, 10)),), purpose="参加推介会", companions=("李四",)
        ),
    ),
    (
        "下周三去成都拜访京东方，后天返回",
        WED,
        TripParse(legs=(leg(CD, D(2026, 12, 2), D(2026, 11, 27), "京东方"),), problems=("end_before_start",)),
    ),
    (
        "12月1日到3日在北京，4日至6日在天津",
        WED,
        TripParse(legs=(leg(BJ, D(2026, 12, 1), D(2026, 12, 3)), leg(TJ, D(2026, 12, 4), D(2026, 12, 6)))),
    ),
    (
        "12月1日到3日在北京；4日至6日在天津；7日返回",
        WED,
        TripParse(legs=(leg(BJ, D(2026, 12, 1), D(2026, 12, 3)), leg(TJ, D(2026, 12, 4), D(2026, 12, 7)))),
    ),
    (
        "后天到杭州考察阿里巴巴，待3天",
        WED,
        TripParse(legs=(leg(HZ, D(2026, 11, 27), D(2026, 11, 29), "阿里巴巴"),)),
    ),
    (
        "本周五赴广州参加广交会",
        WED,
        TripParse(legs=(leg(GZ, D(2026, 11, 27), D(2026, 11, 27)),), purpose="参加广交会"),
    ),
    (
        "明天去深圳南山拜访腾讯、大疆及比亚迪等企业",
        WED,
        TripParse(legs=(leg(SZ_NS, D(2026, 11, 26), D(2026, 11, 26), "腾讯", "大疆", "比亚迪"),)),
    ),
    (
        "明天去深圳，后天去广州；周五返回",
        WED,
        TripParse(
            legs=(leg(SZ, D(2026, 11, 26), D(2026, 11, 26)), leg(GZ, D(2026, 11, 27), D(2026, 11, 27)))
        ),
    ),
    (
        "下周二赴西安高新区洽谈项目；周四到成都拜访京东方；周五返回",
        WED,
        TripParse(
            legs=(leg(XA, D(2026, 12, 1), D(2026, 12, 2)), leg(CD, D(2026, 12, 3), D(2026, 12, 4), "京东方")),
            purpose="洽谈项目",
        ),
    ),
    (
        "12月3日-5日赴南京参加招商推介会;同行:李四,王五",
        WED,
        TripParse(
            legs=(leg(NJ, D(2026, 12, 3), D(2026, 12, 5)),),
            purpose="参加招商推介会",
            companions=("李四", "王五"),
        ),
    ),
    (
        "12月10日至12日在武汉光谷考察，随行人员张建华",
        WED,
        TripParse(legs=(leg(WH, D(2026, 12, 10), D(2026, 12, 12)),), unknown_companions=("张建华",)),
    ),
    (
        "12月8日-12日 南京招商，同行：刘建国、王五",
        WED,
        TripParse(
            legs=(leg(NJ, D(2026, 12, 8), D(2026, 12, 12)),),
            purpose="招商",
            companions=("王五",),
            unknown_companions=("刘建国",),
        ),
    ),
    (
        "下周三去成都拜访京东方、通威及新希望，周五回来",
        WED,
        TripParse(legs=(leg(CD, D(2026, 12, 2), D(2026, 12, 4), "京东方", "通威", "新希望"),)),
    ),
    (
        "明天至后天在西安高新区拜访隆基绿能",
        WED,
        TripParse(legs=(leg(XA, D(2026, 11, 26), D(2026, 11, 27), "隆基绿能"),)),
    ),
    (
        "12月2日出发去合肥，拜访蔚来汽车和京东方，12月4日返回",
        WED,
        TripParse(legs=(leg(HF, D(2026, 12, 2), D(2026, 12, 4), "蔚来汽车", "京东方"),)),
    ),
    (
        "下下周一去北京海淀拜访字节跳动、百度，下下周三返回",
        WED,
        TripParse(legs=(leg(BJ_HD, D(2026, 12, 7), D(2026, 12, 9), "字节跳动", "百度"),)),
    ),
    (
        "本周五赴广州参加广交会，带赵六一起",  # 六一 is not Children's Day here
        WED,
        TripParse(
            legs=(leg(GZ, D(2026, 11, 27), D(2026, 11, 27)),), purpose="参加广交会", companions=("赵六",)
        ),
    ),
    (
        "与张三一起去合肥拜访蔚来，下周一返回",
        WED,
        TripParse(
            legs=(leg(HF, None, D(2026, 11, 30), "蔚来"),), companions=("张三",), problems=("no_start",)
        ),
    ),
    (
        "后天去宁波拜访吉利；大后天转赴杭州调研阿里巴巴，待2天",
        WED,
        TripParse(
            legs=(
                leg(NB, D(2026, 11, 27), D(2026, 11, 27), "吉利"),
                leg(HZ, D(2026, 11, 28), D(2026, 11, 29)),
            ),
            purpose="调研阿里巴巴",
        ),
    ),
    (
        "明天出发去上海，为期一周",
        WED,
        TripParse(legs=(leg(SH, D(2026, 11, 26), D(2026, 12, 2)),)),
    ),
    (
        "明天上午去贵阳拜访贵州茅台",  # the company's place name is not the destination
        WED,
        TripParse(legs=(leg(GY, D(2026, 11, 26), D(2026, 11, 26), "贵州茅台"),)),
    ),
    (
        "去长沙拜访三一重工 明天",
        WED,
        TripParse(legs=(leg(CS, D(2026, 11, 26), D(2026, 11, 26), "三一重工"),)),
    ),
    (
        "12月30日至1月2日赴厦门参加投资洽谈会",
        WED,
        TripParse(legs=(leg(XM, D(2026, 12, 30), D(2027, 1, 2)),), purpose="参加投资洽谈会"),
    ),
    (
        "明天出发，去重庆两江新区考察长安汽车，为期三天",
        WED,
        TripParse(legs=(leg(CQ, D(2026, 11, 26), D(2026, 11, 28), "长安汽车"),)),
    ),
    (
        "下周一赴苏州工业园区对接博世；下周三返回",
        WED,
        TripParse(legs=(leg(SUZ_SIP, D(2026, 11, 30), D(2026, 12, 2), "博世"),)),
    ),
    (
        "4.5-4.7去西安拜访隆基",
        D(2026, 3, 20),
        TripParse(legs=(leg(XA, D(2026, 4, 5), D(2026, 4, 7), "隆基"),)),
    ),
    (
        "和李四一起明天去宁波拜访吉利，后天去杭州，周五返回",
        WED,
        TripParse(
            legs=(
                leg(NB, D(2026, 11, 26), D(2026, 11, 26), "吉利"),
                leg(HZ, D(2026, 11, 27), D(2026, 11, 27)),
            ),
            companions=("李四",),
        ),
    ),
    ("去北京", WED, TripParse(legs=(leg(BJ, None, None),), problems=("no_dates",))),
    ("拜访华为", WED, TripParse(legs=(leg(None, None, None, "华为"),), problems=("no_place", "no_dates"))),
    (
        "昨天去深圳",
        WED,
        TripParse(legs=(leg(SZ, D(2026, 11, 24), D(2026, 11, 24)),), problems=("start_in_past",)),
    ),
    (
        "明天去深圳，4月5日返回",  # in November: next April, surely a typo → flagged
        WED,
        TripParse(legs=(leg(SZ, D(2026, 11, 26), D(2027, 4, 5)),), problems=("too_long",)),
    ),
]


@pytest.mark.parametrize(("text", "today", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse_trip(text: str, today: dt.date, expected: TripParse) -> None:
    assert parse_trip(text, today, KNOWN) == expected


def test_trip_level_properties() -> None:
    trip = parse_trip("12月1日到3日在北京，4日至6日在天津，拜访中海油", WED)
    assert trip.start == D(2026, 12, 1)
    assert trip.end == D(2026, 12, 6)
    assert trip.targets == ("中海油",)
    assert trip.ok


def test_known_person_named_anywhere_is_a_companion() -> None:
    trip = parse_trip("明天带王五去北京拜访中关村科技园", WED, KNOWN)
    assert trip.companions == ("王五",)
    assert trip.legs == (leg(BJ, D(2026, 11, 26), D(2026, 11, 26), "中关村科技园"),)


def test_empty_text() -> None:
    trip = parse_trip("", WED)
    assert trip.legs == (leg(None, None, None),)
    assert trip.problems == ("no_place", "no_dates")
