"""Composition root: builds the services, the Bot and the Dispatcher from Settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation

import handlers
from bot.fsm_storage import DatabaseStorage
from bot.middlewares import PersonMiddleware, UpdateDedupeMiddleware
from bot.settings import Settings
from core.calendar import CalendarService
from core.clock import Clock, SystemClock
from core.delivery import DeliveryService
from core.imports import ImportService
from core.outbox import Outbox
from core.people import PeopleService
from core.reports import ReportService
from core.trips import TripService
from core.updates import UpdateJournal
from db.database import Database
from scheduler.context import JobContext


@dataclass
class Services:
    """Everything a handler or job may ask for by name (aiogram injects these as handler kwargs)."""

    settings: Settings
    db: Database
    clock: Clock
    outbox: Outbox
    people: PeopleService
    journal: UpdateJournal
    calendar: CalendarService
    delivery: DeliveryService
    imports: ImportService
    extra: dict[str, Any] = field(default_factory=dict)

    def as_kwargs(self) -> dict[str, Any]:
        named = {
            "settings": self.settings,
            "db": self.db,
            "clock": self.clock,
            "outbox": self.outbox,
            "people": self.people,
            "calendar": self.calendar,
            "imports": self.imports,
            "delivery": self.delivery,
        }
        return {**named, **self.extra}


def build_services(settings: Settings, db: Database, clock: Clock | None = None) -> Services:
    clock = clock or SystemClock(settings.tz)
    outbox = Outbox(clock)
    services = Services(
        settings=settings,
        db=db,
        clock=clock,
        outbox=outbox,
        people=PeopleService(db, clock, invite_ttl=dt.timedelta(hours=settings.invite_ttl_hours)),
        journal=UpdateJournal(db, clock),
        calendar=CalendarService(db),
        delivery=DeliveryService(
            db, clock, outbox, max_attempts=settings.send_max_attempts, default_locale=settings.default_locale
        ),
        imports=ImportService(db),
    )
    services.extra.update(feature_services(settings, db, clock, outbox))
    return services


def feature_services(settings: Settings, db: Database, clock: Clock, outbox: Outbox) -> dict[str, Any]:
    """The use-case services of each feature, by the name handlers and jobs ask for them."""
    services: dict[str, Any] = {}
    # one line per feature, e.g. services["trips"] = TripService(db, clock, outbox, ...)
    services["trips"] = TripService(db, clock, outbox, grace_days=settings.report_grace_days)
    services["reports"] = ReportService(db, clock, outbox)
    services.update(project_services(settings, db, clock, outbox))
    services.update(office_services(settings, db, clock, outbox))
    return services


def project_services(settings: Settings, db: Database, clock: Clock, outbox: Outbox) -> dict[str, Any]:
    """Projects and deadlines: milestones, progress, coordination issues, brochures, the plan import."""
    from core.brochures import BrochureService
    from core.coordination import CoordinationService
    from core.progress import ProgressService
    from core.project_import import ProjectImportService
    from core.projects import ProjectService

    stale = settings.progress_stale_days
    return {
        "projects": ProjectService(db, clock, outbox, offsets=settings.milestone_offsets, stale_days=stale),
        "progress": ProgressService(db, clock, outbox, stale_days=stale),
        "coordination": CoordinationService(
            db, clock, outbox, yellow_days=settings.issue_yellow_days, red_days=settings.issue_red_days
        ),
        "brochures": BrochureService(db, clock),
        "project_imports": ProjectImportService(db, clock),
    }


def job_context(services: Services) -> JobContext:
    return JobContext(
        db=services.db,
        clock=services.clock,
        outbox=services.outbox,
        calendar=services.calendar,
        settings=services.settings,
        services=services.as_kwargs(),
    )


def build_bot(settings: Settings, *, timeout: float | None = None) -> Bot:
    session = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_url),
        timeout=timeout or settings.send_timeout_seconds,
    )
    return Bot(
        settings.require_token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_storage(settings: Settings, db: Database) -> tuple[BaseStorage, BaseEventIsolation]:
    """Redis when configured (several replicas share it), otherwise the database."""
    if settings.redis_url:
        from aiogram.fsm.storage.redis import DefaultKeyBuilder, RedisStorage

        redis = RedisStorage.from_url(settings.redis_url, key_builder=DefaultKeyBuilder(with_destiny=True))
        return redis, redis.create_isolation()
    return DatabaseStorage(db), SimpleEventIsolation()


def build_dispatcher(
    services: Services, storage: BaseStorage, isolation: BaseEventIsolation | None = None
) -> Dispatcher:
    dp = Dispatcher(storage=storage, events_isolation=isolation or SimpleEventIsolation())
    dp.update.outer_middleware(UpdateDedupeMiddleware(services.journal))
    dp.update.outer_middleware(PersonMiddleware(services.people, services.settings.default_locale))
    dp.include_routers(*handlers.routers())  # fresh routers: each Dispatcher has its own
    dp.workflow_data.update(services.as_kwargs())
    dp["menu"] = handlers.menu_commands()
    return dp


def office_services(settings: Settings, db: Database, clock: Clock, outbox: Outbox) -> dict[str, Any]:
    """The command office (issue 6): digest and queries, ranking notice, broadcasts, export, office chats."""
    from core.broadcast import BroadcastService
    from core.digest import DigestRules, DigestService
    from core.export import ExportService
    from core.office_chats import OfficeChatService
    from core.project_state import Rules
    from core.ranking import RankingService

    rules = DigestRules(
        max_items=settings.digest_max_items,
        issue_yellow_days=settings.issue_yellow_days,
        issue_red_days=settings.issue_red_days,
        stale_days=settings.progress_stale_days,
    )
    return {
        "digest": DigestService(db, clock, outbox, CalendarService(db), rules),
        "ranking": RankingService(db, clock, outbox),
        "broadcasts": BroadcastService(db, clock, outbox),
        "exports": ExportService(db, clock, Rules(stale_days=settings.progress_stale_days)),
        "office_chats": OfficeChatService(db, clock),
    }
