"""Two coordination issues raised at the same moment get two numbers (issue 17: on PostgreSQL both
took max+1 and one was lost to uq_coordination_issues_number)."""

from __future__ import annotations

import asyncio

from core.clock import FixedClock
from db.database import Database
from db.enums import Role
from tests.support.factories import add_group, add_person
from tests.support.projects import add_project, services


async def test_concurrent_submissions_get_distinct_numbers(db: Database, clock: FixedClock) -> None:
    group = await add_group(db, "第一工作组")
    leads = [await add_person(db, f"负责人{i}", [Role.PROJECT_LEAD], telegram_id=100 + i) for i in range(4)]
    projects = [
        await add_project(db, f"项目{i}", lead=lead, work_group=group) for i, lead in enumerate(leads)
    ]
    s = services(db, clock)
    for round_ in range(3):
        raised = await asyncio.gather(
            *(
                s.coordination.raise_issue(lead, project.id, f"第{round_}轮问题{i}")
                for i, (lead, project) in enumerate(zip(leads, projects, strict=True))
            )
        )
        codes = {view.code for view in raised}
        assert len(codes) == 4, codes
    async with db.transaction() as tx:
        numbers = sorted(issue.number for issue, _ in await tx.issues.listed(limit=100))
    assert numbers == list(range(1, 13))
