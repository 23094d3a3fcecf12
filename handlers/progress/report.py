"""Progress reports: /progress, the reminder's [汇报进度]/[已完成] buttons, a reply to a reminder, free
text or photos shown back for confirmation ([确认] [修改] [取消]). The step form is form.py."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from core.errors import Expired
from core.progress import Photo, ProgressService
from core.projects import ProjectService
from db.enums import Role
from db.models import Person
from handlers.progress.callbacks import ProgressAction, ProgressButton
from handlers.progress.draft import (
    HINT,
    IN_PROGRESS,
    PHOTOS,
    PROJECT,
    TYPED,
    ProgressForm,
    ask_text,
    keep_draft,
    load_draft,
    photo_of,
    show_draft,
)
from handlers.progress.render import confirm_keyboard, draft_card, result_text
from handlers.projects.callbacks import MilestoneAction, MilestoneButton
from handlers.projects.render import pick_keyboard
from handlers.shared.filters import TYPED_TEXT, Registered
from handlers.shared.i18n import t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message

COMMANDS = [
    MenuCommand("progress", "cmd.progress", roles=frozenset({Role.PROJECT_LEAD}), order=21, private=True),
]


class RepliesToReminder(BaseFilter):
    """A reply to one of our reminders (or progress requests): gives the handler `reply_context`."""

    async def __call__(
        self, message: Message, person: Person | None = None, progress: ProgressService | None = None
    ) -> bool | dict[str, Any]:
        reply = message.reply_to_message
        if person is None or progress is None or reply is None or reply.from_user is None:
            return False
        if not reply.from_user.is_bot:
            return False
        context = await progress.reply_context(person, reply.message_id)
        return {"reply_context": context} if context is not None else False


class TypedProgress(BaseFilter):
    """A project lead's own message (no reply) that reads as a progress report."""

    async def __call__(
        self, message: Message, person: Person | None = None, progress: ProgressService | None = None
    ) -> bool:
        if person is None or progress is None or Role.PROJECT_LEAD not in person.role_set:
            return False
        if message.reply_to_message is not None or not message.text:
            return False
        return await progress.looks_like_progress(message.text)


# ------------------------------------------------------------------------------ starting a report


async def typed_progress(
    message: Message, person: Person, projects: ProjectService, state: FSMContext
) -> None:
    """Progress typed without replying to a reminder: which project? (it is parsed once picked)"""
    assert message.text is not None
    lines = await projects.my_projects(person)
    if not lines:
        await message.answer(t("project.none_led"))
        return
    await state.clear()
    await state.set_state(ProgressForm.which)
    await state.set_data({TYPED: message.text})
    await message.answer(
        t("progress.which_project"), reply_markup=pick_keyboard(lines, ProgressAction.PICK_TEXT)
    )


async def typed_for(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if await state.get_state() != ProgressForm.which.state or not data.get(TYPED):
        raise Expired()
    draft = await progress.from_text(person, callback_data.project_id, str(data[TYPED]))
    await state.clear()
    await show_draft(pressed_message(query), state, draft)
    await query.answer()  # after the card: the press is settled once its answer is there


async def mark_milestone(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    """The card's question "是否标记…已完成？": the card is redrawn with the answer."""
    draft = await load_draft(state, callback_data.project_id)
    draft = await progress.answer_milestone(person, draft, callback_data.action == ProgressAction.MARK_YES)
    await keep_draft(state, draft)
    await pressed_message(query).edit_text(draft_card(draft), reply_markup=confirm_keyboard(draft.project_id))
    await query.answer()


async def reply_to_reminder(
    message: Message, person: Person, progress: ProgressService, state: FSMContext, reply_context: Any
) -> None:
    assert message.text is not None
    draft = await progress.from_text(
        person, reply_context.project_id, message.text, hint_milestone_id=reply_context.milestone_id
    )
    await state.clear()
    await show_draft(message, state, draft)


async def start(message: Message, person: Person, projects: ProjectService, state: FSMContext) -> None:
    lines = await projects.my_projects(person)
    if not lines:
        await message.answer(t("project.none_led"))
        return
    if len(lines) == 1:
        await ask_text(message, state, lines[0].id, lines[0].snapshot.name, None)
        return
    await message.answer(t("progress.pick"), reply_markup=pick_keyboard(lines))


async def pick(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    project = await projects.reportable(person, callback_data.project_id)
    await query.answer()
    await ask_text(pressed_message(query), state, project.id, project.name, None)


async def report_on_milestone(
    query: CallbackQuery,
    callback_data: MilestoneButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    milestone = await projects.milestone_for_reporter(person, callback_data.milestone_id)
    await query.answer()
    await ask_text(pressed_message(query), state, milestone.project_id, milestone.project.name, milestone.id)


async def milestone_done(
    query: CallbackQuery,
    callback_data: MilestoneButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    draft = await progress.milestone_done(person, callback_data.milestone_id)
    await query.answer()
    await state.clear()
    await show_draft(pressed_message(query), state, draft)


# ------------------------------------------------------------------------------ free text and photos


async def text_report(message: Message, person: Person, progress: ProgressService, state: FSMContext) -> None:
    assert message.text is not None
    data = await state.get_data()
    photos = tuple(Photo(p[0], p[1]) for p in data.get(PHOTOS) or ())
    draft = await progress.from_text(
        person, int(data[PROJECT]), message.text, hint_milestone_id=data.get(HINT), photos=photos
    )
    await show_draft(message, state, draft)


async def text_again(message: Message, person: Person, progress: ProgressService, state: FSMContext) -> None:
    """A new sentence while the card is shown replaces the parsed values (photos stay)."""
    assert message.text is not None
    old = await load_draft(state)
    draft = await progress.from_text(
        person, old.project_id, message.text, hint_milestone_id=old.hint_milestone_id, photos=old.photos
    )
    await show_draft(message, state, draft)


async def photo_first(message: Message, person: Person, progress: ProgressService, state: FSMContext) -> None:
    data = await state.get_data()
    photo = photo_of(message)
    photos = [*(data.get(PHOTOS) or []), [photo.file_id, photo.file_unique_id]]
    if message.caption:
        draft = await progress.from_text(
            person,
            int(data[PROJECT]),
            message.caption,
            hint_milestone_id=data.get(HINT),
            photos=tuple(Photo(p[0], p[1]) for p in photos),
        )
        await show_draft(message, state, draft)
        return
    await state.update_data({PHOTOS: photos})
    await message.answer(t("progress.photo_kept", count=len(photos)))


async def photo_added(message: Message, progress: ProgressService, state: FSMContext) -> None:
    draft = progress.with_photo(await load_draft(state), photo_of(message))
    current = await state.get_state()
    if current == ProgressForm.confirm.state:
        await show_draft(message, state, draft)
    else:
        await keep_draft(state, draft)
        await message.answer(t("progress.photo_added", count=len(draft.photos)))


# ------------------------------------------------------------------------------ the card


async def confirm(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    draft = await load_draft(state, callback_data.project_id)
    result = await progress.confirm(person, draft)
    await state.clear()
    await pressed_message(query).edit_text(result_text(draft, result))
    await query.answer(t("progress.saved.toast"))


async def cancel(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).edit_text(t("progress.cancelled"))
    await query.answer()


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.message.register(reply_to_reminder, F.text, RepliesToReminder())
    router.message.register(start, Command("progress"))
    router.message.register(
        typed_progress, StateFilter(None, ProgressForm.which), TYPED_TEXT, TypedProgress()
    )
    router.callback_query.register(
        typed_for, ProgressForm.which, ProgressButton.filter(F.action == ProgressAction.PICK_TEXT)
    )
    router.callback_query.register(
        mark_milestone,
        ProgressForm.confirm,
        ProgressButton.filter(F.action.in_({ProgressAction.MARK_YES, ProgressAction.MARK_NO})),
    )
    router.callback_query.register(pick, ProgressButton.filter(F.action == ProgressAction.PICK))
    router.callback_query.register(
        report_on_milestone, MilestoneButton.filter(F.action == MilestoneAction.REPORT)
    )
    router.callback_query.register(milestone_done, MilestoneButton.filter(F.action == MilestoneAction.DONE))
    router.message.register(text_report, ProgressForm.text, TYPED_TEXT)
    router.message.register(text_again, ProgressForm.confirm, TYPED_TEXT)
    router.message.register(photo_first, ProgressForm.text, F.photo)
    router.message.register(photo_added, IN_PROGRESS, F.photo)
    router.callback_query.register(confirm, ProgressButton.filter(F.action == ProgressAction.CONFIRM))
    router.callback_query.register(cancel, ProgressButton.filter(F.action == ProgressAction.CANCEL))
    return router
