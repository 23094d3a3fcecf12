"""Daily trip reports (日报), their coauthors and photos, and the lead projects they found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Attachment, DailyReport, Project, ReportCoauthor, StageChange
from db.queries.projects import ProjectRepo


class ReportRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def get(self, report_id: int) -> DailyReport | None:
        return await self.s.get(DailyReport, report_id)

    async def add(self, report: DailyReport) -> DailyReport:
        if "coauthors" not in report.__dict__:
            report.coauthors = []
        self.s.add(report)
        await self.s.flush()
        return report

    def set_coauthors(self, report: DailyReport, person_ids: Iterable[int]) -> None:
        wanted = list(dict.fromkeys(person_ids))
        report.coauthors[:] = [c for c in report.coauthors if c.person_id in wanted]
        have = {c.person_id for c in report.coauthors}
        report.coauthors.extend(ReportCoauthor(person_id=pid) for pid in wanted if pid not in have)

    async def by_author(self, trip_id: int, author_id: int, day: dt.date) -> DailyReport | None:
        stmt = sa.select(DailyReport).where(
            DailyReport.trip_id == trip_id, DailyReport.author_id == author_id, DailyReport.report_date == day
        )
        return await self.s.scalar(stmt)

    async def covering(self, trip_id: int, person_id: int, day: dt.date) -> DailyReport | None:
        """The report that counts for the person that day: their own, else a joint one naming them."""
        own = await self.by_author(trip_id, person_id, day)
        if own is not None:
            return own
        joint = sa.select(ReportCoauthor.report_id).where(ReportCoauthor.person_id == person_id)
        stmt = sa.select(DailyReport).where(
            DailyReport.trip_id == trip_id, DailyReport.report_date == day, DailyReport.id.in_(joint)
        )
        return await self.s.scalar(stmt.order_by(DailyReport.id).limit(1))

    async def covered(
        self, trip_ids: Iterable[int], first: dt.date, last: dt.date
    ) -> set[tuple[int, int, dt.date]]:
        """(trip, person, day) for every report in the range, counting authors and coauthors."""
        ids = list(trip_ids)
        if not ids:
            return set()
        in_range = sa.and_(
            DailyReport.trip_id.in_(ids), DailyReport.report_date >= first, DailyReport.report_date <= last
        )
        authors = sa.select(DailyReport.trip_id, DailyReport.author_id, DailyReport.report_date).where(
            in_range
        )
        coauthors = (
            sa.select(DailyReport.trip_id, ReportCoauthor.person_id, DailyReport.report_date)
            .join(ReportCoauthor, ReportCoauthor.report_id == DailyReport.id)
            .where(in_range)
        )
        rows = (await self.s.execute(sa.union_all(authors, coauthors))).all()
        return {(int(trip), int(person), day) for trip, person, day in rows}

    async def for_trip(self, trip_id: int) -> Sequence[DailyReport]:
        stmt = (
            sa.select(DailyReport)
            .where(DailyReport.trip_id == trip_id)
            .order_by(DailyReport.report_date, DailyReport.id)
        )
        return (await self.s.scalars(stmt)).all()

    async def count_for_trip(self, trip_id: int) -> int:
        stmt = sa.select(sa.func.count(DailyReport.id)).where(DailyReport.trip_id == trip_id)
        return int(await self.s.scalar(stmt) or 0)

    async def latest_for(self, person_ids: Iterable[int]) -> dict[int, DailyReport]:
        """Each person's latest report (their own or a joint one naming them)."""
        ids = list(dict.fromkeys(person_ids))
        if not ids:
            return {}
        joint = sa.select(ReportCoauthor.report_id).where(ReportCoauthor.person_id.in_(ids))
        stmt = (
            sa.select(DailyReport)
            .where(sa.or_(DailyReport.author_id.in_(ids), DailyReport.id.in_(joint)))
            .order_by(DailyReport.report_date, DailyReport.id)
        )
        latest: dict[int, DailyReport] = {}
        for report in (await self.s.scalars(stmt)).all():
            for pid in [report.author_id, *(c.person_id for c in report.coauthors)]:
                if pid in ids:
                    latest[pid] = report
        return latest

    # ------------------------------------------------------------------ photos

    async def add_attachment(self, attachment: Attachment) -> Attachment:
        self.s.add(attachment)
        await self.s.flush()
        return attachment

    async def attachments(self, report_id: int) -> Sequence[Attachment]:
        stmt = sa.select(Attachment).where(Attachment.report_id == report_id).order_by(Attachment.id)
        return (await self.s.scalars(stmt)).all()

    # ------------------------------------------------------------------ lead projects

    async def project_named(self, name: str, work_group_id: int | None) -> Project | None:
        return await ProjectRepo(self.s).by_name(name, work_group_id)

    async def add_lead_project(self, project: Project, *, on: dt.date, by_id: int) -> Project:
        """A project found on a trip, with its first stage change (→ lead)."""
        added = await ProjectRepo(self.s).add(project)
        self.s.add(
            StageChange(
                project_id=added.id, from_stage=None, to_stage=added.stage, changed_on=on, changed_by_id=by_id
            )
        )
        await self.s.flush()
        return added

    async def leads_of_trip(self, trip_id: int) -> Sequence[Project]:
        stmt = sa.select(Project).where(Project.found_trip_id == trip_id).order_by(Project.id)
        return (await self.s.scalars(stmt)).all()

    async def leads_of_report(self, report_id: int) -> Sequence[Project]:
        stmt = sa.select(Project).where(Project.found_report_id == report_id).order_by(Project.id)
        return (await self.s.scalars(stmt)).all()
