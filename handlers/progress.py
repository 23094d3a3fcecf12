"""Progress reports: /progress, the reminder's [汇报进度]/[已完成] buttons, a reply to a reminder,
free text shown back for confirmation ([确认] [修改] [取消]), a step-by-step form, photos,
and the office's audited correction of funds arrived (/fundsfix)."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import BaseFilter, Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.errors import Expired, Invalid
from core.parsing.money import parse_wan
from core.progress import Photo, ProgressDraft, ProgressResult, ProgressService
from core.projects import ProjectService
from core.roles import OFFICE_ROLES
from db.enums import ProjectStage, Role
from db.models import Person
from handlers.callback_fields import parse_id
from handlers.callbacks import pressed_message
from handlers.filters import HasRole, Registered
from handlers.i18n import Safe, quote, t
from handlers.menu import MenuCommand
from handlers.projects import (
    MilestoneAction,
    MilestoneButton,
    ProgressAction,
    ProgressButton,
    milestone_label,
    milestone_plain,
    pick_keyboard,
    stage_label,
    wan,
)

router = Router(name="progress")
router.message.filter(Registered(), F.chat.type == "private")
router.callback_query.filter(Registered())

COMMANDS = [
    MenuCommand("progress", "cmd.progress", roles=frozenset({Role.PROJECT_LEAD}), order=21),
    MenuCommand("fundsfix", "cmd.fundsfix", roles=OFFICE_ROLES, order=70),
]

DRAFT = "progress_draft"
PROJECT = "progress_project"
HINT = "progress_hint"
PHOTOS = "progress_photos"

NOT_A_COMMAND = F.text & ~F.text.startswith("/")


class ProgressForm(StatesGroup):
    text = State()
    confirm = State()
    stage = State()
    percent = State()
    funds = State()
    milestone = State()
    done_on = State()
    problems = State()


IN_PROGRESS = StateFilter(ProgressForm)


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


# ------------------------------------------------------------------------------ rendering


def draft_card(draft: ProgressDraft) -> Safe:
    lines = [t("progress.card.title", project=draft.project_name)]
    if draft.stage is not None:
        before = stage_label(draft.stage_before) if draft.stage_before else Safe("-")
        lines.append(t("progress.card.stage", before=before, after=stage_label(draft.stage)))
    if draft.percent is not None:
        lines.append(t("progress.card.percent", percent=draft.percent))
    if draft.funds_total_wan is not None:
        lines.append(
            t(
                "progress.card.funds",
                total=wan(draft.funds_total_wan),
                before=wan(draft.funds_before_wan),
                delta=wan(draft.funds_total_wan - draft.funds_before_wan),
            )
        )
    if draft.signed_total_wan is not None:
        lines.append(
            t(
                "progress.card.signed",
                total=wan(draft.signed_total_wan),
                delta=wan(draft.signed_total_wan - draft.signed_before_wan),
            )
        )
    if draft.milestone_id is not None and draft.milestone_kind is not None and draft.milestone_done_on:
        label = milestone_label(draft.milestone_kind, draft.milestone_name)
        lines.append(t("progress.card.milestone", milestone=label, date=draft.milestone_done_on))
    elif draft.milestone_unmatched is not None:
        lines.append(t("progress.card.unmatched", said=draft.milestone_unmatched))
    if draft.problems:
        items = "\n".join(f"{i}. {quote(p)}" for i, p in enumerate(draft.problems, start=1))
        lines.append(t("progress.card.problems", items=Safe(items)))
    if draft.photos:
        lines.append(t("progress.card.photos", count=len(draft.photos)))
    if draft.text:
        lines.append(t("progress.card.text", text=draft.text))
    if draft.empty:
        lines.append(t("progress.card.empty"))
    lines.append(t("progress.card.hint"))
    return Safe("\n".join(lines))


def result_text(draft: ProgressDraft, result: ProgressResult) -> Safe:
    lines = [t("progress.saved", project=result.project_name)]
    if draft.funds_total_wan is not None:
        lines.append(t("progress.saved.funds", total=wan(result.funds_total_wan)))
    if draft.stage is not None:
        lines.append(t("progress.saved.stage", stage=stage_label(result.stage)))
    if result.milestone_done and draft.milestone_kind is not None:
        lines.append(
            t(
                "progress.saved.milestone",
                milestone=milestone_label(draft.milestone_kind, draft.milestone_name),
            )
        )
    for issue in result.issues:
        lines.append(t("progress.saved.issue", code=f"督办〔{issue.year}〕{issue.number}"))
    return Safe("\n".join(lines))


def confirm_keyboard(project_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for action, key in (
        (ProgressAction.CONFIRM, "pj.btn.confirm"),
        (ProgressAction.EDIT, "pj.btn.edit"),
        (ProgressAction.CANCEL, "pj.btn.cancel"),
    ):
        kb.button(text=t(key), callback_data=ProgressButton(action=action, project_id=project_id))
    kb.adjust(3)
    return kb.as_markup()


def _buttons(project_id: int, *pairs: tuple[str, ProgressAction, str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for text, action, value in pairs:
        kb.button(text=text, callback_data=ProgressButton(action=action, project_id=project_id, value=value))
    kb.adjust(2)
    return kb.as_markup()


# ------------------------------------------------------------------------------ state helpers


async def _draft(state: FSMContext, project_id: int | None = None) -> ProgressDraft:
    data = await state.get_data()
    raw = data.get(DRAFT)
    if not raw:
        raise Expired()
    draft = ProgressDraft.from_state(raw)
    if project_id is not None and draft.project_id != project_id:
        raise Expired()
    return draft


async def _keep(state: FSMContext, draft: ProgressDraft) -> None:
    await state.update_data({DRAFT: draft.to_state(), PROJECT: draft.project_id})


async def show_draft(message: Message, state: FSMContext, draft: ProgressDraft) -> None:
    await _keep(state, draft)
    await state.set_state(ProgressForm.confirm)
    await message.answer(draft_card(draft), reply_markup=confirm_keyboard(draft.project_id))


async def ask_text(message: Message, state: FSMContext, project_id: int, name: str, hint: int | None) -> None:
    await state.clear()
    await state.set_state(ProgressForm.text)
    await state.set_data({PROJECT: project_id, HINT: hint, PHOTOS: []})
    keyboard = _buttons(project_id, (t("pj.btn.form"), ProgressAction.FORM, ""))
    await message.answer(t("progress.ask", project=name), reply_markup=keyboard)


def _photo(message: Message) -> Photo:
    assert message.photo
    biggest = message.photo[-1]
    return Photo(biggest.file_id, biggest.file_unique_id)


# ------------------------------------------------------------------------------ starting a report


@router.message(F.text, RepliesToReminder())
async def reply_to_reminder(
    message: Message, person: Person, progress: ProgressService, state: FSMContext, reply_context: Any
) -> None:
    assert message.text is not None
    draft = await progress.from_text(
        person, reply_context.project_id, message.text, hint_milestone_id=reply_context.milestone_id
    )
    await state.clear()
    await show_draft(message, state, draft)


@router.message(Command("progress"))
async def start(message: Message, person: Person, projects: ProjectService, state: FSMContext) -> None:
    lines = await projects.my_projects(person)
    if not lines:
        await message.answer(t("project.none_led"))
        return
    if len(lines) == 1:
        await ask_text(message, state, lines[0].id, lines[0].snapshot.name, None)
        return
    await message.answer(t("progress.pick"), reply_markup=pick_keyboard(lines))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.PICK))
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


@router.callback_query(MilestoneButton.filter(F.action == MilestoneAction.REPORT))
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


@router.callback_query(MilestoneButton.filter(F.action == MilestoneAction.DONE))
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


@router.message(ProgressForm.text, NOT_A_COMMAND)
async def text_report(message: Message, person: Person, progress: ProgressService, state: FSMContext) -> None:
    assert message.text is not None
    data = await state.get_data()
    photos = tuple(Photo(p[0], p[1]) for p in data.get(PHOTOS) or ())
    draft = await progress.from_text(
        person, int(data[PROJECT]), message.text, hint_milestone_id=data.get(HINT), photos=photos
    )
    await show_draft(message, state, draft)


@router.message(ProgressForm.confirm, NOT_A_COMMAND)
async def text_again(message: Message, person: Person, progress: ProgressService, state: FSMContext) -> None:
    """A new sentence while the card is shown replaces the parsed values (photos stay)."""
    assert message.text is not None
    old = await _draft(state)
    draft = await progress.from_text(
        person, old.project_id, message.text, hint_milestone_id=old.hint_milestone_id, photos=old.photos
    )
    await show_draft(message, state, draft)


@router.message(ProgressForm.text, F.photo)
async def photo_first(message: Message, person: Person, progress: ProgressService, state: FSMContext) -> None:
    data = await state.get_data()
    photo = _photo(message)
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


@router.message(IN_PROGRESS, F.photo)
async def photo_added(message: Message, progress: ProgressService, state: FSMContext) -> None:
    draft = progress.with_photo(await _draft(state), _photo(message))
    current = await state.get_state()
    if current == ProgressForm.confirm.state:
        await show_draft(message, state, draft)
    else:
        await _keep(state, draft)
        await message.answer(t("progress.photo_added", count=len(draft.photos)))


# ------------------------------------------------------------------------------ the card


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.CONFIRM))
async def confirm(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    draft = await _draft(state, callback_data.project_id)
    result = await progress.confirm(person, draft)
    await state.clear()
    await pressed_message(query).edit_text(result_text(draft, result))
    await query.answer(t("progress.saved.toast"))


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.CANCEL))
async def cancel(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).edit_text(t("progress.cancelled"))
    await query.answer()


# ------------------------------------------------------------------------------ the form


STEPS = ("stage", "percent", "funds", "milestone", "problems")


async def ask_step(
    message: Message,
    state: FSMContext,
    step: str,
    draft: ProgressDraft,
    person: Person,
    projects: ProjectService,
) -> None:
    await _keep(state, draft)
    pid = draft.project_id
    skip = (t("pj.btn.skip"), ProgressAction.SKIP, "")
    if step == "stage":
        await state.set_state(ProgressForm.stage)
        stages = [(str(stage_label(s)), ProgressAction.STAGE, s.value) for s in ProjectStage]
        shown = draft.stage or draft.stage_before
        current = stage_label(shown) if shown else "-"
        await message.answer(
            t("progress.form.stage", current=current), reply_markup=_buttons(pid, *stages, skip)
        )
    elif step == "percent":
        await state.set_state(ProgressForm.percent)
        current = "-" if draft.percent is None else f"{draft.percent}%"
        await message.answer(t("progress.form.percent", current=current), reply_markup=_buttons(pid, skip))
    elif step == "funds":
        await state.set_state(ProgressForm.funds)
        await message.answer(
            t("progress.form.funds", current=wan(draft.funds_total_wan or draft.funds_before_wan)),
            reply_markup=_buttons(pid, skip),
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
        await message.answer(t("progress.form.milestone"), reply_markup=_buttons(pid, *choices, skip))
    elif step == "done_on":
        await state.set_state(ProgressForm.done_on)
        await message.answer(
            t("progress.form.done_on"),
            reply_markup=_buttons(pid, (t("pj.btn.today"), ProgressAction.TODAY, "")),
        )
    else:
        await state.set_state(ProgressForm.problems)
        await message.answer(
            t("progress.form.problems"),
            reply_markup=_buttons(pid, (t("pj.btn.no_problems"), ProgressAction.NO_PROBLEMS, "")),
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


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.FORM))
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


@router.callback_query(ProgressButton.filter(F.action == ProgressAction.EDIT))
async def edit(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await _draft(state, callback_data.project_id)
    await query.answer()
    await ask_step(pressed_message(query), state, "stage", draft, person, projects)


@router.callback_query(ProgressForm.stage, ProgressButton.filter(F.action == ProgressAction.STAGE))
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
        person, await _draft(state, callback_data.project_id), stage=stage
    )
    await query.answer()
    await next_step(pressed_message(query), state, "stage", draft, person, projects)


@router.callback_query(IN_PROGRESS, ProgressButton.filter(F.action == ProgressAction.SKIP))
async def form_skip(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await _draft(state, callback_data.project_id)
    current = (await state.get_state() or "").rpartition(":")[2]
    if current not in STEPS:
        raise Expired()
    await query.answer()
    await next_step(pressed_message(query), state, current, draft, person, projects)


@router.message(ProgressForm.percent, NOT_A_COMMAND)
async def form_percent(
    message: Message, person: Person, progress: ProgressService, projects: ProjectService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await _draft(state), percent_text=message.text)
    await next_step(message, state, "percent", draft, person, projects)


@router.message(ProgressForm.funds, NOT_A_COMMAND)
async def form_funds(
    message: Message, person: Person, progress: ProgressService, projects: ProjectService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await _draft(state), funds_text=message.text)
    await next_step(message, state, "funds", draft, person, projects)


@router.callback_query(ProgressForm.milestone, ProgressButton.filter(F.action == ProgressAction.MILESTONE))
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
    draft = await _draft(state, callback_data.project_id)
    draft = await progress.with_form_values(person, draft, milestone_id=milestone_id)
    await query.answer()
    await ask_step(pressed_message(query), state, "done_on", draft, person, projects)


@router.callback_query(ProgressForm.done_on, ProgressButton.filter(F.action == ProgressAction.TODAY))
async def form_today(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    draft = await _draft(state, callback_data.project_id)  # the milestone is done today unless told
    await query.answer()
    await next_step(pressed_message(query), state, "done_on", draft, person, projects)


@router.message(ProgressForm.done_on, NOT_A_COMMAND)
async def form_done_on(
    message: Message, person: Person, progress: ProgressService, projects: ProjectService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await _draft(state), done_text=message.text)
    await next_step(message, state, "done_on", draft, person, projects)


@router.message(ProgressForm.problems, NOT_A_COMMAND)
async def form_problems(
    message: Message, person: Person, progress: ProgressService, state: FSMContext
) -> None:
    draft = await progress.with_form_values(person, await _draft(state), problems_text=message.text)
    await show_draft(message, state, draft)


@router.callback_query(ProgressForm.problems, ProgressButton.filter(F.action == ProgressAction.NO_PROBLEMS))
async def form_no_problems(
    query: CallbackQuery,
    callback_data: ProgressButton,
    person: Person,
    progress: ProgressService,
    state: FSMContext,
) -> None:
    draft = await progress.with_form_values(
        person, await _draft(state, callback_data.project_id), no_problems=True
    )
    await query.answer()
    await show_draft(pressed_message(query), state, draft)


# ------------------------------------------------------------------------------ office correction


@router.message(Command("fundsfix"), HasRole(*OFFICE_ROLES))
async def funds_fix(
    message: Message, command: CommandObject, person: Person, progress: ProgressService
) -> None:
    """/fundsfix 项目名 金额 原因 — set funds arrived (also downwards), recorded as an audited correction."""
    parts = (command.args or "").split(maxsplit=2)
    if len(parts) < 3:
        await message.answer(t("progress.fix.usage"))
        return
    name, amount_text, reason = parts
    amount = parse_wan(amount_text, default_unit="万")
    if amount is None:
        raise Invalid("progress.bad_amount")
    project = await progress.find_for_office(person, name)
    total = await progress.correct_funds(person, project.id, amount, reason)
    await message.answer(t("progress.fix.done", project=project.name, total=wan(total), reason=reason))


@router.message(Command("fundsfix"))
async def funds_fix_refused(message: Message) -> None:
    await message.answer(t("error.forbidden"))
