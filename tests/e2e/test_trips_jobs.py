"""Trip jobs end to end: evening reminders, next-morning escalation, and closing a trip with /back."""

from __future__ import annotations

import datetime as dt

from bot.runner import Running
from core.clock import FixedClock
from core.reports import ReportInput
from db.database import Database
from db.enums import Role, TripStatus
from tests.e2e.conftest import MakePersona, run_job
from tests.support.factories import add_group
from tests.support.outbox import no_notification
from tests.support.trips import D, add_trip, outbox, press, reports_of, services, set_leader, trips_of
from tgemu.client import TelegramTester

TZ = dt.timezone(dt.timedelta(hours=8))
WED = D(2026, 11, 25)


async def test_reminder_goes_only_to_those_who_owe_a_report_on_itinerary_days(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    zhang = await persona("张三")
    li = await persona("李四")
    wang = await persona("王五")
    zhao = await persona("赵六")
    sun = await persona("孙七")
    trip = await add_trip(db, zhang.person, D(2026, 11, 24), D(2026, 11, 26), companions=[li.person])
    filed = await add_trip(db, wang.person, WED, WED)
    await add_trip(db, zhao.person, WED, WED, status=TripStatus.DRAFT)  # never confirmed
    await add_trip(db, sun.person, D(2026, 11, 27), D(2026, 11, 28))  # not today
    _, reports = services(db, clock)
    await reports.submit(wang.person, ReportInput(filed.id, WED, city="深圳", visits="华为"))

    clock.set(dt.datetime(2026, 11, 25, 20, 0, tzinfo=TZ))
    assert (await run_job(zsbot, "trip_report_reminder", WED)).count == 2
    assert (await run_job(zsbot, "trip_report_reminder", WED)).count == 0  # a re-run sends nothing
    reminder = await tg.next_notification(zhang.user)
    assert "日报提醒" in reminder.text and "11月25日" in reminder.text and "深圳" in reminder.text
    assert reminder.button("填报")
    companion = await tg.next_notification(li.user)
    assert "随张三外出" in companion.text
    await no_notification(tg, db, zhang.user, li.user, wang.user, zhao.user, sun.user, app=zsbot)
    assert sorted(m.dedupe_key for m in await outbox(db, "report.remind")) == sorted(
        [
            f"report:{trip.id}:{zhang.person.id}:2026-11-25:remind>p{zhang.person.id}",
            f"report:{trip.id}:{li.person.id}:2026-11-25:remind>p{li.person.id}",
        ]
    )

    assert (await run_job(zsbot, "trip_report_reminder", D(2026, 11, 29))).count == 0  # no trip that day

    # the companion answers with the button, the cadre by replying to the reminder
    _, place = await tg.answers(await tg.press(li.user, companion, "填报"), 2)  # the header, the question
    assert "在哪里" in place.text
    header = await tg.say(zhang.user, "今天拜访了华为和腾讯", reply_to=reminder)
    assert "11月25日外出日报" in header.text
    step = await tg.next_answer(header)
    assert "洽谈成果" in step.text  # the reply is taken as the visits
    step = await tg.say(zhang.user, "达成合作意向")
    step = await press(tg, zhang.user, step, "无")
    step = await press(tg, zhang.user, step, "跳过")
    step = await press(tg, zhang.user, step, "完成")  # no joint report
    assert "今天拜访了华为和腾讯" in step.text and "地点：深圳" in step.text
    await press(tg, zhang.user, step, "提交")
    [report] = await reports_of(db, trip)
    assert report.author_id == zhang.person.id and report.visits == "今天拜访了华为和腾讯"


async def test_escalation_once_and_monday_covers_the_weekend(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    first = await add_group(db, "第一工作组")
    second = await add_group(db, "第二工作组")
    leader = await persona("组长甲", [Role.GROUP_LEADER], work_group=first)
    other_leader = await persona("组长乙", [Role.GROUP_LEADER], work_group=second)
    await set_leader(db, first, leader.person)
    await set_leader(db, second, other_leader.person)
    office = await persona("王主任", [Role.OFFICE])
    zhang = await persona("张三", work_group=first)
    li = await persona("李四", work_group=first)
    trip = await add_trip(
        db, zhang.person, D(2026, 11, 27), D(2026, 11, 29), companions=[li.person]
    )  # Fri–Sun
    _, reports = services(db, clock)
    clock.set(dt.datetime(2026, 11, 27, 21, 0, tzinfo=TZ))
    await reports.submit(
        zhang.person, ReportInput(trip.id, D(2026, 11, 27), city="深圳", coauthor_ids=(li.person.id,))
    )

    clock.set(dt.datetime(2026, 11, 28, 9, 30, tzinfo=TZ))
    skipped = await run_job(zsbot, "trip_report_escalation", D(2026, 11, 28))
    assert skipped.skipped and skipped.count == 0  # Saturday: no escalation

    clock.set(dt.datetime(2026, 11, 30, 9, 30, tzinfo=TZ))
    assert (await run_job(zsbot, "trip_report_escalation", D(2026, 11, 30))).count == 2
    assert (await run_job(zsbot, "trip_report_escalation", D(2026, 11, 30))).count == 0
    to_leader = await tg.next_notification(leader.user)
    assert "外出日报缺报" in to_leader.text and "11月27日–11月29日" in to_leader.text
    for line in (
        "张三（第一工作组）：11月28日",
        "张三（第一工作组）：11月29日",
        "李四（第一工作组）：11月28日",
    ):
        assert line in to_leader.text
    assert "11月27日，" not in to_leader.text  # Friday's joint report counts for both
    to_office = await tg.next_notification(office.user)
    assert to_office.text == to_leader.text
    await no_notification(tg, db, leader.user, other_leader.user, zhang.user, office.user, app=zsbot)
    assert len(await outbox(db, "report.escalation")) == 2


async def test_back_closes_the_trip_with_totals_and_tells_the_office(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    zhang = await persona("张三")
    office = await persona("王主任", [Role.OFFICE])
    trip = await add_trip(db, zhang.person, D(2026, 11, 23), WED, targets="华为")
    _, reports = services(db, clock)
    from core.reports import parse_leads

    await reports.submit(
        zhang.person,
        ReportInput(
            trip.id,
            D(2026, 11, 24),
            city="深圳",
            visits="华为、腾讯",
            leads=parse_leads("腾讯 数字经济 约5亿元"),
        ),
    )
    ask = await tg.say(zhang.user, "/back")
    assert "欢迎返程" in ask.text and "深圳" in ask.text
    confirm = await tg.say(zhang.user, "与腾讯初步达成投资意向，下周跟进")
    assert "请确认" in confirm.text and "与腾讯初步达成投资意向" in confirm.text and "深圳" in confirm.text
    [still_open] = await trips_of(db, zhang.person)
    assert still_open.status == TripStatus.PLANNED  # nothing closed on the typed text alone
    assert "确认返程" in (await tg.say(zhang.user, "blah blah")).text  # more text: the buttons decide
    done = await press(tg, zhang.user, confirm, "确认返程")
    assert "行程已结束" in done.text and "外出3天" in done.text and "深圳" in done.text
    assert (
        "日报1篇" in done.text
        and "拜访2家" in done.text
        and "新增线索1条" in done.text
        and "5亿元" in done.text
    )
    [closed] = await trips_of(db, zhang.person)
    assert closed.status == TripStatus.RETURNED and closed.summary == "与腾讯初步达成投资意向，下周跟进"
    notice = await tg.next_notification(office.user)
    assert (
        "返程报告" in notice.text and "张三" in notice.text and "总结：与腾讯初步达成投资意向" in notice.text
    )

    assert "没有外出中的行程" in (await tg.say(zhang.user, "/back")).text


async def test_the_day_after_a_trip_the_cadre_is_asked_to_close_it(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    zhang = await persona("张三")
    await add_trip(db, zhang.person, D(2026, 11, 23), D(2026, 11, 24))
    await add_trip(db, zhang.person, WED, D(2026, 11, 27), place=("浙江省", "杭州市", None))  # still going
    assert (await run_job(zsbot, "trip_return_prompt", WED)).count == 1
    assert (await run_job(zsbot, "trip_return_prompt", WED)).count == 0
    ask = await tg.next_notification(zhang.user)
    assert "已结束" in ask.text and "深圳" in ask.text
    prompt = await press(tg, zhang.user, ask, "返程总结")
    assert "欢迎返程" in prompt.text
    done = await press(tg, zhang.user, prompt, "暂不填写总结")
    assert "行程已结束" in done.text and "外出2天" in done.text
    statuses = sorted(t.status for t in await trips_of(db, zhang.person))
    assert statuses == [TripStatus.PLANNED, TripStatus.RETURNED]
