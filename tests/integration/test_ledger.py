"""The campaign ledger, end to end in core on SQLite and PostgreSQL: a seed-shaped plan with signed, landed
and funded projects imported; a capital increase, a signing and a milestone done reported; an office
correction; then the scoreboard and digest as of three past days, against figures worked out by hand.

Hand-computed (calendar days, 2026 has 365):
- imported on Fri 11-20: 新能源电池产业园 (第一工作组, 高新园区) signed 2026-03-10 for 5亿, landed
  2026-06-01 for 3亿, funds 8000万, completed 1.2亿; 城东污水处理厂续建 (第一工作组, 城东园区) signed
  2025-11-01 for 2亿 (last year: not a signing of 2026) with funds 5000万; 冷链物流中心 (第二工作组, 前期)
  without a signing date; 生物医药项目 (招商) a lead.
- 11-25: 城东 raises its signed investment to 2.6亿 (the increment 6000万 counts in 2026, not a new signing).
- 11-28: the office corrects 新能源 funds 8000万 → 7000万 (−1000万).
- 12-01: 冷链 signs for 1亿 on 12-01 (its first signing: a new signing of 2026); 新能源's 开工 (due 11-26)
  is reported done on 11-29.
As of 11-24 (day 328, 89.9%): 第一工作组 signed 5亿 (1 project), landed 3亿, funds 1.3亿; 第二工作组 0.
As of 11-30 (day 334, 91.5%): 第一工作组 signed 5.6亿, funds 1.2亿; 开工 done (not overdue).
As of 12-01 (day 335, 91.8%): 第二工作组 signed 1亿 (1 project); total signed 6.6亿, 2 projects.
As of 11-28 (day 332): 新能源's 开工 is 2 days overdue (done only on 11-29).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.kinds import Kind
from core.delivery.outbox import Outbox
from core.errors import Forbidden, Invalid
from core.imports import ImportService
from core.office.digest import DigestService
from core.office.export import ExportService
from core.office.period import Period
from core.office.scoreboard import CampaignYear, ScheduleBasis, elapsed_percent, load_dimension_board
from core.policy import WHOLE_CAMPAIGN
from db.database import Database
from db.enums import LedgerKind, ProjectStage, Role, TargetDimension
from db.models import LedgerEntry, OutboxMessage, Person
from handlers.office.digest_text import digest_text
from handlers.shared.i18n import use_locale
from tests.conftest import TZ
from tests.support.factories import add_group, add_person
from tests.support.office import add_trip
from tests.support.projects import ProjectServices, services, xlsx

HEADERS = (
    "项目名称",
    "类别",
    "工作组",
    "负责人",
    "园区",
    "产业",
    "阶段",
    "签约日期",
    "协议投资(万元)",
    "落地日期",
    "落地投资(万元)",
    "累计完成投资(万元)",
    "已到位资金(万元)",
    "节点",
    "截止日期",
)
EN_HEADERS = (
    "name",
    "category",
    "work_group",
    "lead",
    "park",
    "industry",
    "stage",
    "signed_on",
    "signed_investment",
    "landed_on",
    "landed_investment",
    "completed_investment",
    "funds_arrived",
    "milestone",
    "due",
)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), TZ)


def _plan(g1: str, g2: str) -> list[list[object]]:
    d = dt.date
    battery = ["新能源电池产业园", "新建", g1, "李负责", "高新园区", "新能源", None, d(2026, 3, 10), 50000]
    water = ["城东污水处理厂续建", "续建", g1, "李负责", "城东园区", "环保", None, "2025-11-01", 20000]
    cold = ["冷链物流中心", "前期", g2, "李负责", None, "物流", None, None, None]
    bio = ["生物医药项目", "招商", g2, None, None, "医药", None, None, None]
    return [
        [*battery, d(2026, 6, 1), "3亿", 12000, 8000, "开工", d(2026, 11, 26)],
        [*water, None, None, None, 5000, "开工", d(2026, 12, 20)],
        [*cold, None, None, None, None, "完成前期", d(2026, 12, 30)],
        [*bio, None, None, None, None, None, None],
    ]


async def _campaign(
    db: Database, clock: FixedClock
) -> tuple[ProjectServices, Person, Person, dict[str, int]]:
    g1 = await add_group(db, "第一工作组", target_yi=10, stretch_yi=12)
    g2 = await add_group(db, "第二工作组", target_yi=5, stretch_yi=6)
    lead = await add_person(db, "李负责", [Role.PROJECT_LEAD])
    office = await add_person(db, "王主任", [Role.OFFICE])
    s = services(db, clock)
    clock.set(at(dt.date(2026, 11, 20)))
    report = await s.imports.import_plan(xlsx(_plan(g1.name, g2.name), HEADERS), "plan.xlsx")
    assert report.ok, report.errors
    async with db.transaction() as tx:
        ids = {p.name: p.id for p in await tx.projects.snapshots(TZ)}
    return s, lead, office, ids


async def _history(db: Database, clock: FixedClock) -> tuple[ProjectServices, Person, Person, dict[str, int]]:
    s, lead, office, ids = await _campaign(db, clock)
    clock.set(at(dt.date(2026, 11, 25)))
    draft = await s.progress.blank(lead, ids["城东污水处理厂续建"])
    draft = await s.progress.with_form_values(lead, draft, signed_text="11月25日 2.6亿")
    await s.progress.confirm(lead, draft)
    clock.set(at(dt.date(2026, 11, 28)))
    fix = await s.progress.preview_correction(
        office, ids["新能源电池产业园"], LedgerKind.FUNDS, Decimal(7000), "重复统计"
    )
    await s.progress.correct(office, fix)
    clock.set(at(dt.date(2026, 12, 1)))
    draft = await s.progress.blank(lead, ids["冷链物流中心"])
    draft = await s.progress.with_form_values(lead, draft, signed_text="12月1日 1亿")
    await s.progress.confirm(lead, draft)
    async with db.transaction() as tx:
        start = next(m for m in await tx.milestones.of_project(ids["新能源电池产业园"]))
    draft = await s.progress.blank(lead, ids["新能源电池产业园"])
    draft = await s.progress.with_form_values(lead, draft, milestone_id=start.id)
    draft = await s.progress.with_form_values(lead, draft, done_text="11月29日")
    await s.progress.confirm(lead, draft)
    clock.set(at(dt.date(2026, 12, 2)))
    return s, lead, office, ids


async def test_the_plan_brings_signed_landed_and_funded_projects_with_their_history(
    db: Database, clock: FixedClock
) -> None:
    _, _, _, ids = await _campaign(db, clock)
    async with db.transaction() as tx:
        battery = await tx.projects.get(ids["新能源电池产业园"])
        water = await tx.projects.get(ids["城东污水处理厂续建"])
        cold = await tx.projects.get(ids["冷链物流中心"])
        bio = await tx.projects.get(ids["生物医药项目"])
        entries = await tx.progress.ledger(ids["新能源电池产业园"])
    assert battery is not None and water is not None and cold is not None and bio is not None
    # not all 落地: by category and dates
    assert (battery.stage, water.stage, cold.stage, bio.stage) == (
        ProjectStage.LANDED,
        ProjectStage.STARTED,
        ProjectStage.SIGNED,
        ProjectStage.LEAD,
    )
    assert battery.first_signed_on == dt.date(2026, 3, 10) and water.first_signed_on == dt.date(2025, 11, 1)
    assert cold.first_signed_on is None  # signed, but on no known day: asks nothing, counts nowhere
    assert (battery.signed_investment_wan, battery.landed_investment_wan) == (Decimal(50000), Decimal(30000))
    assert (battery.funds_arrived_wan, battery.completed_investment_wan) == (Decimal(8000), Decimal(12000))
    by_kind = {e.kind: (e.delta_wan, e.effective_on, e.note) for e in entries}
    assert by_kind[LedgerKind.SIGNED] == (Decimal(50000), dt.date(2026, 3, 10), "import")
    assert by_kind[LedgerKind.LANDED] == (Decimal(30000), dt.date(2026, 6, 1), "import")
    assert by_kind[LedgerKind.FUNDS] == (Decimal(8000), dt.date(2026, 11, 20), "import")


async def test_english_headers_and_bad_ledger_cells_are_refused_whole(
    db: Database, clock: FixedClock
) -> None:
    g1 = await add_group(db, "第一工作组")
    await add_person(db, "李负责", [Role.PROJECT_LEAD])
    s = services(db, clock)
    clock.set(at(dt.date(2026, 11, 20)))
    rows = [
        [
            "A项目",
            "新建",
            g1.name,
            "李负责",
            None,
            None,
            None,
            None,
            5000,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "B项目",
            "新建",
            g1.name,
            None,
            None,
            None,
            "洽谈",
            "2026-03-01",
            100,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            "C项目",
            "新建",
            g1.name,
            None,
            None,
            None,
            None,
            "2027-01-01",
            100,
            None,
            None,
            None,
            "很多",
            None,
            None,
        ],
    ]
    report = await s.imports.import_plan(xlsx(rows, EN_HEADERS), "plan.xlsx")
    assert not report.ok
    problems = {(e.row, e.field, e.code) for e in report.errors}
    assert (2, "signed_on", "amount_needs_date") in problems  # an amount without its date: asked, not guessed
    assert (3, "stage", "signed_before_stage") in problems  # signed, yet 洽谈
    assert (4, "signed_on", "bad_past_date") in problems and (4, "funds_arrived", "bad_amount") in problems
    async with db.transaction() as tx:
        assert list(await tx.projects.snapshots(TZ)) == []  # nothing half-imported


async def test_a_reimport_adds_increments_and_refuses_a_decrease(db: Database, clock: FixedClock) -> None:
    s, _, _, ids = await _campaign(db, clock)
    g1 = "第一工作组"
    head = ["新能源电池产业园", "新建", g1, "李负责", "高新园区", "新能源", None, "2026-03-10", 55000]
    row = [*head, "2026-06-01", 30000, 12000, 9000, "开工", "2026-11-26"]
    clock.set(at(dt.date(2026, 11, 21)))
    report = await s.imports.import_plan(xlsx([row], HEADERS), "plan.xlsx")
    assert report.ok and report.updated == 1
    async with db.transaction() as tx:
        signed = await tx.progress.ledger(ids["新能源电池产业园"], LedgerKind.SIGNED)
        funds = await tx.progress.ledger(ids["新能源电池产业园"], LedgerKind.FUNDS)
    assert [e.delta_wan for e in signed] == [Decimal(50000), Decimal(5000)]
    assert [(e.delta_wan, e.effective_on) for e in funds][-1] == (Decimal(1000), dt.date(2026, 11, 21))
    bio = ["生物医药项目", "招商", "第二工作组", None, None, "医药", None, "2026-11-21", 8000]
    report = await s.imports.import_plan(
        xlsx([[*bio, None, None, None, None, None, None]], HEADERS), "p.xlsx"
    )
    assert report.ok
    async with db.transaction() as tx:
        lead = await tx.projects.get(ids["生物医药项目"])
    assert lead is not None and lead.stage == ProjectStage.SIGNED  # a signing date moved the lead on
    assert lead.first_signed_on == dt.date(2026, 11, 21) and lead.signed_investment_wan == Decimal(8000)
    row[12] = 100  # lower than the 9000 recorded: refused, /fix is the way
    report = await s.imports.import_plan(xlsx([row], HEADERS), "plan.xlsx")
    assert not report.ok and report.errors[0].code == "decrease"
    async with db.transaction() as tx:
        project = await tx.projects.get(ids["新能源电池产业园"])
    assert project is not None and project.funds_arrived_wan == Decimal(9000)


async def test_the_office_correction_is_confirmed_audited_and_told_to_the_lead(
    db: Database, clock: FixedClock
) -> None:
    s, lead, office, ids = await _campaign(db, clock)
    battery = ids["新能源电池产业园"]
    with pytest.raises(Forbidden):
        await s.progress.preview_correction(lead, battery, LedgerKind.FUNDS, Decimal(7000), "重复统计")
    with pytest.raises(Invalid):
        await s.progress.preview_correction(office, battery, LedgerKind.FUNDS, Decimal(7000), "  ")
    with pytest.raises(Invalid):
        await s.progress.preview_correction(office, battery, LedgerKind.FUNDS, Decimal(8000), "没变")
    card = await s.progress.preview_correction(office, battery, LedgerKind.SIGNED, Decimal(45000), "合同变更")
    assert (card.before_wan, card.after_wan, card.lead_name) == (Decimal(50000), Decimal(45000), "李负责")
    async with db.transaction() as tx:
        assert (await tx.projects.get(battery)).signed_investment_wan == Decimal(50000)  # type: ignore[union-attr]
    await s.progress.correct(office, card)
    with pytest.raises(Invalid):  # the same card again: the figure changed since
        await s.progress.correct(office, card)
    async with db.transaction() as tx:
        signed = await tx.progress.ledger(battery, LedgerKind.SIGNED)
        told = (await tx.session.scalars(sa.select(OutboxMessage))).all()
    assert [(e.delta_wan, e.is_correction, e.note, e.created_by_id) for e in signed][-1] == (
        Decimal(-5000),
        True,
        "合同变更",
        office.id,
    )
    notice = next(m for m in told if m.kind == Kind.LEDGER_CORRECTED)
    assert notice.person_id == lead.id and notice.payload["reason"] == "合同变更"
    assert notice.payload["before"] == "50000.0000" or Decimal(notice.payload["before"]) == Decimal(50000)


async def test_the_digest_as_of_three_past_days_matches_the_hand_computed_figures(
    db: Database, clock: FixedClock
) -> None:
    await _history(db, clock)
    digest = DigestService(db, clock, Outbox(clock), CalendarService(db))

    d24 = await digest.build(dt.date(2026, 11, 24), WHOLE_CAMPAIGN)
    g1, g2 = d24.scoreboard.groups
    assert d24.scoreboard.elapsed == Decimal("89.9")
    assert (g1.signed_wan, g1.signed_projects, g1.landed_wan, g1.funds_wan) == (50000, 1, 30000, 13000)
    assert (g2.signed_wan, g2.signed_projects) == (0, 0)
    with use_locale("zh"):
        assert "<b>第一工作组</b>：签约 5亿元（新签约项目 1 个），完成目标 10亿元 的 50.0%" in digest_text(
            d24
        )
    with use_locale("en"):
        assert "landed CNY 300 M; funds arrived CNY 130 M" in digest_text(d24)

    d28 = await digest.build(dt.date(2026, 11, 28), WHOLE_CAMPAIGN)
    assert [(m.project, m.days_overdue) for u in d28.overdue.units for m in u.items] == [
        ("新能源电池产业园", 2)
    ]
    assert d28.scoreboard.groups[0].signed_wan == 56000 and d28.scoreboard.groups[0].funds_wan == 12000

    d30 = await digest.build(dt.date(2026, 11, 30), WHOLE_CAMPAIGN)
    g1, g2 = d30.scoreboard.groups
    assert d30.scoreboard.elapsed == Decimal("91.5") and d30.overdue.total == 0  # done on 11-29
    assert (g1.signed_wan, g1.signed_projects, g1.funds_wan) == (56000, 1, 12000)
    assert g2.signed_wan == 0
    with use_locale("zh"):
        text = digest_text(d30)
    assert (
        "<b>第一工作组</b>：签约 5.6亿元（新签约项目 1 个），完成目标 10亿元 的 56.0%，落后时序进度 35.5 个百分点"
        in text
    )
    assert "（1月1日至11月30日，时间进度 91.5%，按日历天数计）" in text
    assert "<b>七、逾期未完成节点</b>（截至11月30日）：无" in text
    assert "项目阶段（截至11月30日）：线索 1、签约 1、落地 1、开工 1" in text  # 开工 only on 12-01
    with use_locale("en"):
        text = digest_text(d30)
    assert "signed CNY 560 M (new signings: 1), 56.0% of the CNY 1 B target, 35.5 points behind" in text

    dec1 = await digest.build(dt.date(2026, 12, 1), WHOLE_CAMPAIGN)
    assert (dec1.scoreboard.groups[1].signed_wan, dec1.scoreboard.groups[1].signed_projects) == (10000, 1)
    assert (dec1.scoreboard.total.signed_wan, dec1.scoreboard.total.signed_projects) == (66000, 2)
    with use_locale("zh"):
        text = digest_text(dec1)
    assert "<b>第二工作组</b>：签约 1亿元（新签约项目 1 个），完成目标 5亿元 的 20.0%" in text
    assert "<b>合计</b>：签约 6.6亿元（新签约项目 2 个）" in text and "时间进度 91.8%" in text
    assert "项目阶段（截至12月1日）：线索 1、签约 1、开工 2" in text
    with use_locale("en"):
        assert "<b>Total</b>: signed CNY 660 M (new signings: 2)" in digest_text(dec1)

    # over a range: November's activity, states at the end of 11-30
    month = await digest.build(dt.date(2026, 11, 30), WHOLE_CAMPAIGN, period=Period.between(
        dt.date(2026, 11, 1), dt.date(2026, 11, 30)))  # fmt: skip
    assert month.since == dt.date(2026, 11, 1) and month.progress.total == 1  # the 11-25 report
    with use_locale("zh"):
        assert "汇总：11月1日至11月30日" in digest_text(month)


async def test_counting_rules_in_sql_increment_correction_and_one_signing(
    db: Database, clock: FixedClock
) -> None:
    _, _, _, ids = await _history(db, clock)
    async with db.transaction() as tx:
        entries = (await tx.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.id))).all()
        water = await tx.projects.get(ids["城东污水处理厂续建"])
        cold = await tx.projects.get(ids["冷链物流中心"])
        signings = await tx.digest_rows.first_signings(
            dt.date(2026, 1, 1), dt.date(2026, 12, 31), work_group_ids=None
        )
    assert water is not None and water.first_signed_on == dt.date(2025, 11, 1)  # the increase did not re-sign
    assert (
        cold is not None
        and cold.first_signed_on == dt.date(2026, 12, 1)
        and cold.stage == ProjectStage.SIGNED
    )
    assert sum(signings.values()) == 2  # 新能源 (03-10) and 冷链 (12-01); 城东 signed in 2025
    increments = [(e.delta_wan, e.effective_on) for e in entries if e.project_id == ids["城东污水处理厂续建"]]
    assert (Decimal(6000), dt.date(2026, 11, 25)) in increments
    assert any(e.is_correction and e.delta_wan == Decimal(-1000) for e in entries)


async def test_a_park_target_has_its_scoreboard(db: Database, clock: FixedClock, tmp_path: object) -> None:
    await _history(db, clock)
    targets = xlsx([["高新园区", None, 8, 10], ["城东园区", None, 2, None], [None, "新能源", 6, 7]],
                   ("园区", "产业", "目标(亿元)", "力争目标(亿元)"))  # fmt: skip
    report = await ImportService(db).targets(targets, "targets.xlsx")
    assert report.ok and report.created == 3
    bad = await ImportService(db).targets(
        xlsx([["高新园区", "新能源", 1, 1]], ("园区", "产业", "目标", "力争目标")), "t.xlsx"
    )
    assert not bad.ok and bad.errors[0].code == "one_name"
    async with db.transaction() as tx:
        parks = await load_dimension_board(
            tx, dt.date(2026, 11, 30), TargetDimension.PARK, work_group_ids=None
        )
        people = await load_dimension_board(
            tx, dt.date(2026, 11, 30), TargetDimension.PERSON, work_group_ids=None
        )
    lines = {g.name: g for g in parks.groups}
    high, east = lines["高新园区"], lines["城东园区"]
    assert (high.name, high.signed_wan, high.completion, high.target_wan) == (
        "高新园区",
        50000,
        Decimal("62.5"),
        80000,
    )
    assert (east.name, east.signed_wan, east.completion) == ("城东园区", 6000, Decimal("30.0"))
    assert parks.dimension == "park" and parks.elapsed == Decimal("91.5")
    assert [(g.name, g.signed_wan) for g in people.groups] == [("李负责", 56000)]


def test_the_time_schedule_in_working_days_and_a_campaign_year() -> None:
    assert elapsed_percent(dt.date(2026, 11, 30)) == Decimal("91.5")
    workdays = CampaignYear(basis=ScheduleBasis.WORKDAYS)
    assert elapsed_percent(dt.date(2026, 1, 1), workdays) == Decimal(0)  # 元旦 is no working day
    assert Decimal(0) < elapsed_percent(dt.date(2026, 11, 30), workdays) < Decimal(100)
    year = CampaignYear(dt.date(2026, 3, 1), dt.date(2027, 2, 28))
    assert year.bounds(dt.date(2026, 12, 1)) == (dt.date(2026, 3, 1), dt.date(2027, 2, 28))
    assert elapsed_percent(dt.date(2026, 3, 1), year) == Decimal("0.3")  # 1 of 365
    assert year.bounds(dt.date(2026, 2, 1))[0] == dt.date(2026, 1, 1)  # outside it: the calendar year


async def test_the_export_has_the_ledger_with_who_when_why_stage_history_lead_sources_and_targets(
    db: Database, clock: FixedClock
) -> None:
    _, _, office, ids = await _history(db, clock)
    cadre = await add_person(db, "张干部", [Role.CADRE])
    trip = await add_trip(
        db, cadre, dt.date(2026, 10, 8), dt.date(2026, 10, 10), place="某医药集团", purpose="医药招商"
    )
    async with db.transaction() as tx:
        bio = await tx.projects.get(ids["生物医药项目"])
        assert bio is not None
        bio.found_trip_id, bio.found_by_id = trip.id, cadre.id
    await ImportService(db).targets(xlsx([["高新园区", 8]], ("园区", "目标(亿元)")), "targets.xlsx")
    exported = await ExportService(db, clock).workbook(office)
    book = load_workbook(io.BytesIO(exported.data))

    def rows(name: str) -> list[list[object]]:
        return [list(r) for r in book[name].iter_rows(values_only=True)]

    ledger = rows("台账明细")
    assert ledger[0][:8] == ["项目", "工作组", "数字", "增减（万元）", "计入日期", "来源", "说明", "录入人"]
    fix = next(r for r in ledger if r[5] == "更正")
    assert fix[:8] == [
        "新能源电池产业园",
        "第一工作组",
        "到位资金",
        -1000,
        dt.datetime(2026, 11, 28),
        "更正",
        "重复统计",
        "王主任",
    ]
    assert ["城东污水处理厂续建", "第一工作组", "协议投资", 6000, dt.datetime(2026, 11, 25), "进度报送"] in [
        r[:6] for r in ledger
    ]
    assert ["新能源电池产业园", "第一工作组", "协议投资", 50000, dt.datetime(2026, 3, 10), "导入"] in [
        r[:6] for r in ledger
    ]
    stages = rows("阶段变更")
    assert ["新能源电池产业园", "第一工作组", None, "落地", dt.datetime(2026, 6, 1)] in [
        r[:5] for r in stages
    ]
    assert ["新能源电池产业园", "第一工作组", "落地", "开工", dt.datetime(2026, 12, 1), "李负责"] in [
        r[:6] for r in stages
    ]
    source = rows("线索来源")[1]
    assert source[:6] == ["生物医药项目", "第二工作组", None, "线索", "张干部", trip.id]
    assert source[6:9] == [dt.datetime(2026, 10, 8), dt.datetime(2026, 10, 10), "广东省深圳市 某医药集团"]
    assert rows("目标")[-1] == ["园区", "高新园区", 80000, 80000]
