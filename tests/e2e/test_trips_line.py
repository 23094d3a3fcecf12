"""A trip in one line, as a new user writes it: several cities, no travel verb, a missing part asked
for and joined, a near miss pointed to /trip, and who may not (issue 11)."""

from __future__ import annotations

from bot.runner import Running
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.trips import D, outbox, press, trips_of
from tgemu.client import TelegramTester


@BOTH_BACKENDS
async def test_two_cities_joined_by_a_comma_mark_are_two_legs_after_the_days_are_divided(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    question = await tg.say(zhang.user, "下周二到周四去苏州、无锡考察光伏企业")
    assert "苏州、无锡" in question.text and "各地各几天" in question.text
    assert question.button_texts[:2] == [
        "苏州 12月1日，无锡 12月2日至12月3日",
        "苏州 12月1日至12月2日，无锡 12月3日",
    ]
    assert await trips_of(db, zhang.person) == []  # nothing stored while the days are open

    card = await press(tg, zhang.user, question, "苏州 12月1日至12月2日，无锡 12月3日")
    assert "1. 苏州" in card.text and "2. 无锡" in card.text and "事由：考察光伏企业" in card.text
    await press(tg, zhang.user, card, "确认")
    [trip] = await trips_of(db, zhang.person)
    assert trip.status == TripStatus.PLANNED
    assert [(leg.city, leg.start_date, leg.end_date) for leg in sorted(trip.legs, key=lambda x: x.seq)] == [
        ("苏州市", D(2026, 12, 1), D(2026, 12, 2)),
        ("无锡市", D(2026, 12, 3), D(2026, 12, 3)),
    ]


async def test_days_per_city_in_the_line_need_no_question(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "12月1日出发，苏州2天、无锡1天，拜访天合光能")
    assert "1. 苏州　12月1日至12月2日（2天）" in card.text and "2. 无锡　12月3日（1天）" in card.text
    assert "天合光能" in card.text


async def test_verbless_line_and_a_missing_date_answered_in_a_second_message(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "12月16日-18日，深圳，拜访比亚迪")
    assert "深圳" in card.text and "12月16日至12月18日（3天）" in card.text and "比亚迪" in card.text
    await press(tg, zhang.user, card, "取消")

    question = await tg.say(zhang.user, "去杭州考察阿里巴巴")
    assert "目的地：杭州" in question.text and "哪天出发" in question.text
    card = await tg.say(zhang.user, "明后两天")
    assert "杭州" in card.text and "11月26日至11月27日（2天）" in card.text and "阿里巴巴" in card.text
    [draft] = await trips_of(db, zhang.person)
    assert draft.status == TripStatus.DRAFT and draft.source_text == "明后两天，去杭州考察阿里巴巴"


async def test_missing_place_is_asked_for(zsbot: Running, tg: TelegramTester, persona: MakePersona) -> None:
    zhang = await persona("张三", [Role.CADRE])
    question = await tg.say(zhang.user, "下周一出差，当天返回")
    assert "去哪里" in question.text and "11月30日" in question.text
    card = await tg.say(zhang.user, "合肥")
    assert "合肥" in card.text and "11月30日（1天）" in card.text


async def test_near_miss_gets_a_pointer_and_help_mentions_the_one_line_trip(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    hint = await tg.say(zhang.user, "我要出差")
    assert "/trip" in hint.text and "明天去深圳拜访华为" in hint.text and "没有理解" not in hint.text
    help_text = await tg.say(zhang.user, "/help")
    assert "直接发一句话即可申报行程" in help_text.text
    assert await trips_of(db, zhang.person) == [] and await outbox(db) == []


async def test_trip_line_from_someone_who_is_not_a_cadre_is_not_a_trip(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    answer = await tg.say(office.user, "明后两天在杭州")
    assert "没有理解" in answer.text
    help_text = await tg.say(office.user, "/help")
    assert "直接发一句话即可申报行程" not in help_text.text
    assert await outbox(db) == []


async def test_form_city_step_with_two_cities_gives_two_legs(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    prompt = await tg.say(zhang.user, "/trip")
    step = await press(tg, zhang.user, prompt, "表单填写")
    step = await tg.say(zhang.user, "苏州、无锡")
    assert "出发日期" in step.text
    step = await tg.say(zhang.user, "12月8日")
    step = await tg.say(zhang.user, "12月9日")
    step = await press(tg, zhang.user, step, "跳过")  # whom to visit in 苏州
    assert "第2段行程" in step.text and step.button("保留：无锡")  # the second city is not dropped
    step = await press(tg, zhang.user, step, "保留：无锡")
    step = await tg.say(zhang.user, "12月10日")
    step = await tg.say(zhang.user, "12月10日")
    step = await press(tg, zhang.user, step, "跳过")
    step = await press(tg, zhang.user, step, "跳过")  # purpose
    step = await press(tg, zhang.user, step, "无同行人员")
    assert "1. 苏州" in step.text and "2. 无锡" in step.text
    await press(tg, zhang.user, step, "确认")
    [trip] = await trips_of(db, zhang.person)
    assert sorted((leg.city, leg.start_date) for leg in trip.legs) == [
        ("无锡市", D(2026, 12, 10)),
        ("苏州市", D(2026, 12, 8)),
    ]


async def test_a_trip_in_another_year_says_so_and_end_before_start_is_named(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    card = await tg.say(zhang.user, "12月28日去三亚参加推介会，1月2日返回")
    assert "12月28日至1月2日（6天）" in card.text and "注意年份：2026–2027年" in card.text
    await press(tg, zhang.user, card, "取消")
    card = await tg.say(zhang.user, "明天去深圳拜访华为")
    assert "注意年份" not in card.text
    await press(tg, zhang.user, card, "取消")
    refused = await tg.say(zhang.user, "12月10日去西安，11月8日返回")
    assert "早于出发日期" in refused.text and "超过" not in refused.text
    assert await trips_of(db, zhang.person) == []


async def test_the_days_per_city_can_be_typed_instead_of_pressed(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    question = await tg.say(zhang.user, "下周二到周四去苏州、无锡考察光伏企业")
    assert "各地各几天" in question.text
    card = await tg.say(zhang.user, "苏州2天，无锡1天")
    assert "1. 苏州　12月1日至12月2日（2天）" in card.text and "2. 无锡　12月3日（1天）" in card.text
    assert "事由：考察光伏企业" in card.text  # the rest of the line is kept
