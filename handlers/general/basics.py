"""Help, language and cancel: available to every registered person."""

from __future__ import annotations

from enum import StrEnum

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.people import PeopleService
from db.enums import Language, Role
from db.models import Person
from handlers.shared.filters import Registered
from handlers.shared.i18n import Safe, quote, set_locale, t
from handlers.shared.menu import MenuCommand, MiniAppSettings, chosen_commands, set_person_menu

COMMANDS = [
    MenuCommand("help", "cmd.help", order=90),
    MenuCommand("lang", "cmd.lang", order=91),
    MenuCommand("cancel", "cmd.cancel", order=92),
]


class LangAction(StrEnum):
    SET = "set"


class LangChoice(CallbackData, prefix="lg1"):
    action: LangAction
    lang: Language


def language_keyboard() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text="中文", callback_data=LangChoice(action=LangAction.SET, lang=Language.ZH))
    kb.button(text="English", callback_data=LangChoice(action=LangAction.SET, lang=Language.EN))
    return kb.as_markup()


def help_text(person: Person, locale: str, menu: list[MenuCommand]) -> Safe:
    lines: list[str] = [t("help.header", name=person.name)]
    lines += [
        f"/{c.command} — {quote(t(c.text_key, locale))}" for c in chosen_commands(person.role_set, menu)
    ]
    if Role.CADRE in person.role_set:
        lines.append(t("help.trip_line"))
    lines.append(t("help.footer"))
    return Safe("\n".join(lines))


def group_help_text(person: Person, locale: str, menu: list[MenuCommand]) -> Safe:
    """In a group: the commands that answer here, then the ones to use in a private chat with the bot."""
    private = {c.command for c in menu if c.private}
    mine = chosen_commands(person.role_set, menu)
    here = [c for c in mine if c.command not in private and c.command not in ("start", "cancel", "lang")]
    away = [c for c in mine if c.command in private and c.command != "start"]
    lines: list[str] = [t("help.group.header", name=person.name)]
    lines += [f"/{c.command} — {quote(t(c.text_key, locale))}" for c in here]
    if away:
        lines.append(t("help.group.private"))
        lines.append(t("list.sep").join(f"/{c.command}" for c in away))
    if any(c.command == "export" for c in here):
        lines.append(t("help.group.footer"))
    return Safe("\n".join(lines))


async def show_help(message: Message, person: Person, menu: list[MenuCommand], locale: str) -> None:
    if message.chat.type != "private":
        await message.answer(group_help_text(person, locale, menu))
        return
    await message.answer(help_text(person, locale, menu))


async def choose_language(message: Message) -> None:
    await message.answer(t("lang.choose"), reply_markup=language_keyboard())


async def set_language(
    query: CallbackQuery,
    callback_data: LangChoice,
    person: Person,
    people: PeopleService,
    bot: Bot,
    menu: list[MenuCommand],
    settings: MiniAppSettings,
) -> None:
    await people.set_language(person, callback_data.lang)
    set_locale(callback_data.lang.value)
    await set_person_menu(
        bot, person, callback_data.lang.value, menu, settings.miniapp_public_url, people=people
    )
    if isinstance(query.message, Message):
        await query.message.edit_text(t("lang.set"))
    await query.answer()


async def cancel(message: Message, state: FSMContext) -> None:
    if await state.get_state() is None:
        await message.answer(t("cancel.nothing"))
        return
    await state.clear()
    await message.answer(t("cancel.done"))


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(show_help, Command("help"))
    router.message.register(choose_language, Command("lang"))
    router.callback_query.register(set_language, LangChoice.filter(F.action == LangAction.SET))
    router.message.register(cancel, Command("cancel"))
    return router
