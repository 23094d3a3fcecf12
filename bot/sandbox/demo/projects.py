"""Seeding projects and their milestones (the speech's deadlines, moved next to today)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.sandbox.demo.data import (
    CATEGORY_COUNTS,
    INDUSTRY_UNIT,
    INVESTORS,
    LEAD,
    LIAISONS,
    PARKS,
    PERSONA_LEAD_SLOTS,
    PHASES,
    PLACE_PARK,
    PLACES,
    UNDERTAKINGS,
    YI,
)
from bot.sandbox.demo.progress import ProgressSeeder
from db.enums import MilestoneKind, ProjectCategory, ProjectStage
from db.models import Milestone, Project


class ProjectSeeder(ProgressSeeder):
    """Each project with its milestones, then its money, stage and progress (in that order: the
    random source is shared)."""

    def project_names(self, count: int) -> list[tuple[str, str, str | None]]:
        """(name, industry, park) for ``count`` distinct projects."""
        chosen: dict[str, tuple[str, str, str | None]] = {}
        industries = sorted(UNDERTAKINGS)
        while len(chosen) < count:
            industry = self.rng.choice(industries)
            place = self.rng.choice(PLACES)
            if industry == "教育" and self.rng.random() < 0.7:
                place = "洒金"
            name = f"{place}{self.rng.choice(UNDERTAKINGS[industry])}{self.rng.choice(PHASES)}"
            park = PLACE_PARK.get(place) or (self.rng.choice(PARKS) if self.rng.random() < 0.5 else None)
            chosen.setdefault(name, (name, industry, park))
        return list(chosen.values())

    def categories(self) -> list[ProjectCategory]:
        return [category for category, count in CATEGORY_COUNTS.items() for _ in range(count)]

    async def projects(self) -> None:
        categories = self.categories()
        names = self.project_names(len(categories))
        parks = {park.name: park.id for park in await self.tx.org.parks()}
        units = {unit.name: unit.id for unit in await self.tx.org.units()}
        persona_lead = self.people[LEAD[0]]
        others = [lead for lead in self.leads if lead is not persona_lead]
        for index, (category, (name, industry, park)) in enumerate(zip(categories, names, strict=True)):
            lead = persona_lead if index in PERSONA_LEAD_SLOTS else others[index % len(others)]
            project = await self.tx.projects.add(
                Project(
                    name=name,
                    category=category,
                    stage=ProjectStage.LEAD,
                    industry=industry,
                    investor=self.rng.choice(INVESTORS),
                    park_id=parks.get(park) if park else None,
                    plot=f"{park or '城区'}{self.rng.randint(1, 40)}号地块",
                    unit_id=units[INDUSTRY_UNIT[industry] if self.rng.random() < 0.8 else "市投资促进局"],
                    work_group_id=lead.work_group_id,
                    lead_id=lead.id,
                    liaison_name=self.rng.choice(LIAISONS),
                    planned_investment_wan=Decimal(self.rng.randint(5, 90)) * YI / 10,
                )
            )
            await self.milestones(project, index)
            await self.money_and_stage(project)
            await self.progress(project)
        self.counts.update({c.value: n for c, n in CATEGORY_COUNTS.items()})

    async def milestones(self, project: Project, index: int) -> None:
        """The speech's deadlines, moved next to today: continuing projects were due to resume five
        days ago (most did, some are overdue), new ones start in three days, bidding closes in a
        week and construction follows two weeks later, preliminary work ends within three months."""
        category = project.category
        if category == ProjectCategory.CONTINUING:
            overdue = index % 5 == 1  # five of 24 have not resumed
            done = None if overdue else self.day(-self.rng.randint(5, 12))
            await self.milestone(project, MilestoneKind.START_CONSTRUCTION, -5, done=done)
        elif category == ProjectCategory.NEW:
            early = self.rng.random() < 0.15
            await self.milestone(
                project, MilestoneKind.START_CONSTRUCTION, 3, done=self.day(-1) if early else None
            )
        elif category == ProjectCategory.BIDDING:
            await self.milestone(project, MilestoneKind.BIDDING_DONE, 7)
            await self.milestone(project, MilestoneKind.START_CONSTRUCTION, 21)
        else:
            await self.milestone(project, MilestoneKind.PRELIMINARY_DONE, self.rng.randint(20, 90))
            if self.rng.random() < 0.4:
                name = self.rng.choice(("环评批复", "用地手续", "可研批复"))
                await self.milestone(project, MilestoneKind.CUSTOM, self.rng.randint(-6, 30), name=name)

    async def milestone(
        self,
        project: Project,
        kind: MilestoneKind,
        offset: int,
        *,
        done: dt.date | None = None,
        name: str = "",
    ) -> None:
        due = self.day(offset)
        await self.tx.milestones.add(
            Milestone(
                project_id=project.id,
                kind=kind,
                name=name,
                due_date=due,
                done_on=done,
                done_by_id=project.lead_id if done else None,
            )
        )
