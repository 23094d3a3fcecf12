"""/travelling: who is out on a promotion trip today, where, until when, and their last report.

The office and admins see everyone; a work-group leader sees their own group only (core decides).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from core.clock import Clock
from core.trips import TravelRow, TripService
from core.trips.status import TripPhase
from db.enums import Role
from db.models import Person
from handlers.shared.answer import answer_long
from handlers.shared.filters import HasRole, PrivateOrOfficeChat
from handlers.shared.i18n import Safe, t
from handlers.shared.menu import MenuCommand
from handlers.trips.render import group_suffix

AUDIENCE = frozenset({Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER})


COMMANDS = [MenuCommand("travelling", "cmd.travelling", roles=AUDIENCE, order=20)]


def _row(row: TravelRow) -> Safe:
    if row.last_report_day is not None:
        last = t("travelling.last", day=row.last_report_day, city=row.last_report_city or "")
    else:
        last = t("travelling.no_report")
    with_cadre = t("notify.report.with_cadre", cadre=row.with_cadre) if row.with_cadre else Safe("")
    if row.phase == TripPhase.RETURNED:
        with_cadre = Safe(f"{with_cadre}{t('travelling.returned')}")
    return t(
        "travelling.row",
        name=row.name,
        group=group_suffix(row.group),
        where=row.where or "-",
        until=row.until,
        with_cadre=with_cadre,
        last=last,
    )


async def travelling(message: Message, person: Person, trips: TripService, clock: Clock) -> None:
    today = clock.today()
    rows = await trips.travelling(person, today)
    if not rows:
        await message.answer(t("travelling.empty", day=today))
        return
    lines = [t("travelling.title", day=today, count=len(rows)), *(_row(row) for row in rows)]
    await answer_long(message, Safe("\n".join(lines)))  # a long list goes in several messages


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(*AUDIENCE))
    router.message.register(travelling, Command("travelling"), PrivateOrOfficeChat())
    return router
