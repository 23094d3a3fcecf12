"""Composition root: builds the services, the Bot and the Dispatcher from Settings."""

from __future__ import annotations

import datetime as dt

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation

import handlers
from bot.fsm_storage import DatabaseStorage
from bot.inline_filters import inline_pure_filters
from bot.middlewares import PersonMiddleware, UpdateDedupeMiddleware, VenueMiddleware
from bot.settings import Settings
from bot.telegram_session import LateAnswerIsDone, UnchangedEditIsDone, UpdateTaggingSession
from core.audit import AuditService
from core.brochures import BrochureService
from core.calendar import CalendarService
from core.clock import Clock, SystemClock
from core.coordination import CoordinationService
from core.delivery.bookkeeping import DeliveryService
from core.delivery.outbox import Outbox
from core.imports import ImportService
from core.media import MediaService
from core.miniapp import MiniAppService
from core.office.broadcast import BroadcastService
from core.office.chats import OfficeChatService
from core.office.digest import DigestRules, DigestService
from core.office.export import ExportService
from core.office.ranking import RankingService
from core.office.scoreboard import CampaignYear, ScheduleBasis
from core.people import PeopleService
from core.progress import ProgressService
from core.project_import import ProjectImportService
from core.project_state import Rules
from core.projects import ProjectService
from core.reports import ReportService
from core.services import Services
from core.supervision.rules import SupervisionRules
from core.supervision.service import SupervisionService
from core.trips import TripService
from core.updates import FLUSH_AT, UpdateJournal
from db.database import Database

AppServices = Services[Settings]


def build_services(settings: Settings, db: Database, clock: Clock | None = None) -> AppServices:
    """Every use-case service, wired from the settings; `clock` sets "today" (tests, `jobs run --date`)."""
    clock = clock or SystemClock(settings.tz)
    outbox = Outbox(clock)
    calendar = CalendarService(db)
    stale = settings.progress_stale_days
    campaign = CampaignYear(
        settings.campaign_start, settings.campaign_end, ScheduleBasis(settings.schedule_basis)
    )
    supervision_rules = SupervisionRules(
        overdue_days=settings.supervision_overdue_days,
        answer_days=settings.supervision_answer_days,
        due_soon_days=settings.supervision_due_soon_days,
        escalation_days=settings.supervision_escalation_days,
        stale_days=stale,
    )
    digest_rules = DigestRules(
        supervision=supervision_rules,
        max_items=settings.digest_max_items,
        stale_days=stale,
        campaign=campaign,
        mismatch_km=settings.location_mismatch_km,
    )
    supervision = SupervisionService(db, clock, outbox, supervision_rules)
    people = PeopleService(db, clock, outbox, invite_ttl=dt.timedelta(hours=settings.invite_ttl_hours))
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        outbox=outbox,
        # marks "done" committed without an intake before they could fill the updates in hand
        journal=UpdateJournal(db, clock, flush_at=min(FLUSH_AT, settings.updates_in_hand // 4)),
        calendar=calendar,
        delivery=DeliveryService(
            db, clock, outbox, max_attempts=settings.send_max_attempts, default_locale=settings.default_locale
        ),
        people=people,
        imports=ImportService(db, max_rows=settings.import_max_rows),
        trips=TripService(db, clock, outbox, grace_days=settings.report_grace_days),
        reports=ReportService(
            db,
            clock,
            outbox,
            grace_days=settings.report_grace_days,
            mismatch_km=settings.location_mismatch_km,
        ),
        projects=ProjectService(db, clock, outbox, offsets=settings.milestone_offsets, stale_days=stale),
        progress=ProgressService(
            db, clock, outbox, stale_days=stale, answer_days=settings.supervision_answer_days
        ),
        coordination=CoordinationService(db, clock, outbox, calendar=calendar, rules=supervision_rules),
        supervision=supervision,
        brochures=BrochureService(db, clock),
        project_imports=ProjectImportService(db, clock, max_rows=settings.import_max_rows),
        digest=DigestService(db, clock, outbox, calendar, digest_rules),
        ranking=RankingService(
            db, clock, outbox, stale_days=stale, campaign=campaign, supervision=supervision
        ),
        broadcasts=BroadcastService(db, clock, outbox),
        exports=ExportService(db, clock, Rules(stale_days=stale), campaign),
        office_chats=OfficeChatService(db, clock),
        audit=AuditService(db, clock, people),
        media=MediaService(db, clock),
        miniapp=MiniAppService(db, clock, calendar, digest_rules, supervision=supervision),
    )


def build_bot(settings: Settings, *, timeout: float | None = None) -> Bot:
    session = UpdateTaggingSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_url),
        timeout=timeout or settings.send_timeout_seconds,
    )
    session.middleware(UnchangedEditIsDone())
    session.middleware(LateAnswerIsDone())
    return Bot(
        settings.require_token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def build_storage(settings: Settings, db: Database) -> tuple[BaseStorage, BaseEventIsolation]:
    """Redis when configured (several replicas share it), otherwise the database."""
    if settings.redis_url:
        from aiogram.fsm.storage.redis import DefaultKeyBuilder, RedisStorage

        # under ZSBOT_REDIS_PREFIX like the limiter's keys: several bots (or test runs) share one Redis
        keys = DefaultKeyBuilder(prefix=f"{settings.redis_prefix}:fsm", with_destiny=True)
        redis = RedisStorage.from_url(settings.redis_url, key_builder=keys)
        return redis, redis.create_isolation()
    return DatabaseStorage(db), SimpleEventIsolation()


def build_dispatcher(
    services: AppServices, storage: BaseStorage, isolation: BaseEventIsolation | None = None
) -> Dispatcher:
    dp = Dispatcher(storage=storage, events_isolation=isolation or SimpleEventIsolation())
    # outermost, around aiogram's own error middleware: a database outage is retried as a whole
    builtin = list(dp.update.outer_middleware)
    for middleware in builtin:
        dp.update.outer_middleware.unregister(middleware)
    dp.update.outer_middleware(
        UpdateDedupeMiddleware(
            services.journal, retry_seconds=services.settings.update_retry_seconds, fsm=dp.fsm
        )
    )
    for middleware in builtin:
        dp.update.outer_middleware(middleware)
    dp.update.outer_middleware(VenueMiddleware())
    dp.update.outer_middleware(PersonMiddleware(services.people, services.settings.default_locale))
    dp.include_routers(*handlers.routers())  # fresh routers: each Dispatcher has its own
    inline_pure_filters(dp)
    dp.workflow_data.update(services.as_kwargs())
    dp["menu"] = handlers.menu_commands()
    return dp
