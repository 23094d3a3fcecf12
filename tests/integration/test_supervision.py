"""Supervision (督办) on SQLite and PostgreSQL: the generation rules (working days, holidays and make-up
days, stalled projects, red issues, each once), escalation once per level, access (who may not
handle, close, confirm or pass on), bad input (no closing note, unknown unit names), the unit-contact
import, and the board query reused by the Mini App."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from core.calendar import CalendarService
from core.clock import FixedClock
from core.coordination import CoordinationService
from core.delivery.kinds import Kind
from core.delivery.outbox import Outbox
from core.errors import Conflict, Forbidden, Invalid, NotYours
from core.imports import ImportService
from core.office.digest import DigestService
from core.policy import WHOLE_CAMPAIGN
from core.project_state import Light
from core.supervision.board import by_unit, orders_board
from core.supervision.rules import SupervisionRules
from core.supervision.service import BoardFilter, SupervisionService
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import CalendarKind, IssueSource, IssueStatus, MilestoneKind, Role
from db.models import CoordinationIssue, Person, Project, WorkGroup
from tests.conftest import TZ
from tests.support.factories import add_group, add_person
from tests.support.projects import add_project, outbox_rows, set_group_leader

D = dt.date
RULES = SupervisionRules()


class World:
    def __init__(self, db: Database, clock: FixedClock) -> None:
        outbox = Outbox(clock)
        self.db, self.clock = db, clock
        self.coordination = CoordinationService(db, clock, outbox, calendar=CalendarService(db), rules=RULES)
        self.supervision = SupervisionService(db, clock, outbox, RULES)
        self.people: dict[str, Person] = {}
        self.group: WorkGroup

    async def sweep(self, day: dt.date) -> int:
        self.clock.set(dt.datetime.combine(day, dt.time(9, 15), tzinfo=TZ))
        return await self.supervision.sweep(day)

    async def orders(self) -> list[CoordinationIssue]:
        async with self.db.transaction() as tx:
            return list(await tx.session.scalars(sa.select(CoordinationIssue).order_by(CoordinationIssue.id)))

    async def project(self, name: str, unit: str | None, due: dt.date | None = None, **kw: object) -> Project:
        project = await add_project(
            self.db,
            name,
            lead=self.people["lead"],
            work_group=self.group,
            liaison=self.people["liaison"],
            milestones=[(MilestoneKind.START_CONSTRUCTION, due)] if due else [],
            **kw,  # type: ignore[arg-type]
        )
        if unit:
            async with self.db.transaction() as tx:
                fresh = await tx.projects.get(project.id)
                assert fresh is not None
                fresh.unit_id = (await tx.org.unit_get_or_create(unit)).id
        return project


@pytest.fixture
async def world(db: Database, clock: FixedClock) -> World:
    w = World(db, clock)
    w.group = await add_group(db, "第一工作组")
    other_group = await add_group(db, "第二工作组")
    people = {
        "office": await add_person(db, "王主任", [Role.OFFICE], telegram_id=1),
        "leader": await add_person(db, "张组长", [Role.GROUP_LEADER], telegram_id=2, work_group=w.group),
        "other_leader": await add_person(db, "孙组长", [Role.GROUP_LEADER], telegram_id=3),
        "lead": await add_person(db, "李负责", [Role.PROJECT_LEAD], telegram_id=4, work_group=w.group),
        "liaison": await add_person(db, "王县长", [Role.CADRE], telegram_id=5),
        "contact": await add_person(db, "刘科长", [Role.UNIT_CONTACT], telegram_id=6, unit="县住建局"),
        "other": await add_person(db, "陈科长", [Role.UNIT_CONTACT], telegram_id=7, unit="县水务局"),
        "cadre": await add_person(db, "钱干部", [Role.CADRE], telegram_id=8),
    }
    await set_group_leader(db, w.group, people["leader"])
    await set_group_leader(db, other_group, people["other_leader"])
    w.people = people
    return w


async def test_an_overdue_milestone_is_ordered_on_the_right_working_day_across_a_holiday(
    world: World,
) -> None:
    # due Wed 9-30; then the National Day holiday (10-1..10-7), 10-8, 10-9, the make-up Saturday 10-10
    await world.project("城东污水处理厂续建", "县住建局", D(2026, 9, 30))
    for day in (D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10)):  # 1, 2, 3 working days late
        assert await world.sweep(day) == 0
    assert await world.sweep(D(2026, 10, 12)) == 3  # 4 working days late: the contact, the lead, the liaison
    assert await world.sweep(D(2026, 10, 12)) == 0
    [order] = await world.orders()
    assert order.source == IssueSource.MILESTONE and order.source_key == f"milestone:{order.milestone_id}"
    assert order.answer_due == D(2026, 10, 15) and order.number == 1
    rows = await outbox_rows(world.db, f"order:{order.id}:issued")
    assert sorted(r.person_id for r in rows) == sorted(
        world.people[k].id for k in ("contact", "lead", "liaison")
    )
    assert {r.payload["audience"] for r in rows} == {"unit", "lead", "liaison"}


async def test_an_office_holiday_moves_the_order_to_the_next_working_day(world: World) -> None:
    await world.project("城东污水处理厂续建", "县住建局", D(2026, 9, 30))
    await CalendarService(world.db).set(D(2026, 10, 12), CalendarKind.HOLIDAY, "临时放假")
    assert await world.sweep(D(2026, 10, 12)) == 0
    assert await world.sweep(D(2026, 10, 13)) == 3


async def test_escalation_goes_to_the_leader_then_the_office_and_liaison_once_each(world: World) -> None:
    await world.project("城东污水处理厂续建", "县住建局", D(2026, 11, 9))
    await world.sweep(D(2026, 11, 13))
    [order] = await world.orders()
    assert order.answer_due == D(2026, 11, 18)
    assert await world.sweep(D(2026, 11, 18)) == 0
    assert await world.sweep(D(2026, 11, 19)) == 1
    assert await world.sweep(D(2026, 11, 19)) == 0
    assert await world.sweep(D(2026, 11, 20)) == 0
    assert await world.sweep(D(2026, 11, 23)) == 2  # the office member, the liaison
    assert await world.sweep(D(2026, 11, 30)) == 0
    rows = await outbox_rows(world.db, f"order:{order.id}:esc")
    p = world.people
    assert sorted((r.dedupe_key.split(">")[0][-4:], r.person_id) for r in rows) == sorted(
        [("esc1", p["leader"].id), ("esc2", p["office"].id), ("esc2", p["liaison"].id)]
    )
    assert all(r.kind == Kind.ORDER_ESCALATED for r in rows)
    async with world.db.transaction() as tx:
        events = [(e.action, e.text) for e in await tx.issues.events(order.id)]
    assert events == [("raised", order.description), ("escalated", "1"), ("escalated", "2")]
    # visible in the digest's 督办 section, and in the unit contact's /issues (not another unit's)
    digest = await DigestService(world.db, world.clock, Outbox(world.clock), CalendarService(world.db)).build(
        D(2026, 11, 30), WHOLE_CAMPAIGN
    )
    [item] = digest.issues.items
    assert (item.number, item.escalation_level, item.light, item.unit) == (1, 2, Light.RED, "县住建局")
    assert [v.id for v in await world.coordination.listed(p["contact"])] == [order.id]
    assert await world.coordination.listed(p["other"]) == []


async def test_an_answered_order_does_not_escalate(world: World) -> None:
    await world.project("城东污水处理厂续建", "县住建局", D(2026, 11, 9))
    await world.sweep(D(2026, 11, 13))
    [order] = await world.orders()
    await world.coordination.answer(world.people["contact"], order.id, "已督促施工单位进场")
    assert await world.sweep(D(2026, 11, 19)) == 0
    assert (await world.orders())[0].escalation_level == 0


async def test_a_stalled_project_and_a_red_issue_are_ordered_once(world: World) -> None:
    world.clock.set(dt.datetime(2026, 11, 2, 9, 0, tzinfo=TZ))
    quiet = await world.project("文旅综合体", "县文旅局", created_at=dt.datetime(2026, 10, 1, tzinfo=TZ))
    raised = await world.coordination.raise_issue(world.people["lead"], quiet.id, "用地指标未落实")
    assert raised.answer_due == D(2026, 11, 5)
    # a project without unit: the stalled order goes to the office to assign
    assert await world.sweep(D(2026, 11, 5)) >= 2
    orders = await world.orders()
    stalled = [o for o in orders if o.source == IssueSource.STALLED]
    assert len(stalled) == 1 and stalled[0].source_key.startswith(f"stalled:{quiet.id}:")  # type: ignore[union-attr]
    issue = next(o for o in orders if o.source == IssueSource.RAISED)
    assert issue.ordered_at is None  # due today: not red yet
    assert await world.sweep(D(2026, 11, 6)) == 3  # red: issued as an order to the unit, lead, liaison
    issue = next(o for o in await world.orders() if o.source == IssueSource.RAISED)
    assert issue.ordered_at is not None and issue.source_key == f"issue:{issue.id}"
    assert issue.answer_due == D(2026, 11, 11)
    assert await world.sweep(D(2026, 11, 6)) == 0
    assert len(await world.orders()) == 2


async def test_an_order_without_a_unit_goes_to_the_office_to_assign(world: World) -> None:
    await world.project("无单位项目", None, D(2026, 11, 9))
    await world.sweep(D(2026, 11, 13))
    [order] = await world.orders()
    assert order.status == IssueStatus.OPEN and order.assigned_unit_id is None
    rows = await outbox_rows(world.db, f"order:{order.id}:issued")
    office = [r for r in rows if r.payload["audience"] == "office"]
    assert [r.person_id for r in office] == [world.people["office"].id]


async def test_who_may_not_handle_close_confirm_or_pass_on(world: World) -> None:
    await world.project("城东污水处理厂续建", "县住建局", D(2026, 11, 9))
    await world.sweep(D(2026, 11, 13))
    [order] = await world.orders()
    p, c = world.people, world.coordination
    async with world.db.transaction() as tx:
        water = await tx.org.unit_by_name("县水务局")
    assert water is not None
    # another unit's contact, the lead, a leader of another group, a cadre: refused
    for who, error in (
        ("other", NotYours),
        ("lead", NotYours),
        ("other_leader", NotYours),
        ("cadre", Forbidden),
    ):
        with pytest.raises(error):
            await c.answer(p[who], order.id, "越权答复")
        with pytest.raises(error):
            await c.close(p[who], order.id, "越权办结")
        with pytest.raises(error):
            await c.assign(p[who], order.id, water.id)
    # no closing note: refused, nothing stored
    with pytest.raises(Invalid) as error:
        await c.close(p["contact"], order.id, "   ")
    assert error.value.key == "issue.note_required"
    assert (await world.orders())[0].status == IssueStatus.ASSIGNED
    with pytest.raises(Conflict):  # confirming what was never closed
        await c.confirm(p["office"], order.id)
    await c.close(p["contact"], order.id, "已开工")
    # the unit's contact, the lead and the liaison may not confirm or reopen; the group leader may
    for who in ("contact", "lead", "liaison", "other"):
        with pytest.raises((NotYours, Forbidden)):
            await c.confirm(p[who], order.id)
        with pytest.raises((NotYours, Forbidden)):
            await c.reopen(p[who], order.id, "不同意")
    with pytest.raises(Invalid):
        await c.reopen(p["leader"], order.id, " ")
    with pytest.raises(Conflict):  # waiting for confirmation: no more answers or closings
        await c.close(p["contact"], order.id, "再次办结")
    view = await c.reopen(p["leader"], order.id, "开工令未上传")
    assert view.status == IssueStatus.ASSIGNED and view.closing_note is None
    assert view.answer_due == D(2026, 11, 18)
    # the contact passes it on to the water bureau: recorded, and now it is not theirs
    moved = await c.assign(p["contact"], order.id, water.id)
    assert moved.unit == "县水务局"
    with pytest.raises(NotYours):
        await c.answer(p["contact"], order.id, "已办")
    await c.answer(p["other"], order.id, "已办")
    async with world.db.transaction() as tx:
        events = [(e.action, e.text) for e in await tx.issues.events(order.id)]
    assert events[-2:] == [("transferred", "县住建局 → 县水务局"), ("answered", "已办")]
    assert [k for k in {r.kind for r in await outbox_rows(world.db, f"issue:{order.id}:unit:")}] == [
        Kind.ORDER_ASSIGNED
    ]


async def test_typed_unit_names_are_matched_and_only_created_when_confirmed(world: World) -> None:
    project = await world.project("城东污水处理厂续建", None)
    issue = await world.coordination.raise_issue(world.people["lead"], project.id, "施工用电未接入")
    c, office = world.coordination, world.people["office"]
    name, found = await c.match_units(office, issue.id, " 县住建局 ")
    assert name == "县住建局" and [u.name for u in found] == ["县住建局"]
    name, found = await c.match_units(office, issue.id, "住建")
    assert [u.name for u in found] == ["县住建局"]
    name, found = await c.match_units(office, issue.id, "县供电公司")
    assert found == []
    async with world.db.transaction() as tx:
        assert await tx.org.unit_by_name("县供电公司") is None
    for bad in ("", "x" * 101):
        with pytest.raises(Invalid):
            await c.match_units(office, issue.id, bad)
    with pytest.raises(NotYours):
        await c.match_units(world.people["other"], issue.id, "县供电公司")
    view = await c.assign_new_unit(office, issue.id, "县供电公司")
    assert view.unit == "县供电公司" and view.status == IssueStatus.ASSIGNED


async def test_the_unit_contact_role_is_imported_with_its_unit(db: Database) -> None:
    text = "姓名,手机,单位,角色\n刘科长,13800000001,县住建局,联络员\n陈科长,13800000002,,联络员\n"
    report = await ImportService(db).people(text.encode(), "people.csv")
    assert not report.ok and [(e.row, e.code) for e in report.errors] == [(3, "contact_without_unit")]
    async with db.transaction() as tx:
        assert await tx.people.count() == 0  # nothing half-imported
    report = await ImportService(db).people(
        text.splitlines()[0].encode() + b"\n" + text.splitlines()[1].encode(), "p.csv"
    )
    assert report.ok and report.created == 1
    async with db.transaction() as tx:
        unit = await tx.org.unit_by_name("县住建局")
        contacts = await tx.supervision.unit_contacts(unit.id if unit else None)
    assert [p.name for p in contacts] == ["刘科长"]


async def test_the_board_by_colour_and_unit_with_history(world: World) -> None:
    await world.project("城东污水处理厂续建", "县住建局", D(2026, 11, 9))
    await world.project("县城供水管网改造", "县水务局", D(2026, 11, 10))
    await world.sweep(D(2026, 11, 16))
    orders = await world.orders()
    await world.coordination.answer(world.people["contact"], orders[0].id, "已督促")
    async with world.db.transaction() as tx:
        board = await orders_board(tx, today=D(2026, 11, 16), calendar=WorkCalendar(), rules=RULES, tz=TZ)
    assert [(v.unit, v.colour) for v in board] == [("县住建局", Light.RED), ("县水务局", Light.RED)]
    assert [e.action for e in board[0].history] == ["raised", "answered"]
    assert list(by_unit(board)) == ["县住建局", "县水务局"]
    mine = await world.supervision.board(world.people["office"], BoardFilter(unit="县水务局"))
    assert [v.unit for v in mine.orders] == ["县水务局"]
    leader = await world.supervision.board(world.people["other_leader"], BoardFilter())
    assert leader.orders == []  # another group's leader sees none of this group's orders
    with pytest.raises(Forbidden):
        await world.supervision.board(world.people["contact"], BoardFilter())
    with pytest.raises(Invalid):
        await world.supervision.board(world.people["office"], BoardFilter(unit="县交通局"))
    assert SupervisionService.parse_filter("红 县住建局 第一工作组") == BoardFilter(
        Light.RED, "县住建局", "第一工作组"
    )
    with pytest.raises(Invalid):
        SupervisionService.parse_filter("红 黄")
