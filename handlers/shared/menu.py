"""The per-role command menu (set_my_commands), built from each feature module's COMMANDS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

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


async def set_person_menu(bot: Bot, person: Person, locale: str, all_commands: Iterable[MenuCommand]) -> None:
    if person.telegram_id is None:
        return
    commands = commands_for(person.role_set, locale, all_commands)
    await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=person.telegram_id))
