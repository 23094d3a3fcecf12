"""The progress form: stage, percent, funds, signed (day + 协议投资), landed (day + 落地投资), completed
investment, milestone, problems, one step at a time (a step table)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from core.errors import Expired
from core.progress import Photo, ProgressDraft, ProgressService
from core.projects import ProjectService
from db.enums import ProjectStage
from db.models import Person
from handlers.progress.callbacks import ProgressAction, ProgressButton
from handlers.progress.draft import (
    DRAFT,
    HINT,
    IN_PROGRESS,
    PHOTOS,
    PROJECT,
    ProgressForm,
    draft_of,
    load_draft,
    show_draft,
)
from handlers.progress.render import choice_keyboard
from handlers.projects.render import milestone_plain
from handlers.shared import form_steps
from handlers.shared.callback_fields import parse_id
from handlers.shared.filters import Registered
from handlers.shared.form_steps import Button
from handlers.shared.i18n import t
from handlers.shared.pressed import pressed_message
from handlers.shared.render import label, money


@dataclass(frozen=True)
class Deps:
    """What the progress form's steps use, injected into every turn."""

    person: Person
    progress: ProgressService
    projects: ProjectService


Step = form_steps.Step[Deps]
Turn = form_steps.Turn[Deps]


def _store(turn: Turn, draft: ProgressDraft) -> None:
    turn.data.update({DRAFT: draft.to_state(), PROJECT: draft.project_id})


async def _change(turn: Turn, draft: ProgressDraft, **values: Any) -> None:
    """The draft with the form's values read by core (which refuses a bad one), into the turn's data."""
    _store(turn, await turn.deps.progress.with_form_values(turn.deps.person, draft, **values))


SKIP = (ProgressAction.SKIP, "")


# --------------------------------------------------------------------------------------------- asking


async def ask_stage(turn: Turn) -> None:
    await turn.state.set_state(ProgressForm.stage)
    draft = draft_of(turn.data)
    stages = [(str(label(s)), ProgressAction.STAGE, s.value) for s in ProjectStage]
    shown = draft.stage or draft.stage_before
    current = label(ProjectStage(shown)) if shown else "-"
    markup = choice_keyboard(draft.project_id, *stages, (t("pj.btn.skip"), *SKIP))
    await turn.target.answer(t("progress.form.stage", current=current), reply_markup=markup)


async def ask_percent(turn: Turn) -> None:
    await turn.state.set_state(ProgressForm.percent)
    draft = draft_of(turn.data)
    current = "-" if draft.percent is None else f"{draft.percent}%"
    markup = choice_keyboard(draft.project_id, (t("pj.btn.skip"), *SKIP))
    await turn.target.answer(t("progress.form.percent", current=current), reply_markup=markup)


async def ask_funds(turn: Turn) -> None:
    await turn.state.set_state(ProgressForm.funds)
    draft = draft_of(turn.data)
    current = money(draft.funds_total_wan or draft.funds_before_wan)
    markup = choice_keyboard(draft.project_id, (t("pj.btn.skip"), *SKIP))
    await turn.target.answer(t("progress.form.funds", current=current), reply_markup=markup)


async def _ask_amount(turn: Turn, state: Any, key: str, total: Any, before: Any) -> None:
    await turn.state.set_state(state)
    draft = draft_of(turn.data)
    markup = choice_keyboard(draft.project_id, (t("pj.btn.skip"), *SKIP))
    await turn.target.answer(
        t(key, current=money(total if total is not None else before)), reply_markup=markup
    )


async def ask_signed(turn: Turn) -> None:
    d = draft_of(turn.data)
    await _ask_amount(
        turn, ProgressForm.signed, "progress.form.signed", d.signed_total_wan, d.signed_before_wan
    )


async def ask_landed(turn: Turn) -> None:
    d = draft_of(turn.data)
    await _ask_amount(
        turn, ProgressForm.landed, "progress.form.landed", d.landed_total_wan, d.landed_before_wan
    )


async def ask_completed(turn: Turn) -> None:
    d = draft_of(turn.data)
    await _ask_amount(
        turn, ProgressForm.completed, "progress.form.completed", d.completed_total_wan, d.completed_before_wan
    )


async def ask_milestone(turn: Turn) -> None:
    """Which milestone is done, among the open ones; none open: on to the problems."""
    draft = draft_of(turn.data)
    open_ones = await turn.deps.projects.open_milestones(turn.deps.person, draft.project_id)
    if not open_ones:
        await ask_problems(turn)
        return
    await turn.state.set_state(ProgressForm.milestone)
    choices = [
        (f"{milestone_plain(m.kind, m.name)} · {m.due_date:%m-%d}", ProgressAction.MILESTONE, str(m.id))
        for m in open_ones[:8]
    ]
    markup = choice_keyboard(draft.project_id, *choices, (t("pj.btn.skip"), *SKIP))
    await turn.target.answer(t("progress.form.milestone"), reply_markup=markup)


async def ask_done_on(turn: Turn) -> None:
    await turn.state.set_state(ProgressForm.done_on)
    markup = choice_keyboard(draft_of(turn.data).project_id, (t("pj.btn.today"), ProgressAction.TODAY, ""))
    await turn.target.answer(t("progress.form.done_on"), reply_markup=markup)


async def ask_problems(turn: Turn) -> None:
    await turn.state.set_state(ProgressForm.problems)
    no_problems = (t("pj.btn.no_problems"), ProgressAction.NO_PROBLEMS, "")
    markup = choice_keyboard(draft_of(turn.data).project_id, no_problems)
    await turn.target.answer(t("progress.form.problems"), reply_markup=markup)


async def show(turn: Turn) -> None:
    await show_draft(turn.target, turn.state, draft_of(turn.data))


# --------------------------------------------------------------------------------------------- opening


async def _open(query: CallbackQuery, state: FSMContext, draft: ProgressDraft, deps: Deps) -> None:
    await query.answer()
    turn = Turn(pressed_message(query), state, await state.get_data(), deps)
    _store(turn, draft)
    await state.set_data(turn.data)
    await ask_stage(turn)


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
    await _open(query, state, draft, Deps(person, progress, projects))


async def edit(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await load_draft(state, callback_data.project_id)
    await _open(query, state, draft, Deps(person, progress, projects))


# --------------------------------------------------------------------------------------------- the steps' answers


def typed(field: str) -> Callable[[Turn, str], Awaitable[None]]:
    """A typed answer that core reads into the draft's `field` (percent_text, funds_text, …)."""

    async def read(turn: Turn, text: str) -> None:
        await _change(turn, draft_of(turn.data), **{field: text})

    return read


async def moved_on(turn: Turn, callback_data: ProgressButton) -> None:
    """跳过 / 今天: the draft stays as it is (it must be this button's project)."""
    draft_of(turn.data, callback_data.project_id)


async def stage_chosen(turn: Turn, callback_data: ProgressButton) -> None:
    try:
        stage = ProjectStage(callback_data.value)
    except ValueError:
        raise Expired() from None
    await _change(turn, draft_of(turn.data, callback_data.project_id), stage=stage)


async def milestone_chosen(turn: Turn, callback_data: ProgressButton) -> None:
    milestone_id = parse_id(callback_data.value)
    if milestone_id is None:
        raise Expired()
    await _change(turn, draft_of(turn.data, callback_data.project_id), milestone_id=milestone_id)


async def no_problems(turn: Turn, callback_data: ProgressButton) -> None:
    await _change(turn, draft_of(turn.data, callback_data.project_id), no_problems=True)


async def skipped_elsewhere(query: CallbackQuery) -> None:
    """跳过 pressed on a step without it (an old button): expired."""
    raise Expired()


async def answered(query: CallbackQuery, shown: object) -> None:
    await query.answer()


A = ProgressAction
FORM = form_steps.Form(ProgressButton, Deps, answered, settle_first=True)
STEPS = (
    Step(ProgressForm.stage, ask_percent, buttons={A.STAGE: stage_chosen, A.SKIP: moved_on}),
    Step(ProgressForm.percent, ask_funds, typed("percent_text"), {A.SKIP: moved_on}),
    Step(ProgressForm.funds, ask_signed, typed("funds_text"), {A.SKIP: moved_on}),
    Step(ProgressForm.signed, ask_landed, typed("signed_text"), {A.SKIP: moved_on}),
    Step(ProgressForm.landed, ask_completed, typed("landed_text"), {A.SKIP: moved_on}),
    Step(ProgressForm.completed, ask_milestone, typed("completed_text"), {A.SKIP: moved_on}),
    Step(
        ProgressForm.milestone,
        ask_problems,
        buttons={A.MILESTONE: Button(milestone_chosen, then=ask_done_on), A.SKIP: moved_on},
    ),
    Step(ProgressForm.done_on, ask_problems, typed("done_text"), {A.TODAY: moved_on}),
    Step(ProgressForm.problems, show, typed("problems_text"), {A.NO_PROBLEMS: no_problems, A.SKIP: moved_on}),
)


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered(), F.chat.type == "private")
    router.callback_query.filter(Registered())
    router.callback_query.register(open_form, ProgressButton.filter(F.action == ProgressAction.FORM))
    router.callback_query.register(edit, ProgressButton.filter(F.action == ProgressAction.EDIT))
    form_steps.register_steps(router, FORM, STEPS)
    router.callback_query.register(
        skipped_elsewhere, IN_PROGRESS, ProgressButton.filter(F.action == ProgressAction.SKIP)
    )
    return router
