"""Trip-level use of the parsers, and how trips look: free-text recognition, leads, cards, keyboards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from core.errors import Invalid
from core.reports import LeadInput, ReportInput, ReportService, parse_leads
from core.trips import LegPlan, TripPlan, city_on, count_items, itinerary_days, looks_like_trip, near_miss
from db.enums import TripStatus
from handlers.reports.callbacks import ReportAction, ReportCb
from handlers.shared.calendar import Cal, CalAction, calendar_keyboard
from handlers.shared.callback_fields import MAX_DB_ID
from handlers.shared.i18n import use_locale
from handlers.shared.notifications import render
from handlers.trips.callbacks import MyTripAction, MyTripCb, TripAction, TripCb

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "text",
    [
        "明天去深圳拜访华为和比亚迪,4月5日返回",
        "4月8日至10日赴上海浦东参加推介会，同行李四",
        "下周一前往成都对接京东方",
        "后天到杭州考察阿里巴巴，待3天",
        "12月1日到3日在北京出差",
        "下周出差合肥",
        "12月16日-18日，深圳，拜访比亚迪",  # no travel verb (issue 11)
        "明后两天在杭州",
        "明天飞北京参加推介会",
        "明天坐高铁去上海，当天返回",
        "下周出差",  # the place is asked for
    ],
)
def test_trip_sentences_are_recognised(text: str) -> None:
    assert looks_like_trip(text)


@pytest.mark.parametrize(
    "text",
    [
        "到位资金3000万",
        "去年在深圳签约的项目已开工",
        "已完成30%，预计5月到位",
        "你好",
        "明天开会",
        "/trip 明天去深圳",
        "项目进展顺利，回到单位后汇报",
        "11月18日已在深圳开工",  # a date and a place, but a progress report
        "12月3日项目在合肥签约",
    ],
)
def test_other_text_is_left_to_other_features(text: str) -> None:
    assert not looks_like_trip(text)


def test_leads_one_a_line_in_wan() -> None:
    assert parse_leads("比亚迪 新能源汽车 约5亿元\n2. 宁德时代，储能，意向投资3000万；华为") == (
        LeadInput("比亚迪", "新能源汽车", Decimal(50000)),
        LeadInput("宁德时代", "储能", Decimal(3000)),
        LeadInput("华为", None, None),
    )
    assert parse_leads("企业名称：京东方 产业：显示面板 投资：10个亿") == (
        LeadInput("京东方", "显示面板", Decimal(100000)),
    )
    with pytest.raises(Invalid) as bad:
        parse_leads("约5亿元")
    assert bad.value.key == "report.lead_unreadable"


def test_plans_and_reports_survive_the_fsm_as_json() -> None:
    plan = TripPlan(
        (LegPlan(D(2026, 12, 1), D(2026, 12, 3), "上海市", "上海市", "浦东新区", targets="华为"),),
        "推介",
        (3,),
    )
    assert TripPlan.from_json(plan.to_json()) == plan and plan.legs[0].label == "上海浦东"
    assert LegPlan(D(2026, 1, 1), D(2026, 1, 1), place="新加坡").label == "新加坡"
    report = ReportInput(1, D(2026, 12, 1), city="上海", leads=(LeadInput("比亚迪", None, Decimal("0.5")),))
    assert ReportInput.from_json(report.to_json()) == report


def test_itinerary_days_and_where_the_cadre_is() -> None:
    legs = [
        SimpleNamespace(
            seq=0,
            province="北京市",
            city="北京市",
            place=None,
            start_date=D(2026, 12, 1),
            end_date=D(2026, 12, 3),
        ),
        SimpleNamespace(
            seq=1,
            province="天津市",
            city="天津市",
            place=None,
            start_date=D(2026, 12, 3),
            end_date=D(2026, 12, 6),
        ),
    ]
    trip = SimpleNamespace(legs=legs, end_date=D(2026, 12, 6), status=TripStatus.PLANNED, returned_at=None)
    assert len(itinerary_days(trip, TZ)) == 6  # type: ignore[arg-type]
    assert city_on(trip, D(2026, 12, 3)) == "天津"  # type: ignore[arg-type]  # the travel day: where one ends up
    trip.status, trip.returned_at = TripStatus.RETURNED, dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
    assert itinerary_days(trip, TZ)[-1] == D(2026, 12, 2)  # type: ignore[arg-type]
    assert count_items("华为、比亚迪；腾讯\n大疆") == 4 and count_items(None) == 0


def test_callback_data_fits_telegrams_64_bytes() -> None:
    big = MAX_DB_ID  # the largest id a callback may carry (PostgreSQL INTEGER)
    packed = [
        TripCb(action=TripAction.NO_SUMMARY, trip_id=big).pack(),
        MyTripCb(action=MyTripAction.CANCEL_YES, trip_id=big).pack(),
        ReportCb(action=ReportAction.TOGGLE, trip_id=big, day=D(2026, 12, 31).toordinal(), arg=big).pack(),
        Cal(action=CalAction.DAY, ctx="ts", y=2026, m=12, d=31, lo=D(2026, 12, 1).toordinal()).pack(),
    ]
    assert max(len(p.encode()) for p in packed) <= 64


def test_calendar_greys_out_days_before_the_first_allowed_one() -> None:
    with use_locale("zh"):
        markup = calendar_keyboard("ts", D(2026, 11, 1), min_day=D(2026, 11, 24), today=D(2026, 11, 25))
    texts = [b.text for row in markup.inline_keyboard for b in row]
    assert texts[1] == "2026年11月" and "23" not in texts and "24" in texts and "25•" in texts
    days = [Cal.unpack(b.callback_data) for row in markup.inline_keyboard for b in row if b.callback_data]
    assert {c.day for c in days if c.action == CalAction.DAY} == {D(2026, 11, d) for d in range(24, 31)}
    assert markup.inline_keyboard[0][0].text == " "  # no way back to a month with nothing to choose


def test_notifications_render_in_both_languages_and_escape_user_text() -> None:
    payload = {
        "trip_id": 1,
        "version": 1,
        "cadre": "张三",
        "group": "第一工作组",
        "purpose": "<b>推介</b>",
        "start": "2026-12-01",
        "end": "2026-12-03",
        "legs": [{"place": "上海浦东", "start": "2026-12-01", "end": "2026-12-03", "targets": "华为"}],
        "companions": ["李四"],
    }
    zh = render("trip.declared", payload, "zh").text
    assert "张三（第一工作组）" in zh and "12月1日至12月3日（3天）" in zh and "&lt;b&gt;推介" in zh
    en = render("trip.declared", payload, "en").text
    assert "Trip declared" in en and "Dec 1 – Dec 3 (3 days)" in en
    remind = render("report.remind", {"trip_id": 1, "day": "2026-12-01", "city": "上海", "cadre": None}, "zh")
    assert remind.reply_markup is not None
    [[button]] = remind.reply_markup.inline_keyboard
    assert button.text == "📝 填报" and ReportCb.unpack(button.callback_data or "").trip_id == 1
    totals = {
        **payload,
        "days": 3,
        "cities": ["上海"],
        "reports": 2,
        "visits": 3,
        "leads": 1,
        "investment_wan": "50000",
    }
    assert "意向投资5亿元" in render("trip.returned", totals, "zh").text
    assert "CNY 500 M" in render("trip.returned", totals, "en").text


async def test_where_the_reporter_says_they_were() -> None:
    assert await ReportService.place_from_text("深圳南山科技园") == ("深圳", "深圳南山科技园")
    assert await ReportService.place_from_text("上海") == ("上海", None)
    assert await ReportService.place_from_text("新加坡") == ("新加坡", "新加坡")  # abroad: as written


def test_mytrips_buttons_show_names_as_typed_not_as_html() -> None:
    from core.trips import TripView
    from handlers.trips.mytrips import _list_keyboard

    plan = TripPlan(legs=(LegPlan(D(2026, 12, 3), D(2026, 12, 4), place="R&D <中心>"),))
    payload = {
        "status": "planned",
        "start": "2026-12-03",
        "cadre": "李&四",
        "legs": [{"place": "R&D <中心>"}],
    }
    view = TripView(id=7, status=TripStatus.PLANNED, version=1, cadre_id=2, plan=plan, payload=payload)
    me = SimpleNamespace(id=1)
    with use_locale("zh"):
        [[button]] = _list_keyboard([view], me, D(2026, 12, 2)).inline_keyboard  # type: ignore[arg-type]
    assert "R&D <中心>" in button.text and "李&四" in button.text
    assert "&amp;" not in button.text and "&lt;" not in button.text


@pytest.mark.parametrize(
    ("text", "near"), [("我要出差", True), ("深圳", True), ("你好", False), ("进度30%", False)]
)
def test_near_misses_are_told_from_other_text(text: str, near: bool) -> None:
    assert near_miss(text) is near


def test_an_answer_is_joined_to_the_line_unless_it_is_a_whole_line() -> None:
    from core.trips.text import joined_answer

    today = D(2026, 11, 25)
    assert joined_answer("去杭州考察阿里巴巴", "dates", "明天", today) == "明天，去杭州考察阿里巴巴"
    assert joined_answer("明天拜访华为", "place", " 深圳 ", today) == "深圳，明天拜访华为"
    assert joined_answer("去杭州考察阿里巴巴", "dates", "明天去上海", today) == "明天去上海"
    assert (
        joined_answer("下周二到周四去苏州、无锡考察光伏企业", "split", "苏州2天，无锡1天", today)
        == "下周二到周四去苏州2天，无锡1天考察光伏企业"
    )
    assert joined_answer("下周二去苏州、无锡", "split", "南京2天、无锡1天", today) == "南京2天、无锡1天"
