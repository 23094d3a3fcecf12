"""The weekly ranking notice end to end: the job drafts it, the office reviews it, one tap publishes it
to the office chats with the Excel tables and the paste-ready text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from openpyxl import load_workbook

from bot.runner import Running
from db.database import Database
from db.enums import NoticeStatus
from tests.e2e.conftest import run_job
from tests.support.office import bind_chat, county_with_users
from tgemu.client import BotMessage, TelegramTester
from tgemu.emulator import BotApiEmulator, FakeChat, FakeUser

MONDAY = dt.date(2026, 11, 30)


async def _with_buttons(tg: TelegramTester, first: BotMessage, who: FakeUser | FakeChat) -> BotMessage:
    """The part that carries buttons (a long text arrives in parts; the buttons on the last)."""
    return await _part(tg, first, who, lambda message: bool(message.buttons))


async def _part(
    tg: TelegramTester, first: BotMessage, who: FakeUser | FakeChat, wanted: Callable[[BotMessage], bool]
) -> BotMessage:
    """The first part of a long answer (or notification), from ``first`` on, that is ``wanted``."""
    message = first
    while not wanted(message):
        message = await (tg.next_notification(who) if first.update_id is None else tg.next_answer(message))
    return message


async def test_the_job_drafts_the_office_reviews_and_publishes_in_one_tap(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    county, users = await county_with_users(db, emulator, "王主任")
    office_chat = emulator.add_group("指挥部工作群")
    await bind_chat(db, office_chat.id)

    assert (await run_job(zsbot, "ranking_notice", MONDAY)).count == 1
    first = await tg.next_notification(users["王主任"])
    assert first.text.startswith("📝 通报草稿，请审核")
    assert "关于“百团招商行动”第48周（11月23日—11月29日）工作情况的通报" in first.text
    review = await _with_buttons(tg, first, users["王主任"])
    assert review.button_texts == ["发布", "放弃"]

    pressed = await tg.press(users["王主任"], review, "发布")
    assert pressed.answer is not None and pressed.answer.text == "✅ 已发布，推送至 1 个群/订阅。"
    assert not review.refresh().buttons  # one tap: the buttons are gone
    assert review.refresh().text.endswith("状态：已发布")  # and the card no longer reads 草稿

    xlsx = await tg.next_notification(office_chat)
    assert xlsx.document is not None and xlsx.document.file_name == "通报_2026-W48.xlsx"
    book = load_workbook(io.BytesIO(xlsx.document.data))
    assert book["工作组排名"]["B2"].value == "第二工作组"
    docx_file = await tg.next_notification(office_chat)
    assert docx_file.document is not None and docx_file.document.file_name == "通报_2026-W48.docx"
    txt = await tg.next_notification(office_chat)
    assert txt.document is not None and txt.document.file_name == "通报_2026-W48.txt"
    notice = txt.document.data.decode()
    assert notice.startswith(
        "关于“百团招商行动”第48周（11月23日—11月29日）工作情况的通报\n\n各工作组、各责任单位："
    )
    assert "五、7日以上无进展项目（1个，请责任人说明原因）" in notice and "负责人 钱七（县发改局）" in notice
    # too long for a caption with the stalled projects: the text follows the files
    text = xlsx if xlsx.text else await tg.next_notification(office_chat)
    assert "附件：排名明细（Excel）、通报正文（Word 公文格式、纯文本）。" in text.text
    async with db.transaction() as tx:
        stored = await tx.notices.by_period("ranking", "2026-W48")
    assert (
        stored is not None
        and stored.status == NoticeStatus.PUBLISHED
        and stored.published_by_id == county.office.id
    )


async def test_ranking_on_demand_can_be_discarded_and_a_second_tap_is_refused(
    zsbot: Running, tg: TelegramTester, emulator: BotApiEmulator, db: Database
) -> None:
    _, users = await county_with_users(db, emulator, "王主任", "孙组长")
    first = await tg.say(users["王主任"], "/ranking")
    review = await _with_buttons(tg, first, users["王主任"])
    discarded = await tg.press(users["王主任"], review, "放弃")
    assert discarded.answer is not None and discarded.answer.text == "🗑 已放弃该通报草稿。"
    [outcome] = await tg.answers(discarded, 1)
    assert outcome.text == "🗑 已放弃该通报草稿。"  # also said in the chat, under the draft
    again = await tg.say(users["王主任"], "/ranking")  # this week's notice is decided
    assert again.text.startswith("📝 通报草稿，请审核")
    last = await _part(tg, again, users["王主任"], lambda message: "状态：" in message.text)
    assert last.text.endswith("状态：已放弃")
    assert again.update_id is not None
    await emulator.wait_handled(again.update_id)  # every part is in: the status is the last, no buttons
    parts = [BotMessage.capture(a.message) for a in emulator.answers_to(again.update_id) if not a.edit]
    assert parts[-1].message_id == last.message_id and not any(part.buttons for part in parts)

    assert (await tg.say(users["孙组长"], "/ranking")).text == "您没有使用该功能的权限。"
