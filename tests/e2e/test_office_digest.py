"""The morning digest end to end: the job, the chart photo, the scoped subscription, the split of a long
digest under Telegram's limit (the emulator rejects unbalanced HTML), and /digest on demand."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from bot.runner import Running
from bot.settings import Settings
from core.office.digest import DigestService
from core.policy import WHOLE_CAMPAIGN
from db.database import Database
from db.enums import MilestoneKind, ProjectCategory, Role
from db.models import Milestone, Project
from handlers.office.digest_text import digest_text
from handlers.shared.i18n import use_locale
from tests.e2e.conftest import run_job
from tests.support.office import bind_chat, county_with_users
from tests.support.outbox import outbox_settled
from tgemu.client import TelegramTester
from tgemu.emulator import BotApiEmulator
from tgemu.html_check import parse_html

DAY = dt.date(2026, 11, 25)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"digest_max_items": 500})


async def test_the_job_sends_the_digest_with_its_chart_to_each_chat_in_scope(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    county, users = await county_with_users(db, emulator, "王主任", "孙组长")
    office_chat = emulator.add_group("指挥部工作群")
    await bind_chat(db, office_chat.id)
    await bind_chat(db, users["孙组长"].id, person=county.leader1, group=county.group1)

    result = await run_job(zsbot, "office_digest", DAY)
    assert result.count == 2
    assert await outbox_settled(db, prefix="digest:", done=2) == Counter(sent=2)

    chart = await tg.next_notification(office_chat)
    assert chart.photo is not None and chart.photo.data.startswith(PNG) and chart.photo.width == 800
    text = await tg.next_notification(office_chat)
    assert text.text.startswith("📋 百团招商行动每日简报\n2026年11月25日 星期三 · 全市")
    assert "十、消息送达：近7日未送达 1 条；无法联系 1 人" in text.text

    scoped = await tg.next_notification(users["孙组长"])  # short enough to be the chart's caption
    assert scoped.photo is not None and scoped.photo.data.startswith(PNG)
    assert "2026年11月25日 星期三 · 第一工作组" in scoped.text
    assert "第二工作组" not in scoped.text and "消息送达" not in scoped.text

    assert (await run_job(zsbot, "office_digest", DAY)).count == 0  # run twice, sent once


async def test_a_20000_character_digest_arrives_in_valid_parts(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    county, _ = await county_with_users(db, emulator)
    async with db.transaction() as tx:  # 400 overdue milestones, names with characters HTML must escape
        units = [await tx.org.unit_get_or_create(f"责任单位{n:02d}") for n in range(12)]
        for n in range(400):
            project = Project(
                name=f"第{n:03d}号<重点>产业链招商项目&配套工程",
                category=ProjectCategory.NEW,
                work_group_id=county.group2.id,
                unit_id=units[n % 12].id,
            )
            project.milestones = [
                Milestone(
                    kind=MilestoneKind.CUSTOM,
                    name="环评批复<含能评>",
                    due_date=DAY - dt.timedelta(days=3 + n % 40),
                )
            ]
            tx.session.add(project)
    office_chat = emulator.add_group("指挥部工作群")
    await bind_chat(db, office_chat.id)
    digest = await DigestService(
        db, zsbot.services.clock, zsbot.services.outbox, zsbot.services.calendar
    ).build(DAY, WHOLE_CAMPAIGN, max_items=500)
    with use_locale("zh"):
        expected = digest_text(digest)
    assert len(expected) > 20_000

    await run_job(zsbot, "office_digest", DAY)
    assert await outbox_settled(db, prefix="digest:") == Counter(sent=1)
    messages = tg.messages(office_chat)
    assert messages[0].photo is not None
    parts = messages[1:]
    assert len(parts) >= 5
    for part in parts:
        assert part.html is not None and len(part.html) <= 4096
        parse_html(part.html)  # each part is valid Telegram HTML on its own
    received = "".join(p.text for p in parts).replace("\n", "")
    assert received == re.sub(r"<[^>]+>", "", expected).replace("\n", "").replace("&lt;", "<").replace(
        "&gt;", ">"
    ).replace("&amp;", "&")


async def test_digest_on_demand_and_refused_to_cadres(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "孙组长", "张三")
    scoped = await tg.say(users["孙组长"], "/digest")
    assert scoped.photo is not None and "· 第一工作组" in scoped.text and "李四：11月24日" in scoped.text
    chart = await tg.say(users["王主任"], "/digest")
    assert chart.photo is not None and chart.text == ""  # the whole campaign's is too long for a caption
    text = await tg.next_answer(chart)
    assert "· 全市" in text.text and "赵六（第二工作组）：11月24日" in text.text
    assert (await tg.say(users["张三"], "/digest")).text == "您没有使用该功能的权限。"


@pytest.mark.parametrize("role", [Role.OFFICE])
async def test_the_english_digest_for_an_english_chat(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database, role: Role
) -> None:
    from db.enums import Language

    await county_with_users(db, emulator)
    chat = emulator.add_group("Office (EN)")
    await bind_chat(db, chat.id, language=Language.EN)
    await run_job(zsbot, "office_digest", DAY)
    await outbox_settled(db, prefix="digest:")
    await tg.next_notification(chat)
    text = await tg.next_notification(chat)
    assert text.text.startswith("📋 Daily digest\nWednesday, Nov 25, 2026 · whole campaign")


async def test_digest_as_of_a_past_day_a_month_and_today_so_far(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "张三")
    office = users["王主任"]
    past = await tg.next_answer(await tg.say(office, "/digest 2026-11-24"))
    assert "2026年11月24日 星期二" in past.text and "（1月1日至11月24日，时间进度 89.9%" in past.text
    assert "七、逾期未完成节点（截至11月24日" in past.text
    month = await tg.next_answer(await tg.say(office, "/digest 11月"))
    assert "汇总：11月1日至11月25日" in month.text and "四、新增线索（11月1日—11月25日" in month.text
    today = await tg.next_answer(await tg.say(office, "/digest 今天"))
    assert "今日截至目前" in today.text and "五、收到进度（11月25日" in today.text
    assert "今天以后" in (await tg.say(office, "/digest 2026-12-01")).text
    assert "无法识别" in (await tg.say(office, "/digest 上辈子")).text
    assert (await tg.say(users["张三"], "/digest 11月")).text == "您没有使用该功能的权限。"
