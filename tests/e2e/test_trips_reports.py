"""Daily trip reports end to end: a report with a lead and photos, a joint report, edits, late reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.runner import Running
from db.database import Database
from db.enums import AttachmentKind, ProjectCategory, ProjectStage, Role, TripStatus
from db.models import Attachment, StageChange
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona
from tests.support.factories import add_group
from tests.support.trips import D, add_trip, audit, coauthors, press, projects, reports_of, rows
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator, make_png

TODAY = D(2026, 11, 25)


@BOTH_BACKENDS
async def test_report_with_a_lead_creates_a_linked_project_and_counts_for_the_companion(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, emulator: BotApiEmulator
) -> None:
    group = await add_group(db, "第二工作组")
    zhang = await persona("张三", [Role.CADRE], work_group=group)
    li = await persona("李四", [Role.CADRE], work_group=group)
    trip = await add_trip(db, zhang.person, TODAY, D(2026, 11, 27), companions=[li.person])

    header = await tg.say(zhang.user, "/report")
    assert "11月25日外出日报" in header.text and "深圳" in header.text
    step = await tg.next_answer(header)
    assert "在哪里" in step.text
    step = await press(tg, zhang.user, step, "📍 深圳")
    assert "拜访了哪些" in step.text
    step = await tg.say(zhang.user, "华为、比亚迪、腾讯")
    step = await tg.say(zhang.user, "与比亚迪达成初步投资意向")
    assert "新线索" in step.text
    step = await tg.say(zhang.user, "比亚迪 新能源汽车 约5亿元")
    assert "照片" in step.text
    photos_prompt = step
    saved = await tg.send_photo(zhang.user, make_png(), caption="签约现场")
    assert "已收到照片1张" in saved.text
    step = await press(tg, zhang.user, photos_prompt, "完成")
    assert "联合日报" in step.text
    chosen = await tg.press(zhang.user, step, "李四")
    assert chosen.message is not None and chosen.message.button("✅ 李四")
    review = await press(tg, zhang.user, chosen.message, "完成")
    assert "请核对日报" in review.text and "地点：深圳" in review.text and "华为、比亚迪、腾讯" in review.text
    assert "比亚迪（新能源汽车） 5亿元" in review.text and "照片：1张" in review.text
    assert "联合报送：李四" in review.text

    done = await press(tg, zhang.user, review, "提交")
    assert "11月25日日报已提交" in done.text and "新增线索项目：比亚迪（5亿元）" in done.text
    assert "已计入同行人员日报：李四" in done.text

    [report] = await reports_of(db, trip)
    assert (report.author_id, report.report_date, report.city, report.is_late) == (
        zhang.person.id,
        TODAY,
        "深圳",
        False,
    )
    assert report.visits == "华为、比亚迪、腾讯" and report.outcome == "与比亚迪达成初步投资意向"
    assert await coauthors(db, report.id) == [li.person.id]
    [photo] = await rows(db, Attachment, Attachment.report_id == report.id)
    assert (
        photo.kind == AttachmentKind.PHOTO and photo.file_id in emulator.files and photo.caption == "签约现场"
    )
    [project] = await projects(db)
    assert (project.name, project.industry, project.stage, project.category) == (
        "比亚迪",
        "新能源汽车",
        ProjectStage.LEAD,
        ProjectCategory.LEAD,
    )
    assert (project.found_trip_id, project.found_by_id, project.found_report_id) == (
        trip.id,
        zhang.person.id,
        report.id,
    )
    assert (project.work_group_id, project.lead_id, project.planned_investment_wan) == (
        group.id,
        zhang.person.id,
        Decimal(50000),
    )
    [stage] = await rows(db, StageChange, StageChange.project_id == project.id)
    assert stage.to_stage == ProjectStage.LEAD

    covered = await tg.say(li.user, "/report")
    assert "已由张三联合报送" in covered.text


async def test_same_day_edit_is_audited(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    trip = await add_trip(db, zhang.person, TODAY, TODAY)
    header = await tg.say(zhang.user, "/report")
    step = await press(tg, zhang.user, await tg.next_answer(header), "📍 深圳")
    await tg.say(zhang.user, "华为")
    leads = await tg.say(zhang.user, "初步接触")
    assert "新线索" in leads.text
    step = await press(tg, zhang.user, leads, "无")
    step = await press(tg, zhang.user, step, "跳过")
    await press(tg, zhang.user, step, "提交")

    header = await tg.say(zhang.user, "/report")
    assert "修改原内容" in header.text
    review = await tg.next_answer(header)  # today's report again: the review, to change one field
    assert "华为" in review.text and review.button("改成效")
    step = await press(tg, zhang.user, review, "改成效")
    step = await tg.say(zhang.user, "华为同意来考察")  # only that question, then the review again
    assert "华为同意来考察" in step.text and "地点：深圳" in step.text and step.button("提交")
    done = await press(tg, zhang.user, step, "提交")
    assert "日报已修改" in done.text

    [report] = await reports_of(db, trip)
    assert report.outcome == "华为同意来考察" and report.visits == "华为" and report.edit_count == 1
    [edit] = await audit(db, "report.edit")
    assert edit.entity_id == report.id and edit.actor_id == zhang.person.id
    assert edit.details["changes"] == {"outcome": ["初步接触", "华为同意来考察"]}


async def test_late_report_with_a_location_pin(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    trip = await add_trip(db, zhang.person, D(2026, 11, 23), TODAY)
    choose = await tg.say(zhang.user, "/report")
    assert "选择要填报的日期" in choose.text
    # ZSBOT_REPORT_GRACE_DAYS (1 by default): yesterday may be reported late, the day before not
    assert choose.button_texts == ["11月25日 深圳", "11月24日 深圳（补报）"]
    _, place = await tg.answers(await tg.press(zhang.user, choose, "11月24日"), 2)  # header, question
    assert "在哪里" in place.text
    step = await tg.share_location(zhang.user, 22.5431, 114.0579)
    assert "拜访了哪些" in step.text
    step = await press(tg, zhang.user, step, "跳过")
    step = await press(tg, zhang.user, step, "跳过")
    step = await press(tg, zhang.user, step, "无")
    step = await press(tg, zhang.user, step, "跳过")
    assert "（补报）" in step.text and "定位：深圳福田" in step.text
    assert "22.5431" not in step.text and "公里" not in step.text  # never raw coordinates; near the city
    done = await press(tg, zhang.user, step, "提交")
    assert "11月24日日报已提交（补报）" in done.text
    [report] = await reports_of(db, trip)
    assert report.report_date == D(2026, 11, 24) and report.is_late
    assert (report.latitude, report.longitude, report.city) == (22.5431, 114.0579, "深圳")
    assert report.location_text == "深圳福田"


async def test_a_location_far_from_the_itinerary_city_is_flagged_on_the_card(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    trip = await add_trip(db, zhang.person, TODAY, TODAY)  # 深圳
    header = await tg.say(zhang.user, "/report")
    await tg.next_answer(header)
    step = await tg.share_location(zhang.user, 31.30, 120.60)  # 苏州
    for button in ("跳过", "跳过", "无", "跳过"):
        step = await press(tg, zhang.user, step, button)
    assert "定位：苏州姑苏" in step.text and "距行程城市深圳约1169公里" in step.text
    assert "31.3" not in step.text
    await press(tg, zhang.user, step, "提交")
    [report] = await reports_of(db, trip)
    assert report.city == "深圳" and report.location_text == "苏州姑苏"


async def test_bad_lead_is_answered_and_the_step_stays(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    trip = await add_trip(db, zhang.person, TODAY, TODAY)
    header = await tg.say(zhang.user, "/report")
    step = await press(tg, zhang.user, await tg.next_answer(header), "📍 深圳")
    await tg.say(zhang.user, "华为")
    await tg.say(zhang.user, "洽谈")
    bad = await tg.say(zhang.user, "约5亿元")
    assert "没有看懂这条线索" in bad.text
    step = await tg.say(zhang.user, "华为 通信设备 3000万")
    assert "照片" in step.text
    assert await reports_of(db, trip) == [] and await projects(db) == []


async def test_nothing_to_report_and_no_reports_on_a_cancelled_trip(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    assert "没有需要填报" in (await tg.say(zhang.user, "/report")).text
    await add_trip(db, zhang.person, TODAY, TODAY, status=TripStatus.CANCELLED)
    await add_trip(db, zhang.person, D(2026, 11, 27), D(2026, 11, 28))  # not started yet
    assert "没有需要填报" in (await tg.say(zhang.user, "/report")).text


async def test_report_for_a_named_day_within_the_grace_window_only(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database
) -> None:
    zhang = await persona("张三", [Role.CADRE])
    trip = await add_trip(db, zhang.person, D(2026, 11, 20), TODAY)
    header = await tg.say(zhang.user, "/report 昨天")
    assert "11月24日" in header.text and "补报" in header.text  # yesterday's report, not today's
    await tg.say(zhang.user, "/cancel")

    header = await tg.say(zhang.user, "/report 11月24日")
    assert "11月24日" in header.text
    await tg.say(zhang.user, "/cancel")

    too_late = await tg.say(zhang.user, "/report 11月22日")
    assert "超过补报期限" in too_late.text and "1 天" in too_late.text
    assert "还没到" in (await tg.say(zhang.user, "/report 明天")).text
    assert "没看懂日期" in (await tg.say(zhang.user, "/report 随便")).text
    li = await persona("李四", [Role.CADRE])
    await add_trip(db, li.person, TODAY, TODAY)
    assert "没有已报备的外出行程" in (await tg.say(li.user, "/report 昨天")).text
    assert await reports_of(db, trip) == []
    # the rule is core's, not the handler's: filing past the window is refused there too
    from core.errors import Invalid
    from core.reports import ReportInput

    with pytest.raises(Invalid) as refused:
        await zsbot.services.reports.submit(zhang.person, ReportInput(trip.id, D(2026, 10, 11), city="深圳"))
    assert refused.value.key == "report.too_late"
