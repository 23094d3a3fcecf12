"""The office's queries in chat (office chats themselves are chats.py):

- ``/status`` (``/status 园区|产业|单位|责任人``), ``/overdue``, ``/stalled``,
  ``/person NAME``, ``/project NAME`` — office and admins see everything, a group leader their own
  group; anyone else is refused by core.

``/project`` is filtered to office roles and group leaders at the handler, so a project lead's
``/project`` can reach the projects feature's own handler if it has one. ``/supervision`` (the 督办
board) and ``/issues`` belong to the coordination feature (handlers/coordination/).
"""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.office.digest import DigestService
from core.office.queries import SearchResult
from core.roles import OFFICE_ROLES
from db.enums import Role
from db.models import Person
from handlers.office.callbacks import CardKind, OfficeCard
from handlers.office.cards import person_card_text, show_project
from handlers.office.chart import chart_attachment
from handlers.office.digest_text import overdue_lines, stalled_line
from handlers.office.render import status_text
from handlers.shared.answer import send_rendered
from handlers.shared.filters import HasRole, PrivateOrOfficeChat, Registered
from handlers.shared.i18n import Safe, plain, t
from handlers.shared.menu import MenuCommand
from handlers.shared.notifications import Rendered

READERS = OFFICE_ROLES | {Role.GROUP_LEADER}

COMMANDS = [
    MenuCommand("status", "cmd.office_status", roles=READERS, order=60),
    MenuCommand("overdue", "cmd.office_overdue", roles=READERS, order=61),
    MenuCommand("stalled", "cmd.office_stalled", roles=READERS, order=62),
    MenuCommand("project", "cmd.office_project", roles=READERS, order=63),
    MenuCommand("person", "cmd.office_person", roles=READERS, order=64),
]


# ------------------------------------------------------------------------------------ queries


async def status(
    message: Message, command: CommandObject, bot: Bot, person: Person, digest: DigestService
) -> None:
    """/status: per work group with its chart; /status 园区|产业|单位|责任人: per park, industry, unit, person."""
    board = await digest.status(person, command.args or "")
    if board.dimension != "group":
        await send_rendered(bot, message.chat.id, Rendered(status_text(board)))
        return
    chart = await asyncio.to_thread(chart_attachment, board)
    await send_rendered(bot, message.chat.id, Rendered(status_text(board), attachments=(chart,)))


async def overdue(message: Message, bot: Bot, person: Person, digest: DigestService) -> None:
    section = await digest.overdue(person)
    await _answer_list(message, bot, "office.overdue", section.total, overdue_lines(section), section.shown)


async def stalled(message: Message, bot: Bot, person: Person, digest: DigestService) -> None:
    """/stalled: projects without progress for N days, with the lead and unit responsible."""
    section = await digest.stalled(person)
    lines: list[str] = [stalled_line(x) for x in section.items]
    await _answer_list(message, bot, "office.stalled", section.total, lines, len(section.items))


async def _answer_list(
    message: Message, bot: Bot, key: str, total: int, lines: list[str], shown: int
) -> None:
    """A titled list (``{key}.title``) with "… and N more" when cut, or ``{key}.none`` when empty."""
    if not total:
        await message.answer(t(f"{key}.none"))
        return
    lines = [t(f"{key}.title", count=total), *lines]
    if total > shown:
        lines.append(t("digest.more", count=total - shown))
    await send_rendered(bot, message.chat.id, Rendered(Safe("\n".join(lines))))


def _choices(result: SearchResult, kind: CardKind) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for hit in result.hits:
        label = t("digest.who", name=hit.name, details=hit.detail) if hit.detail else hit.name
        kb.button(text=plain(label), callback_data=OfficeCard(kind=kind, id=hit.id))
    kb.adjust(1)
    return kb.as_markup()


async def _single(message: Message, result: SearchResult, kind: CardKind) -> int | None:
    """The id of the one match; with several, the choice buttons are sent instead and there is none."""
    if len(result.hits) > 1:
        await message.answer(t("office.pick"), reply_markup=_choices(result, kind))
        return None
    return result.hits[0].id


async def project(
    message: Message, command: CommandObject, bot: Bot, person: Person, digest: DigestService
) -> None:
    if not command.args:
        await message.answer(t("office.usage.project"))
        return
    found = await _single(message, await digest.find_projects(person, command.args), CardKind.PROJECT)
    if found is not None:
        await show_project(bot, message.chat.id, await digest.project_card(person, found))


async def person_query(
    message: Message, command: CommandObject, person: Person, digest: DigestService
) -> None:
    if not command.args:
        await digest.reader_scope(person)  # refuses whoever may not query, before showing the usage
        await message.answer(t("office.usage.person"))
        return
    found = await _single(message, await digest.find_people(person, command.args), CardKind.PERSON)
    if found is not None:
        await message.answer(person_card_text(await digest.person_card(person, found)))


async def open_project(
    query: CallbackQuery, callback_data: OfficeCard, bot: Bot, person: Person, digest: DigestService
) -> None:
    card = await digest.project_card(person, callback_data.id)  # checks the group leader's scope
    await query.answer()
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await show_project(bot, chat_id, card)


async def open_person(
    query: CallbackQuery, callback_data: OfficeCard, bot: Bot, person: Person, digest: DigestService
) -> None:
    card = await digest.person_card(person, callback_data.id)
    await query.answer()
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await bot.send_message(chat_id, person_card_text(card))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(status, Command("status"), PrivateOrOfficeChat())
    router.message.register(overdue, Command("overdue"), PrivateOrOfficeChat())
    router.message.register(stalled, Command("stalled"), PrivateOrOfficeChat())
    router.message.register(project, Command("project"), HasRole(*READERS), PrivateOrOfficeChat())
    router.message.register(person_query, Command("person"), PrivateOrOfficeChat())
    router.callback_query.register(
        open_project, OfficeCard.filter(F.kind == CardKind.PROJECT), PrivateOrOfficeChat()
    )
    router.callback_query.register(
        open_person, OfficeCard.filter(F.kind == CardKind.PERSON), PrivateOrOfficeChat()
    )
    return router
