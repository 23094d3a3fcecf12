"""Progress, money and coordination issues in core, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.clock import FixedClock
from core.errors import Conflict, Forbidden, Invalid, NotYours
from core.progress import Photo, ProgressDraft
from core.project_state import Light
from db.database import Database
from db.enums import IssueStatus, LedgerKind, MilestoneKind, ProjectCategory, ProjectStage, Role
from tests.conftest import TZ
from tests.support.factories import add_group, add_person
from tests.support.projects import add_project, outbox_rows, services, set_group_leader

D = dt.date


async def test_first_signing_counts_once_and_signed_investment_only_by_increment(
    db: Database, clock: FixedClock
) -> None:
    lead = await add_person(db, "李负责", [Role.PROJECT_LEAD])
    project = await add_project(
        db,
        "招商项目",
        lead=lead,
        category=ProjectCategory.LEAD,
        stage=ProjectStage.NEGOTIATING,
        milestones=[(MilestoneKind.SIGNING, D(2026, 12, 1))],
    )
    s = services(db, clock)

    draft = await s.progress.from_text(lead, project.id, "11月20日已签约，签约金额3亿元")
    assert draft.stage == ProjectStage.SIGNED and draft.milestone_done_on == D(2026, 11, 20)
    assert draft.signed_total_wan == Decimal(30000)
    await s.progress.confirm(lead, draft)
    clock.advance(dt.timedelta(days=1))
    await s.progress.confirm(
        lead, await s.progress.from_text(lead, project.id, "增资扩股，协议投资增至5亿元，已开工")
    )
    with pytest.raises(Invalid) as smaller:
        await s.progress.from_text(lead, project.id, "协议投资4亿元")
    assert smaller.value.key == "progress.signed_decrease"

    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        signed = await tx.progress.ledger(project.id, LedgerKind.SIGNED)
        stages = await tx.progress.stage_changes(project.id)
    assert fresh is not None and fresh.first_signed_on == D(2026, 11, 20)  # the signing day, kept
    assert fresh.signed_investment_wan == Decimal(50000) and fresh.stage == ProjectStage.STARTED
    assert [e.delta_wan for e in signed] == [Decimal(30000), Decimal(20000)]
    assert [(c.from_stage, c.to_stage) for c in stages] == [
        (ProjectStage.NEGOTIATING, ProjectStage.SIGNED),
        (ProjectStage.SIGNED, ProjectStage.STARTED),
    ]


async def test_funds_correction_is_office_only_needs_a_reason_and_is_audited(
    db: Database, clock: FixedClock
) -> None:
    lead = await add_person(db, "李负责", [Role.PROJECT_LEAD])
    office = await add_person(db, "办公室", [Role.OFFICE])
    project = await add_project(db, "项目", lead=lead, funds_wan=Decimal(2000))
    s = services(db, clock)
    with pytest.raises(Forbidden):
        await s.progress.correct_funds(lead, project.id, Decimal(1000), "错了")
    with pytest.raises(Invalid):
        await s.progress.correct_funds(office, project.id, Decimal(1000), "  ")
    assert await s.progress.correct_funds(office, project.id, Decimal(1000), "重复统计") == Decimal(1000)
    async with db.transaction() as tx:
        entries = await tx.progress.ledger(project.id)
        audit = await tx.audit.for_entity("project", project.id)
    assert [(e.delta_wan, e.is_correction, e.note) for e in entries] == [(Decimal(-1000), True, "重复统计")]
    assert [a.action for a in audit] == ["project.funds_correction"] and audit[0].details[
        "before"
    ] == "2000.0000"


async def test_drafts_survive_the_conversation_state_and_nothing_is_stored_before_confirm(
    db: Database, clock: FixedClock
) -> None:
    lead = await add_person(db, "李负责", [Role.PROJECT_LEAD])
    project = await add_project(db, "项目", lead=lead, milestones=[("环评批复", D(2026, 12, 1))])
    s = services(db, clock)
    draft = await s.progress.from_text(
        lead,
        project.id,
        "环评批复已于11月20日取得，到位500万，进度35%。问题：1、资金缺口 2、审批慢",
        photos=(Photo("file-1", "u1"),),
    )
    again = ProgressDraft.from_state(draft.to_state())
    assert again == draft and again.problems == ("资金缺口", "审批慢")
    assert again.milestone_name == "环评批复" and again.milestone_done_on == D(2026, 11, 20)
    async with db.transaction() as tx:
        assert not await tx.progress.of_project(project.id)
        assert not await tx.issues.listed()


async def test_coordination_access_numbers_and_ageing(db: Database, clock: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    other_group = await add_group(db, "第二工作组")
    leader = await add_person(db, "张组长", [Role.GROUP_LEADER], telegram_id=11)
    other_leader = await add_person(db, "孙组长", [Role.GROUP_LEADER], telegram_id=12)
    await set_group_leader(db, group, leader)
    await set_group_leader(db, other_group, other_leader)
    lead = await add_person(db, "李负责", [Role.PROJECT_LEAD], telegram_id=13)
    cadre = await add_person(db, "钱干部", [Role.CADRE], telegram_id=14)
    project = await add_project(db, "项目", lead=lead, work_group=group)
    s = services(db, clock)

    first = await s.coordination.raise_issue(lead, project.id, "用地指标未落实")
    second = await s.coordination.raise_issue(lead, project.id, "施工用电未接入")
    assert (first.code, second.code) == ("督办〔2026〕1号", "督办〔2026〕2号")
    with pytest.raises(NotYours):
        await s.coordination.raise_issue(cadre, project.id, "不是我的项目")
    with pytest.raises(NotYours):
        await s.coordination.close(other_leader, first.id, "已协调")
    with pytest.raises(Forbidden):
        await s.coordination.close(cadre, first.id, "已协调")
    with pytest.raises(Forbidden):
        await s.coordination.view(cadre, first.id)
    with pytest.raises(Invalid):  # 办结 needs a closing note
        await s.coordination.close(leader, first.id, "  ")
    await s.coordination.close(leader, first.id, "已协调国土部门解决")
    with pytest.raises(Conflict):
        await s.coordination.answer(leader, first.id, "已处理")
    with pytest.raises(NotYours):  # the raiser (or the office) confirms, not the one who closed it
        await s.coordination.confirm(leader, first.id)
    await s.coordination.confirm(lead, first.id)

    keys = {r.dedupe_key for r in await outbox_rows(db, f"issue:{first.id}:")}
    assert f"issue:{first.id}:raised>p{leader.id}" in keys
    assert any(k.startswith(f"issue:{first.id}:closing:") and k.endswith(f">p{lead.id}") for k in keys)
    assert any(k.startswith(f"issue:{first.id}:confirmed:") and k.endswith(f">p{leader.id}") for k in keys)
    assert [v.code for v in await s.coordination.listed(leader)] == ["督办〔2026〕2号"]
    assert await s.coordination.listed(other_leader) == []
    assert [v.code for v in await s.coordination.listed(lead)] == ["督办〔2026〕2号"]

    # raised Wed 11-25, answer due 3 working days later (Mon 11-30): green, yellow within a day, then red
    assert (await s.coordination.listed(lead))[0].light == Light.GREEN
    clock.advance(dt.timedelta(days=3))
    assert (await s.coordination.listed(lead))[0].light == Light.YELLOW
    clock.advance(dt.timedelta(days=3))
    assert (await s.coordination.listed(lead))[0].light == Light.RED
    async with db.transaction() as tx:
        closed = await tx.issues.get(first.id)
    assert closed is not None and closed.status == IssueStatus.CLOSED and closed.closed_by_id == lead.id
    assert closed.closing_note == "已协调国土部门解决"


async def test_escalation_skips_a_lead_who_leads_the_group_and_an_unregistered_liaison(
    db: Database, clock: FixedClock
) -> None:
    group = await add_group(db, "第一工作组")
    office = await add_person(db, "办公室", [Role.OFFICE], telegram_id=21)
    lead = await add_person(
        db, "李负责", [Role.PROJECT_LEAD, Role.GROUP_LEADER], work_group=group, telegram_id=22
    )
    await set_group_leader(db, group, lead)
    project = await add_project(
        db,
        "项目",
        lead=lead,
        work_group=group,
        milestones=[(MilestoneKind.START_CONSTRUCTION, D(2026, 11, 20))],
    )
    async with db.transaction() as tx:
        fresh = await tx.projects.get(project.id)
        assert fresh is not None
        fresh.liaison_name = "未登记的领导"
    s = services(db, clock)
    cal = await s.calendar.calendar()
    assert await s.projects.remind_milestones(D(2026, 11, 25), cal) == 2  # overdue + office (3 working days)
    async with db.transaction() as tx:
        milestone = (await tx.milestones.of_project(project.id))[0]
    keys = sorted(r.dedupe_key for r in await outbox_rows(db, "milestone:"))
    assert keys == [
        f"milestone:{milestone.id}:escalate:office:2026-11-20>p{office.id}",
        f"milestone:{milestone.id}:overdue:2026-11-25>p{lead.id}",
    ]


async def test_snapshots_give_the_facts_of_many_projects(db: Database, clock: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    lead = await add_person(db, "李负责", [Role.PROJECT_LEAD])
    for n in range(5):
        await add_project(
            db,
            f"项目{n}",
            lead=lead,
            work_group=group,
            milestones=[(MilestoneKind.START_CONSTRUCTION, D(2026, 12, n + 1)), ("环评批复", D(2026, 11, 1))],
        )
    async with db.transaction() as tx:
        snapshots = await tx.projects.snapshots(TZ, work_group_id=group.id)
    assert len(snapshots) == 5 and all(len(s.milestones) == 2 for s in snapshots)
    assert snapshots[0].milestones[0].name == "环评批复"  # by due date
    lines = await services(db, clock).projects.my_projects(lead)
    assert all(line.light == Light.RED for line in lines)
