"""Supervision (督办) end to end, over the emulator with the injected clock: an overdue milestone gives
exactly one order on the right working day, it escalates once per level, the unit's contact answers
it and closes it with a note, the office (the raiser of a generated order) reopens it and then
confirms it; a contact of another unit is refused even with forged buttons; the weekly table counts
what the events say; /supervision filters and exports."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from bot.runner import Running
from core.clock import FixedClock
from core.office.ranking import covered_week
from db.database import Database
from db.enums import IssueSource, IssueStatus, MilestoneKind, Role
from db.models import CoordinationIssue, IssueEvent, Project
from tests.conftest import TZ
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona, Persona, run_job
from tests.support.factories import add_group
from tests.support.outbox import outbox_drained
from tests.support.projects import add_project, forge, outbox_rows, set_group_leader
from tgemu.client import TelegramTester

D = dt.date
DUE = D(2026, 11, 9)  # Monday; November 2026 has no holiday


@pytest.fixture
async def team(db: Database, persona: MakePersona) -> dict[str, Persona]:
    group = await add_group(db, "第一工作组")
    people = {
        "office": await persona("办公室王主任", [Role.OFFICE]),
        "leader": await persona("张组长", [Role.GROUP_LEADER], work_group=group),
        "lead": await persona("李负责", [Role.PROJECT_LEAD], work_group=group),
        "liaison": await persona("王县长", [Role.CADRE]),
        "contact": await persona("住建刘科长", [Role.UNIT_CONTACT], unit="县住建局"),
        "other": await persona("水务陈科长", [Role.UNIT_CONTACT], unit="县水务局"),
    }
    await set_group_leader(db, group, people["leader"].person)
    return people


async def _project(db: Database, team: dict[str, Persona], name: str, unit: str, due: dt.date) -> Project:
    async with db.transaction() as tx:
        group = (await tx.org.groups())[0]
        unit_row = await tx.org.unit_get_or_create(unit)
    project = await add_project(
        db,
        name,
        lead=team["lead"].person,
        work_group=group,
        liaison=team["liaison"].person,
        milestones=[(MilestoneKind.START_CONSTRUCTION, due)],
    )
    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        assert fresh is not None
        fresh.unit_id = unit_row.id
    return project


async def _orders(db: Database) -> list[CoordinationIssue]:
    async with db.transaction() as tx:
        return list(await tx.session.scalars(sa.select(CoordinationIssue).order_by(CoordinationIssue.id)))


async def _sweep(zsbot: Running, db: Database, clock: FixedClock, day: dt.date) -> int:
    await outbox_drained(db, app=zsbot)  # before the clock jumps: an in-flight send would look stale
    clock.set(dt.datetime.combine(day, dt.time(9, 15), tzinfo=TZ))
    result = await run_job(zsbot, "supervision_sweep", day)
    await outbox_drained(db, app=zsbot)
    return result.count


def _with(tg: TelegramTester, who: Persona, text: str) -> list[str]:
    return [m.text for m in tg.messages(who.user) if text in m.text]


@BOTH_BACKENDS
async def test_an_overdue_milestone_is_ordered_escalated_answered_closed_reopened_and_confirmed(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona], clock: FixedClock
) -> None:
    await _project(db, team, "城东污水处理厂续建", "县住建局", DUE)

    # overdue by more than 3 working days: not on Thu 11-12 (3), on Fri 11-13 (4), once
    assert await _sweep(zsbot, db, clock, D(2026, 11, 12)) == 0
    assert await _orders(db) == []
    assert await _sweep(zsbot, db, clock, D(2026, 11, 13)) == 3  # the contact, the lead, the liaison
    assert await _sweep(zsbot, db, clock, D(2026, 11, 13)) == 0
    assert await _sweep(zsbot, db, clock, D(2026, 11, 16)) == 0
    [order] = await _orders(db)
    assert order.source == IssueSource.MILESTONE and order.answer_due == D(2026, 11, 18)
    assert order.status == IssueStatus.ASSIGNED and order.raised_by_id is None

    notice = next(m for m in tg.messages(team["contact"].user) if "督办单 督办〔2026〕1号" in m.text)
    assert "城东污水处理厂续建" in notice.text and "已逾期4个工作日" in notice.text
    assert "11月18日前答复" in notice.text and notice.button_texts == ["答复", "办结", "转办"]
    assert _with(tg, team["lead"], "抄送项目负责人") and _with(tg, team["liaison"], "抄送联系领导")
    assert not _with(tg, team["leader"], "督办") and not _with(tg, team["office"], "督办")

    # unanswered: the group leader the day after the deadline, the office and the liaison 3 working days after
    assert await _sweep(zsbot, db, clock, D(2026, 11, 18)) == 0
    assert await _sweep(zsbot, db, clock, D(2026, 11, 19)) == 1
    assert _with(tg, team["leader"], "督办升级 督办〔2026〕1号")
    assert await _sweep(zsbot, db, clock, D(2026, 11, 20)) == 0
    assert await _sweep(zsbot, db, clock, D(2026, 11, 23)) == 2
    assert _with(tg, team["office"], "督办再次升级") and _with(tg, team["liaison"], "督办再次升级")
    assert await _sweep(zsbot, db, clock, D(2026, 11, 24)) == 0
    keys = sorted(r.dedupe_key.split(">")[0] for r in await outbox_rows(db, f"order:{order.id}:esc"))
    assert keys == [f"order:{order.id}:esc1", f"order:{order.id}:esc2", f"order:{order.id}:esc2"]
    board = await tg.say(team["office"].user, "/supervision")
    assert "🔴 督办〔2026〕1号" in board.text and "⬆️⬆️指挥部" in board.text and "图例" in board.text

    # a contact of another unit may not answer, close or pass it on, even with forged buttons
    await _project(db, team, "县城供水管网改造", "县水务局", D(2026, 11, 16))
    await _sweep(zsbot, db, clock, D(2026, 11, 24))
    theirs = next(m for m in tg.messages(team["other"].user) if "督办〔2026〕2号" in m.text)
    for button in ("答复", "办结", "转办"):
        forge(theirs, button, notice.button(button).callback_data)  # type: ignore[union-attr]
        refused = await tg.press(team["other"].user, theirs, button)
        assert refused.answer is not None and "无权" in refused.answer.text

    # the contact answers and closes it with a note
    prompt = await tg.press(team["contact"].user, notice, "答复")
    assert prompt.message is not None and "答复内容" in prompt.message.text
    answered = await tg.say(
        team["contact"].user, "已督促施工单位进场，预计11月30日开工", reply_to=prompt.message
    )
    assert "已答复" in answered.text
    ask = await tg.press(team["contact"].user, notice, "办结")
    assert ask.message is not None and "办结说明" in ask.message.text
    sent = await tg.say(team["contact"].user, "已开工，附开工令", reply_to=ask.message)
    assert "待提出人" in sent.text

    # the office reopens it with a reason: back to the unit with a new deadline, history kept
    await outbox_drained(db, app=zsbot)
    closing = next(m for m in tg.messages(team["office"].user) if "申请办结" in m.text)
    assert "已开工，附开工令" in closing.text and closing.button_texts == ["确认办结", "退回重办"]
    why = await tg.press(team["office"].user, closing, "退回重办")
    assert why.message is not None and "理由" in why.message.text
    back = await tg.say(team["office"].user, "未见开工令附件", reply_to=why.message)
    assert "新的答复期限：11月27日" in back.text
    await outbox_drained(db, app=zsbot)
    reopened = next(m for m in tg.messages(team["contact"].user) if "退回重办" in m.text)
    assert "未见开工令附件" in reopened.text and reopened.button_texts == ["答复", "办结", "转办"]

    # answered and closed again; confirmed by the office; a second confirmation is refused
    prompt = await tg.press(team["contact"].user, reopened, "答复")
    await tg.say(team["contact"].user, "开工令已补交", reply_to=prompt.message)
    ask = await tg.press(team["contact"].user, reopened, "办结")
    await tg.say(team["contact"].user, "已开工，开工令已补交", reply_to=ask.message)
    await outbox_drained(db, app=zsbot)
    closing = [m for m in tg.messages(team["office"].user) if "申请办结" in m.text][-1]
    # the contact may not confirm their own closing
    forge(reopened, "答复", closing.button("确认办结").callback_data)  # type: ignore[union-attr]
    refused = await tg.press(team["contact"].user, reopened, "答复")
    assert refused.answer is not None and "无权" in refused.answer.text
    done = await tg.press(team["office"].user, closing, "确认办结")
    assert done.message is not None and "已确认办结督办〔2026〕1号" in done.message.text
    again = await tg.press(team["office"].user, closing, "确认办结")
    assert again.answer is not None and "已办结" in again.answer.text
    await outbox_drained(db, app=zsbot)
    assert _with(tg, team["contact"], "确认办结")

    async with db.transaction() as tx:
        fresh = await tx.issues.get(order.id)
        events = [e.action for e in await tx.issues.events(order.id)]
    assert (
        fresh is not None
        and fresh.status == IssueStatus.CLOSED
        and fresh.closed_by_id == team["office"].person.id
    )
    assert fresh.closing_note == "已开工，开工令已补交"
    assert events == [
        "raised",
        "escalated",
        "escalated",
        "answered",
        "closing",
        "reopened",
        "answered",
        "closing",
        "confirmed",
    ]

    # the weekly 通报's table counts what the events say (the week before Mon 11-30)
    notice_day = D(2026, 11, 30)
    await outbox_drained(db, app=zsbot)
    clock.set(dt.datetime.combine(notice_day, dt.time(9), tzinfo=TZ))
    async with db.transaction() as tx:
        body = await zsbot.services.ranking.compute(tx, notice_day)
        start, end, _ = covered_week(notice_day)
        lo = dt.datetime.combine(start, dt.time(), tzinfo=TZ)
        hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=TZ)
        week = Counter(
            (
                await tx.session.scalars(
                    sa.select(IssueEvent.action).where(IssueEvent.at >= lo, IssueEvent.at < hi)
                )
            ).all()
        )
    rows = {row.unit: row for row in body.supervision}
    assert sum(r.opened for r in rows.values()) == week["raised"] == 1  # the water order, on 11-24
    assert sum(r.answered for r in rows.values()) == week["answered"] == 2
    assert sum(r.closed for r in rows.values()) == week["confirmed"] == 1
    assert rows["县住建局"].closed == 1 and rows["县住建局"].closed_on_time == 0  # answered after 11-18
    assert rows["县水务局"].opened == 1 and rows["县水务局"].overdue == 1  # its milestone is overdue


async def test_a_raised_issue_goes_to_the_unit_contact_and_the_raiser_confirms(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona], clock: FixedClock
) -> None:
    """Assigning by a typed name (matched, or created after confirmation), passing on, and the raiser
    confirming; the raiser's project lead colleague may not confirm."""
    clock.set(dt.datetime(2026, 11, 10, 9, 0, tzinfo=TZ))
    project = await _project(db, team, "新能源电池产业园", "县住建局", D(2026, 12, 20))
    await tg.say(team["lead"].user, "/progress")
    card = await tg.say(team["lead"].user, "需协调：施工用电未接入")
    await tg.press(team["lead"].user, card, "确认")
    await outbox_drained(db, app=zsbot)
    [issue] = await _orders(db)
    assert issue.answer_due == D(2026, 11, 13) and issue.project_id == project.id

    notice = next(m for m in tg.messages(team["leader"].user) if "督办〔2026〕1号" in m.text)
    units = await tg.press(team["leader"].user, notice, "指派单位")
    assert units.message is not None
    ask = await tg.press(team["leader"].user, units.message, "输入其他单位")
    assert ask.message is not None
    unknown = await tg.say(team["leader"].user, "县供电公司", reply_to=ask.message)
    assert "没有名为“县供电公司”的单位" in unknown.text and unknown.button("新建单位")
    async with db.transaction() as tx:
        assert await tx.org.unit_by_name("县供电公司") is None  # never created silently
    similar = await tg.press(team["leader"].user, units.message, "输入其他单位")
    matched = await tg.say(team["leader"].user, "水务局", reply_to=similar.message)
    assert "相近的单位" in matched.text and matched.button("县水务局")
    assigned = await tg.press(team["leader"].user, matched, "县水务局")
    assert assigned.message is not None and "指派县水务局" in assigned.message.text
    await outbox_drained(db, app=zsbot)
    given = next(m for m in tg.messages(team["other"].user) if "督办〔2026〕1号" in m.text)
    assert "交县水务局办理" in given.text and given.button_texts == ["答复", "办结", "转办"]

    # the water contact passes it on to a unit that does not exist yet, after confirming its name
    units = await tg.press(team["other"].user, given, "转办")
    ask = await tg.press(team["other"].user, units.message, "输入其他单位")  # type: ignore[arg-type]
    unknown = await tg.say(team["other"].user, "县供电公司", reply_to=ask.message)
    created = await tg.press(team["other"].user, unknown, "新建单位")
    assert created.message is not None and "指派县供电公司" in created.message.text
    # now it is not theirs any more
    refused = await tg.press(team["other"].user, given, "答复")
    assert refused.answer is not None and "无权" in refused.answer.text

    # the office closes it with a note; the raiser confirms
    office_notice = next(m for m in tg.messages(team["office"].user) if "督办〔2026〕1号" in m.text)
    ask = await tg.press(team["office"].user, office_notice, "办结")
    await tg.say(team["office"].user, "供电公司已接入临时用电", reply_to=ask.message)
    await outbox_drained(db, app=zsbot)
    closing = next(m for m in tg.messages(team["lead"].user) if "申请办结" in m.text)
    done = await tg.press(team["lead"].user, closing, "确认办结")
    assert done.message is not None and "已确认办结" in done.message.text
    async with db.transaction() as tx:
        events = [(e.action, e.text) for e in await tx.issues.events(issue.id)]
        audit = await tx.session.scalar(
            sa.text("select count(*) from audit_log where action = 'unit.create'")
        )
    assert [a for a, _ in events] == ["raised", "assigned", "transferred", "closing", "confirmed"]
    assert events[2][1] == "县水务局 → 县供电公司" and audit == 1


async def test_supervision_board_filters_and_exports_and_refuses_others(
    zsbot: Running, tg: TelegramTester, db: Database, team: dict[str, Persona], clock: FixedClock
) -> None:
    await _project(db, team, "城东污水处理厂续建", "县住建局", DUE)
    await _project(db, team, "县城供水管网改造", "县水务局", D(2026, 11, 30))
    await _sweep(zsbot, db, clock, D(2026, 11, 13))
    office = team["office"].user
    everything = await tg.say(office, "/supervision")
    assert "督办事项（1 件）" in everything.text and "<b>县住建局</b>" not in everything.text
    assert "县住建局（1 件）" in everything.text
    assert "没有符合条件" in (await tg.say(office, "/supervision 绿")).text
    assert "督办〔2026〕1号" in (await tg.say(office, "/supervision 红 县住建局")).text
    assert "没有符合条件" in (await tg.say(office, "/supervision 县水务局")).text
    assert "没有名为“县交通局”的责任单位" in (await tg.say(office, "/supervision 县交通局")).text
    assert "没有名为“第九工作组”的工作组" in (await tg.say(office, "/supervision 第九工作组")).text
    assert "督办〔2026〕1号" in (await tg.say(office, "/supervision 第一工作组")).text

    sheet = await tg.say(office, "/supervision 导出")
    assert sheet.document is not None and sheet.document.file_name == "督办台账_2026-11-13.xlsx"
    book = load_workbook(io.BytesIO(sheet.document.data))
    assert book.sheetnames == ["督办单", "办理记录"]
    orders = list(book["督办单"].iter_rows(min_row=2, values_only=True))
    history = list(book["办理记录"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in orders] == ["督办〔2026〕1号"] and [r[3] for r in history] == ["提出/生成"]

    for who in ("contact", "lead", "liaison"):
        refused = await tg.say(team[who].user, "/supervision")
        assert "权限" in refused.text
