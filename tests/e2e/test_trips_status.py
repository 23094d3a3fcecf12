"""One trip status in every view: trips ending yesterday, today and tomorrow read the same in
/mytrips, /person, /travelling, the export and the digest (today is 2026-11-25)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from bot.runner import Running
from db.database import Database
from db.enums import Role
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.trips import D, add_trip, press
from tgemu.client import TelegramTester

ENDS = {"昨归": D(2026, 11, 24), "今归": D(2026, 11, 25), "明归": D(2026, 11, 26)}


@BOTH_BACKENDS
async def test_status_agrees_across_views_for_trips_ending_yesterday_today_tomorrow(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadres = {name: await persona(name, [Role.CADRE]) for name in ENDS}
    for name, end in ENDS.items():
        await add_trip(db, cadres[name].person, D(2026, 11, 22), end)

    for name, expected in (("昨归", "行程已结束，待返程"), ("今归", "外出中"), ("明归", "外出中")):
        listing = await tg.say(cadres[name].user, "/mytrips")
        assert expected in listing.source.reply_markup["inline_keyboard"][0][0]["text"]  # type: ignore[index]
        detail = await press(tg, cadres[name].user, listing, "深圳")
        assert expected in detail.text

    cards = {name: (await tg.say(office.user, f"/person {name}")).text for name in ENDS}
    assert "未报备外出" in cards["昨归"]
    assert "在外招商" in cards["今归"] and "在外招商" in cards["明归"]

    travelling = (await tg.say(office.user, "/travelling")).text
    assert "今归" in travelling and "明归" in travelling and "昨归" not in travelling

    export = await tg.say(office.user, "/export")
    assert export.document is not None
    sheet = load_workbook(io.BytesIO(export.document.data))["外出行程"]
    statuses = {row[1].value: row[3].value for row in sheet.iter_rows(min_row=2)}
    assert statuses == {"昨归": "行程结束待返程", "今归": "外出中", "明归": "外出中"}

    digest = await zsbot.services.digest.build_for(office.person, D(2026, 11, 25))
    assert sorted(item.name for item in digest.out.items) == ["今归", "明归"]


async def _digest_text(tg: TelegramTester, user: object, command: str) -> str:
    """/digest's text: in the chart's caption when it fits, else the message after the chart."""
    first = await tg.say(user, command)  # type: ignore[arg-type]
    return first.text if first.text else (await tg.next_answer(first)).text


@BOTH_BACKENDS
async def test_a_trip_closed_early_today_reads_the_same_everywhere_including_the_digest(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    early = await persona("早归", [Role.CADRE])
    still = await persona("明归", [Role.CADRE])
    await add_trip(db, early.person, D(2026, 11, 22), D(2026, 11, 27))
    await add_trip(db, still.person, D(2026, 11, 22), D(2026, 11, 26))
    asked = await tg.say(early.user, "/back")  # the trip under way today, closed two days early
    closed = await press(tg, early.user, asked, "暂不填写总结")
    assert closed.text.startswith("行程已结束"), closed.text

    listing = await tg.say(early.user, "/mytrips")
    assert "已返程" in listing.source.reply_markup["inline_keyboard"][0][0]["text"]  # type: ignore[index]
    assert "今日已返程" in (await tg.say(office.user, "/person 早归")).text
    travelling = (await tg.say(office.user, "/travelling")).text
    assert "早归" in travelling and "今日已返程" in travelling and "明归" in travelling

    export = await tg.say(office.user, "/export")
    assert export.document is not None
    sheet = load_workbook(io.BytesIO(export.document.data))["外出行程"]
    statuses = {row[1].value: row[3].value for row in sheet.iter_rows(min_row=2)}
    assert statuses == {"早归": "已返回", "明归": "外出中"}

    # the digest of today lists them both (out today, 早归 back by night); of yesterday as it was then
    today = await zsbot.services.digest.build_for(office.person, D(2026, 11, 25))
    out = {item.name: item for item in today.out.items}
    assert set(out) == {"明归", "早归"} and today.out.total == 2
    assert out["早归"].until == D(2026, 11, 25) and out["早归"].returned_on == D(2026, 11, 25)
    assert out["明归"].returned_on is None
    text = await _digest_text(tg, office.user, "/digest")
    assert "早归" in text and "至11月25日（已返程）" in text and "明归" in text, text
    yesterday = await zsbot.services.digest.build_for(office.person, D(2026, 11, 24))
    assert {item.name for item in yesterday.out.items} == {"明归", "早归"}
    assert all(item.returned_on is None for item in yesterday.out.items)
    past = await _digest_text(tg, office.user, "/digest 2026-11-24")
    assert "早归" in past and "已返程" not in past, past


async def test_back_today_still_counts_as_out_today_and_not_tomorrow(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    zhang = await persona("张三", [Role.CADRE])
    await add_trip(db, zhang.person, D(2026, 11, 24), D(2026, 11, 27))
    await zsbot.services.trips.close(
        zhang.person, (await zsbot.services.trips.returnable(zhang.person))[0].id, None
    )

    card = (await tg.say(office.user, "/person 张三")).text
    assert "今日已返程" in card
    travelling = (await tg.say(office.user, "/travelling")).text
    assert "张三" in travelling and "今日已返程" in travelling
    listing = await tg.say(zhang.user, "/mytrips")
    assert "已返程" in listing.source.reply_markup["inline_keyboard"][0][0]["text"]  # type: ignore[index]
