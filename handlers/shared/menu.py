"""The per-role command menu (set_my_commands), built from each feature module's COMMANDS."""

from __future__ import annotations

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
    commands = commands_for(person.role_set, locale, all_commands)
    button = _menu_button(person, locale, miniapp_url) if miniapp_url else None
    key = _menu_key(bot.id, commands, button)
    if people is not None and person.menu_key == key:
        return
    await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=person.telegram_id))
    if button is not None:
        await bot.set_chat_menu_button(chat_id=person.telegram_id, menu_button=button)
    if people is not None:
        await people.menu_set(person.id, key)


def _menu_key(
    bot_id: int, commands: list[BotCommand], button: MenuButtonWebApp | MenuButtonCommands | None
) -> str:
    """A digest of everything a menu shows (changes with a role, the language, a text, the bot)."""
    shown = [
        bot_id,
        [(c.command, c.description) for c in commands],
        button.model_dump(mode="json") if button else None,
    ]
    return hashlib.blake2b(json.dumps(shown, ensure_ascii=False).encode(), digest_size=16).hexdigest()


def _menu_button(person: Person, locale: str, miniapp_url: str) -> MenuButtonWebApp | MenuButtonCommands:
    """The office and group leaders open the Mini App from the chat's menu button; anyone else (or
    someone who lost the role) has the command list there."""
    if person.active and has_any(person, MINIAPP_ROLES):
        return MenuButtonWebApp(text=t("miniapp.menu", locale), web_app=WebAppInfo(url=miniapp_url))
    return MenuButtonCommands()


async def set_miniapp_button(bot: Bot, person: Person, locale: str, miniapp_url: str) -> None:
    """The chat's menu button alone (see :func:`_menu_button`)."""
    if person.telegram_id is None:
        return
    await bot.set_chat_menu_button(
        chat_id=person.telegram_id, menu_button=_menu_button(person, locale, miniapp_url)
    )
