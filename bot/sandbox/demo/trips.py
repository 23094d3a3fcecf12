"""Seeding trips and their daily reports (some missing), and the leads found on them."""

from __future__ import annotations

import itertools

from bot.sandbox.demo.data import (
    CADRE,
    CADRE_AWAY,
    CITY_COORDINATES,
    INVITEE,
    LEADER,
    TripSketch,
    trip_sketches,
)
from bot.sandbox.demo.seeding import Seeding
from db.enums import ProjectCategory, ProjectStage
from db.models import DailyReport, Person, Project, Trip, TripLeg


class TripSeeder(Seeding):
    """Trips under way, coming and back, with their reports; the cadres who are not personas travel."""

    async def trips(self) -> None:
        travellers = iter(self.travellers())
        for sketch in trip_sketches():
            cadre = self.people[sketch.cadre] if sketch.cadre else next(travellers)
            companions = [next(travellers) for _ in range(sketch.companions)]
            await self.trip(sketch, cadre, companions)
        self.counts["trips"] = len(trip_sketches())

    def travellers(self) -> list[Person]:
        """Cadres who are not personas, taking turns across the work groups."""
        personas = {CADRE[0], CADRE_AWAY[0], LEADER[0], INVITEE[0]}
        by_group: dict[int | None, list[Person]] = {}
        for cadre in self.cadres:
            if cadre.name not in personas:
                by_group.setdefault(cadre.work_group_id, []).append(cadre)
        rounds = itertools.zip_longest(*by_group.values())
        return [cadre for turn in rounds for cadre in turn if cadre is not None]

    async def trip(self, sketch: TripSketch, cadre: Person, companions: list[Person]) -> None:
        legs = [
            TripLeg(
                city=city, province=province, start_date=self.day(a), end_date=self.day(b), targets=targets
            )
            for city, province, a, b, targets in sketch.legs
        ]
        start, end = legs[0].start_date, legs[-1].end_date
        trip = await self.tx.trips.add(
            Trip(
                cadre_id=cadre.id,
                status=sketch.status,
                purpose=sketch.purpose,
                start_date=start,
                end_date=end,
                summary=sketch.summary,
                confirmed_at=self.moment((start - self.today).days - 2),
                returned_at=self.moment((end - self.today).days + 1) if sketch.summary else None,
            )
        )
        self.tx.trips.set_legs(trip, legs)
        self.tx.trips.set_companions(trip, [c.id for c in companions])
        await self.tx.flush()
        for offset in sketch.reports:
            await self.report(trip, cadre, sketch, offset)

    async def report(self, trip: Trip, cadre: Person, sketch: TripSketch, offset: int) -> None:
        day = self.day(offset)
        city, _province, _a, _b, targets = next(
            leg for leg in sketch.legs if self.day(leg[2]) <= day <= self.day(leg[3])
        )
        latitude, longitude = CITY_COORDINATES.get(city, (None, None))
        report = await self.tx.reports.add(
            DailyReport(
                trip_id=trip.id,
                author_id=cadre.id,
                report_date=day,
                city=city,
                location_text=city,
                latitude=latitude,
                longitude=longitude,
                visits=f"拜访{targets.split('、')[0]}，座谈交流",
                outcome=self.rng.choice(
                    ("对方有投资意向，约定下周来兴义考察", "交换了项目资料，待进一步对接", "初步达成合作意向")
                ),
                created_at=self.moment(offset, hour=21),
            )
        )
        for lead_day, name, investor in sketch.leads:
            if lead_day == offset:
                await self.lead_found(trip, report, cadre, name, investor)

    async def lead_found(
        self, trip: Trip, report: DailyReport, cadre: Person, name: str, investor: str
    ) -> None:
        """A lead (招商线索) written down in a daily report: a project of category LEAD."""
        project = Project(
            name=name,
            category=ProjectCategory.LEAD,
            stage=ProjectStage.LEAD,
            investor=investor,
            work_group_id=cadre.work_group_id,
            found_trip_id=trip.id,
            found_by_id=cadre.id,
            found_report_id=report.id,
            created_at=report.created_at,
        )
        await self.tx.reports.add_lead_project(project, on=report.report_date, by_id=cadre.id)
        self.counts[ProjectCategory.LEAD.value] = self.counts.get(ProjectCategory.LEAD.value, 0) + 1
