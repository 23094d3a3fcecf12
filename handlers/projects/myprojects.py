"""/myprojects: a project lead's projects with their lights, next milestone and numbers."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from core.projects import ProjectService
from db.enums import Role
from db.models import Person
from handlers.projects.render import pick_keyboard, project_line_text
from handlers.shared.answer import answer_long
from handlers.shared.filters import Registered
from handlers.shared.i18n import Safe, t
from handlers.shared.menu import MenuCommand

LEADS = frozenset({Role.PROJECT_LEAD})
COMMANDS = [MenuCommand("myprojects", "cmd.myprojects", roles=LEADS, order=20)]


# ------------------------------------------------------------------------------ /myprojects


async def my_projects(message: Message, person: Person, projects: ProjectService) -> None:
    lines = await projects.my_projects(person)
    if not lines:
        await message.answer(t("project.none_led"))
        return
    body = "\n\n".join(project_line_text(line) for line in lines)
    await answer_long(
        message, Safe(f"{t('project.mine.header', count=len(lines))}\n\n{body}"), pick_keyboard(lines)
    )


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(my_projects, Command("myprojects"))
    return router
