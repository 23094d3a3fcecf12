"""The Mini App in a real browser at a phone's width (390 px): the four views, in each reader's scope.

Two tests (each starts one sandbox): the office walks every view (and the screenshots in docs/ are
taken from it); a group leader sees only their group, and forged launch data shows nothing. The
sandbox's own panel (the chat's menu button) is opened once.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from bot.sandbox.app import Sandbox

pytestmark = pytest.mark.browser

WAIT = 15_000
PHONE = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[2] / "docs"
# The screenshots in docs/ are taken anew only when asked (ZSBOT_SCREENSHOTS=1): a test run must not
# rewrite tracked files (a byte-different PNG of the same view on every run).
SCREENSHOTS = os.environ.get("ZSBOT_SCREENSHOTS") == "1"


@pytest.fixture
async def phone(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    try:
        yield context
    finally:
        await context.close()


async def open_miniapp(context: BrowserContext, box: Sandbox, persona: str, *, forge: bool = False) -> Page:
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    link = box.miniapp_link(persona)
    assert link is not None
    if forge:  # one character of the signature changed
        at = link.index("hash%3D") + len("hash%3D")
        link = link[:at] + ("0" if link[at] != "0" else "1") + link[at + 1 :]
    await page.goto(box.url + link)
    await expect(page.locator("body[data-ready=true]")).to_be_attached(timeout=WAIT)
    return page


async def loaded(page: Page, view: str) -> None:
    await expect(page.locator(f'#view[data-view="{view}"][data-loaded="true"]')).to_be_attached(timeout=WAIT)


async def no_horizontal_scroll(page: Page) -> None:
    """Nothing reaches past the screen's right edge (the page clips overflow-x, so each box is measured)."""
    widest = await page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth,
            ...Array.from(document.querySelectorAll("body *"), (e) => Math.ceil(e.getBoundingClientRect().right)))"""
    )
    assert widest <= PHONE["width"], f"the page is {widest}px wide on a {PHONE['width']}px screen"


async def shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(DOCS / f"miniapp-{name}.png") if SCREENSHOTS else None, full_page=False)


async def test_office_sees_every_view_of_the_whole_campaign(phone: BrowserContext, box: Sandbox) -> None:
    office = await box.app.services.people.by_telegram_id(box.persona("office").user_id)
    assert office is not None
    travel = await box.app.services.miniapp.travel(office)
    travelling = {c.city for c in travel.cities if c.lng is not None}
    assert travelling, "the demo data has cadres out today"

    page = await open_miniapp(phone, box, "office")
    await loaded(page, "travel")
    await expect(page.locator("#scope")).to_contain_text("全部工作组")
    chart = page.locator('[data-chart="map"]')
    await expect(chart).to_have_attribute("data-points", str(len(travelling)), timeout=WAIT)
    shown = set((await chart.get_attribute("data-names") or "").split(","))
    assert shown == travelling, "the map shows every city where a cadre is out today"
    await expect(page.locator("#out-total")).to_have_text(str(travel.total))
    await expect(page.locator(".city .person")).to_have_count(sum(len(c.people) for c in travel.cities))
    await expect(page.locator(".city .badge.missing").first).to_be_visible()
    await page.wait_for_timeout(300)  # the map's first frame
    await no_horizontal_scroll(page)
    await shot(page, "travel")

    await page.click('#tabs [data-view="targets"]')
    await loaded(page, "targets")
    await expect(page.locator(".score")).to_have_count(7)  # six groups and the total
    await expect(page.locator('[data-chart="trend"] canvas')).to_be_attached()
    await no_horizontal_scroll(page)
    await shot(page, "targets")
    await page.locator('[data-chart="trend"]').scroll_into_view_if_needed()
    await shot(page, "trend")
    await page.click('.chip[data-by="park"]')
    await loaded(page, "targets")
    await expect(page.locator(".score").first).to_contain_text("园区")

    await page.click('#tabs [data-view="board"]')
    await loaded(page, "board")
    everything = int((await page.locator("#board-total").inner_text()).split()[0])
    await page.check('#filters input[name="overdue"]')
    await loaded(page, "board")
    await expect(page.locator("#board-total")).not_to_have_text(f"{everything} 个项目")
    overdue = page.locator("#projects .project")
    assert await overdue.count() > 0
    await expect(page.locator('#projects .project:not([data-light="red"])')).to_have_count(0)
    await page.uncheck('#filters input[name="overdue"]')
    await loaded(page, "board")
    await page.select_option('#filters select[name="group"]', label="第二工作组")
    await loaded(page, "board")
    hints = await page.locator("#projects .project .hint").all_inner_texts()
    assert hints and all("第二工作组" in h for h in hints)
    await no_horizontal_scroll(page)
    await shot(page, "board")
    await page.locator("#projects .project").first.click()
    await loaded(page, "project")
    await expect(page.locator("#project-card")).to_be_visible()
    await expect(page.locator("#history")).to_be_visible()
    await no_horizontal_scroll(page)
    await shot(page, "project")

    await page.click('#tabs [data-view="supervision"]')
    await loaded(page, "supervision")
    await expect(page.locator(".issue").first).to_contain_text("督办〔")
    legend = page.locator("#legend")  # the supervision rule's colours
    await expect(legend).to_contain_text("逾期未答复或节点逾期")
    office_orders = await box.app.services.miniapp.supervision(office)
    assert await page.locator(".issue").count() == len(office_orders.items)
    colours = await page.locator(".issue").evaluate_all("(cards) => cards.map((c) => c.dataset.light)")
    assert colours == [i.colour.value for i in office_orders.items]
    due = [i for i in office_orders.items if i.answer_due]
    if due:
        await expect(page.locator(f'.issue[data-id="{due[0].id}"] .due')).to_contain_text(
            str(due[0].answer_due)
        )
    await no_horizontal_scroll(page)
    await shot(page, "supervision")
    assert not page.errors  # type: ignore[attr-defined]


async def test_leader_sees_only_their_group_and_forged_data_sees_nothing(
    phone: BrowserContext, box: Sandbox, browser: Browser
) -> None:
    page = await open_miniapp(phone, box, "leader")
    await loaded(page, "travel")
    await expect(page.locator("#scope")).to_contain_text("第一工作组")
    groups = set(await page.locator(".city .person .hint").all_inner_texts())
    assert groups and all(text.startswith("第一工作组") for text in groups)
    await page.click('#tabs [data-view="targets"]')
    await loaded(page, "targets")
    names = await page.locator(".score b").all_inner_texts()
    assert names == ["第一工作组", "合计"]
    await page.click('#tabs [data-view="board"]')
    await loaded(page, "board")
    await expect(page.locator('#filters select[name="group"]')).to_have_count(0)  # one group: no choice
    hints = await page.locator("#projects .project .hint").all_inner_texts()
    assert hints and all("第一工作组" in h for h in hints)
    await no_horizontal_scroll(page)
    await page.click('#tabs [data-view="supervision"]')
    await loaded(page, "supervision")
    leader = await box.app.services.people.by_telegram_id(box.persona("leader").user_id)
    assert leader is not None
    theirs = await box.app.services.miniapp.supervision(leader)
    assert await page.locator(".issue").count() == len(theirs.items)
    assert all(i.work_group == "第一工作组" for i in theirs.items)
    for text in await page.locator(".issue").all_inner_texts():
        assert "第一工作组" in text

    forged = await open_miniapp(phone, box, "office", forge=True)
    await expect(forged.locator("body")).to_have_attribute("data-error", "401")
    await expect(forged.locator("#error")).to_contain_text("无法验证")
    assert await forged.locator("#view").inner_text() == ""
    await expect(forged.locator("#scope")).to_have_text("")

    # the sandbox's chat: the bot gave the office's chat a web_app menu button; it opens the panel
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        chat = await context.new_page()
        await chat.goto(f"{box.url}/#office")
        await expect(chat.locator("body[data-ready=true]")).to_be_attached(timeout=WAIT)
        await chat.click("#open-miniapp")
        frame = chat.frame_locator("#miniapp-frame")
        await expect(frame.locator('#view[data-view="travel"][data-loaded="true"]')).to_be_attached(
            timeout=WAIT
        )
        await expect(frame.locator("#scope")).to_contain_text("全部工作组")
        await chat.screenshot(path=str(DOCS / "miniapp-sandbox.png") if SCREENSHOTS else None)
        await chat.click("#miniapp-close")
        await chat.click('.persona[data-key="cadre"]')
        await expect(chat.locator(".persona.active")).to_have_attribute("data-key", "cadre", timeout=WAIT)
        await expect(chat.locator("#open-miniapp")).to_be_hidden()
    finally:
        await context.close()
