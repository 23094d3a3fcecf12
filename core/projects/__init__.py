"""Projects and milestones: vocabulary, access, derived views (/myprojects) and the reminder sweep."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.clock import Clock
from core.delivery.outbox import Outbox
from core.policy import require_reporter
from core.project_state import Light, Rules, State
from core.projects.lines import ProjectLine, facts_of, milestone_or_404, project_line, project_or_404
from core.projects.reminders import (
    MilestoneReminders,
    ReminderPolicy,
    milestone_payload,
    reminder_offset,
    send_day,
)
from core.projects.words import (
    CATEGORY_WORDS,
    DEFAULT_MILESTONE,
    MILESTONE_WORDS,
    STAGE_AFTER,
    STAGE_WORDS,
    category_of,
    kind_mentioned,
    milestone_kind_of,
    stage_rank,
)
from db.database import Database
from db.models import Milestone, Person, Project

__all__ = [
    "CATEGORY_WORDS",
    "DEFAULT_MILESTONE",
    "MILESTONE_WORDS",
    "STAGE_AFTER",
    "STAGE_WORDS",
    "ProjectLine",
    "ProjectService",
    "category_of",
    "facts_of",
    "kind_mentioned",
    "milestone_kind_of",
    "milestone_or_404",
    "milestone_payload",
    "project_line",
    "project_or_404",
    "reminder_offset",
    "send_day",
    "stage_rank",
]


class ProjectService(MilestoneReminders):
    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbox: Outbox,
        *,
        offsets: Sequence[int] = (7, 3, 1, 0),
        stale_days: int = 7,
        due_soon_days: int = 7,
    ) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.policy = ReminderPolicy(offsets=tuple(sorted(set(offsets), reverse=True)))
        self.rules = Rules(due_soon_days=due_soon_days, stale_days=stale_days)

    # -------------------------------------------------------------- views

    async def my_projects(self, actor: Person) -> list[ProjectLine]:
        """The actor's projects as lead, most urgent first."""
        today = self.clock.today()
        async with self.db.transaction() as tx:
            snapshots = await tx.projects.snapshots(self.clock.tz, lead_id=actor.id)
        lines = [project_line(s, today, self.rules) for s in snapshots]
        urgency = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
        return sorted(
            lines,
            key=lambda line: (
                urgency[line.light],
                line.state == State.DONE,
                line.days_left if line.days_left is not None else 10**6,
                line.snapshot.name,
            ),
        )

    async def lines(self, project_ids: Iterable[int]) -> list[ProjectLine]:
        today = self.clock.today()
        async with self.db.transaction() as tx:
            snapshots = await tx.projects.snapshots(self.clock.tz, project_ids=project_ids)
        return [project_line(s, today, self.rules) for s in snapshots]

    async def reportable(self, actor: Person, project_id: int) -> Project:
        """A project the actor may report progress on (their own, or any for the office)."""
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            return project

    async def open_milestones(self, actor: Person, project_id: int) -> list[Milestone]:
        async with self.db.transaction() as tx:
            project = await project_or_404(tx, project_id)
            require_reporter(actor, project)
            return [m for m in await tx.milestones.of_project(project.id) if m.done_on is None]

    async def milestone_for_reporter(self, actor: Person, milestone_id: int) -> Milestone:
        async with self.db.transaction() as tx:
            milestone = await milestone_or_404(tx, milestone_id)
            require_reporter(actor, milestone.project)
            return milestone
