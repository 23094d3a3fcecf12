"""The progress draft kept in the conversation state, shared by the text report and the step form."""

from __future__ import annotations

from typing import Any

from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from core.errors import Expired
from core.progress import Photo, ProgressDraft
from handlers.progress.callbacks import ProgressAction
from handlers.progress.render import choice_keyboard, confirm_keyboard, draft_card
from handlers.shared.i18n import t

DRAFT = "progress_draft"


PROJECT = "progress_project"


HINT = "progress_hint"


PHOTOS = "progress_photos"


TYPED = "progress_typed"  # progress typed without a reply, kept while the project is asked for


class ProgressForm(StatesGroup):
    which = State()  # progress typed without a reply: which project is it about?
    text = State()
    confirm = State()
    stage = State()
    percent = State()
    funds = State()
    signed = State()
    landed = State()
    completed = State()
    milestone = State()
    done_on = State()
    problems = State()


IN_PROGRESS = StateFilter(ProgressForm)


def draft_of(data: dict[str, Any], project_id: int | None = None) -> ProgressDraft:
    """The draft in the conversation data; gone, or of another project than the button's: expired."""
    raw = data.get(DRAFT)
    if not raw:
        raise Expired()
    draft = ProgressDraft.from_state(raw)
    if project_id is not None and draft.project_id != project_id:
        raise Expired()
    return draft


async def load_draft(state: FSMContext, project_id: int | None = None) -> ProgressDraft:
    return draft_of(await state.get_data(), project_id)


async def keep_draft(state: FSMContext, draft: ProgressDraft) -> None:
    await state.update_data({DRAFT: draft.to_state(), PROJECT: draft.project_id})


async def show_draft(message: Message, state: FSMContext, draft: ProgressDraft) -> None:
    await keep_draft(state, draft)
    await state.set_state(ProgressForm.confirm)
    keyboard = confirm_keyboard(draft.project_id, ask=draft.ask_milestone_id is not None)
    await message.answer(draft_card(draft), reply_markup=keyboard)


async def ask_text(message: Message, state: FSMContext, project_id: int, name: str, hint: int | None) -> None:
    await state.clear()
    await state.set_state(ProgressForm.text)
    await state.set_data({PROJECT: project_id, HINT: hint, PHOTOS: []})
    keyboard = choice_keyboard(project_id, (t("pj.btn.form"), ProgressAction.FORM, ""))
    await message.answer(t("progress.ask", project=name), reply_markup=keyboard)


def photo_of(message: Message) -> Photo:
    assert message.photo
    biggest = message.photo[-1]
    return Photo(biggest.file_id, biggest.file_unique_id)
