"""The Mini App's views of the hand-checked county (tests/support/office.py), on SQLite and PostgreSQL:
the same figures as the digest, in each reader's scope.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from core import ledger
from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.errors import Forbidden, Invalid, NotFound, NotYours
from core.miniapp import MiniAppService, TargetsView
from core.progress.service import ProgressService
from core.project_state import Light
from core.supervision.service import BoardFilter as SupervisionFilter
from core.supervision.service import SupervisionService
from db import changes
from db.database import Database
from db.enums import AttachmentKind, IssueStatus, LedgerKind, Role
from db.models import Attachment, CoordinationIssue, IssueEvent, LedgerEntry, Project
from tests.support.factories import add_person
from tests.support.office import seed_county

DAY = dt.date(2026, 11, 25)
YI = Decimal(10000)


def _service(db: Database, clock: FixedClock) -> MiniAppService:
    return MiniAppService(db, clock, CalendarService(db))


async def test_office_views_match_the_hand_checked_county(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)

    travel = await app.travel(county.office, DAY)
    assert travel.total == 2
    where = {c.city: [p.name for p in c.people] for c in travel.cities}
    assert where == {"深圳市": ["张三"], "上海市": ["赵六"]}
    assert all(c.lat and c.lng for c in travel.cities)
    assert travel.reported == 0  # last reports 11-24 and 11-22

    targets = await app.targets(county.office, DAY)
    lines = {line.name: line for line in targets.lines}
    assert lines["第一工作组"].signed_wan == 27 * YI and lines["第一工作组"].completion == Decimal("45.0")
    assert lines["第一工作组"].gap == Decimal("-45.1")
    assert (
        lines[None].signed_wan == 57 * YI and lines[None].total and lines[None].completion == Decimal("47.5")
    )
    trend = (await app.trend(county.office, DAY)).points
    assert [p.month for p in trend] == [f"2026-{m:02d}" for m in range(1, 12)]
    assert trend[-1].signed_wan == 57 * YI and trend[-1].funds_wan == 9 * YI
    assert trend[-1].landed_wan == lines[None].landed_wan
    assert trend[-1].schedule_wan == Decimal("1081200.00")  # 120亿 × 90.1%
    assert [p.signed_wan for p in trend] == sorted(p.signed_wan for p in trend)  # no correction here

    board = await app.board(county.office, DAY)
    assert board.total == sum(board.stages.values())
    overdue = await app.board(county.office, DAY, overdue=True)
    assert {p.name for p in overdue.items} == {"新能源电池项目", "智能制造产业园", "冷链物流中心"}
    assert {p.light for p in overdue.items} == {Light.RED}
    stalled = await app.board(county.office, DAY, stalled=True)
    assert "智能制造产业园" in {p.name for p in stalled.items}

    supervision = await app.supervision(county.office)
    orders = (
        await SupervisionService(db, clock, Outbox(clock)).board(county.office, SupervisionFilter())
    ).orders
    assert [i.code for i in supervision.items] == [o.code for o in orders]  # /supervision's one query
    assert [i.colour for i in supervision.items] == [o.colour for o in orders]
    assert [(i.unit, i.answer_due, i.escalation_level) for i in supervision.items] == [
        (o.unit, o.answer_due, o.escalation_level) for o in orders
    ]
    assert [len(i.history) for i in supervision.items] == [len(o.history) for o in orders]
    assert supervision.total == len(orders) == 2 and supervision.day == clock.today()
    assert sum(supervision.lights.values()) == 2
    assert {u.unit for u in supervision.units} == {o.unit for o in orders}
    assert {i.code for i in supervision.items} == {"督办〔2026〕1号", "督办〔2026〕2号"}


async def test_a_group_leader_sees_their_group_and_others_nothing(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)
    leader = county.leader1

    me = await app.viewer(leader)
    assert me.scope == county.group1.name and [g.name for g in me.groups] == [county.group1.name]
    travel = await app.travel(leader, DAY)
    assert [p.name for c in travel.cities for p in c.people] == ["张三"]
    targets = await app.targets(leader, DAY)
    assert [line.name for line in targets.lines] == [county.group1.name, None]
    assert (await app.trend(leader, DAY)).points[-1].signed_wan == 27 * YI
    mine = await app.supervision(leader)
    everyone = await app.supervision(county.office)
    assert {i.work_group for i in mine.items} <= {county.group1.name}
    assert [i.code for i in mine.items] == [
        i.code for i in everyone.items if i.work_group == county.group1.name
    ]
    board = await app.board(leader, DAY)
    assert board.items and {p.work_group for p in board.items} == {county.group1.name}
    with pytest.raises(NotYours):
        await app.board(leader, DAY, work_group_id=county.group2.id)
    other = next(p for p in county.projects.values() if p.work_group_id == county.group2.id)
    with pytest.raises(NotYours):
        await app.project(leader, other.id)

    cadre = await add_person(db, "无权者", [Role.CADRE], work_group=county.group1)
    for view in (
        app.viewer(cadre),
        app.travel(cadre),
        app.targets(cadre),
        app.board(cadre),
        app.supervision(cadre),
    ):
        with pytest.raises(Forbidden):
            await view
    with pytest.raises(Invalid):
        await app.travel(county.office, DAY + dt.timedelta(days=1))
    with pytest.raises(Invalid):
        await app.targets(county.office, DAY, "planet")


async def test_photos_come_from_the_media_store_within_the_scope(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)
    other = next(
        p for p in county.projects.values() if p.work_group_id == county.group2.id and not p.archived
    )
    async with db.transaction() as tx:
        kept = Attachment(
            kind=AttachmentKind.PHOTO, file_id="f1", project_id=other.id, stored_key="photo/1.jpg"
        )
        not_kept = Attachment(kind=AttachmentKind.PHOTO, file_id="f2", project_id=other.id)
        tx.session.add_all([kept, not_kept])
        await tx.flush()
        kept_id, not_kept_id = kept.id, not_kept.id
    view = await app.project(county.office, other.id)
    assert view.photo_ids == [kept_id]  # only what the media store holds
    assert await app.photo(county.office, kept_id) == ("photo/1.jpg", None)
    with pytest.raises(NotFound):
        await app.photo(county.office, not_kept_id)
    with pytest.raises(NotYours):
        await app.photo(county.leader1, kept_id)


async def test_cached_scoreboard_and_trend_follow_every_committed_write(
    db: Database, clock: FixedClock
) -> None:
    """The targets and the trend are cached; a ledger entry (as core.ledger.post writes it, and as
    another process would, past this process's sessions) or a project moved out of the count changes
    what the very next request returns."""
    county = await seed_county(db)
    app = _service(db, clock)
    project = next(
        p for p in county.projects.values() if p.work_group_id == county.group1.id and not p.archived
    )

    def signed(view: TargetsView) -> dict[str | None, Decimal]:
        return {line.name: line.signed_wan for line in view.lines}

    before = signed(await app.targets(county.office, DAY))
    assert signed(await app.targets(county.office, DAY)) == before  # served again, the same
    trend = (await app.trend(county.office, DAY)).points[-1].signed_wan
    leader_before = (await app.trend(county.leader1, DAY)).points[-1].signed_wan

    async with db.transaction() as tx:  # a progress report's figure, through the ledger
        row = await tx.session.get(Project, project.id)
        assert row is not None
        ledger.post(
            tx,
            row,
            LedgerKind.SIGNED,
            row.signed_investment_wan + 10 * YI,
            effective_on=DAY,
            actor_id=county.office.id,
            at=clock.now(),
        )
    after = signed(await app.targets(county.office, DAY))
    assert after[county.group1.name] == before[county.group1.name] + 10 * YI
    assert after[None] == before[None] + 10 * YI
    assert (await app.trend(county.office, DAY)).points[-1].signed_wan == trend + 10 * YI
    assert (await app.trend(county.leader1, DAY)).points[-1].signed_wan == leader_before + 10 * YI

    # a write this process's sessions never saw (another worker's): the database's markers change
    async with db.engine.begin() as conn:
        await conn.execute(
            sa.insert(LedgerEntry).values(
                project_id=project.id,
                kind=LedgerKind.SIGNED,
                delta_wan=5 * YI,
                effective_on=DAY,
                is_correction=False,
                created_at=clock.now(),
            )
        )
    assert signed(await app.targets(county.office, DAY))[None] == before[None] + 15 * YI
    assert (await app.trend(county.office, DAY)).points[-1].signed_wan == trend + 15 * YI

    # the project archived at the same (frozen) instant it was last updated: still seen
    async with db.transaction() as tx:
        row = await tx.session.get(Project, project.id)
        assert row is not None
        stamp = row.updated_at
        row.archived = True
        row.updated_at = stamp
    archived = signed(await app.targets(county.office, DAY))
    assert archived[county.group1.name] <= before[county.group1.name]  # its 15亿 and more are out
    assert archived[None] <= before[None]
    assert (await app.trend(county.office, DAY)).points[-1].signed_wan <= trend


async def test_a_correction_through_fix_shows_in_the_next_view(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)
    before = (await app.trend(county.office, DAY)).points[-1].funds_wan
    project = next(p for p in county.projects.values() if not p.archived)
    async with db.transaction() as tx:
        row = await tx.session.get(Project, project.id)
        assert row is not None
        funds = row.funds_arrived_wan
    progress = ProgressService(db, clock, Outbox(clock))
    await progress.correct_funds(county.office, project.id, funds + 3 * YI, "核对")
    assert (await app.trend(county.office, DAY)).points[-1].funds_wan == before + 3 * YI


async def test_write_counters_move_after_a_commit_only(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    tables = ("projects", "ledger_entries")
    before = changes.generation(tables)
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            row = await tx.session.get(Project, county.projects[next(iter(county.projects))].id)
            assert row is not None
            row.name = "改了又撤回"
            await tx.flush()
            raise RuntimeError("rolled back")
    assert changes.generation(tables) == before  # nothing committed
    async with db.read() as tx:  # reading moves nothing
        await tx.session.execute(sa.text("SELECT count(*) FROM projects"))
    assert changes.generation(tables) == before
    async with db.transaction() as tx:
        await tx.session.execute(sa.update(Project).where(Project.id < 0).values(name="x"))
    after = changes.generation(tables)
    assert after[1] == before[1] + 1 and after[2] == before[2]  # projects moved, the ledger did not


async def test_cached_supervision_follows_every_committed_write(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    app = _service(db, clock)
    first = await app.supervision(county.office)
    assert await app.supervision(county.office) == first  # served again, the same
    order = first.items[0]

    async with db.transaction() as tx:  # an answer's event, through a session
        tx.session.add(IssueEvent(issue_id=order.id, action="answered", text="已协调", at=clock.now()))
    again = await app.supervision(county.office)
    item = next(i for i in again.items if i.id == order.id)
    assert len(item.history) == len(order.history) + 1 and item.history[-1].text == "已协调"

    # escalated by another process (past this process's sessions): the database's markers change
    async with db.engine.begin() as conn:
        await conn.execute(
            sa.update(CoordinationIssue)
            .where(CoordinationIssue.id == order.id)
            .values(escalation_level=2, updated_at=clock.now() + dt.timedelta(seconds=1))
        )
    escalated = next(i for i in (await app.supervision(county.office)).items if i.id == order.id)
    assert escalated.escalation_level == 2

    async with db.transaction() as tx:  # closed: off the board
        issue = await tx.session.get(CoordinationIssue, order.id)
        assert issue is not None
        issue.status = IssueStatus.CLOSED
    after = await app.supervision(county.office)
    assert order.id not in {i.id for i in after.items} and after.total == first.total - 1
