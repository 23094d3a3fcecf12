"""The per-role command menu (set_my_commands), built from each feature module's COMMANDS."""

from __future__ import annotations

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


def commands_for(roles: Iterable[Role], locale: str, all_commands: Iterable[MenuCommand]) -> list[BotCommand]:
    mine = set(roles)
    chosen = sorted((c for c in all_commands if c.roles & mine), key=lambda c: (c.order, c.command))
    return [BotCommand(command=c.command, description=t(c.text_key, locale)) for c in chosen]


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
) -> None:
    """The person's commands, and (with a Mini App URL) their chat's menu button."""
    if person.telegram_id is None:
        return
    commands = commands_for(person.role_set, locale, all_commands)
    await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=person.telegram_id))
    if miniapp_url:
        await set_miniapp_button(bot, person, locale, miniapp_url)


async def set_miniapp_button(bot: Bot, person: Person, locale: str, miniapp_url: str) -> None:
    """The office and group leaders open the Mini App from the chat's menu button; anyone else (or
    someone who lost the role) has the command list there."""
    if person.telegram_id is None:
        return
    if person.active and has_any(person, MINIAPP_ROLES):
        button: MenuButtonWebApp | MenuButtonCommands = MenuButtonWebApp(
            text=t("miniapp.menu", locale), web_app=WebAppInfo(url=miniapp_url)
        )
    else:
        button = MenuButtonCommands()
    await bot.set_chat_menu_button(chat_id=person.telegram_id, menu_button=button)
