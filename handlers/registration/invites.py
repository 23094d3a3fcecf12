"""/invite NAME-or-PHONE: the office creates a single-use deep link for a registered person.

A person already bound is re-invited only after a confirmation button (the link moves them to a
new account; the old one is told). /person_add registers one person from the chat; /unbind (admin)
detaches an account.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link

from core.people import IssuedInvite, PeopleService
from core.roles import OFFICE_ROLES
from db.enums import Role
from db.models import Person
from handlers.registration.callbacks import InviteAction, InviteCb
from handlers.shared.filters import HasRole
from handlers.shared.i18n import Safe, t, use_locale
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.shared.render import keyboard

COMMANDS = [
    MenuCommand("invite", "cmd.invite", roles=OFFICE_ROLES, order=80, private=True),
    MenuCommand("person_add", "cmd.person_add", roles=OFFICE_ROLES, order=81, private=True),
    MenuCommand("unbind", "cmd.unbind", roles=frozenset({Role.ADMIN}), order=82, private=True),
]


async def _link_text(bot: Bot, people: PeopleService, issued: IssuedInvite) -> Safe:
    link = await create_start_link(bot, issued.token)
    hours = int(people.invite_ttl.total_seconds() // 3600)
    text = t("invite.created", name=issued.person.name, hours=hours, link=link)
    return Safe(f"{text}\n{t('invite.rebind_note')}") if issued.rebind else text


async def invite(
    message: Message, command: CommandObject, person: Person, people: PeopleService, bot: Bot
) -> None:
    if not command.args:
        await message.answer(t("invite.usage"))
        return
    target = await people.invitee(person, command.args)
    if target.telegram_id is not None:
        await message.answer(
            t("invite.already_bound", name=target.name),
            reply_markup=keyboard(
                ("invite.button.rebind", InviteCb(action=InviteAction.REBIND, person_id=target.id))
            ),
        )
        return
    issued = await people.create_invite(person, target.id)
    await message.answer(await _link_text(bot, people, issued))


async def invite_pressed(
    query: CallbackQuery, callback_data: InviteCb, person: Person, people: PeopleService, bot: Bot
) -> None:
    rebind = callback_data.action == InviteAction.REBIND
    issued = await people.create_invite(person, callback_data.person_id, rebind=rebind)
    await pressed_message(query).edit_text(await _link_text(bot, people, issued), reply_markup=None)
    await query.answer()


async def person_add(message: Message, command: CommandObject, person: Person, people: PeopleService) -> None:
    added = await people.register(person, command.args or "")
    await message.answer(
        t("person_add.done", name=added.name, phone=added.phone or ""),
        reply_markup=keyboard(
            ("person_add.button.invite", InviteCb(action=InviteAction.CREATE, person_id=added.id))
        ),
    )


async def unbind(
    message: Message, command: CommandObject, person: Person, people: PeopleService, bot: Bot
) -> None:
    if not command.args:
        await message.answer(t("unbind.usage"))
        return
    done = await people.unbind(person, command.args)
    await message.answer(t("unbind.done", name=done.person.name))
    if done.replaced is not None:
        await tell_replaced(bot, done.replaced, done.person, "unbind.told")


async def tell_replaced(bot: Bot, telegram_id: int, person: Person, key: str) -> None:
    """The account that held the person hears it no longer does (it may have blocked the bot)."""
    with use_locale(person.language.value if person.language else None):
        text = t(key, name=person.name)
    with contextlib.suppress(TelegramAPIError):
        await bot.send_message(telegram_id, text)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(HasRole(*OFFICE_ROLES), F.chat.type == "private")
    router.callback_query.filter(HasRole(*OFFICE_ROLES))
    router.message.register(invite, Command("invite"))
    router.message.register(person_add, Command("person_add"))
    router.message.register(unbind, Command("unbind"))
    router.callback_query.register(invite_pressed, InviteCb.filter())
    return router
