"""The per-role command menu (set_my_commands), built from each feature module's COMMANDS."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from aiogram import Bot
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    MenuButtonCommands,
    MenuButtonWebApp,
    WebAppInfo,
)

from core.people import PeopleService
from core.roles import has_any
from db.enums import Role
from db.models import Person
from handlers.shared.i18n import LOCALES, t

EVERYONE: frozenset[Role] = frozenset(Role)


@dataclass(frozen=True)
class MenuCommand:
    command: str
    text_key: str
    roles: frozenset[Role] = EVERYONE
    order: int = 50
    private: bool = False  # answered in a private chat only (its router filters on the chat type)


def chosen_commands(roles: Iterable[Role], all_commands: Iterable[MenuCommand]) -> list[MenuCommand]:
    """The entries a person with `roles` has, in menu order."""
    mine = set(roles)
    return sorted((c for c in all_commands if c.roles & mine), key=lambda c: (c.order, c.command))


def commands_for(roles: Iterable[Role], locale: str, all_commands: Iterable[MenuCommand]) -> list[BotCommand]:
    """The person's menu as Telegram takes it (for texts, :func:`chosen_commands` is enough)."""
    return [
        BotCommand(command=c.command, description=t(c.text_key, locale))
        for c in chosen_commands(roles, all_commands)
    ]


async def set_default_menu(bot: Bot) -> None:
    """What an unbound user sees: /start and /help only."""
    for locale in LOCALES:
        commands = [
            BotCommand(command="start", description=t("cmd.start", locale)),
            BotCommand(command="help", description=t("cmd.help", locale)),
        ]
        await bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=None if locale == "zh" else locale
        )


class MiniAppSettings(Protocol):
    """What the menu needs of the settings (injected as ``settings``): where the Mini App is."""

    @property
    def miniapp_public_url(self) -> str | None: ...


MINIAPP_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.GROUP_LEADER})


async def set_person_menu(
    bot: Bot,
    person: Person,
    locale: str,
    all_commands: Iterable[MenuCommand],
    miniapp_url: str | None = None,
    *,
    people: PeopleService | None = None,
) -> None:
    """The person's commands, and (with a Mini App URL) their chat's menu button.

    With `people`, the menu is keyed (bot, commands, button) and recorded on the person: a menu their
    chat already has is not set again (a language press that changes nothing costs no Telegram
    call). Without, it is always set (the sandbox, whose emulator forgets menus between runs)."""
    if person.telegram_id is None:
        return
    menu = _menu(bot.id, person.role_set, locale, tuple(all_commands), miniapp_url, _opens_miniapp(person))
    if people is not None and person.menu_key == menu.key:
        return
    await bot.set_my_commands(list(menu.commands), scope=BotCommandScopeChat(chat_id=person.telegram_id))
    if menu.button is not None:
        await bot.set_chat_menu_button(chat_id=person.telegram_id, menu_button=menu.button)
    if people is not None:
        await people.menu_set(person.id, menu.key)


@dataclass(frozen=True)
class _Menu:
    commands: tuple[BotCommand, ...]
    button: MenuButtonWebApp | MenuButtonCommands | None
    key: str
    """A digest of everything the menu shows (changes with a role, the language, a text, the bot)."""


@functools.lru_cache(maxsize=512)
def _menu(
    bot_id: int,
    roles: frozenset[Role],
    locale: str,
    all_commands: tuple[MenuCommand, ...],
    miniapp_url: str | None,
    miniapp_button: bool,
) -> _Menu:
    """A person's menu, built once per combination (every language press and /start asks for it;
    the texts are fixed for the process's life)."""
    commands = tuple(commands_for(roles, locale, all_commands))
    button: MenuButtonWebApp | MenuButtonCommands | None = None
    if miniapp_url:
        button = _menu_button(miniapp_button, locale, miniapp_url)
    shown = [
        bot_id,
        [(c.command, c.description) for c in commands],
        button.model_dump(mode="json") if button else None,
    ]
    key = hashlib.blake2b(json.dumps(shown, ensure_ascii=False).encode(), digest_size=16).hexdigest()
    return _Menu(commands, button, key)


def _opens_miniapp(person: Person) -> bool:
    """The office and group leaders open the Mini App from the chat's menu button; anyone else (or
    someone who lost the role) has the command list there."""
    return person.active and has_any(person, MINIAPP_ROLES)


def _menu_button(miniapp: bool, locale: str, miniapp_url: str) -> MenuButtonWebApp | MenuButtonCommands:
    """The chat's menu button: the Mini App's (`miniapp`, see :func:`_opens_miniapp`) or the commands."""
    if miniapp:
        return MenuButtonWebApp(text=t("miniapp.menu", locale), web_app=WebAppInfo(url=miniapp_url))
    return MenuButtonCommands()


async def set_miniapp_button(bot: Bot, person: Person, locale: str, miniapp_url: str) -> None:
    """The chat's menu button alone (see :func:`_opens_miniapp`)."""
    if person.telegram_id is None:
        return
    await bot.set_chat_menu_button(
        chat_id=person.telegram_id,
        menu_button=_menu_button(_opens_miniapp(person), locale, miniapp_url),
    )
