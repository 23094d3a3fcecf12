"""The progress form: stage, percent, funds, milestone, problems, one step at a time."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from core.errors import Expired
from core.progress import Photo, ProgressDraft, ProgressService
from core.projects import ProjectService
from db.enums import ProjectStage
from db.models import Person
from handlers.progress.callbacks import ProgressAction, ProgressButton
from handlers.progress.draft import (
    HINT,
    IN_PROGRESS,
    NOT_A_COMMAND,
    PHOTOS,
    PROJECT,
    ProgressForm,
    keep_draft,
    load_draft,
    show_draft,
)
from handlers.progress.render import choice_keyboard
from handlers.projects.render import milestone_plain, stage_label, wan
from handlers.shared.callback_fields import parse_id
from handlers.shared.filters import Registered
from handlers.shared.i18n import t
from handlers.shared.pressed import pressed_message

STEPS = ("stage", "percent", "funds", "milestone", "problems")


async def ask_step(
    message: Message,
    state: FSMContext,
    step: str,
    draft: ProgressDraft,
    person: Person,
    projects: ProjectService,
) -> None:
    await keep_draft(state, draft)
    pid = draft.project_id
    skip = (t("pj.btn.skip"), ProgressAction.SKIP, "")
    if step == "stage":
        await state.set_state(ProgressForm.stage)
        stages = [(str(stage_label(s)), ProgressAction.STAGE, s.value) for s in ProjectStage]
        shown = draft.stage or draft.stage_before
        current = stage_label(shown) if shown else "-"
        await message.answer(
            t("progress.form.stage", current=current), reply_markup=choice_keyboard(pid, *stages, skip)
        )
    elif step == "percent":
        await state.set_state(ProgressForm.percent)
        current = "-" if draft.percent is None else f"{draft.percent}%"
        await message.answer(
            t("progress.form.percent", current=current), reply_markup=choice_keyboard(pid, skip)
        )
    elif step == "funds":
        await state.set_state(ProgressForm.funds)
        await message.answer(
            t("progress.form.funds", current=wan(draft.funds_total_wan or draft.funds_before_wan)),
            reply_markup=choice_keyboard(pid, skip),
        )
    elif step == "milestone":
        open_ones = await projects.open_milestones(person, pid)
        if not open_ones:
            await ask_step(message, state, "problems", draft, person, projects)
            return
        await state.set_state(ProgressForm.milestone)
        choices = [
            (f"{milestone_plain(m.kind, m.name)} · {m.due_date:%m-%d}", ProgressAction.MILESTONE, str(m.id))
            for m in open_ones[:8]
        ]
        await message.answer(t("progress.form.milestone"), reply_markup=choice_keyboard(pid, *choices, skip))
    elif step == "done_on":
        await state.set_state(ProgressForm.done_on)
        await message.answer(
            t("progress.form.done_on"),
            reply_markup=choice_keyboard(pid, (t("pj.btn.today"), ProgressAction.TODAY, "")),
        )
    else:
        await state.set_state(ProgressForm.problems)
        await message.answer(
            t("progress.form.problems"),
            reply_markup=choice_keyboard(pid, (t("pj.btn.no_problems"), ProgressAction.NO_PROBLEMS, "")),
        )


async def next_step(
    message: Message,
    state: FSMContext,
    after: str,
    draft: ProgressDraft,
    person: Person,
    projects: ProjectService,
) -> None:
    if after in ("problems",):
        await show_draft(message, state, draft)
        return
    following = "problems" if after == "done_on" else STEPS[STEPS.index(after) + 1]
    await ask_step(message, state, following, draft, person, projects)


async def open_form(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if data.get(PROJECT) != callback_data.project_id:
        raise Expired()
    draft = await progress.blank(person, callback_data.project_id, hint_milestone_id=data.get(HINT))
    for photo in data.get(PHOTOS) or []:
        draft = progress.with_photo(draft, Photo(photo[0], photo[1]))
    await query.answer()
    await ask_step(pressed_message(query), state, "stage", draft, person, projects)


async def edit(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await load_draft(state, callback_data.project_id)
    await query.answer()
    await ask_step(pressed_message(query), state, "stage", draft, person, projects)


async def form_stage(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    try:
        stage = ProjectStage(callback_data.value)
    except ValueError:
        raise Expired() from None
    draft = await progress.with_form_values(
        person, await load_draft(state, callback_data.project_id), stage=stage
    )
    await query.answer()
    await next_step(pressed_message(query), state, "stage", draft, person, projects)


async def form_skip(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await load_draft(state, callback_data.project_id)
    current = (await state.get_state() or "").rpartition(":")[2]
    if current not in STEPS:
        raise Expired()
    await query.answer()
    await next_step(pressed_message(query), state, current, draft, person, projects)


async def form_percent(
    message: Message, person: Person, progress: ProgressService, projects: ProjectService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await load_draft(state), percent_text=message.text)
    await next_step(message, state, "percent", draft, person, projects)


async def form_funds(
    message: Message, person: Person, progress: ProgressService, projects: ProjectService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await load_draft(state), funds_text=message.text)
    await next_step(message, state, "funds", draft, person, projects)


async def form_milestone(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    milestone_id = parse_id(callback_data.value)
    if milestone_id is None:
        raise Expired()
    draft = await load_draft(state, callback_data.project_id)
    draft = await progress.with_form_values(person, draft, milestone_id=milestone_id)
    await query.answer()
    await ask_step(pressed_message(query), state, "done_on", draft, person, projects)


async def form_today(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await load_draft(state, callback_data.project_id)  # the milestone is done today unless told
    await query.answer()
    await next_step(pressed_message(query), state, "done_on", draft, person, projects)


async def form_done_on(
    message: Message, person: Person, progress: ProgressService, projects: ProjectService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await load_draft(state), done_text=message.text)
    await next_step(message, state, "done_on", draft, person, projects)


async def form_problems(
    message: Message, person: Person, progress: ProgressService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await load_draft(state), problems_text=message.text)
    await show_draft(message, state, draft)


async def form_no_problems(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    draft = await progress.with_form_values(
        person, await load_draft(state, callback_data.project_id), no_problems=True
    )
    await query.answer()
    await show_draft(pressed_message(query), state, draft)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name="progress_form")
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.callback_query.register(open_form, ProgressButton.filter(F.action == ProgressAction.FORM))
    router.callback_query.register(edit, ProgressButton.filter(F.action == ProgressAction.EDIT))
    router.callback_query.register(
        form_stage, ProgressForm.stage, ProgressButton.filter(F.action == ProgressAction.STAGE)
    )
    router.callback_query.register(
        form_skip, IN_PROGRESS, ProgressButton.filter(F.action == ProgressAction.SKIP)
    )
    router.message.register(form_percent, ProgressForm.percent, NOT_A_COMMAND)
    router.message.register(form_funds, ProgressForm.funds, NOT_A_COMMAND)
    router.callback_query.register(
        form_milestone, ProgressForm.milestone, ProgressButton.filter(F.action == ProgressAction.MILESTONE)
    )
    router.callback_query.register(
        form_today, ProgressForm.done_on, ProgressButton.filter(F.action == ProgressAction.TODAY)
    )
    router.message.register(form_done_on, ProgressForm.done_on, NOT_A_COMMAND)
    router.message.register(form_problems, ProgressForm.problems, NOT_A_COMMAND)
    router.callback_query.register(
        form_no_problems, ProgressForm.problems, ProgressButton.filter(F.action == ProgressAction.NO_PROBLEMS)
    )
    return router
