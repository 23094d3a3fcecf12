"""Progress replies without false facts (issue 11): a step is not its milestone (the card asks),
累计完成投资 kept apart from funds arrived, guesses shown back as questions, and progress typed
without replying to a reminder asks which project."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.runner import Running
from core.clock import FixedClock
from db.database import Database
from db.enums import LedgerKind, MilestoneKind, Role
from db.models import Project
from tests.conftest import TZ
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona, Persona, run_job
from tests.support.factories import add_group
from tests.support.outbox import outbox_drained
from tests.support.projects import add_project, forge
from tgemu.client import TelegramTester

D = dt.date
TODAY = D(2026, 10, 12)


@pytest.fixture
async def team(db: Database, persona: MakePersona, clock: FixedClock) -> dict[str, Persona]:
    clock.set(dt.datetime(2026, 10, 12, 9, 0, tzinfo=TZ))
    group = await add_group(db, "第一工作组")
    return {
        "lead": await persona("李负责", [Role.PROJECT_LEAD], work_group=group),
        "other": await persona("赵负责", [Role.PROJECT_LEAD], work_group=group),
    }


async def _project(db: Database, lead: Persona, name: str, milestone: MilestoneKind | str) -> Project:
    async with db.transaction() as tx:
        group = (await tx.org.groups())[0]
    return await add_project(
        db,
        name,
        lead=lead.person,
        work_group=group,
        milestones=[(milestone, D(2026, 10, 13))],
        created_at=dt.datetime(2026, 9, 1, tzinfo=TZ),
    )


async def _reminder(zsbot: Running, tg: TelegramTester, db: Database, who: Persona) -> object:
    await run_job(zsbot, "milestone_reminders", TODAY)
    await outbox_drained(db, app=zsbot)
    return await tg.next_notification(who.user)


async def _milestones_done(db: Database, project: Project) -> list[dt.date | None]:
    async with db.transaction() as tx:
        return [m.done_on for m in await tx.milestones.of_project(project.id)]


@BOTH_BACKENDS
async def test_a_step_of_the_milestone_is_not_the_milestone_the_card_asks(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project = await _project(db, team["lead"], "城东污水处理厂续建", "用地手续")
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    card = await tg.say(
        team["lead"].user,
        "用地预审已通过，正在办理土地出让手续，完成投资约1.5亿",
        reply_to=reminder,  # type: ignore[arg-type]
    )
    assert "是否标记“用地手续”已完成" in card.text and "节点完成：" not in card.text
    assert "累计完成投资：1.5亿元" in card.text
    assert card.button_texts[:2] == ["✅ 是，已完成", "否，未完成"]

    kept = await tg.press(team["lead"].user, card, "否，未完成")
    assert kept.message is not None and "是否标记" not in kept.message.text
    saved = await tg.press(team["lead"].user, kept.message, "确认")
    assert saved.message is not None and "累计完成投资" in saved.message.text
    assert await _milestones_done(db, project) == [None]
    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        completed = await tx.progress.ledger(project.id, LedgerKind.COMPLETED)
        funds = await tx.progress.ledger(project.id, LedgerKind.FUNDS)
        [update] = await tx.progress.of_project(project.id)
    assert fresh is not None and fresh.completed_investment_wan == Decimal(15000)
    assert fresh.funds_arrived_wan == 0 and funds == []
    assert [e.delta_wan for e in completed] == [Decimal(15000)]
    assert update.completed_investment_wan == Decimal(15000) and update.milestone_id is None


async def test_yes_to_the_question_marks_the_milestone(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project = await _project(db, team["lead"], "城东污水处理厂续建", "用地手续")
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    card = await tg.say(team["lead"].user, "已完成", reply_to=reminder)  # type: ignore[arg-type]
    assert "是否标记“用地手续”已完成" in card.text
    marked = await tg.press(team["lead"].user, card, "✅ 是，已完成")
    assert marked.message is not None and "节点完成：用地手续" in marked.message.text
    await tg.press(team["lead"].user, marked.message, "确认")
    assert await _milestones_done(db, project) == [TODAY]


async def test_another_step_done_is_text_and_the_start_milestone_stays_open(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project = await _project(db, team["lead"], "城东污水处理厂续建", MilestoneKind.START_CONSTRUCTION)
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    card = await tg.say(team["lead"].user, "场地平整已完成，进度30%", reply_to=reminder)  # type: ignore[arg-type]
    assert "30%" in card.text and "节点完成：" not in card.text and "是否标记" not in card.text
    assert "场地平整完成" in card.text and "仅作为情况说明记录" in card.text
    await tg.press(team["lead"].user, card, "确认")
    assert await _milestones_done(db, project) == [None]


async def test_guesses_are_questions_and_nothing_is_stored_for_them(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project = await _project(db, team["lead"], "城东污水处理厂续建", MilestoneKind.START_CONSTRUCTION)
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    card = await tg.say(
        team["lead"].user,
        "到位资金500万美元，进度过半，<b>需协调</b>",
        reply_to=reminder,  # type: ignore[arg-type]
    )
    assert "“500万美元”是外币金额" in card.text and "“过半”具体是百分之多少" in card.text
    assert "&lt;b&gt;" in card.html  # echoed text escaped
    await tg.press(team["lead"].user, card, "确认")
    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
    assert fresh is not None and fresh.funds_arrived_wan == 0 and fresh.percent_done is None


async def test_progress_typed_without_a_reply_asks_which_project(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    first = await _project(db, team["lead"], "城东污水处理厂续建", MilestoneKind.START_CONSTRUCTION)
    await _project(db, team["lead"], "城西物流园", MilestoneKind.START_CONSTRUCTION)
    theirs = await _project(db, team["other"], "新能源电池产业园", MilestoneKind.START_CONSTRUCTION)
    question = await tg.say(team["lead"].user, "已于10月10日开工，到位资金2000万")
    assert "哪个项目" in question.text
    assert len(question.button_texts) == 2 and any("城东" in b for b in question.button_texts)

    # a forged button for someone else's project is refused, nothing parsed onto it
    forge(question, question.button_texts[0], f"g1:q:{theirs.id}:")
    refused = await tg.press(team["lead"].user, question, question.button_texts[0])
    assert refused.message is None or "请确认" not in refused.message.text

    question = await tg.say(team["lead"].user, "已于10月10日开工，到位资金2000万")
    card_press = await tg.press(
        team["lead"].user, question, next(b for b in question.button_texts if "城东" in b)
    )
    assert card_press.new_messages and "城东污水处理厂续建" in card_press.new_messages[-1].text
    assert "开工，10月10日" in card_press.new_messages[-1].text
    await tg.press(team["lead"].user, card_press.new_messages[-1], "确认")
    assert await _milestones_done(db, first) == [D(2026, 10, 10)]
    async with db.transaction() as tx:
        other = await tx.projects.get(theirs.id)
    assert other is not None and other.funds_arrived_wan == 0


async def test_someone_without_projects_gets_no_project_question(
    zsbot: Running, tg: TelegramTester, persona: MakePersona
) -> None:
    cadre = await persona("钱干部", [Role.CADRE])
    answer = await tg.say(cadre.user, "已于10月10日开工，到位资金2000万")
    assert "哪个项目" not in answer.text
