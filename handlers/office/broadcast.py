"""/broadcast: the office sends a notice to a role, a work group or everyone.

Choose the audience (buttons) → type the text → preview with the number of recipients
([发送] [取消]) → sent through the outbox → delivery tally with [刷新]; /broadcast_status shows the
tally of the latest one (or of /broadcast_status ID).
"""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.errors import Invalid
from core.office.broadcast import Audience, AudienceKind, BroadcastService, Preview, Status
from core.roles import OFFICE_ROLES
from db.enums import Role
from db.models import Person
from handlers.office.callbacks import BroadcastAction, BroadcastButton
from handlers.shared.callback_fields import parse_id
from handlers.shared.filters import TYPED_TEXT, Registered
from handlers.shared.i18n import Safe, plain, t
from handlers.shared.menu import MenuCommand
from handlers.shared.render import keyboard

COMMANDS = [
    MenuCommand("broadcast", "cmd.office_broadcast", roles=OFFICE_ROLES, order=67, private=True),
    MenuCommand(
        "broadcast_status", "cmd.office_broadcast_status", roles=OFFICE_ROLES, order=68, private=True
    ),
]

AUDIENCE_ROLES = (Role.CADRE, Role.PROJECT_LEAD, Role.GROUP_LEADER, Role.OFFICE)


class BroadcastForm(StatesGroup):
    text = State()


def audience_of(button: BroadcastButton) -> Audience:
    if button.role is not None:
        return Audience(AudienceKind.ROLE, role=button.role)
    if button.group:
        return Audience(AudienceKind.GROUP, work_group_id=button.group)
    return Audience(AudienceKind.ALL)


def audience_label(audience: Audience, group_name: str | None) -> str:
    if audience.kind == AudienceKind.ROLE and audience.role is not None:
        return t(f"role.{audience.role.value}")
    if audience.kind == AudienceKind.GROUP:
        return group_name or t("office.card.unknown")
    return t("broadcast.aud.all")


def audience_keyboard(groups: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("broadcast.aud.all"), callback_data=BroadcastButton(action=BroadcastAction.AUDIENCE))
    for role in AUDIENCE_ROLES:
        kb.button(
            text=t(f"role.{role.value}"),
            callback_data=BroadcastButton(action=BroadcastAction.AUDIENCE, role=role),
        )
    for group_id, name in groups:
        kb.button(text=name, callback_data=BroadcastButton(action=BroadcastAction.AUDIENCE, group=group_id))
    kb.adjust(1, 2, 2, *([2] * ((len(groups) + 1) // 2)))
    return kb.as_markup()


def preview_text(preview: Preview) -> Safe:
    unbound = t("broadcast.unbound", count=preview.unbound) if preview.unbound else ""
    return t(
        "broadcast.preview",
        audience=audience_label(preview.audience, preview.audience_label),
        count=preview.reachable,
        unbound=unbound,
        text=preview.text,
    )


def preview_keyboard(broadcast_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        ("broadcast.btn.send", BroadcastButton(action=BroadcastAction.SEND, id=broadcast_id)),
        ("broadcast.btn.cancel", BroadcastButton(action=BroadcastAction.CANCEL, id=broadcast_id)),
    )


def status_text(status: Status) -> Safe:
    tally = status.tally
    return t(
        "broadcast.status",
        id=status.id,
        audience=audience_label(status.audience, status.audience_label),
        total=max(status.recipients, tally.total),
        sent=tally.sent,
        pending=tally.pending,
        unreachable=tally.unreachable,
    )


def refresh_keyboard(broadcast_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        ("broadcast.btn.refresh", BroadcastButton(action=BroadcastAction.REFRESH, id=broadcast_id))
    )


async def start(message: Message, person: Person, broadcasts: BroadcastService, state: FSMContext) -> None:
    groups = await broadcasts.groups(person)  # refuses anyone but the office
    await state.clear()
    await message.answer(t("broadcast.choose"), reply_markup=audience_keyboard(groups))


async def pick_audience(
    query: CallbackQuery,
    callback_data: BroadcastButton,
    person: Person,
    broadcasts: BroadcastService,
    state: FSMContext,
) -> None:
    groups = dict(await broadcasts.groups(person))
    audience = audience_of(callback_data)
    if audience.kind == AudienceKind.GROUP and audience.work_group_id not in groups:
        raise Invalid("broadcast.bad_audience")
    await state.set_state(BroadcastForm.text)
    await state.update_data(audience=audience.as_json())
    await query.answer()
    label = audience_label(audience, groups.get(audience.work_group_id or 0))
    if isinstance(query.message, Message):
        await query.message.edit_text(t("broadcast.ask_text", audience=label))


async def take_text(
    message: Message, person: Person, broadcasts: BroadcastService, state: FSMContext
) -> None:
    data = await state.get_data()
    preview = await broadcasts.draft(
        person, Audience.from_json(data.get("audience") or {}), message.text or ""
    )
    await state.clear()
    await message.answer(preview_text(preview), reply_markup=preview_keyboard(preview.id))


async def not_text(message: Message) -> None:
    await message.answer(t("broadcast.need_text"))


async def send(
    query: CallbackQuery, callback_data: BroadcastButton, person: Person, broadcasts: BroadcastService
) -> None:
    status = await broadcasts.send(person, callback_data.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(status_text(status), reply_markup=refresh_keyboard(status.id))


async def cancel(
    query: CallbackQuery, callback_data: BroadcastButton, person: Person, broadcasts: BroadcastService
) -> None:
    await broadcasts.cancel(person, callback_data.id)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(t("broadcast.cancelled"))


async def refresh(
    query: CallbackQuery, callback_data: BroadcastButton, person: Person, broadcasts: BroadcastService
) -> None:
    status = await broadcasts.status(person, callback_data.id)
    text = status_text(status)
    await query.answer(plain(text))
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):  # "message is not modified": nothing changed since
            await query.message.edit_text(text, reply_markup=refresh_keyboard(status.id))


async def show_status(
    message: Message, command: CommandObject, person: Person, broadcasts: BroadcastService
) -> None:
    arg = (command.args or "").strip()
    # no id: the latest; an id that cannot exist (text, too large): 0, which core does not find
    broadcast_id = (parse_id(arg) or 0) if arg else None
    status = await broadcasts.status(person, broadcast_id)
    await message.answer(status_text(status), reply_markup=refresh_keyboard(status.id))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.message.register(start, Command("broadcast"))
    router.callback_query.register(
        pick_audience, BroadcastButton.filter(F.action == BroadcastAction.AUDIENCE)
    )
    router.message.register(take_text, StateFilter(BroadcastForm.text), TYPED_TEXT)
    router.message.register(not_text, StateFilter(BroadcastForm.text), ~F.text)
    router.callback_query.register(send, BroadcastButton.filter(F.action == BroadcastAction.SEND))
    router.callback_query.register(cancel, BroadcastButton.filter(F.action == BroadcastAction.CANCEL))
    router.callback_query.register(refresh, BroadcastButton.filter(F.action == BroadcastAction.REFRESH))
    router.message.register(show_status, Command("broadcast_status"))
    return router
