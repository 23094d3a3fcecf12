"""Seeding what happened to the projects: stages, the money ledger, progress updates, coordination issues."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.sandbox.demo.data import ISSUE_TEXTS, LEAD, OFFICE, PROGRESS_NOTES, UNITS
from bot.sandbox.demo.seeding import Seeding
from db.enums import IssueStatus, LedgerKind, ProjectCategory, ProjectStage
from db.models import CoordinationIssue, IssueEvent, LedgerEntry, Person, ProgressUpdate, Project, StageChange


class ProgressSeeder(Seeding):
    """Stage and money per project, progress updates, and the coordination issues raised."""

    def stage_for(self, category: ProjectCategory) -> ProjectStage:
        roll = self.rng.random()
        if category == ProjectCategory.CONTINUING:
            return ProjectStage.STARTED if roll < 0.8 else ProjectStage.PRODUCING
        if category in (ProjectCategory.NEW, ProjectCategory.BIDDING):
            return ProjectStage.LANDED if roll < 0.5 else ProjectStage.SIGNED
        return ProjectStage.NEGOTIATING if roll < 0.6 else ProjectStage.SIGNED

    async def money_and_stage(self, project: Project) -> None:
        """Stage, and the ledger behind signed / landed investment and funds arrived.

        Continuing projects were signed last year (they add only funds this year); the others that
        reached signing did so this year, so they count toward the 360亿 target.
        """
        stage = self.stage_for(project.category)
        project.stage = stage
        planned = project.planned_investment_wan or Decimal(0)
        rank = list(ProjectStage).index(stage)
        if rank < list(ProjectStage).index(ProjectStage.SIGNED):
            self.tx.progress.add_stage_change(
                StageChange(
                    project_id=project.id,
                    from_stage=ProjectStage.LEAD,
                    to_stage=stage,
                    changed_on=self.day(-30),
                )
            )
            return
        last_year = project.category == ProjectCategory.CONTINUING
        signed_on = (
            dt.date(self.today.year - 1, 9, 15) if last_year else self.this_year(-self.rng.randint(20, 150))
        )
        project.first_signed_on = signed_on
        self.ledger(project, LedgerKind.SIGNED, planned, signed_on, "签订投资协议")
        self.tx.progress.add_stage_change(
            StageChange(
                project_id=project.id,
                from_stage=ProjectStage.NEGOTIATING,
                to_stage=stage,
                changed_on=signed_on,
            )
        )
        landed = Decimal(0)
        if rank >= list(ProjectStage).index(ProjectStage.LANDED):
            landed = (planned * Decimal(self.rng.randint(60, 100)) / 100).quantize(Decimal(1))
            self.ledger(project, LedgerKind.LANDED, landed, max(signed_on, self.this_year(-60)), "项目落地")
        funds = Decimal(0)
        if landed:
            for _ in range(self.rng.randint(1, 3)):
                part = (landed * Decimal(self.rng.randint(5, 20)) / 100).quantize(Decimal(1))
                self.ledger(
                    project, LedgerKind.FUNDS, part, self.this_year(-self.rng.randint(1, 45)), "资金到位"
                )
                funds += part
        project.signed_investment_wan = planned
        project.landed_investment_wan = landed
        project.funds_arrived_wan = funds

    def ledger(self, project: Project, kind: LedgerKind, amount: Decimal, on: dt.date, note: str) -> None:
        self.tx.progress.add_ledger(
            LedgerEntry(project_id=project.id, kind=kind, delta_wan=amount, effective_on=on, note=note)
        )

    async def progress(self, project: Project) -> None:
        """Most projects reported within the last week; about a third have gone quiet (stale)."""
        if self.rng.random() < 0.3:
            return
        percent = {
            ProjectStage.STARTED: self.rng.randint(20, 80),
            ProjectStage.PRODUCING: 100,
        }.get(project.stage, self.rng.randint(0, 15))
        for ago in sorted(self.rng.sample(range(1, 20), self.rng.randint(1, 3)), reverse=True):
            at = self.moment(-ago, hour=self.rng.randint(9, 18))
            await self.tx.progress.add(
                ProgressUpdate(
                    project_id=project.id,
                    author_id=project.lead_id,
                    created_at=at,
                    report_date=at.date(),
                    percent_done=percent,
                    text=self.rng.choice(PROGRESS_NOTES),
                    source="text",
                )
            )
            project.last_progress_at = at
        project.percent_done = percent

    async def issues(self) -> None:
        projects = list(await self.tx.projects.all())
        persona_lead = self.people[LEAD[0]]
        mine = [p for p in projects if p.lead_id == persona_lead.id]
        plan = (  # status, age in days, project
            (IssueStatus.OPEN, 1, mine[0]),
            (IssueStatus.OPEN, 4, projects[30]),
            (IssueStatus.OPEN, 9, projects[50]),
            (IssueStatus.OPEN, 12, projects[80]),
            (IssueStatus.ASSIGNED, 5, projects[12]),
            (IssueStatus.ASSIGNED, 8, projects[60]),
            (IssueStatus.ANSWERED, 6, mine[1]),
            (IssueStatus.CLOSED, 15, projects[40]),
        )
        office = self.people[OFFICE[0]]
        for (status, age, project), text in zip(plan, ISSUE_TEXTS, strict=True):
            await self.issue(project, status, age, text, office)
        self.counts["issues"] = len(plan)

    async def issue(self, project: Project, status: IssueStatus, age: int, text: str, office: Person) -> None:
        raised = self.moment(-age, hour=11)
        unit = await self.tx.org.unit_get_or_create(self.rng.choice(UNITS))
        issue = await self.tx.issues.add(
            CoordinationIssue(
                number=await self.tx.issues.next_number(),
                project_id=project.id,
                raised_by_id=project.lead_id,
                description=text,
                status=status,
                assigned_unit_id=unit.id if status != IssueStatus.OPEN else None,
                created_at=raised,
            )
        )
        self.tx.issues.add_event(
            IssueEvent(issue_id=issue.id, action="raised", actor_id=project.lead_id, text=text, at=raised)
        )
        if status == IssueStatus.OPEN:
            return
        assigned = raised + dt.timedelta(days=1)
        self.tx.issues.add_event(
            IssueEvent(issue_id=issue.id, action="assigned", actor_id=office.id, text=unit.name, at=assigned)
        )
        if status in (IssueStatus.ANSWERED, IssueStatus.CLOSED):
            issue.answer = "已召开专题协调会，明确办理时限，本周内办结。"
            issue.answered_at = assigned + dt.timedelta(days=2)
            self.tx.issues.add_event(
                IssueEvent(issue_id=issue.id, action="answered", text=issue.answer, at=issue.answered_at)
            )
        if status == IssueStatus.CLOSED:
            issue.closed_at = assigned + dt.timedelta(days=4)
            issue.closed_by_id = office.id
            self.tx.issues.add_event(
                IssueEvent(issue_id=issue.id, action="closed", actor_id=office.id, at=issue.closed_at)
            )
