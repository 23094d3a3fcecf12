"""Project brochures (推介手册): the office attaches files (caption `/brochure_add 项目名`, or the
command then the files); anyone registered finds them (`/brochure 新能源`) to forward to investors."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.brochures import BrochureFile, BrochureService, NewFile
from core.roles import OFFICE_ROLES
from db.enums import AttachmentKind
from db.models import Person
from handlers.projects.callbacks import BrochureAction, BrochureButton
from handlers.shared.answer import answer_long
from handlers.shared.filters import HasRole, Registered
from handlers.shared.i18n import Safe, echo, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message

COMMANDS = [
    MenuCommand("brochure", "cmd.brochure", order=30),
    MenuCommand("brochure_add", "cmd.brochure_add", roles=OFFICE_ROLES, order=71),
]

BROCHURE_PROJECT = "brochure_project"


class BrochureForm(StatesGroup):
    files = State()


def new_file(message: Message) -> NewFile | None:
    if message.document is not None:
        doc = message.document
        return NewFile(AttachmentKind.DOCUMENT, doc.file_id, doc.file_unique_id, doc.file_name, doc.mime_type)
    if message.photo:
        photo = message.photo[-1]
        return NewFile(AttachmentKind.PHOTO, photo.file_id, photo.file_unique_id, None, "image/jpeg")
    return None


def _done_keyboard(project_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("pj.btn.finish"),
        callback_data=BrochureButton(action=BrochureAction.DONE, project_id=project_id),
    )
    return kb.as_markup()


async def send_files(message: Message, name: str, files: list[BrochureFile]) -> None:
    await message.answer(t("brochure.sending", project=name, count=len(files)))
    for file in files:
        if file.kind == AttachmentKind.PHOTO:
            await message.answer_photo(file.file_id, caption=t("brochure.caption", project=name))
        else:
            await message.answer_document(file.file_id, caption=t("brochure.caption", project=name))


# ------------------------------------------------------------------------------ office: attaching


async def add_with_caption(
    message: Message, command: CommandObject, person: Person, brochures: BrochureService
) -> None:
    file = new_file(message)
    assert file is not None
    project = await brochures.project_named(person, command.args or "")
    added = await brochures.add(person, project.id, file)
    key = "brochure.duplicate" if added.duplicate else "brochure.added"
    await message.answer(t(key, project=added.project, count=added.files))


async def add_start(
    message: Message, command: CommandObject, person: Person, brochures: BrochureService, state: FSMContext
) -> None:
    if not command.args:
        await message.answer(t("brochure.add_usage"))
        return
    project = await brochures.project_named(person, command.args)
    await state.clear()
    await state.set_state(BrochureForm.files)
    await state.set_data({BROCHURE_PROJECT: project.id})
    await message.answer(
        t("brochure.send_files", project=project.name), reply_markup=_done_keyboard(project.id)
    )


async def add_refused(message: Message) -> None:
    await message.answer(t("error.forbidden"))


async def add_file(message: Message, person: Person, brochures: BrochureService, state: FSMContext) -> None:
    file = new_file(message)
    assert file is not None
    data = await state.get_data()
    added = await brochures.add(person, int(data[BROCHURE_PROJECT]), file)
    key = "brochure.duplicate" if added.duplicate else "brochure.added"
    await message.answer(
        t(key, project=added.project, count=added.files), reply_markup=_done_keyboard(added.project_id)
    )


async def add_done(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    await pressed_message(query).answer(t("brochure.finished"))


# ------------------------------------------------------------------------------ everyone: finding


async def find(message: Message, command: CommandObject, person: Person, brochures: BrochureService) -> None:
    if not command.args:
        await message.answer(t("brochure.search_usage"))
        return
    found = await brochures.search(person, command.args)
    if not found:
        await message.answer(t("brochure.not_found", text=echo(command.args.strip())))
        return
    if len(found) == 1:
        name, files = await brochures.files(person, found[0].project_id)
        await send_files(message, name, files)
        return
    kb = InlineKeyboardBuilder()
    lines = [t("brochure.found", count=len(found), text=echo(command.args.strip()))]
    for item in found:
        lines.append(
            t(
                "brochure.line",
                project=item.name,
                industry=item.industry or "-",
                park=item.park or "-",
                files=item.files,
            )
        )
        kb.button(
            text=item.name,
            callback_data=BrochureButton(action=BrochureAction.GET, project_id=item.project_id),
        )
    kb.adjust(1)
    await answer_long(message, Safe("\n".join(lines)), kb.as_markup())


async def get(
    query: CallbackQuery, callback_data: BrochureButton, person: Person, brochures: BrochureService
) -> None:
    name, files = await brochures.files(person, callback_data.project_id)
    await query.answer()
    await send_files(pressed_message(query), name, files)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.message.register(
        add_with_caption, Command("brochure_add"), HasRole(*OFFICE_ROLES), F.document | F.photo
    )
    router.message.register(add_start, Command("brochure_add"), HasRole(*OFFICE_ROLES))
    router.message.register(add_refused, Command("brochure_add"))
    router.message.register(add_file, BrochureForm.files, F.document | F.photo)
    router.callback_query.register(add_done, BrochureButton.filter(F.action == BrochureAction.DONE))
    router.message.register(find, Command("brochure"))
    router.callback_query.register(get, BrochureButton.filter(F.action == BrochureAction.GET))
    return router
