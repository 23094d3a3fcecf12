"""The sandbox's demo data: shaped like the seed speech, relative to today, deterministic."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

from bot.sandbox.demo import CATEGORY_COUNTS, GROUP_NAMES, OFFICE_CHAT_ID, PARKS, DemoWorld, load_demo
from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.office.digest import DigestRules, DigestService
from core.policy import WHOLE_CAMPAIGN
from db.database import Database
from db.enums import IssueStatus, ProjectCategory, Role, TripStatus
from tests.conftest import NOW

YI = Decimal(10000)
TODAY = NOW.date()


async def test_demo_campaign_has_the_speech_shape(db: Database) -> None:
    world = await load_demo(db, NOW)
    async with db.transaction() as tx:
        groups = list(await tx.org.groups())
        parks = [park.name for park in await tx.org.parks()]
        projects = list(await tx.projects.all())
        people = list(await tx.people.all())
        chat = await tx.chats.get(OFFICE_CHAT_ID)

    assert [g.name for g in sorted(groups, key=lambda g: g.sort_order)] == list(GROUP_NAMES)
    assert sum(g.target_wan for g in groups) == 360 * YI
    assert sum(g.stretch_target_wan for g in groups) == 400 * YI
    assert all(g.leader_id is not None for g in groups)
    assert sorted(parks) == sorted(PARKS)

    per_category = Counter(p.category for p in projects)
    assert {c: per_category[c] for c in CATEGORY_COUNTS} == {
        ProjectCategory.CONTINUING: 24,
        ProjectCategory.NEW: 21,
        ProjectCategory.BIDDING: 22,
        ProjectCategory.PRELIMINARY: 33,
    }
    assert per_category[ProjectCategory.LEAD] >= 1  # leads written down on trips
    planned = [p for p in projects if p.category != ProjectCategory.LEAD]
    assert all(p.lead_id is not None and p.milestones for p in planned)
    assert sum(p.park_id is not None for p in projects) >= 50
    signed = [p for p in projects if p.signed_investment_wan > 0]
    assert signed and any(p.funds_arrived_wan > 0 for p in signed)

    roles = Counter(role for person in people for role in person.role_set)
    for role in Role:
        assert roles[role] >= 1, role
    assert chat is not None and chat.active
    assert world.counts["people"] == len(people)


async def test_deadlines_sit_around_today(sqlite_db: Database) -> None:
    await load_demo(sqlite_db, NOW)
    async with sqlite_db.transaction() as tx:
        projects = list(await tx.projects.all())
    milestones = [m for p in projects for m in p.milestones]
    kinds = {p.category: {m.kind.value for m in p.milestones} for p in projects}
    assert kinds[ProjectCategory.CONTINUING] == {"start_construction"}
    assert kinds[ProjectCategory.NEW] == {"start_construction"}
    assert kinds[ProjectCategory.BIDDING] == {"bidding_done", "start_construction"}
    assert "preliminary_done" in kinds[ProjectCategory.PRELIMINARY]
    overdue = [m for m in milestones if m.done_on is None and m.due_date < TODAY]
    done = [m for m in milestones if m.done_on is not None]
    due_soon = [m for m in milestones if m.done_on is None and TODAY <= m.due_date <= TODAY + dt.timedelta(7)]
    assert overdue and done and due_soon


async def test_every_office_product_has_something_on_the_first_day(db: Database) -> None:
    world = await load_demo(db, NOW)
    clock = FixedClock(NOW)
    digest = await DigestService(db, clock, Outbox(clock), CalendarService(db), DigestRules()).build(
        TODAY, WHOLE_CAMPAIGN
    )
    assert digest.out.total >= 5  # trips under way today
    assert {item.city for item in digest.out.items} >= {"深圳市", "上海市", "成都市"}
    assert digest.missing.total >= 1  # reports missing
    assert digest.leads.total >= 1 and digest.progress.total >= 1
    assert digest.due.total >= 1 and digest.overdue.total >= 1
    assert digest.issues.total >= 4
    assert {i.status for i in digest.issues.items} >= {IssueStatus.OPEN, IssueStatus.ASSIGNED}
    board = digest.scoreboard
    assert [line.name for line in board.groups][:6] == [f"第{n}工作组" for n in "一二三四五六"]
    assert board.total.target_wan == 360 * YI
    completion = board.total.completion
    assert completion is not None and 30 < completion < 100  # under way, not done
    away = world.persona("cadre_away")
    async with db.transaction() as tx:
        trips = list(await tx.trips.of_person(away.person_id or 0, statuses=(TripStatus.PLANNED,), limit=5))
    assert any(t.start_date and t.end_date and t.start_date <= TODAY <= t.end_date for t in trips)


async def test_personas_can_talk_at_once(sqlite_db: Database) -> None:
    world = await load_demo(sqlite_db, NOW)
    bound = [p.telegram_id for p in world.people]
    assert len(bound) == len(set(bound)) and all(bound)
    keys = [p.key for p in world.personas]
    for key in ("cadre", "cadre_away", "lead", "leader", "office", "office_group", "invitee", "stranger"):
        assert key in keys
    async with sqlite_db.transaction() as tx:
        for persona in world.personas:
            person = await tx.people.by_telegram_id(persona.user_id)
            if persona.key in ("stranger", "invitee"):
                assert person is None
            else:
                assert person is not None and person.id == persona.person_id
        invitee = await tx.people.get(world.invitee.person_id)
    assert invitee is not None and invitee.telegram_id is None
    assert world.persona("office_group").chat_id == OFFICE_CHAT_ID


async def test_same_day_same_data(db: Database, tmp_path: Path) -> None:
    other = Database(f"sqlite+aiosqlite:///{tmp_path / 'again.db'}")
    await other.create_all()
    try:
        first, second = await load_demo(db, NOW), await load_demo(other, NOW)
        assert _summary(first) == _summary(second)
        assert await _projects(db) == await _projects(other)
    finally:
        await other.dispose()


async def _projects(db: Database) -> list[tuple[object, ...]]:
    async with db.transaction() as tx:
        return [
            (p.name, p.category, p.planned_investment_wan, [m.due_date for m in p.milestones])
            for p in await tx.projects.all()
        ]


def _summary(world: DemoWorld) -> tuple[object, ...]:
    return (world.counts, [p.name for p in world.people], [p.key for p in world.personas])
