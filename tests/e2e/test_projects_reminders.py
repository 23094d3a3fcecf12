"""The plan is sent to the bot; milestone reminders go out at T-7/T-3/T-1/T-0 on working days only
(National Day 2026 and its 调休 make-up days in the range), overdue reminders daily, escalation once."""

from __future__ import annotations

import datetime as dt

from bot.app import build_services
from bot.runner import Running
from core.clock import FixedClock
from core.workdays import WorkCalendar
from db.database import Database
from db.enums import Role
from scheduler.context import JobContext
from scheduler.runner import JobRunner
from tests.conftest import TZ
from tests.e2e.conftest import BOTH_BACKENDS, MakePersona, run_job
from tests.support.factories import add_group
from tests.support.outbox import outbox_drained
from tests.support.projects import outbox_rows, plan_row, set_group_leader, xlsx
from tgemu.client import TelegramTester

D = dt.date


def _without_due(key: str) -> str:
    """milestone:<id>:T-7:<due> and milestone:<id>:escalate:group:<due> without the due date."""
    return key.rsplit(":", 1)[0] if ":T-" in key or ":escalate:" in key else key


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@BOTH_BACKENDS
async def test_plan_from_the_bot_then_reminders_escalations_on_working_days_only(
    zsbot: Running, tg: TelegramTester, persona: MakePersona, db: Database, clock: FixedClock
) -> None:
    clock.set(dt.datetime(2026, 9, 14, 9, 0, tzinfo=TZ))
    group = await add_group(db, "第一工作组")
    office = await persona("办公室王主任", [Role.OFFICE])
    leader = await persona("张组长", [Role.GROUP_LEADER], work_group=group)
    await set_group_leader(db, group, leader.person)
    lead = await persona("李负责", [Role.PROJECT_LEAD], work_group=group, phone="13900000001")
    liaison = await persona("王县长", [Role.GROUP_LEADER])
    g = group.name
    plan = xlsx(
        [
            plan_row(
                "城东污水处理厂续建",
                "续建",
                g,
                unit="县住建局",
                lead="13900000001",
                investment=12000,
                liaison="王县长",
                milestone="开工",
                due="2026-10-13",
            ),
            plan_row(
                "新能源电池产业园",
                "新建",
                g,
                unit="县发改局",
                lead="李负责",
                investment="3.5亿",
                liaison="王县长",
                milestone="开工",
                due="2026-10-09",
            ),
            plan_row(
                "文旅综合体", "前期", g, unit="县文旅局", lead="李负责", milestone="环评批复", due="9月27日"
            ),
        ]
    )

    report = await tg.upload(office.user, plan, "2026年项目计划.xlsx")

    assert "导入完成" in report.text and "新增 3 个项目" in report.text
    async with db.transaction() as tx:
        ids = {p.name: p.milestones[0].id for p in await tx.projects.all()}
    a, b, c = ids["城东污水处理厂续建"], ids["新能源电池产业园"], ids["文旅综合体"]

    sent: dict[dt.date, set[str]] = {}
    skipped: list[dt.date] = []
    for day in _days(D(2026, 9, 14), D(2026, 10, 16)):
        clock.set(dt.datetime.combine(day, dt.time(9, 0), TZ))
        before = {row.dedupe_key for row in await outbox_rows(db, "milestone:")}
        result = await run_job(zsbot, "milestone_reminders", day)
        if result.skipped:
            skipped.append(day)
            continue
        assert (await run_job(zsbot, "milestone_reminders", day)).count == 0  # a second run: nothing new
        new = {row.dedupe_key for row in await outbox_rows(db, "milestone:")} - before
        await outbox_drained(
            db, app=zsbot
        )  # delivered before the clock moves (a jump makes claims look stale)
        if new:
            sent[day] = {_without_due(key.split(">")[0]) for key in new}

    cal = WorkCalendar()
    assert all(not cal.is_workday(day) for day in skipped)
    assert D(2026, 10, 1) in skipped and D(2026, 10, 7) in skipped
    assert D(2026, 9, 20) not in skipped and D(2026, 10, 10) not in skipped  # 调休 make-up days ran
    g = lambda m: f"milestone:{m}:escalate:group"  # noqa: E731
    o = lambda m: f"milestone:{m}:escalate:office"  # noqa: E731
    assert sent == {
        # C due Sun 09-27 (Mid-autumn holiday): T-7 on the make-up Sunday 09-20; T-3/T-1/T-0 on Thu 09-24
        D(2026, 9, 20): {f"milestone:{c}:T-7"},
        D(2026, 9, 24): {f"milestone:{c}:T-0"},
        D(2026, 9, 28): {f"milestone:{c}:overdue:2026-09-28", g(c)},
        D(2026, 9, 29): {f"milestone:{c}:overdue:2026-09-29"},
        # B due Fri 10-09: T-7 and T-3 fall in the holiday → once on 09-30; A due Tue 10-13: T-7 → 09-30
        D(2026, 9, 30): {
            f"milestone:{c}:overdue:2026-09-30",
            o(c),
            f"milestone:{b}:T-3",
            f"milestone:{a}:T-7",
        },
        D(2026, 10, 8): {f"milestone:{c}:overdue:2026-10-08", f"milestone:{b}:T-1"},
        D(2026, 10, 9): {f"milestone:{c}:overdue:2026-10-09", f"milestone:{b}:T-0"},
        # Sat 10-10 is a make-up working day: A's T-3 and B's first overdue day (+1 working day → group leader)
        D(2026, 10, 10): {
            f"milestone:{c}:overdue:2026-10-10",
            f"milestone:{b}:overdue:2026-10-10",
            g(b),
            f"milestone:{a}:T-3",
        },
        D(2026, 10, 12): {
            f"milestone:{c}:overdue:2026-10-12",
            f"milestone:{b}:overdue:2026-10-12",
            f"milestone:{a}:T-1",
        },
        D(2026, 10, 13): {
            f"milestone:{c}:overdue:2026-10-13",
            f"milestone:{b}:overdue:2026-10-13",
            o(b),
            f"milestone:{a}:T-0",
        },
        D(2026, 10, 14): {
            f"milestone:{c}:overdue:2026-10-14",
            f"milestone:{b}:overdue:2026-10-14",
            f"milestone:{a}:overdue:2026-10-14",
            g(a),
        },
        D(2026, 10, 15): {
            f"milestone:{c}:overdue:2026-10-15",
            f"milestone:{b}:overdue:2026-10-15",
            f"milestone:{a}:overdue:2026-10-15",
        },
        D(2026, 10, 16): {
            f"milestone:{c}:overdue:2026-10-16",
            f"milestone:{b}:overdue:2026-10-16",
            f"milestone:{a}:overdue:2026-10-16",
            o(a),
        },
    }

    # a restart (new services, new job context) on the same day enqueues nothing again
    fresh = JobRunner(JobContext(build_services(zsbot.settings, db, clock)))
    assert (await fresh.run("milestone_reminders", D(2026, 10, 16))).count == 0

    await outbox_drained(db, app=zsbot)
    first = tg.messages(lead.user)[0]
    assert "节点提醒" in first.text and "文旅综合体" in first.text and "环评批复" in first.text
    assert "还有 7 天" in first.text and first.button_texts == ["汇报进度", "已完成", "需协调"]
    a_t7 = next(m for m in tg.messages(lead.user) if "城东污水处理厂续建" in m.text)
    assert "开工" in a_t7.text and "还有 13 天" in a_t7.text  # sent before the holiday
    escalations = [m.text for m in tg.messages(leader.user)]
    assert len(escalations) == 3 and all("逾期" in text and "李负责" in text for text in escalations)
    assert "13900000001" in escalations[0]
    office_seen = [m.text for m in tg.messages(office.user) if "逾期节点上报" in m.text]
    liaison_seen = [m.text for m in tg.messages(liaison.user)]
    assert len(office_seen) == 3
    assert len(liaison_seen) == 2 and all(
        "文旅综合体" not in text for text in liaison_seen
    )  # C has no liaison
