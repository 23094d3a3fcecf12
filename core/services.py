"""Every use-case service, typed and by name: what handlers are injected with and what jobs read.

Built once by the composition root (bot.app.build_services). A new service is one field here and one
argument there; aiogram injects each field under its own name (`as_kwargs`), so a handler parameter
`digest: DigestService` and a job's `ctx.services.digest` read the same object, and a typo fails mypy.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from core.audit import AuditService
from core.brochures import BrochureService
from core.calendar import CalendarService
from core.clock import Clock
from core.coordination import CoordinationService
from core.delivery.bookkeeping import DeliveryService
from core.delivery.outbox import Outbox
from core.imports import ImportService
from core.media import MediaService
from core.miniapp import MiniAppService
from core.office.broadcast import BroadcastService
from core.office.chats import OfficeChatService
from core.office.digest import DigestService
from core.office.export import ExportService
from core.office.ranking import RankingService
from core.people import PeopleService
from core.progress import ProgressService
from core.project_import import ProjectImportService
from core.projects import ProjectService
from core.reports import ReportService
from core.supervision.service import SupervisionService
from core.trips import TripService
from core.updates import UpdateJournal
from db.database import Database

SettingsT_co = TypeVar("SettingsT_co", covariant=True)


@dataclass(frozen=True)
class Services(Generic[SettingsT_co]):
    """The settings type is a parameter: the bot's pydantic Settings (core does not import bot); jobs
    see it through scheduler's JobSettings protocol."""

    settings: SettingsT_co
    db: Database
    clock: Clock
    outbox: Outbox
    journal: UpdateJournal
    calendar: CalendarService
    delivery: DeliveryService
    people: PeopleService
    imports: ImportService
    # trips and daily reports
    trips: TripService
    reports: ReportService
    # projects and deadlines
    projects: ProjectService
    progress: ProgressService
    coordination: CoordinationService
    supervision: SupervisionService
    brochures: BrochureService
    project_imports: ProjectImportService
    # the command office
    digest: DigestService
    ranking: RankingService
    broadcasts: BroadcastService
    exports: ExportService
    office_chats: OfficeChatService
    audit: AuditService
    media: MediaService
    miniapp: MiniAppService  # the Mini App's views (bot/miniapp)

    def as_kwargs(self) -> dict[str, Any]:
        """Each field under its own name, for aiogram's injection into handlers and filters."""
        return {f.name: getattr(self, f.name) for f in fields(self)}
