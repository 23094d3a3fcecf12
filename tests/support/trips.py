"""Builders and helpers for trip and report tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from core.clock import FixedClock
from core.delivery.outbox import Outbox
from core.reports import ReportService
from core.trips import TripService
from db.database import Database
from db.enums import TripStatus
from db.models import (
    AuditLog,
    DailyReport,
    OutboxMessage,
    Person,
    Project,
    ReportCoauthor,
    Trip,
    TripCompanion,
    TripLeg,
    WorkGroup,
)
from tgemu.client import BotMessage, PressResult, TelegramTester
from tgemu.emulator import FakeUser

D = dt.date
SHENZHEN = ("广东省", "深圳市", None)
SHANGHAI_PUDONG = ("上海市", "上海市", "浦东新区")
HANGZHOU = ("浙江省", "杭州市", None)


def services(db: Database, clock: FixedClock, grace_days: int = 1) -> tuple[TripService, ReportService]:
    outbox = Outbox(clock)
    return TripService(db, clock, outbox, grace_days=grace_days), ReportService(db, clock, outbox)


async def add_trip(
    db: Database,
    cadre: Person,
    start: dt.date,
    end: dt.date,
    *,
    place: tuple[str | None, str | None, str | None] = SHENZHEN,
    companions: Iterable[Person] = (),
    status: TripStatus = TripStatus.PLANNED,
    targets: str | None = None,
    legs: Sequence[tuple[tuple[str | None, str | None, str | None], dt.date, dt.date]] | None = None,
) -> Trip:
    """A trip stored directly (no notification): for tests about what happens during a trip."""
    legs = legs or [(place, start, end)]
    async with db.transaction() as tx:
        trip = Trip(
            cadre_id=cadre.id,
            status=status,
            start_date=min(leg[1] for leg in legs),
            end_date=max(leg[2] for leg in legs),
            purpose="招商",
        )
        trip.legs = [
            TripLeg(
                seq=n,
                province=where[0],
                city=where[1],
                district=where[2],
                start_date=first,
                end_date=last,
                targets=targets,
            )
            for n, (where, first, last) in enumerate(legs)
        ]
        trip.companions = [TripCompanion(person_id=p.id) for p in companions]
        await tx.trips.add(trip)
        return trip


async def set_leader(db: Database, group: WorkGroup, leader: Person) -> None:
    async with db.transaction() as tx:
        row = await tx.org.group(group.id)
        assert row is not None
        row.leader_id = leader.id


async def rows(db: Database, model: type[Any], *where: Any) -> list[Any]:
    async with db.transaction() as tx:
        return list((await tx.session.scalars(sa.select(model).where(*where).order_by(model.id))).all())


async def trips_of(db: Database, cadre: Person) -> list[Trip]:
    return await rows(db, Trip, Trip.cadre_id == cadre.id)


async def outbox(db: Database, kind: str | None = None) -> list[OutboxMessage]:
    return await rows(db, OutboxMessage, *([OutboxMessage.kind == kind] if kind else []))


async def reports_of(db: Database, trip: Trip | int) -> list[DailyReport]:
    trip_id = trip if isinstance(trip, int) else trip.id
    return await rows(db, DailyReport, DailyReport.trip_id == trip_id)


async def coauthors(db: Database, report_id: int) -> list[int]:
    async with db.transaction() as tx:
        stmt = sa.select(ReportCoauthor.person_id).where(ReportCoauthor.report_id == report_id)
        return sorted((await tx.session.scalars(stmt)).all())


async def projects(db: Database) -> list[Project]:
    return await rows(db, Project)


async def audit(db: Database, action: str) -> list[AuditLog]:
    async with db.transaction() as tx:
        stmt = sa.select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        return list((await tx.session.scalars(stmt)).all())


# --------------------------------------------------------------------------------------------- emulator


def forge(message: BotMessage, button_text: str, callback_data: str) -> None:
    """Make a button the user holds carry other callback data, as a modified client could."""
    for row in message.source.inline_keyboard:
        for button in row:
            if button.get("text") == button_text or button_text in str(button.get("text", "")):
                button["callback_data"] = callback_data
                return
    raise AssertionError(f"no button {button_text!r} in {message.button_texts}")


async def press(tg: TelegramTester, user: FakeUser, message: BotMessage, button: str) -> BotMessage:
    """Press a form button and return the bot's newest message (the next step or the answer)."""
    result: PressResult = await tg.press(user, message, button)
    if result.new_messages:
        return result.new_messages[-1]
    assert result.message is not None, f"pressing {button!r} showed nothing (answer: {result.answer})"
    return result.message


async def alert(tg: TelegramTester, user: FakeUser, message: BotMessage, button: str) -> str:
    """Press a button that must be refused; return the alert text."""
    result = await tg.press(user, message, button)
    assert result.answer is not None and result.answer.show_alert, result
    return str(result.answer.text)
