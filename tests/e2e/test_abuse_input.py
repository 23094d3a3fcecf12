"""A hostile client and careless typing: forged callback data out of every range, impossible ids
after a command, very long text echoed back in an answer. Each gets a clear answer, never the
"unexpected error" one."""

from __future__ import annotations

import logging

import pytest

from bot.runner import Running
from db.database import Database
from db.enums import MilestoneKind, Role, TripStatus
from tests.e2e.conftest import MakePersona
from tests.support.outbox import no_notification
from tests.support.projects import add_project
from tests.support.trips import D, add_trip, alert, forge, press, reports_of, trips_of
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator

STALE = "该按钮已失效"
HUGE = "99999999999999999999"  # beyond a 64-bit integer
BEYOND_INT4 = "3000000000"  # beyond PostgreSQL INTEGER, the type of every primary key


def unexpected(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "data",
    [
        f"t1:c:{HUGE}",
        f"t2:v:{BEYOND_INT4}",
        f"r1:f:1:{HUGE}:0",  # a day ordinal no date has
        f"r1:f:1:{BEYOND_INT4}:0",
        f"m1:r:{HUGE}",
        f"g1:p:{HUGE}:",
        f"i1:v:{HUGE}:0",
        f"i1:u:1:{BEYOND_INT4}",
        f"o1:p:{HUGE}",
        f"n1:pub:{HUGE}",
        f"b1:send:{HUGE}::0",
        f"b1:aud:0::{HUGE}",
        f"b2:g:{HUGE}",
        f"cal1:n:ts:{HUGE}:1:0:0",
        "cal1:n:ts:-1:1:0:0",
        "cal1:n:ts:2026:13:0:0",
        "cal1:d:ts:2026:2:31:0",
        f"cal1:d:ts:2026:2:1:{HUGE}",
    ],
)
async def test_forged_callback_data_out_of_range_is_a_stale_button(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    everyone = await persona(
        "全能", [Role.CADRE, Role.PROJECT_LEAD, Role.OFFICE, Role.ADMIN, Role.GROUP_LEADER]
    )
    message = await tg.say(everyone.user, "/lang")
    forge(message, "中文", data)
    with caplog.at_level(logging.ERROR):
        assert STALE in await alert(tg, everyone.user, message, "中文")
    assert unexpected(caplog) == []


async def test_progress_form_milestone_value_that_is_no_id_is_refused(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, caplog: pytest.LogCaptureFixture
) -> None:
    lead = await persona("赵六", [Role.PROJECT_LEAD])
    message = await tg.say(lead.user, "/lang")
    for value in ("²", HUGE):  # "²".isdigit() is True, int("²") is not a number
        forge(message, "中文", f"g1:m:1:{value}")
        with caplog.at_level(logging.ERROR):
            await alert(tg, lead.user, message, "中文")
    assert unexpected(caplog) == []


@pytest.mark.parametrize("arg", ["²", HUGE, BEYOND_INT4, "abc"])
async def test_broadcast_status_with_an_id_that_cannot_exist(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, caplog: pytest.LogCaptureFixture, arg: str
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadre = await persona("张三", [Role.CADRE])
    with caplog.at_level(logging.ERROR):
        assert (await tg.say(office.user, f"/broadcast_status {arg}")).text == "未找到该通知，可能已取消。"
        assert (await tg.say(cadre.user, f"/broadcast_status {arg}")).text == "您没有使用该功能的权限。"
    assert unexpected(caplog) == []


@pytest.mark.parametrize("command", ["/project", "/person", "/invite", "/brochure", "/brochure_add"])
async def test_a_very_long_argument_echoed_in_the_answer_is_cut(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    text = f"{command} " + "项" * (4096 - len(command) - 1)  # the longest message a client sends
    with caplog.at_level(logging.ERROR):
        answer = await tg.say(office.user, text)
    assert "项" * 100 + "…" in answer.text and "项" * 101 not in answer.text
    assert unexpected(caplog) == []


async def test_double_pressing_confirm_declares_one_trip(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    office = await persona("王主任", [Role.OFFICE])
    cadre = await persona("张三")
    card = await tg.say(cadre.user, "明天去深圳拜访华为，后天返回")
    button = card.button("确认")
    assert button is not None
    with caplog.at_level(logging.ERROR):
        first = tg.emu.press(cadre.user, card.source, button.text)
        second = tg.emu.press(cadre.user, card.source, button.text)
        await tg.emu.wait_for(
            lambda: True if first.answered and second.answered else None,
            timeout=5,
            describe=lambda: "both presses answered",
        )
    [trip] = await trips_of(db, cadre.person)
    assert trip.status == TripStatus.PLANNED
    notice = await tg.next_notification(office.user)
    assert "深圳" in notice.text
    await no_notification(tg, db, office.user, app=zsbot)
    assert unexpected(caplog) == []


async def test_a_coordination_issue_too_long_is_refused_before_the_confirmation(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    lead = await persona("赵六", [Role.PROJECT_LEAD])
    project = await add_project(
        db,
        "新能源电池产业园",
        lead=lead.person,
        milestones=[(MilestoneKind.START_CONSTRUCTION, D(2026, 12, 1))],
    )
    async with db.transaction() as tx:
        [milestone] = await tx.milestones.of_project(project.id)
    message = await tg.say(lead.user, "/lang")
    forge(message, "中文", f"m1:i:{milestone.id}")  # the reminder's [需协调] button
    result = await tg.press(lead.user, message, "中文")
    assert result.message is not None and "需要协调解决的问题" in result.message.text

    with caplog.at_level(logging.ERROR):
        for length in (1001, 4090):
            refused = await tg.say(lead.user, "用" * length)
            assert refused.text == "内容过长（不超过 1000 字）。" and not refused.buttons
    card = await tg.say(lead.user, "用地指标未落实")  # the form is still waiting for the problem
    assert "用地指标未落实" in card.text and card.button("提交")
    assert unexpected(caplog) == []


async def test_a_long_daily_report_is_refused_over_the_limit_reviewed_in_parts_and_saved(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    trip = await add_trip(db, cadre.person, D(2026, 11, 25), D(2026, 11, 27))
    with caplog.at_level(logging.ERROR):
        header = await tg.say(cadre.user, "/report")  # the day's header, then the first question
        assert "在哪里" in (await tg.next_answer(header)).text
        await tg.say(cadre.user, "深圳")
        refused = await tg.say(cadre.user, "拜" * 4000)  # over the limit: refused, not cut
        assert refused.text == "内容过长（4000字），请精简到2000字以内后重新发送，本条未保存。"
        await tg.say(cadre.user, "拜" * 2000)  # the step still waits for the visits
        refused = await tg.say(cadre.user, "果" * 2001)
        assert refused.text == "内容过长（2001字），请精简到2000字以内后重新发送，本条未保存。"
        await tg.say(cadre.user, "果" * 2000)
        photos = await tg.say(cadre.user, "\n".join(["华为公司 新能源 10亿元"] * 150))
        review = await press(tg, cadre.user, photos, "跳过")
        assert review.button("提交") and len(tg.messages(cadre.user)) > 7  # the review came in parts
        saved = await press(tg, cadre.user, review, "提交")
    assert "日报已提交" in saved.text
    assert not review.refresh().buttons
    [report] = await reports_of(db, trip)
    assert report.visits == "拜" * 2000 and report.outcome == "果" * 2000
    assert unexpected(caplog) == []


async def test_a_button_on_a_message_telegram_no_longer_shows_is_answered_as_expired(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, persona: MakePersona
) -> None:
    cadre = await persona("张三", [Role.CADRE])
    prompt = await tg.say(cadre.user, "/trip")
    query = emulator.press(cadre.user, prompt.source, "表单填写", inaccessible=True)
    answer = await emulator.wait_callback_answer(query.id)
    assert answer.text == "该操作已过期，请重新开始。" and answer.show_alert
