"""The sandbox's web chat in a real browser: personas, typing, buttons, jobs, live updates, escaping.

Each step names the feature it stands on, so a failure says which one is missing or broken.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from bot.sandbox.app import Sandbox
from bot.sandbox.demo import PARKS
from tests.browser.conftest import screenshot
from tests.support.projects import xlsx

pytestmark = pytest.mark.browser

WAIT = 15_000  # ms: the first trip parse loads jionlp's place data


def bot_messages(page: Page) -> Locator:
    return page.locator('#messages .msg[data-from="bot"]')


async def open_as(page: Page, box: Sandbox, persona: str) -> None:
    if page.url.startswith(box.url):
        await page.click(f'.persona[data-key="{persona}"]')
    else:
        await page.goto(f"{box.url}/#{persona}")
        await expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=WAIT)
    await expect(page.locator(".persona.active")).to_have_attribute("data-key", persona)


async def pinned(page: Page, message: Locator) -> Locator:
    """The same message even after an edit changes its text or buttons."""
    message_id = await message.get_attribute("data-id", timeout=WAIT)
    return page.locator(f'#messages .msg[data-id="{message_id}"]')


async def say(page: Page, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")
    await expect(page.locator('#messages .msg[data-from="user"]').last).to_contain_text(text.strip()[:20])


async def test_cadre_declares_a_trip_and_the_office_group_is_told(page: Page, box: Sandbox) -> None:
    await open_as(page, box, "cadre")
    await expect(page.locator("#warning")).to_contain_text("虚构数据")
    await expect(
        page.locator("#commands [data-command=trip]"), "menu chips from setMyCommands"
    ).to_be_visible()

    await say(page, "明天去成都拜访京东方，后天返回")
    card = bot_messages(page).filter(has=page.locator(".keyboard button", has_text="确认")).last
    await expect(
        card, "handlers/trips/declare.py: a one-line trip must be shown back with 确认"
    ).to_contain_text("成都", timeout=WAIT)
    card = await pinned(page, card)
    await expect(card.locator(".body b").first, "the bot's <b> is rendered as bold").to_be_visible()
    await card.locator(".keyboard button", has_text="确认").click()
    await expect(card, "handlers/trips/declare.py: pressing 确认 confirms the trip").to_contain_text(
        "已确认", timeout=WAIT
    )
    await screenshot(page, "1-cadre-trip-confirmed")

    await open_as(page, box, "office_group")
    notice = bot_messages(page).filter(has_text="李明").filter(has_text="成都")
    await expect(notice, "core/trips/ → outbox → the bound office group gets the trip notice").to_have_count(
        1, timeout=WAIT
    )
    await screenshot(page, "2-office-group-notice")


async def test_project_lead_answers_a_milestone_reminder(page: Page, box: Sandbox) -> None:
    await open_as(page, box, "lead")
    job = page.locator('#jobs [data-job="milestone_reminders"]')
    await expect(job, "scheduler/jobs/milestones.py: the milestone_reminders job is listed").to_be_visible()
    await job.click()
    await expect(page.locator('#job-status [data-result="done"]')).to_be_visible(timeout=WAIT)

    reminder = bot_messages(page).filter(has=page.locator(".keyboard button", has_text="汇报进度")).first
    await expect(reminder, "core/projects/reminders.py reach the lead with 汇报进度").to_be_visible(
        timeout=WAIT
    )
    project = (await reminder.locator(".body b").all_inner_texts()) or [""]
    await reminder.locator(".keyboard button", has_text="汇报进度").click()
    prompt = bot_messages(page).filter(has_text="请汇报").last
    await expect(prompt, "handlers/progress/report.py: 汇报进度 asks for one sentence").to_be_visible(
        timeout=WAIT
    )

    await say(page, "已开工，完成投资60%")
    draft = bot_messages(page).filter(has=page.locator(".keyboard button", has_text="确认")).last
    await expect(draft, "handlers/progress/: the answer is shown back for confirmation").to_contain_text(
        "60%", timeout=WAIT
    )
    draft = await pinned(page, draft)
    await draft.locator(".keyboard button", has_text="确认").click()
    saved = bot_messages(page).filter(has_text="已记录")
    await expect(saved, "core/progress/: the confirmed progress is recorded").to_have_count(1, timeout=WAIT)
    assert project, "the reminder names its project"
    await screenshot(page, "3-lead-progress-recorded")

    other = bot_messages(page).filter(has=page.locator(".keyboard button", has_text="汇报进度")).nth(1)
    await other.locator(".reply-btn").click()
    await expect(page.locator("#replying")).to_be_visible()
    await say(page, "完成投资20%")
    answer = page.locator('#messages .msg[data-from="user"]').last
    await expect(answer.locator(".quote"), "the reply quotes the reminder").to_be_visible()
    draft = bot_messages(page).filter(has_text="20%").last
    await expect(draft, "handlers/progress/: a reply to a reminder is a progress report").to_contain_text(
        "确认", timeout=WAIT
    )


async def test_office_uploads_a_plan_and_downloads_the_export(
    page: Page, box: Sandbox, tmp_path: Path
) -> None:
    plan = tmp_path / "项目计划.xlsx"
    row = [
        "兴义新区示范项目",
        "新建",
        "第一工作组",
        "市商务局",
        "陈静",
        5000,
        PARKS[0],
        "新能源",
        "王副市长",
        "开工",
        "12月20日",
    ]
    await asyncio.to_thread(plan.write_bytes, xlsx([row]))
    await open_as(page, box, "office")
    await page.set_input_files("#file", str(plan))
    sent = page.locator('#messages .msg[data-from="user"] a.document')
    await expect(sent).to_contain_text("项目计划.xlsx")
    report = bot_messages(page).filter(has_text="导入完成")
    await expect(
        report, "handlers/projects/plan_import.py: an .xlsx plan from the office is imported"
    ).to_contain_text("新增 1 个项目", timeout=WAIT)

    await page.click("#commands [data-command=export]")
    workbook = bot_messages(page).locator("a.document")
    await expect(workbook, "handlers/office/export.py: /export sends the ledger as .xlsx").to_contain_text(
        ".xlsx", timeout=WAIT
    )
    async with page.expect_download() as download_info:
        await workbook.last.click()
    download = await download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = Path(await download.path())
    assert (await asyncio.to_thread(saved.read_bytes))[:2] == b"PK"  # a zip: an .xlsx workbook
    await screenshot(page, "4-office-export")


async def test_text_from_users_is_shown_as_text_never_as_markup(page: Page, box: Sandbox) -> None:
    await open_as(page, box, "stranger")
    attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    await say(page, attack)
    mine = page.locator('#messages .msg[data-from="user"]').last
    await expect(mine.locator(".body")).to_have_text(attack)
    refusal = bot_messages(page).last
    await expect(refusal, "a stranger is refused and shown their Telegram id").to_contain_text(
        str(box.persona("stranger").user_id), timeout=WAIT
    )
    assert await page.locator("#messages img").count() == 0
    assert await page.evaluate("window.__xss") is None
