"""Progress from a lead: a free-text reply to a reminder, the [已完成] button, the form, photos;
money through the ledger; problems become 督办 issues tracked to closure; forged ids refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.runner import Running
from core.clock import FixedClock
from db.database import Database
from db.enums import IssueStatus, LedgerKind, MilestoneKind, ProjectStage, Role
from db.models import AuditLog, CoordinationIssue, IssueEvent, Project, WorkGroup
from tests.conftest import TZ
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona, Persona, run_job
from tests.support.factories import add_group
from tests.support.outbox import outbox_drained
from tests.support.projects import add_project, forge, set_group_leader
from tgemu.client import TelegramTester
from tgemu.emulator import make_png

D = dt.date
TODAY = D(2026, 10, 12)  # Monday


@pytest.fixture
async def team(db: Database, persona: MakePersona, clock: FixedClock) -> dict[str, Persona]:
    clock.set(dt.datetime(2026, 10, 12, 9, 0, tzinfo=TZ))
    group = await add_group(db, "第一工作组")
    people = {
        "office": await persona("办公室王主任", [Role.OFFICE]),
        "leader": await persona("张组长", [Role.GROUP_LEADER], work_group=group),
        "lead": await persona("李负责", [Role.PROJECT_LEAD], work_group=group),
        "other": await persona("赵负责", [Role.PROJECT_LEAD], work_group=group),
        "cadre": await persona("钱干部", [Role.CADRE], work_group=group),
    }
    await set_group_leader(db, group, people["leader"].person)
    return people


async def _projects(db: Database, team: dict[str, Persona]) -> tuple[Project, Project]:
    async with db.transaction() as tx:
        group = (await tx.org.groups())[0]
    mine = await add_project(
        db,
        "城东污水处理厂续建",
        lead=team["lead"].person,
        work_group=group,
        milestones=[(MilestoneKind.START_CONSTRUCTION, D(2026, 10, 13))],
        created_at=dt.datetime(2026, 9, 1, tzinfo=TZ),
    )
    theirs = await add_project(
        db,
        "新能源电池产业园",
        lead=team["other"].person,
        work_group=group,
        milestones=[(MilestoneKind.START_CONSTRUCTION, D(2026, 10, 13))],
        created_at=dt.datetime(2026, 9, 1, tzinfo=TZ),
    )
    return mine, theirs


async def _reminder(zsbot: Running, tg: TelegramTester, db: Database, who: Persona) -> object:
    await run_job(zsbot, "milestone_reminders", TODAY)
    await outbox_drained(db, app=zsbot)
    return await tg.next_notification(who.user)


@BOTH_BACKENDS
async def test_free_text_reply_to_a_reminder_is_confirmed_and_recorded(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project, _ = await _projects(db, team)
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    assert "节点提醒" in reminder.text  # type: ignore[attr-defined]

    card = await tg.say(
        team["lead"].user,
        "已于10月10日开工，完成投资30%，累计到位资金2000万元。需协调：施工用电未接入；临时用地手续未办结",
        reply_to=reminder,  # type: ignore[arg-type]
    )
    assert "请确认" in card.text and "城东污水处理厂续建" in card.text
    assert "开工，10月10日" in card.text and "30%" in card.text and "2000万元" in card.text
    assert "施工用电未接入" in card.text and card.button_texts == ["确认", "修改", "取消"]

    saved = await tg.press(team["lead"].user, card, "确认")
    assert saved.message is not None and "已记录" in saved.message.text
    assert "督办〔2026〕1" in saved.message.text and "督办〔2026〕2" in saved.message.text

    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        milestones = await tx.milestones.of_project(project.id)
        ledger = await tx.progress.ledger(project.id)
        stages = await tx.progress.stage_changes(project.id)
        updates = await tx.progress.of_project(project.id)
    assert fresh is not None and fresh.funds_arrived_wan == Decimal(2000) and fresh.percent_done == 30
    assert fresh.stage == ProjectStage.STARTED and fresh.first_signed_on is None  # landed → started
    assert milestones[0].done_on == D(2026, 10, 10)
    assert [(e.kind, e.delta_wan, e.is_correction) for e in ledger] == [
        (LedgerKind.FUNDS, Decimal(2000), False)
    ]
    assert [(s.from_stage, s.to_stage) for s in stages] == [(ProjectStage.LANDED, ProjectStage.STARTED)]
    assert len(updates) == 1 and updates[0].source == "text"

    # the group leader and the office get the issues, with buttons
    await outbox_drained(db, app=zsbot)
    raised = [m for m in tg.messages(team["leader"].user) if "需协调问题" in m.text]
    assert len(raised) == 2 and raised[0].button_texts == ["指派单位", "答复", "办结"]
    assert len([m for m in tg.messages(team["office"].user) if "需协调问题" in m.text]) == 2

    # no more reminders for a milestone that is done
    await run_job(zsbot, "milestone_reminders", D(2026, 10, 13))
    async with db.transaction() as tx:
        assert not await tx.outbox.with_key_prefix(f"milestone:{milestones[0].id}:T-0")

    # the next report: funds only grow — a smaller total is refused, nothing stored
    await tg.say(team["lead"].user, "/progress")
    refused = await tg.say(team["lead"].user, "到位1500万")
    assert "只增不减" in refused.text
    more = await tg.say(team["lead"].user, "到位3500万，已签约，协议投资5亿元")
    assert "3500万元" in more.text and "新增 1500万元" in more.text
    await tg.press(team["lead"].user, more, "确认")
    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        funds = await tx.progress.ledger(project.id, LedgerKind.FUNDS)
        signed = await tx.progress.ledger(project.id, LedgerKind.SIGNED)
    assert fresh is not None and fresh.funds_arrived_wan == Decimal(3500)
    assert [e.delta_wan for e in funds] == [Decimal(2000), Decimal(1500)]
    assert [e.delta_wan for e in signed] == [Decimal(50000)] and fresh.signed_investment_wan == Decimal(50000)


async def test_issue_is_assigned_answered_closed_and_the_raiser_told_each_step(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona], clock: FixedClock
) -> None:
    project, _ = await _projects(db, team)
    async with db.transaction() as tx:
        await tx.org.unit_get_or_create("县供电公司")
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    ask = await tg.press(team["lead"].user, reminder, "需协调")  # type: ignore[arg-type]
    assert ask.message is not None and "需要协调解决的问题" in ask.message.text
    confirm = await tg.say(team["lead"].user, "施工用电未接入，需供电公司加快办理")
    submitted = await tg.press(team["lead"].user, confirm, "提交")
    assert submitted.message is not None and "督办〔2026〕1" in submitted.message.text

    await outbox_drained(db, app=zsbot)
    notice = next(m for m in tg.messages(team["leader"].user) if "督办〔2026〕1" in m.text)
    units = await tg.press(team["leader"].user, notice, "指派单位")
    assert units.message is not None and units.message.button("县供电公司")
    assigned = await tg.press(team["leader"].user, units.message, "县供电公司")
    assert assigned.message is not None and "已将督办〔2026〕1号指派县供电公司" in assigned.message.text

    office_notice = next(m for m in tg.messages(team["office"].user) if "督办〔2026〕1" in m.text)
    prompt = await tg.press(team["office"].user, office_notice, "答复")
    assert prompt.message is not None and "答复内容" in prompt.message.text
    done = await tg.say(team["office"].user, "已协调供电公司，10月20日前接入", reply_to=prompt.message)
    assert "已答复" in done.text

    await outbox_drained(db, app=zsbot)  # before the clock jumps: an in-flight send would look stale
    clock.set(dt.datetime(2026, 10, 21, 9, 0, tzinfo=TZ))  # answered: on time, green in the list
    listing = await tg.say(team["office"].user, "/issues")
    assert "🟢 督办〔2026〕1" in listing.text and "已 9 天" in listing.text and "图例" in listing.text
    ask = await tg.press(team["office"].user, office_notice, "办结")
    assert ask.message is not None and "办结说明" in ask.message.text
    closed = await tg.say(team["office"].user, "已接入施工用电", reply_to=ask.message)
    assert "已提交督办〔2026〕1号的办结申请" in closed.text

    await outbox_drained(db, app=zsbot)
    told = [m.text for m in tg.messages(team["lead"].user)][-3:]
    assert "指派县供电公司" in told[0] and "10月20日前接入" in told[1] and "办公室王主任申请办结" in told[2]
    confirm = [m for m in tg.messages(team["lead"].user)][-1]
    confirmed = await tg.press(team["lead"].user, confirm, "确认办结")
    assert confirmed.message is not None and "已确认办结督办〔2026〕1" in confirmed.message.text
    assert "没有待办" in (await tg.say(team["office"].user, "/issues")).text
    async with db.transaction() as tx:
        issue = (await tx.session.scalars(sa.select(CoordinationIssue))).one()
        events = [e.action for e in await tx.issues.events(issue.id)]
    assert issue.status == IssueStatus.CLOSED and issue.project_id == project.id
    assert events == ["raised", "assigned", "answered", "closing", "confirmed"]
    again = await tg.press(team["office"].user, office_notice, "办结")
    assert again.answer is not None and "已办结" in again.answer.text


async def test_the_lead_of_a_cannot_report_on_b_even_with_forged_callback_data(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    _, theirs = await _projects(db, team)
    async with db.transaction() as tx:
        their_milestone = (await tx.milestones.of_project(theirs.id))[0]
    reminder = await _reminder(zsbot, tg, db, team["lead"])

    for button, data in (
        ("已完成", f"m1:d:{their_milestone.id}"),
        ("汇报进度", f"m1:r:{their_milestone.id}"),
        ("需协调", f"m1:i:{their_milestone.id}"),
    ):
        forge(reminder, button, data)
        pressed = await tg.press(team["lead"].user, reminder, button)  # type: ignore[arg-type]
        assert pressed.answer is not None and "无权" in pressed.answer.text

    forge(reminder, "汇报进度", f"g1:p:{theirs.id}:")
    pressed = await tg.press(team["lead"].user, reminder, "汇报进度")  # type: ignore[arg-type]
    assert pressed.answer is not None and "无权" in pressed.answer.text
    # a card for my own project confirmed with B's id in the data is stale, not recorded on B
    await tg.say(team["lead"].user, "/progress")
    card = await tg.say(team["lead"].user, "完成投资40%")
    forge(card, "确认", f"g1:c:{theirs.id}:")
    stale = await tg.press(team["lead"].user, card, "确认")
    assert stale.answer is not None and "过期" in stale.answer.text
    async with db.transaction() as tx:
        fresh = await tx.projects.get(theirs.id)
        assert fresh is not None and fresh.percent_done is None and fresh.last_progress_at is None
        assert not await tx.progress.of_project(theirs.id)
        assert (await tx.milestones.get(their_milestone.id)).done_on is None  # type: ignore[union-attr]


async def test_done_button_form_and_photos(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project, _ = await _projects(db, team)
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    card = await tg.press(team["lead"].user, reminder, "已完成")  # type: ignore[arg-type]
    assert card.message is not None and "开工，10月12日" in card.message.text
    with_photo = await tg.send_photo(team["lead"].user, make_png(8, 6))
    assert "照片：1 张" in with_photo.text

    step = await tg.press(team["lead"].user, with_photo, "修改")
    assert step.message is not None and "项目当前阶段" in step.message.text
    step = await tg.press(team["lead"].user, step.message, "跳过")
    assert step.message is not None and "完成进度" in step.message.text
    wrong = await tg.say(team["lead"].user, "一百二十")
    assert "0 到 100" in wrong.text
    funds = await tg.say(team["lead"].user, "55")
    assert "累计到位资金" in funds.text
    signed = await tg.say(team["lead"].user, "1.2亿")
    assert "签约日期和累计协议投资" in signed.text
    future = await tg.say(team["lead"].user, "10月20日 5亿")
    assert "不能晚于今天" in future.text  # asked again, nothing kept
    landed = await tg.say(team["lead"].user, "10月10日 5亿")
    assert "累计落地投资" in landed.text
    completed = await tg.press(team["lead"].user, landed, "跳过")
    assert completed.message is not None and "累计完成投资" in completed.message.text
    milestone = await tg.say(team["lead"].user, "8000万")
    assert "是否有节点已完成" in milestone.text
    when = await tg.press(team["lead"].user, milestone, "开工")
    assert when.message is not None and "何时完成" in when.message.text
    problems = await tg.say(team["lead"].user, "10月11日")
    assert "需要协调解决的问题" in problems.text
    final = await tg.press(team["lead"].user, problems, "无")
    assert final.message is not None
    text = final.message.text
    assert "55%" in text and "1.2亿元" in text and "开工，10月11日" in text and "照片：1 张" in text
    assert "累计签约金额：5亿元" in text and "签约日期：10月10日" in text and "累计完成投资：8000万元" in text
    await tg.press(team["lead"].user, final.message, "确认")

    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        update = (await tx.progress.of_project(project.id))[0]
        photos = await tx.progress.photos(update.id)
        milestone_row = (await tx.milestones.of_project(project.id))[0]
    assert fresh is not None and fresh.percent_done == 55 and fresh.funds_arrived_wan == Decimal(12000)
    assert fresh.stage == ProjectStage.STARTED and milestone_row.done_on == D(2026, 10, 11)
    assert fresh.signed_investment_wan == Decimal(50000) and fresh.completed_investment_wan == Decimal(8000)
    assert fresh.first_signed_on == D(2026, 10, 10)  # the day typed in the form, not the day of the report
    assert update.completed_investment_wan == Decimal(8000)
    assert len(photos) == 1 and update.source == "button"


async def test_an_overlong_answer_in_the_progress_form_is_refused_not_an_error(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    """Issue 17's fuzz sweep, with the form reached through its flow: 4,000 characters typed as the
    problems made a card over Telegram's 4,096 limit ("message is too long", 系统出错了)."""
    await _projects(db, team)
    reminder = await _reminder(zsbot, tg, db, team["lead"])
    card = await tg.press(team["lead"].user, reminder, "已完成")  # type: ignore[arg-type]
    assert card.message is not None
    step = await tg.press(team["lead"].user, card.message, "修改")
    while step.message is not None and "需要协调解决的问题" not in step.message.text:
        step = await tg.press(team["lead"].user, step.message, "跳过")
    assert step.message is not None
    refused = await tg.say(team["lead"].user, "项" * 4000)
    assert "内容过长（4000字）" in refused.text and "2000" in refused.text
    final = await tg.say(team["lead"].user, "缺电；缺水")  # still in the form: a shorter answer goes on
    assert "缺电" in final.text and "系统出错了" not in final.text


async def test_myprojects_lights_and_the_weekly_progress_request(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    async with db.transaction() as tx:
        group: WorkGroup = (await tx.org.groups())[0]
    lead = team["lead"]
    await add_project(
        db,
        "逾期项目",
        lead=lead.person,
        work_group=group,
        milestones=[(MilestoneKind.START_CONSTRUCTION, D(2026, 10, 9))],
        created_at=dt.datetime(2026, 10, 9, tzinfo=TZ),
    )
    await add_project(
        db,
        "正常项目",
        lead=lead.person,
        work_group=group,
        milestones=[(MilestoneKind.BIDDING_DONE, D(2026, 12, 20))],
        created_at=dt.datetime(2026, 10, 9, tzinfo=TZ),
    )
    quiet = await add_project(
        db,
        "久未汇报项目",
        lead=lead.person,
        work_group=group,
        milestones=[("环评批复", D(2026, 12, 20))],
        created_at=dt.datetime(2026, 9, 1, tzinfo=TZ),
    )

    mine = await tg.say(lead.user, "/myprojects")
    lines = mine.text.splitlines()
    assert "我负责的项目（3 个）" in lines[0]
    assert lines[2].startswith("🔴 逾期项目") and "已逾期 3 天" in mine.text
    assert "🟡 久未汇报项目" in mine.text and "🟢 正常项目" in mine.text
    assert mine.button("汇报：逾期项目")

    assert (await run_job(zsbot, "progress_requests", TODAY)).count == 1
    assert (await run_job(zsbot, "progress_requests", D(2026, 10, 14))).count == 0  # same ISO week
    assert (
        await run_job(zsbot, "progress_requests", D(2026, 10, 19))
    ).count == 3  # next week: all 3 are quiet
    await outbox_drained(db, app=zsbot)
    request = next(m for m in tg.messages(lead.user) if "请汇报项目进展" in m.text)
    assert "久未汇报项目" in request.text and "尚未汇报过进展" in request.text
    card = await tg.say(lead.user, "环评批复已取得", reply_to=request)
    assert "环评批复，10月12日" in card.text
    await tg.press(lead.user, card, "确认")
    async with db.transaction() as tx:
        assert (await tx.milestones.of_project(quiet.id))[0].done_on == TODAY


async def test_office_only_actions_are_refused_to_others(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona]
) -> None:
    project, _ = await _projects(db, team)
    await tg.say(team["lead"].user, "/progress")
    card = await tg.say(team["lead"].user, "到位2000万。需协调：用地指标未落实")
    await tg.press(team["lead"].user, card, "确认")
    await outbox_drained(db, app=zsbot)

    # the lead may not assign, answer or close the issue, even with the office's buttons
    notice = next(m for m in tg.messages(team["office"].user) if "督办〔2026〕1" in m.text)
    for button in ("办结", "答复", "指派单位"):
        fake = await tg.say(team["lead"].user, "/issues")
        forge(fake, fake.button_texts[0], notice.button(button).callback_data)  # type: ignore[union-attr]
        refused = await tg.press(team["lead"].user, fake, fake.button_texts[0])
        assert refused.answer is not None and ("无权" in refused.answer.text or "权限" in refused.answer.text)
    async with db.transaction() as tx:
        issue = (await tx.session.scalars(sa.select(CoordinationIssue))).one()
        assert issue.status == IssueStatus.OPEN

    # funds corrections: office only, audited
    for who in ("lead", "cadre", "leader"):
        for command in (
            f"/fundsfix {project.name} 1500万 重复统计",
            f"/fix {project.name} 到位 1500万 重复统计",
        ):
            assert "没有使用该功能的权限" in (await tg.say(team[who].user, command)).text
    card = await tg.say(team["office"].user, f"/fundsfix {project.name} 1500万 重复统计")
    assert "请确认更正" in card.text and "2000万元 → 1500万元" in card.text and "李负责" in card.text
    async with db.transaction() as tx:  # nothing changes before the confirmation
        assert (await tx.projects.get(project.id)).funds_arrived_wan == Decimal(2000)  # type: ignore[union-attr]
    fixed = await tg.press(team["office"].user, card, "确认")
    assert fixed.message is not None and "更正为 1500万元" in fixed.message.text
    await outbox_drained(db, app=zsbot)
    told = await tg.next_notification(team["lead"].user)
    assert "更正了您负责的" in told.text and "重复统计" in told.text and "2000万元 → 1500万元" in told.text
    # /fix names the figure; cancelling changes nothing
    other = await tg.say(team["office"].user, f"/fix {project.name} 签约 3亿 合同补充")
    assert "协议投资：0万元 → 3亿元" in other.text
    dropped = await tg.press(team["office"].user, other, "取消")
    assert dropped.message is not None and "已取消更正" in dropped.message.text
    assert "用法" in (await tg.say(team["office"].user, f"/fix {project.name} 别的 3亿 原因")).text
    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        ledger = await tx.progress.ledger(project.id, LedgerKind.FUNDS)
        audit = (
            await tx.session.scalars(sa.select(AuditLog).where(AuditLog.action == "project.funds_correction"))
        ).one()
    assert fresh is not None and fresh.funds_arrived_wan == Decimal(1500)
    assert [(e.delta_wan, e.is_correction) for e in ledger] == [(Decimal(2000), False), (Decimal(-500), True)]
    assert audit.actor_id == team["office"].person.id and audit.details["note"] == "重复统计"

    # the import and brochure uploads are the office's too
    assert (
        "没有使用该功能的权限" in (await tg.say(team["cadre"].user, "/brochure_add 城东污水处理厂续建")).text
    )
    async with db.transaction() as tx:
        assert not (
            await tx.session.scalars(sa.select(IssueEvent).where(IssueEvent.action != "raised"))
        ).all()
