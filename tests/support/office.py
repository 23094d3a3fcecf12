"""Builders for office tests: rows of trips, reports, projects, milestones, ledger, progress, issues.

They write the models directly (the office reads what the trips and projects features store), so a
test states the facts that matter and nothing else. Timestamps are given as local dates/times in
Asia/Shanghai and stored as UTC, as the features do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from db.database import Database
from db.enums import (
    AttachmentKind,
    ChatKind,
    IssueStatus,
    Language,
    LedgerKind,
    MilestoneKind,
    ProjectCategory,
    ProjectStage,
    TripStatus,
)
from db.models import (
    Attachment,
    BoundChat,
    CoordinationIssue,
    DailyReport,
    LedgerEntry,
    Milestone,
    Person,
    ProgressUpdate,
    Project,
    ReportCoauthor,
    Trip,
    TripCompanion,
    TripLeg,
    WorkGroup,
)

TZ = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A local time on `day` in the campaign's timezone, as an aware datetime."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def wan(yi: float | int | str) -> Decimal:
    """亿元 → 万元."""
    return Decimal(str(yi)) * 10000


async def add_trip(
    db: Database,
    cadre: Person,
    start: dt.date,
    end: dt.date,
    *,
    city: str = "深圳市",
    province: str = "广东省",
    place: str | None = None,
    targets: str | None = None,
    status: TripStatus = TripStatus.PLANNED,
    companions: Iterable[Person] = (),
    legs: Iterable[tuple[str, str, dt.date, dt.date]] = (),
    returned_at: dt.datetime | None = None,
    purpose: str | None = None,
) -> Trip:
    """A trip; one leg over the whole span unless `legs` (province, city, start, end) are given."""
    async with db.transaction() as tx:
        trip = Trip(
            cadre_id=cadre.id,
            status=status,
            start_date=start,
            end_date=end,
            purpose=purpose,
            confirmed_at=at(start, 8),
            returned_at=returned_at,
        )
        leg_specs = list(legs) or [(province, city, start, end)]
        trip.legs = [
            TripLeg(seq=i, province=p, city=c, place=place, targets=targets, start_date=s, end_date=e)
            for i, (p, c, s, e) in enumerate(leg_specs)
        ]
        trip.companions = [TripCompanion(person_id=p.id) for p in companions]
        tx.session.add(trip)
        await tx.flush()
        return trip


async def add_report(
    db: Database,
    trip: Trip,
    author: Person,
    day: dt.date,
    *,
    coauthors: Iterable[Person] = (),
    city: str | None = None,
    visits: str | None = None,
    outcome: str | None = None,
    is_late: bool = False,
) -> DailyReport:
    async with db.transaction() as tx:
        report = DailyReport(
            trip_id=trip.id,
            author_id=author.id,
            report_date=day,
            city=city,
            visits=visits,
            outcome=outcome,
            is_late=is_late,
            created_at=at(day, 21),
        )
        report.coauthors = [ReportCoauthor(person_id=p.id) for p in coauthors]
        tx.session.add(report)
        await tx.flush()
        return report


async def add_project(
    db: Database,
    name: str,
    *,
    group: WorkGroup | None = None,
    unit: str | None = None,
    lead: Person | None = None,
    category: ProjectCategory = ProjectCategory.NEW,
    stage: ProjectStage = ProjectStage.NEGOTIATING,
    investor: str | None = None,
    industry: str | None = None,
    park: str | None = None,
    created: dt.datetime | None = None,
    first_signed_on: dt.date | None = None,
    planned_wan: Decimal | None = None,
    found_by: Person | None = None,
    archived: bool = False,
    last_progress_at: dt.datetime | None = None,
    percent_done: int | None = None,
) -> Project:
    async with db.transaction() as tx:
        unit_row = await tx.org.unit_get_or_create(unit) if unit else None
        park_row = await tx.org.park_get_or_create(park) if park else None
        project = Project(
            name=name,
            category=category,
            stage=stage,
            investor=investor,
            industry=industry,
            work_group_id=group.id if group else None,
            unit_id=unit_row.id if unit_row else None,
            park_id=park_row.id if park_row else None,
            lead_id=lead.id if lead else None,
            first_signed_on=first_signed_on,
            planned_investment_wan=planned_wan,
            found_by_id=found_by.id if found_by else None,
            archived=archived,
            last_progress_at=last_progress_at,
            percent_done=percent_done,
        )
        if created is not None:
            project.created_at = created
        project.milestones = []
        tx.session.add(project)
        await tx.flush()
        return project


async def add_ledger(
    db: Database,
    project: Project,
    kind: LedgerKind,
    delta_wan: Decimal | int,
    on: dt.date,
    *,
    correction: bool = False,
) -> LedgerEntry:
    """A ledger entry; the project's running total of that kind moves with it, as the feature does."""
    async with db.transaction() as tx:
        entry = LedgerEntry(
            project_id=project.id,
            kind=kind,
            delta_wan=Decimal(delta_wan),
            effective_on=on,
            is_correction=correction,
        )
        tx.session.add(entry)
        row = await tx.session.get(Project, project.id)
        assert row is not None
        column = {
            LedgerKind.SIGNED: "signed_investment_wan",
            LedgerKind.LANDED: "landed_investment_wan",
            LedgerKind.FUNDS: "funds_arrived_wan",
        }[kind]
        setattr(row, column, getattr(row, column) + Decimal(delta_wan))
        await tx.flush()
        return entry


async def add_milestone(
    db: Database,
    project: Project,
    due: dt.date,
    *,
    kind: MilestoneKind = MilestoneKind.START_CONSTRUCTION,
    name: str = "",
    done_on: dt.date | None = None,
    due_text: str | None = None,
) -> Milestone:
    async with db.transaction() as tx:
        milestone = Milestone(
            project_id=project.id, kind=kind, name=name, due_date=due, done_on=done_on, due_text=due_text
        )
        tx.session.add(milestone)
        await tx.flush()
        return milestone


async def add_progress(
    db: Database,
    project: Project,
    author: Person | None,
    when: dt.datetime,
    *,
    stage: ProjectStage | None = None,
    percent_done: int | None = None,
    funds_arrived_wan: Decimal | None = None,
    text: str | None = None,
    problems: str | None = None,
    photo_file_id: str | None = None,
) -> ProgressUpdate:
    async with db.transaction() as tx:
        update = ProgressUpdate(
            project_id=project.id,
            author_id=author.id if author else None,
            created_at=when,
            report_date=when.astimezone(TZ).date(),
            stage=stage,
            percent_done=percent_done,
            funds_arrived_wan=funds_arrived_wan,
            text=text,
            problems=problems,
        )
        tx.session.add(update)
        await tx.flush()
        if photo_file_id:
            tx.session.add(
                Attachment(
                    kind=AttachmentKind.PHOTO, file_id=photo_file_id, progress_id=update.id, created_at=when
                )
            )
        row = await tx.session.get(Project, project.id)
        assert row is not None
        row.last_progress_at = when
        await tx.flush()
        return update


async def add_issue(
    db: Database,
    number: int,
    description: str,
    raised: dt.datetime,
    *,
    project: Project | None = None,
    unit: str | None = None,
    status: IssueStatus = IssueStatus.OPEN,
    raised_by: Person | None = None,
) -> CoordinationIssue:
    async with db.transaction() as tx:
        unit_row = await tx.org.unit_get_or_create(unit) if unit else None
        issue = CoordinationIssue(
            number=number,
            description=description,
            project_id=project.id if project else None,
            assigned_unit_id=unit_row.id if unit_row else None,
            status=status,
            raised_by_id=raised_by.id if raised_by else None,
            created_at=raised,
        )
        tx.session.add(issue)
        await tx.flush()
        return issue


async def bind_chat(
    db: Database,
    chat_id: int,
    *,
    group: WorkGroup | None = None,
    person: Person | None = None,
    language: Language = Language.ZH,
    title: str | None = "指挥部办公室群",
) -> BoundChat:
    """An office chat (negative id) or a person's subscription (their Telegram id)."""
    async with db.transaction() as tx:
        return await tx.chats.add(
            BoundChat(
                chat_id=chat_id,
                kind=ChatKind.SUBSCRIPTION if person else ChatKind.OFFICE,
                title=title,
                person_id=person.id if person else None,
                work_group_id=group.id if group else None,
                language=language,
            )
        )


async def set_group_leader(db: Database, group: WorkGroup, leader: Person) -> None:
    async with db.transaction() as tx:
        row = await tx.org.group(group.id)
        assert row is not None
        row.leader_id = leader.id


# ------------------------------------------------------------------------------------ a fixed county


@dataclass
class County:
    """The hand-checked dataset of tests/*/test_office_digest*.py (as of Wed 2026-11-25)."""

    group1: WorkGroup
    group2: WorkGroup
    office: Person
    leader1: Person
    zhang: Person
    li: Person
    zhao: Person
    qian: Person
    zhou: Person
    projects: dict[str, Project]


async def seed_county(db: Database, *, telegram_ids: dict[str, int] | None = None) -> County:
    """Two work groups (60亿 target, 66亿 stretch each), cadres on trips, projects with ledgers,
    milestones, progress and coordination issues. `telegram_ids` binds people by name."""
    from db.enums import Role
    from tests.support.factories import add_group, add_person

    ids = telegram_ids or {}

    async def person(name: str, roles: list[Role], group: WorkGroup | None, unit: str | None) -> Person:
        return await add_person(
            db, name, roles, work_group=group, unit=unit, telegram_id=ids.get(name), language=Language.ZH
        )

    g1 = await add_group(db, "第一工作组")
    g2 = await add_group(db, "第二工作组")
    async with db.transaction() as tx:
        for order, g in enumerate((g1, g2), start=1):
            row = await tx.org.group(g.id)
            assert row is not None
            row.sort_order = order
    office = await person("王主任", [Role.OFFICE], None, "县指挥部办公室")
    leader1 = await person("孙组长", [Role.GROUP_LEADER], g1, "县商务局")
    zhang = await person("张三", [Role.CADRE], g1, "县商务局")
    li = await person("李四", [Role.CADRE], g1, "县商务局")
    zhao = await person("赵六", [Role.CADRE], g2, "县发改局")
    qian = await person("钱七", [Role.PROJECT_LEAD], g2, "县发改局")
    zhou = await person("周八", [Role.CADRE], g2, "县发改局")
    await set_group_leader(db, g1, leader1)
    async with db.transaction() as tx:
        row = await tx.people.get(zhou.id)
        assert row is not None
        row.telegram_id, row.reachable = 990001, False

    d = dt.date
    t1 = await add_trip(
        db,
        zhang,
        d(2026, 11, 23),
        d(2026, 11, 27),
        companions=[li],
        place="华为总部",
        legs=[
            ("广东省", "深圳市", d(2026, 11, 23), d(2026, 11, 25)),
            ("广东省", "广州市", d(2026, 11, 26), d(2026, 11, 27)),
        ],
    )
    await add_report(db, t1, zhang, d(2026, 11, 23), coauthors=[li])
    await add_report(db, t1, zhang, d(2026, 11, 24))
    t2 = await add_trip(db, zhao, d(2026, 11, 20), d(2026, 11, 30), province="上海市", city="上海市")
    await add_report(db, t2, zhao, d(2026, 11, 22))
    await add_trip(
        db,
        zhou,
        d(2026, 11, 10),
        d(2026, 11, 12),
        status=TripStatus.RETURNED,
        returned_at=at(d(2026, 11, 12), 18),
    )

    p1 = await add_project(
        db,
        "新能源电池项目",
        group=g1,
        unit="县商务局",
        lead=qian,
        stage=ProjectStage.SIGNED,
        first_signed_on=d(2026, 3, 10),
        investor="某电池公司",
        created=at(d(2026, 2, 1)),
    )
    await add_ledger(db, p1, LedgerKind.SIGNED, 200000, d(2026, 3, 10))
    await add_ledger(db, p1, LedgerKind.SIGNED, 50000, d(2026, 9, 1))  # capital increase: the increment
    await add_ledger(db, p1, LedgerKind.LANDED, 150000, d(2026, 6, 1))
    await add_ledger(db, p1, LedgerKind.FUNDS, 30000, d(2026, 10, 1))
    p2 = await add_project(
        db,
        "智能制造产业园",
        group=g1,
        unit="县发改局",
        lead=qian,
        stage=ProjectStage.SIGNED,
        first_signed_on=d(2025, 12, 20),
        created=at(d(2025, 11, 1)),
    )
    await add_ledger(db, p2, LedgerKind.SIGNED, 100000, d(2025, 12, 20))  # last year's
    await add_ledger(db, p2, LedgerKind.SIGNED, 20000, d(2026, 2, 1))
    await add_ledger(db, p2, LedgerKind.FUNDS, 10000, d(2026, 5, 1))
    p3 = await add_project(
        db,
        "冷链物流中心",
        group=g2,
        unit="县发改局",
        lead=qian,
        stage=ProjectStage.LANDED,
        first_signed_on=d(2026, 7, 15),
        created=at(d(2026, 6, 1)),
    )
    await add_ledger(db, p3, LedgerKind.SIGNED, 300000, d(2026, 7, 15))
    await add_ledger(db, p3, LedgerKind.LANDED, 100000, d(2026, 8, 1))
    await add_ledger(db, p3, LedgerKind.FUNDS, 50000, d(2026, 11, 24))
    p4 = await add_project(
        db,
        "文旅综合体",
        group=g2,
        unit="县文旅局",
        archived=True,
        first_signed_on=d(2026, 4, 1),
        created=at(d(2026, 3, 1)),
    )
    await add_ledger(db, p4, LedgerKind.SIGNED, 100000, d(2026, 4, 1))  # archived: does not count
    p5 = await add_project(
        db,
        "生物医药项目",
        group=g1,
        category=ProjectCategory.LEAD,
        stage=ProjectStage.LEAD,
        investor="某医药集团",
        found_by=zhang,
        created=at(d(2026, 11, 24), 15),
    )
    p6 = await add_project(
        db,
        "数据中心项目",
        group=g2,
        category=ProjectCategory.LEAD,
        stage=ProjectStage.LEAD,
        found_by=zhao,
        created=at(d(2026, 11, 23), 15),
    )

    await add_milestone(db, p1, d(2026, 11, 28))
    await add_milestone(db, p1, d(2026, 12, 20), kind=MilestoneKind.PRODUCTION)
    await add_milestone(db, p1, d(2026, 11, 1), kind=MilestoneKind.CUSTOM, name="设备进场")
    await add_milestone(db, p2, d(2026, 11, 13), kind=MilestoneKind.BIDDING_DONE)
    await add_milestone(db, p2, d(2026, 11, 26), kind=MilestoneKind.CUSTOM, name="用地手续")
    await add_milestone(db, p3, d(2026, 11, 20), kind=MilestoneKind.CUSTOM, name="环评批复")
    await add_milestone(db, p3, d(2026, 7, 15), kind=MilestoneKind.SIGNING, done_on=d(2026, 7, 15))
    await add_milestone(db, p4, d(2026, 10, 1))  # archived project: not listed

    await add_progress(
        db,
        p3,
        qian,
        at(d(2026, 11, 24), 16),
        stage=ProjectStage.LANDED,
        percent_done=30,
        funds_arrived_wan=Decimal(50000),
        text="主体结构施工中",
        problems="用电指标不足",
        photo_file_id=None,
    )
    await add_progress(db, p1, qian, at(d(2026, 11, 23), 9), percent_done=40, text="设备采购中")

    await add_issue(
        db,
        1,
        "用电指标不足，需协调供电公司",
        at(d(2026, 11, 10)),
        project=p3,
        unit="县供电公司",
        status=IssueStatus.ASSIGNED,
        raised_by=qian,
    )
    await add_issue(db, 2, "施工许可办理", at(d(2026, 11, 21)), project=p1, unit="县住建局", raised_by=qian)
    await add_issue(db, 3, "已解决的问题", at(d(2026, 10, 1)), project=p1, status=IssueStatus.CLOSED)

    async with db.transaction() as tx:
        await tx.outbox.enqueue(dedupe_key="old-dead", kind="test.ping", payload={"n": 1}, person_id=zhou.id)
        await tx.outbox.mark_dead(
            (await tx.outbox.with_key_prefix("old-dead"))[0].id,
            error="recipient unreachable (blocked the bot)",
        )
    return County(
        g1, g2, office, leader1, zhang, li, zhao, qian, zhou, {p.name: p for p in (p1, p2, p3, p4, p5, p6)}
    )


async def county_with_users(db: Database, emulator: Any, *names: str) -> tuple[County, dict[str, Any]]:
    """The fixed county with fake Telegram users (bound accounts) for the named people."""
    users = {name: emulator.add_user(name, language_code="zh") for name in names}
    county = await seed_county(db, telegram_ids={name: user.id for name, user in users.items()})
    return county, users
