"""The unit of work: one session, one transaction, and a repository per aggregate."""

from __future__ import annotations

from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Base
from db.queries.audit import AuditRepo
from db.queries.calendar import CalendarRepo
from db.queries.chats import ChatRepo
from db.queries.deadline_rows import DeadlineRowsRepo
from db.queries.digest_rows import DigestRowsRepo
from db.queries.export_rows import ExportRowsRepo
from db.queries.fsm import FsmRepo
from db.queries.imports import ImportStagingRepo
from db.queries.invites import InviteRepo
from db.queries.issues import IssueRepo
from db.queries.jobs import JobRunRepo
from db.queries.media import MediaRepo
from db.queries.milestones import MilestoneRepo
from db.queries.miniapp_rows import MiniAppRowsRepo
from db.queries.notices import BroadcastRepo, NoticeRepo
from db.queries.org import OrgRepo
from db.queries.outbox import OutboxRepo
from db.queries.people import PeopleRepo
from db.queries.progress import ProgressRepo
from db.queries.projects import ProjectRepo
from db.queries.reports import ReportRepo
from db.queries.search import SearchRepo
from db.queries.supervision import SupervisionRepo
from db.queries.trips import TripRepo
from db.queries.updates import UpdateRepo
from db.text import row_values


class Tx:
    def __init__(self, session: AsyncSession, *, dialect: str) -> None:
        self.session = session
        self.dialect = dialect
        self._deferred: dict[type[Base], list[Base]] = {}

    async def flush(self) -> None:
        await self.session.flush()

    def defer_insert(self, obj: Base) -> None:
        """Insert ``obj`` (a new row this transaction does not read back) with the next
        :meth:`release_loaded`, together with the others of its kind in one multi-row INSERT."""
        self._deferred.setdefault(type(obj), []).append(obj)

    async def release_loaded(self) -> None:
        """Flush (and write the deferred inserts), then forget every object loaded so far: a long
        import's batches stay cheap, the session's bookkeeping does not grow with rows already
        written. Loaded objects go stale."""
        await self.session.flush()
        for model, objects in self._deferred.items():
            await self.session.execute(sa.insert(model), [row_values(o) for o in objects])
        self._deferred.clear()
        self.session.expunge_all()

    @cached_property
    def import_staging(self) -> ImportStagingRepo:
        return ImportStagingRepo(self.session)

    @cached_property
    def people(self) -> PeopleRepo:
        return PeopleRepo(self.session)

    @cached_property
    def org(self) -> OrgRepo:
        return OrgRepo(self.session)

    @cached_property
    def invites(self) -> InviteRepo:
        return InviteRepo(self.session)

    @cached_property
    def chats(self) -> ChatRepo:
        return ChatRepo(self.session)

    @cached_property
    def outbox(self) -> OutboxRepo:
        return OutboxRepo(self.session, self.dialect)

    @cached_property
    def audit(self) -> AuditRepo:
        return AuditRepo(self.session)

    @cached_property
    def updates(self) -> UpdateRepo:
        return UpdateRepo(self.session)

    @cached_property
    def calendar(self) -> CalendarRepo:
        return CalendarRepo(self.session)

    @cached_property
    def fsm(self) -> FsmRepo:
        return FsmRepo(self.session)

    @cached_property
    def jobs(self) -> JobRunRepo:
        return JobRunRepo(self.session)

    @cached_property
    def media(self) -> MediaRepo:
        return MediaRepo(self.session)

    @cached_property
    def projects(self) -> ProjectRepo:
        return ProjectRepo(self.session)

    @cached_property
    def milestones(self) -> MilestoneRepo:
        return MilestoneRepo(self.session)

    @cached_property
    def progress(self) -> ProgressRepo:
        return ProgressRepo(self.session)

    @cached_property
    def issues(self) -> IssueRepo:
        return IssueRepo(self.session, self.dialect)

    @cached_property
    def supervision(self) -> SupervisionRepo:
        """督办: generated orders, escalation, the board, unit contacts."""
        return SupervisionRepo(self.session)

    @cached_property
    def digest_rows(self) -> DigestRowsRepo:
        """The office's digest sections and scoreboard sums."""
        return DigestRowsRepo(self.session)

    @cached_property
    def deadline_rows(self) -> DeadlineRowsRepo:
        """Milestones due and overdue, as the office reads them."""
        return DeadlineRowsRepo(self.session)

    @cached_property
    def search(self) -> SearchRepo:
        """/project and /person: name search and card facts."""
        return SearchRepo(self.session)

    @cached_property
    def export_rows(self) -> ExportRowsRepo:
        """The rows of the .xlsx ledger export."""
        return ExportRowsRepo(self.session, self.dialect)

    @cached_property
    def notices(self) -> NoticeRepo:
        return NoticeRepo(self.session)

    @cached_property
    def broadcasts(self) -> BroadcastRepo:
        return BroadcastRepo(self.session)

    @cached_property
    def trips(self) -> TripRepo:
        return TripRepo(self.session)

    @cached_property
    def reports(self) -> ReportRepo:
        return ReportRepo(self.session)

    @cached_property
    def miniapp_rows(self) -> MiniAppRowsRepo:
        """The Mini App's board, trend and histories (bot/miniapp, core/miniapp.py)."""
        return MiniAppRowsRepo(self.session)
