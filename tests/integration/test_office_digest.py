"""The daily digest of a fixed county, against hand-checked texts (zh and en), on SQLite and PostgreSQL.

The figures, worked out by hand from tests/support/office.py seed_county, as of Wed 2026-11-25
(day 329 of 365: time schedule 90.1%):
- 第一工作组 signed 20亿 + 5亿 (a capital increase) + 2亿 (this year's part of a project first signed
  in 2025, which is not a new signing) = 27亿 → 45.0% of 60亿, 45.1 points behind; 27/66 = 40.9%;
  landed 15亿; funds 3亿 + 1亿 = 4亿; one new signing.
- 第二工作组 signed 30亿 → 50.0%, 40.1 behind; 30/66 = 45.5%; landed 10亿; funds 5亿. The archived
  文旅综合体 (10亿) does not count.
- Total 57亿 of 120亿 = 47.5%, 42.6 behind; 57/132 = 43.2%.
- Since the last digest = Tue 11-24 only: 李四 (companion, not a co-author of 11-24's report) and 赵六
  missed it; 周八's trip ended on the 12th.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.calendar import CalendarService
from core.clock import FixedClock
from core.delivery.kinds import Kind
from core.delivery.outbox import Outbox
from core.office.digest import Digest, DigestService
from core.policy import WHOLE_CAMPAIGN, Scope
from db.database import Database
from db.enums import CalendarKind, LedgerKind
from handlers.office.digest_text import digest_text
from handlers.shared.i18n import use_locale
from tests.support.factories import add_person
from tests.support.office import County, add_ledger, add_trip, bind_chat, seed_county

DAY = dt.date(2026, 11, 25)

EXPECTED_ZH = """\
<b>📋 百团招商行动每日简报</b>
2026年11月25日 星期三 · 全市

<b>一、目标完成情况</b>（1月1日至11月25日，时间进度 90.1%，按日历天数计）
<b>第一工作组</b>：签约 27亿元（新签约项目 1 个），完成目标 60亿元 的 45.0%，落后时序进度 45.1 个百分点；\
力争目标 66亿元，完成 40.9%；落地 15亿元；到位资金 4亿元
<b>第二工作组</b>：签约 30亿元（新签约项目 1 个），完成目标 60亿元 的 50.0%，落后时序进度 40.1 个百分点；\
力争目标 66亿元，完成 45.5%；落地 10亿元；到位资金 5亿元
<b>合计</b>：签约 57亿元（新签约项目 2 个），完成目标 120亿元 的 47.5%，落后时序进度 42.6 个百分点；\
力争目标 132亿元，完成 43.2%；落地 25亿元；到位资金 9亿元
项目阶段（截至11月25日）：线索 2、签约 2、落地 1
分园区、分产业、分单位：/status 园区 · /status 产业 · /status 单位

<b>二、在外招商</b>（11月25日，2个行程）
· 张三（第一工作组，李四同行）：广东省深圳市 华为总部，至11月27日，最近日报 11月24日
· 赵六（第二工作组）：上海市，至11月30日，最近日报 11月22日

<b>三、日报未报</b>（11月24日，2人次）
· 李四（第一工作组）：11月24日
· 赵六（第二工作组）：11月24日

<b>四、新增线索</b>（11月24日，1个）
· 生物医药项目（第一工作组，投资方：某医药集团，发现人：张三）

<b>五、收到进度</b>（11月24日，1条）
· 冷链物流中心 — 钱七：阶段 落地，完成 30%，到位资金 5亿元，⚠️有需协调问题

<b>六、7日内到期节点</b>（11月25日起，2个）
· 11月26日 智能制造产业园「用地手续」— 县发改局，钱七
· 11月28日 新能源电池项目「开工」— 县商务局，钱七

<b>七、逾期未完成节点</b>（截至11月25日，3个）
<u>县商务局</u>（1个）
· 新能源电池项目「设备进场」逾期 24 天（应于11月1日完成）
<u>县发改局</u>（2个）
· 智能制造产业园「完成招投标」逾期 12 天（应于11月13日完成）
· 冷链物流中心「环评批复」逾期 5 天（应于11月20日完成）

<b>八、待协调问题</b>（截至11月25日，2个）
· 🔴 督办〔2026〕1号 冷链物流中心：用电指标不足，需协调供电公司 — 县供电公司，已 15 天（已交办）
· 🟡 督办〔2026〕2号 新能源电池项目：施工许可办理 — 县住建局，已 4 天（待交办）
图例：🟢 按期 · 🟡 临近答复期限或已升级 · 🔴 逾期未答复或节点逾期

<b>九、7日以上无进展项目</b>（截至11月25日，1个）
· 智能制造产业园 — 负责人 钱七，县发改局，389 天无进展（2025年11月1日录入后从未报送）

<b>十、消息送达</b>：近7日未送达 1 条；无法联系 1 人"""

EXPECTED_EN = """\
<b>📋 Daily digest</b>
Wednesday, Nov 25, 2026 · whole campaign

<b>1. Targets</b> (Jan 1 to Nov 25, time schedule 90.1% in calendar days)
<b>第一工作组</b>: signed CNY 2.7 B (new signings: 1), 45.0% of the CNY 6 B target, 45.1 points behind \
schedule; stretch target CNY 6.6 B: 40.9%; landed CNY 1.5 B; funds arrived CNY 400 M
<b>第二工作组</b>: signed CNY 3 B (new signings: 1), 50.0% of the CNY 6 B target, 40.1 points behind \
schedule; stretch target CNY 6.6 B: 45.5%; landed CNY 1 B; funds arrived CNY 500 M
<b>Total</b>: signed CNY 5.7 B (new signings: 2), 47.5% of the CNY 12 B target, 42.6 points behind \
schedule; stretch target CNY 13.2 B: 43.2%; landed CNY 2.5 B; funds arrived CNY 900 M
Projects by stage (as of Nov 25): lead 2, signed 2, landed 1
By park, industry, unit: /status 园区 · /status 产业 · /status 单位

<b>2. Out on promotion</b> (Nov 25: 2 trips)
· 张三 (第一工作组, with 李四): 广东省深圳市 华为总部, until Nov 27, last report Nov 24
· 赵六 (第二工作组): 上海市, until Nov 30, last report Nov 22

<b>3. Daily reports missing</b> (Nov 24: 2)
· 李四 (第一工作组): Nov 24
· 赵六 (第二工作组): Nov 24

<b>4. New leads</b> (Nov 24: 1)
· 生物医药项目 (第一工作组, investor: 某医药集团, found by 张三)

<b>5. Progress received</b> (Nov 24: 1)
· 冷链物流中心 — 钱七: stage landed, 30% done, funds arrived CNY 500 M, ⚠️ needs coordination

<b>6. Milestones due within 7 days</b> (from Nov 25: 2)
· Nov 26 智能制造产业园 “用地手续” — 县发改局, 钱七
· Nov 28 新能源电池项目 “start of construction” — 县商务局, 钱七

<b>7. Overdue milestones</b> (as of Nov 25: 3)
<u>县商务局</u> (1)
· 新能源电池项目 “设备进场” 24 days overdue (due Nov 1)
<u>县发改局</u> (2)
· 智能制造产业园 “bidding completed” 12 days overdue (due Nov 13)
· 冷链物流中心 “环评批复” 5 days overdue (due Nov 20)

<b>8. Open coordination issues</b> (as of Nov 25: 2)
· 🔴 督办〔2026〕1号 冷链物流中心: 用电指标不足，需协调供电公司 — 县供电公司, 15 days (assigned)
· 🟡 督办〔2026〕2号 新能源电池项目: 施工许可办理 — 县住建局, 4 days (open)
Legend: 🟢 on time · 🟡 answer due soon or escalated · 🔴 answer overdue or milestone overdue

<b>9. Projects without progress for 7 days or more</b> (as of Nov 25: 1)
· 智能制造产业园 — lead 钱七, 县发改局, 389 days without progress \
(never reported since entered on Nov 1, 2025)

<b>10. Delivery</b>: undelivered in the last 7 days: 1; unreachable people: 1"""

EXPECTED_GROUP1_ZH = """\
<b>📋 百团招商行动每日简报</b>
2026年11月25日 星期三 · 第一工作组

<b>一、目标完成情况</b>（1月1日至11月25日，时间进度 90.1%，按日历天数计）
<b>第一工作组</b>：签约 27亿元（新签约项目 1 个），完成目标 60亿元 的 45.0%，落后时序进度 45.1 个百分点；\
力争目标 66亿元，完成 40.9%；落地 15亿元；到位资金 4亿元
项目阶段（截至11月25日）：线索 1、签约 2
分园区、分产业、分单位：/status 园区 · /status 产业 · /status 单位

<b>二、在外招商</b>（11月25日，1个行程）
· 张三（李四同行）：广东省深圳市 华为总部，至11月27日，最近日报 11月24日

<b>三、日报未报</b>（11月24日，1人次）
· 李四：11月24日

<b>四、新增线索</b>（11月24日，1个）
· 生物医药项目（投资方：某医药集团，发现人：张三）

<b>五、收到进度</b>（11月24日）：无

<b>六、7日内到期节点</b>（11月25日起，2个）
· 11月26日 智能制造产业园「用地手续」— 县发改局，钱七
· 11月28日 新能源电池项目「开工」— 县商务局，钱七

<b>七、逾期未完成节点</b>（截至11月25日，2个）
<u>县商务局</u>（1个）
· 新能源电池项目「设备进场」逾期 24 天（应于11月1日完成）
<u>县发改局</u>（1个）
· 智能制造产业园「完成招投标」逾期 12 天（应于11月13日完成）

<b>八、待协调问题</b>（截至11月25日，1个）
· 🟡 督办〔2026〕2号 新能源电池项目：施工许可办理 — 县住建局，已 4 天（待交办）
图例：🟢 按期 · 🟡 临近答复期限或已升级 · 🔴 逾期未答复或节点逾期

<b>九、7日以上无进展项目</b>（截至11月25日，1个）
· 智能制造产业园 — 负责人 钱七，县发改局，389 天无进展（2025年11月1日录入后从未报送）"""


def _service(db: Database, clock: FixedClock) -> DigestService:
    return DigestService(db, clock, Outbox(clock), CalendarService(db))


async def test_the_county_digest_matches_the_hand_checked_text_in_both_languages(
    db: Database, clock: FixedClock
) -> None:
    await seed_county(db)
    digest = await _service(db, clock).build(DAY, WHOLE_CAMPAIGN)
    with use_locale("zh"):
        assert digest_text(digest) == EXPECTED_ZH
    with use_locale("en"):
        assert digest_text(digest) == EXPECTED_EN


async def test_a_group_leader_digest_shows_only_the_group(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    digest = await _service(db, clock).build(DAY, Scope.of_group(county.group1.id, county.group1.name))
    with use_locale("zh"):
        assert digest_text(digest) == EXPECTED_GROUP1_ZH
    assert digest.health is None  # delivery health is for the office only


async def test_the_payload_is_json_and_reads_back_as_the_same_digest(db: Database, clock: FixedClock) -> None:
    import json

    await seed_county(db)
    digest = await _service(db, clock).build(DAY, WHOLE_CAMPAIGN)
    payload = json.loads(json.dumps(digest.payload()))
    assert Digest.model_validate(payload) == digest


async def test_on_monday_the_window_covers_friday_to_sunday(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    monday = dt.date(2026, 11, 30)
    digest = await _service(db, clock).build(monday, WHOLE_CAMPAIGN)
    assert (digest.since, digest.until) == (dt.date(2026, 11, 27), dt.date(2026, 11, 29))
    # 赵六 is away until the 30th and reported nothing after the 22nd: three days missing
    zhao = next(m for m in digest.missing.items if m.name == county.zhao.name)
    assert zhao.days == [dt.date(2026, 11, 27), dt.date(2026, 11, 28), dt.date(2026, 11, 29)]
    # 张三 and 李四 came back on the 27th: only that day is missing for them
    zhang = next(m for m in digest.missing.items if m.name == county.zhang.name)
    assert zhang.days == [dt.date(2026, 11, 27)]
    with use_locale("zh"):
        assert "<b>三、日报未报</b>（11月27日—11月29日，5人次）" in digest_text(digest)


async def test_a_year_the_calendar_does_not_cover_is_warned_about(db: Database, clock: FixedClock) -> None:
    day = dt.date(2027, 3, 3)  # chinese-calendar ships data up to 2026
    digest = await _service(db, clock).build(day, WHOLE_CAMPAIGN)
    assert digest.uncovered_years == [2027]
    with use_locale("zh"):
        assert "⚠️ 工作日历未覆盖 2027 年" in digest_text(digest)
    with use_locale("en"):
        assert "does not cover 2027" in digest_text(digest)
    await CalendarService(db).set(dt.date(2027, 2, 11), CalendarKind.HOLIDAY)
    digest = await _service(db, clock).build(day, WHOLE_CAMPAIGN)
    assert digest.uncovered_years == []  # the office entered 2027's schedule


async def test_long_lists_are_capped_with_their_full_count(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db)
    for n in range(12):
        cadre = await add_person(db, f"干部{n:02d}", work_group=county.group2)
        await add_trip(
            db, cadre, dt.date(2026, 11, 24), dt.date(2026, 11, 26), city="成都市", province="四川省"
        )
    digest = await _service(db, clock).build(DAY, WHOLE_CAMPAIGN, max_items=5)
    assert digest.out.total == 14 and len(digest.out.items) == 5
    assert digest.missing.total == 14 and sum(len(m.days) for m in digest.missing.items) == 5
    with use_locale("zh"):
        text = digest_text(digest)
    assert "<b>二、在外招商</b>（11月25日，14个行程）" in text and "……另有 9 项未列出" in text


async def test_the_job_enqueues_one_digest_per_chat_in_its_scope_and_only_once(
    db: Database, clock: FixedClock
) -> None:
    county: County = await seed_county(db, telegram_ids={"孙组长": 5001, "王主任": 5002})
    await bind_chat(db, -1001)  # the office group: everything
    await bind_chat(db, -1002, group=county.group2)  # a work group's chat
    await bind_chat(db, 5001, person=county.leader1, group=county.group1)  # the group leader's subscription
    service = _service(db, clock)

    assert await service.enqueue(DAY) == 3
    assert await service.enqueue(DAY) == 0  # a second run enqueues nothing
    async with db.transaction() as tx:
        rows = await tx.outbox.with_key_prefix(f"digest:{DAY.isoformat()}")
    assert {(r.chat_id, r.person_id) for r in rows} == {
        (-1001, None),
        (-1002, None),
        (None, county.leader1.id),
    }
    scopes = {r.chat_id or r.person_id: Digest.model_validate(r.payload).work_group for r in rows}
    assert scopes == {-1001: None, -1002: "第二工作组", county.leader1.id: "第一工作组"}
    assert all(r.kind == Kind.OFFICE_DIGEST for r in rows)


async def test_with_nothing_bound_the_office_members_get_the_digest(db: Database, clock: FixedClock) -> None:
    county = await seed_county(db, telegram_ids={"王主任": 5002})
    assert await _service(db, clock).enqueue(DAY) == 1
    async with db.transaction() as tx:
        rows = await tx.outbox.with_key_prefix("digest:")
    assert [r.person_id for r in rows] == [county.office.id]


async def test_ledger_rules_hold_in_sql(db: Database, clock: FixedClock) -> None:
    """A correction counts as its (negative) delta; entries of next year do not count this year."""
    county = await seed_county(db)
    p1 = county.projects["新能源电池项目"]
    await add_ledger(db, p1, LedgerKind.SIGNED, -30000, dt.date(2026, 11, 20), correction=True)
    await add_ledger(db, p1, LedgerKind.SIGNED, 90000, dt.date(2026, 11, 26))  # tomorrow: not yet
    board = (await _service(db, clock).build(DAY, WHOLE_CAMPAIGN)).scoreboard
    assert board.groups[0].signed_wan == Decimal(240000)
    assert board.total.signed_wan == Decimal(540000)
