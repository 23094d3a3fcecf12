"""Trip and report use cases on SQLite and PostgreSQL: rules, notifications, reminders, escalation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.clock import FixedClock
from core.errors import Conflict, Invalid, NotFound, NotYours
from core.reports import ReportInput, ReportService, parse_leads
from core.trips import LegPlan, TripPlan, TripService
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import ChatKind, Role, TripStatus
from db.models import BoundChat
from tests.support.factories import add_group, add_person
from tests.support.trips import (
    SHANGHAI_PUDONG,
    D,
    add_trip,
    audit,
    outbox,
    projects,
    reports_of,
    services,
    trips_of,
)

TZ = ZoneInfo("Asia/Shanghai")
WED = D(2026, 11, 25)


@pytest.fixture
def trips(db: Database, clock: FixedClock) -> TripService:
    return services(db, clock)[0]


@pytest.fixture
def reports(db: Database, clock: FixedClock) -> ReportService:
    return services(db, clock)[1]


def leg(start: dt.date, end: dt.date, city: str = "深圳市", province: str = "广东省") -> LegPlan:
    return LegPlan(start, end, province, city)


async def test_declare_change_cancel_are_announced_with_versioned_keys(
    db: Database, trips: TripService
) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE], telegram_id=1)
    li = await add_person(db, "李四", [Role.CADRE], telegram_id=2)
    wang = await add_person(db, "王五", [Role.CADRE], telegram_id=3)
    office = await add_person(db, "王主任", [Role.OFFICE], telegram_id=4)

    draft = await trips.draft_from_text(zhang, "12月8日至10日赴上海浦东参加推介会，同行李四")
    assert draft.status == TripStatus.DRAFT and draft.plan.companion_ids == (li.id,)
    assert draft.plan.legs[0].label == "上海浦东" and draft.plan.purpose == "参加推介会"
    assert await outbox(db) == []
    view = await trips.confirm(zhang, draft.id)
    with pytest.raises(Invalid) as twice:
        await trips.confirm(zhang, draft.id)
    assert twice.value.key == "trip.already_confirmed"

    plan = TripPlan((leg(D(2026, 12, 8), D(2026, 12, 11), "上海市", "上海市"),), "推介会", (wang.id,))
    changed = await trips.save(zhang, plan, trip_id=view.id, version=1)
    assert changed.version == 2
    with pytest.raises(Conflict):
        await trips.save(zhang, plan, trip_id=view.id, version=1)  # a stale form
    cancelled = await trips.cancel(zhang, view.id)
    assert cancelled.status == TripStatus.CANCELLED

    keys = sorted(m.dedupe_key for m in await outbox(db))
    t = view.id
    assert keys == sorted(
        [
            f"trip:{t}:v1:declared>p{office.id}",
            f"trip:{t}:v1:declared>p{li.id}",
            f"trip:{t}:v2:changed>p{office.id}",
            f"trip:{t}:v2:changed>p{li.id}",  # dropped from the trip: told too
            f"trip:{t}:v2:changed>p{wang.id}",
            f"trip:{t}:v2:cancelled>p{office.id}",
            f"trip:{t}:v2:cancelled>p{wang.id}",
        ]
    )
    [change] = [m for m in await outbox(db, "trip.changed") if m.person_id == office.id]
    assert (
        change.payload["before"]["legs"][0]["end"] == "2026-12-10"
        and change.payload["legs"][0]["end"] == "2026-12-11"
    )
    assert [a.action for a in await audit(db, "trip.change")] == ["trip.change"]


async def test_confirmation_rechecks_overlap_with_trips_confirmed_meanwhile(
    db: Database, trips: TripService
) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    first = await trips.draft_from_text(zhang, "12月1日至5日赴上海浦东参加推介会")
    second = await trips.draft_from_text(zhang, "12月3日去深圳拜访华为")  # no clash yet: both drafts
    await trips.confirm(zhang, first.id)
    with pytest.raises(Invalid) as clash:
        await trips.confirm(zhang, second.id)
    assert clash.value.key == "trip.overlaps_own" and clash.value.params["place"] == "上海浦东"
    statuses = [t.status for t in await trips_of(db, zhang)]
    assert statuses == [TripStatus.PLANNED, TripStatus.DRAFT]
    assert len(await outbox(db)) == 0  # no office member, no companion: nobody to tell


async def test_grace_day_for_a_trip_that_started_yesterday(
    db: Database, trips: TripService, clock: FixedClock
) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    yesterday = await trips.draft_from_text(zhang, "昨天到深圳拜访华为，后天返回")
    assert yesterday.start == D(2026, 11, 24)
    with pytest.raises(Invalid) as old:
        await trips.draft_from_text(zhang, "11月20日去成都拜访京东方")
    assert old.value.key == "trip.start_in_past" and old.value.params["earliest"] == D(2026, 11, 24)
    view = await trips.confirm(zhang, yesterday.id)
    clock.set(dt.datetime(2026, 11, 26, 10, 0, tzinfo=TZ))  # under way: the start may stay in the past
    plan = TripPlan((leg(D(2026, 11, 24), D(2026, 11, 28)),))
    assert (await trips.save(zhang, plan, trip_id=view.id)).end == D(2026, 11, 28)
    moved = TripPlan((leg(D(2026, 11, 23), D(2026, 11, 28)),))
    with pytest.raises(Invalid):
        await trips.save(zhang, moved, trip_id=view.id)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("明天去深圳,昨天返回", "trip.end_before_start"),
        ("明天去深圳，同行张建华", "trip.unknown_companions"),
        ("明天拜访华为", "trip.no_place"),
        ("去深圳拜访华为", "trip.no_dates"),
        ("明天去深圳，待90天", "trip.too_long"),
        ("12月1日至5日在北京，3日至6日在天津", "trip.legs_overlap"),
        ("明天去深圳，同行李四", "trip.ambiguous_companion"),
    ],
)
async def test_bad_sentences_store_nothing(db: Database, trips: TripService, text: str, key: str) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    await add_person(db, "李四", [Role.CADRE], unit="商务局")
    await add_person(db, "李四", [Role.CADRE], unit="发改委")
    with pytest.raises(Invalid) as bad:
        await trips.draft_from_text(zhang, text)
    assert bad.value.key == key
    assert await trips_of(db, zhang) == []


async def test_a_new_line_drops_only_the_cadres_drafts_older_than_a_week(
    db: Database, trips: TripService, clock: FixedClock
) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    li = await add_person(db, "李四", [Role.CADRE])
    old = await trips.draft_from_text(zhang, "12月8日至10日赴上海浦东参加推介会，同行李四")
    others_old = await trips.draft_from_text(li, "12月8日去深圳拜访华为，12月9日返回")
    confirmed = await trips.confirm(
        zhang, (await trips.draft_from_text(zhang, "12月14日去杭州，12月15日返回")).id
    )
    clock.advance(dt.timedelta(days=6, hours=23))
    recent = await trips.draft_from_text(zhang, "12月20日去深圳拜访华为，12月21日返回")
    assert {t.id for t in await trips_of(db, zhang)} == {old.id, confirmed.id, recent.id}  # a week not yet up

    clock.advance(dt.timedelta(hours=2))
    newest = await trips.draft_from_text(zhang, "12月22日去广州，12月23日返回")
    kept = {t.id: t.status for t in await trips_of(db, zhang)}
    assert kept == {
        confirmed.id: TripStatus.PLANNED,
        recent.id: TripStatus.DRAFT,
        newest.id: TripStatus.DRAFT,
    }
    assert [t.id for t in await trips_of(db, li)] == [others_old.id]  # only the writer's own drafts


async def test_only_cadres_declare_and_only_owners_change(db: Database, trips: TripService) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    li = await add_person(db, "李四", [Role.CADRE])
    office = await add_person(db, "王主任", [Role.OFFICE])
    from core.errors import Forbidden

    with pytest.raises(Forbidden):
        await trips.draft_from_text(office, "明天去深圳拜访华为")
    draft = await trips.draft_from_text(zhang, "明天去深圳拜访华为")
    for attempt in (trips.confirm, trips.discard, trips.cancel, trips.editable, trips.closable):
        with pytest.raises(NotYours):
            await attempt(li, draft.id)
    with pytest.raises(NotFound):
        await trips.view(li, draft.id)  # someone else's draft does not exist for them
    with pytest.raises(NotFound):
        await trips.confirm(zhang, 424242)
    await trips.confirm(zhang, draft.id)
    assert (await trips.view(office, draft.id)).id == draft.id
    with pytest.raises(NotYours):
        await trips.view(li, draft.id)


async def test_reports_count_for_coauthors_and_drive_reminders(
    db: Database, trips: TripService, reports: ReportService, clock: FixedClock
) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    li = await add_person(db, "李四", [Role.CADRE])
    wang = await add_person(db, "王五", [Role.CADRE])
    trip = await add_trip(db, zhang, D(2026, 11, 24), D(2026, 11, 26), companions=[li])
    gap = await add_trip(
        db,
        wang,
        WED,
        WED,
        legs=[(SHANGHAI_PUDONG, D(2026, 11, 23), D(2026, 11, 23)), (SHANGHAI_PUDONG, WED, WED)],
    )

    assert {(o.person_id, o.day) for o in await reports.owed(D(2026, 11, 23), WED)} == {
        (zhang.id, D(2026, 11, 24)),
        (li.id, D(2026, 11, 24)),
        (zhang.id, WED),
        (li.id, WED),
        (wang.id, D(2026, 11, 23)),
        (wang.id, WED),  # 24 November is between wang's legs: nothing owed
    }
    with pytest.raises(Invalid) as bad:
        await reports.submit(zhang, ReportInput(trip.id, WED, coauthor_ids=(wang.id,)))
    assert bad.value.key == "report.bad_coauthor"
    result = await reports.submit(zhang, ReportInput(trip.id, WED, city="深圳", coauthor_ids=(li.id,)))
    assert result.coauthors == ("李四",) and not result.is_late
    assert {o.person_id for o in await reports.owed(WED, WED)} == {wang.id}
    with pytest.raises(Invalid) as covered:
        await reports.begin(li, trip.id, WED)
    assert covered.value.key == "report.covered" and covered.value.params["name"] == "张三"
    with pytest.raises(Invalid) as future:
        await reports.begin(zhang, trip.id, D(2026, 11, 26))
    assert future.value.key == "report.future_day"
    with pytest.raises(Invalid) as off:
        await reports.begin(wang, gap.id, D(2026, 11, 24))
    assert off.value.key == "report.not_trip_day"
    with pytest.raises(NotYours):
        await reports.begin(wang, trip.id, WED)

    late = await reports.submit(li, ReportInput(trip.id, D(2026, 11, 24), city="深圳"))
    assert late.is_late
    clock.set(dt.datetime(2026, 11, 26, 9, 0, tzinfo=TZ))
    with pytest.raises(Invalid) as closed:
        await reports.submit(zhang, ReportInput(trip.id, WED, outcome="改一下"))
    assert closed.value.key == "report.edit_closed"


async def test_a_trip_closed_early_owes_nothing_after_the_return(
    db: Database, trips: TripService, reports: ReportService
) -> None:
    zhang = await add_person(db, "张三", [Role.CADRE])
    trip = await add_trip(db, zhang, D(2026, 11, 24), D(2026, 11, 28))
    totals = await trips.close(zhang, trip.id, "提前返回")
    assert totals.days == 2 and totals.trip.status == TripStatus.RETURNED
    assert [o.day for o in await reports.owed(D(2026, 11, 24), D(2026, 11, 28))] == [D(2026, 11, 24), WED]
    assert await reports.remind(D(2026, 11, 26)) == 0


async def test_leads_become_projects_once_per_group(db: Database, reports: ReportService) -> None:
    group = await add_group(db, "第三工作组")
    zhang = await add_person(db, "张三", [Role.CADRE], work_group=group)
    trip = await add_trip(db, zhang, WED, WED)
    leads = parse_leads("比亚迪 新能源汽车 约5亿元\n宁德时代 储能 意向投资3000万元\n比亚迪 电池")
    result = await reports.submit(zhang, ReportInput(trip.id, WED, leads=leads))
    assert result.leads_created == (("比亚迪", Decimal(50000)), ("宁德时代", Decimal(3000)))
    assert result.leads_known == ("比亚迪",)
    [report] = await reports_of(db, trip)
    assert {(p.name, p.found_report_id, p.work_group_id) for p in await projects(db)} == {
        ("比亚迪", report.id, group.id),
        ("宁德时代", report.id, group.id),
    }


async def test_escalation_lists_per_recipient_in_scope(
    db: Database, reports: ReportService, clock: FixedClock
) -> None:
    first = await add_group(db, "第一工作组")
    second = await add_group(db, "第二工作组")
    leader = await add_person(db, "组长甲", [Role.GROUP_LEADER], work_group=first)
    async with db.transaction() as tx:
        (await tx.org.group(first.id)).leader_id = leader.id  # type: ignore[union-attr]
        await tx.chats.add(BoundChat(chat_id=-100, kind=ChatKind.OFFICE, title="指挥部"))
        await tx.chats.add(
            BoundChat(chat_id=-200, kind=ChatKind.OFFICE, title="二组", work_group_id=second.id)
        )
    zhang = await add_person(db, "张三", [Role.CADRE], work_group=first)
    li = await add_person(db, "李四", [Role.CADRE], work_group=second)
    await add_trip(db, zhang, D(2026, 11, 27), D(2026, 11, 29))
    await add_trip(db, li, D(2026, 11, 29), D(2026, 11, 29))

    monday = D(2026, 11, 30)
    assert await reports.escalate(monday, WorkCalendar()) == 3
    assert await reports.escalate(monday, WorkCalendar()) == 0
    sent = {(m.person_id, m.chat_id): m.payload for m in await outbox(db, "report.escalation")}
    assert set(sent) == {(leader.id, None), (None, -100), (None, -200)}
    assert [(i["name"], i["day"]) for i in sent[(leader.id, None)]["items"]] == [
        ("张三", "2026-11-27"),
        ("张三", "2026-11-28"),
        ("张三", "2026-11-29"),
    ]
    assert len(sent[(None, -100)]["items"]) == 4  # the whole campaign
    assert [(i["name"], i["day"]) for i in sent[(None, -200)]["items"]] == [("李四", "2026-11-29")]
    assert sent[(None, -100)]["first"] == "2026-11-27" and sent[(None, -100)]["last"] == "2026-11-29"
    assert (
        await reports.escalate(D(2026, 12, 1), WorkCalendar()) == 0
    )  # Tuesday covers Monday only: nobody was out


async def test_travelling_reads_only_the_supervised_groups_people(db: Database, trips: TripService) -> None:
    first, second = await add_group(db, "第一工作组"), await add_group(db, "第二工作组")
    leader = await add_person(db, "组长乙", [Role.GROUP_LEADER], work_group=second)
    zhang = await add_person(db, "张三", [Role.CADRE], work_group=first)
    li = await add_person(db, "李四", [Role.CADRE], work_group=second)
    gone = await add_person(db, "赵六", [Role.CADRE], work_group=second)
    async with db.transaction() as tx:
        (await tx.people.get(gone.id)).active = False  # type: ignore[union-attr]
    await add_trip(db, zhang, D(2026, 11, 24), D(2026, 11, 26), companions=[li, gone])
    await add_trip(db, li, D(2026, 11, 25), D(2026, 11, 25), status=TripStatus.CANCELLED)
    rows = await trips.travelling(leader)
    assert [(r.name, r.group, r.with_cadre) for r in rows] == [("李四", "第二工作组", "张三")]


async def test_travelling_and_ask_return(db: Database, trips: TripService) -> None:
    group = await add_group(db, "第一工作组")
    admin = await add_person(db, "管理员", [Role.ADMIN])
    leader = await add_person(db, "组长甲", [Role.GROUP_LEADER], work_group=group)
    zhang = await add_person(db, "张三", [Role.CADRE], work_group=group)
    li = await add_person(db, "李四", [Role.CADRE])
    await add_trip(db, zhang, D(2026, 11, 24), D(2026, 11, 26), companions=[li])
    ended = await add_trip(db, li, D(2026, 11, 20), D(2026, 11, 23))
    rows = await trips.travelling(admin)
    assert [(r.name, r.with_cadre, r.where) for r in rows] == [
        ("李四", "张三", "深圳"),
        ("张三", None, "深圳"),
    ]
    assert [r.name for r in await trips.travelling(leader)] == ["张三"]  # leads no group: their own group
    from core.errors import Forbidden

    with pytest.raises(Forbidden):
        await trips.travelling(zhang)
    assert await trips.ask_return(WED) == 1
    assert await trips.ask_return(WED) == 0
    [asked] = await outbox(db, "trip.ask_return")
    assert asked.person_id == li.id and asked.payload["trip_id"] == ended.id
