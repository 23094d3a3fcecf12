"""Coordination issues (督办): a lead raises one ([需协调]); the office or the work-group leader
assigns it to a unit (picked, or typed and matched — a new unit only after confirmation); the unit's
contacts (or the leaders) answer, pass it on and close it with a note; the raiser (or the office)
confirms or reopens it (buttons on the notifications, /issues)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.coordination import CoordinationService, IssueView, is_unit_contact
from core.errors import Expired
from core.projects import ProjectService
from db.enums import IssueStatus, Role
from db.models import Person
from handlers.coordination.callbacks import IssueAction, IssueButton, OrderAction, OrderButton
from handlers.coordination.notify import confirm_actions, issue_actions, unit_actions
from handlers.projects.callbacks import MilestoneAction, MilestoneButton
from handlers.shared.answer import answer_long
from handlers.shared.filters import TYPED_TEXT, PrivateOrOfficeChat, Registered
from handlers.shared.i18n import Safe, quote, t
from handlers.shared.menu import MenuCommand
from handlers.shared.pressed import pressed_message
from handlers.shared.render import LIGHT_MARK, keyboard, label

COMMANDS = [
    MenuCommand(
        "issues",
        "cmd.issues",
        roles=frozenset({Role.OFFICE, Role.ADMIN, Role.GROUP_LEADER, Role.PROJECT_LEAD, Role.UNIT_CONTACT}),
        order=22,
    )
]

ISSUE_PROJECT = "issue_project"
ISSUE_TEXT = "issue_text"
ISSUE_ID = "issue_id"
UNIT_NAME = "unit_name"
MAX_UNITS = 40


class IssueForm(StatesGroup):
    describe = State()
    confirm = State()
    answer = State()
    closing = State()  # the closing note of 办结
    reopen = State()  # the reason to send a closing back
    unit_name = State()  # a unit typed by name


def _mark(view: IssueView) -> str:
    """An open issue's colour (core.supervision.colour), or ✅ once it is closed."""
    return LIGHT_MARK[view.colour] if view.colour else "✅"


def issue_card(view: IssueView) -> Safe:
    lines = [
        t(
            "issue.card.head",
            light=_mark(view),
            code=view.code,
            status=label(view.status),
        ),
        t("issue.card.project", project=view.project or "-"),
        t("issue.card.description", description=view.description),
        t("issue.card.raised", raiser=view.raised_by or "-", date=view.raised_on, days=view.age_days),
    ]
    if view.unit:
        lines.append(t("issue.card.unit", unit=view.unit))
    if view.answer_due and view.colour:
        lines.append(t("issue.card.due", date=view.answer_due))
    if view.escalation_level:
        lines.append(t(f"issue.card.escalated.{min(view.escalation_level, 2)}"))
    if view.answer:
        lines.append(t("issue.card.answer", answer=view.answer))
    if view.closing_note:
        lines.append(t("issue.card.closing", note=view.closing_note))
    if view.colour:
        lines.append(t("supervision.legend"))
    return Safe("\n".join(lines))


def _raise_keyboard(project_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        ("pj.btn.submit", IssueButton(action=IssueAction.RAISE, issue_id=project_id)),
        ("pj.btn.cancel", IssueButton(action=IssueAction.DROP, issue_id=project_id)),
    )


# ------------------------------------------------------------------------------ raising


async def need_help(
    query: CallbackQuery,
    callback_data: MilestoneButton,
    person: Person,
    projects: ProjectService,
    state: FSMContext,
) -> None:
    milestone = await projects.milestone_for_reporter(person, callback_data.milestone_id)
    await query.answer()
    await state.clear()
    await state.set_state(IssueForm.describe)
    await state.set_data({ISSUE_PROJECT: milestone.project_id})
    await pressed_message(query).answer(t("issue.describe", project=milestone.project.name))


async def described(
    message: Message,
    person: Person,
    projects: ProjectService,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    assert message.text is not None
    description = coordination.description(message.text)  # too long: said now, the form waits
    data = await state.get_data()
    project = await projects.reportable(person, int(data[ISSUE_PROJECT]))
    await state.update_data({ISSUE_TEXT: description})
    await state.set_state(IssueForm.confirm)
    await message.answer(
        t("issue.confirm", project=project.name, description=description),
        reply_markup=_raise_keyboard(project.id),
    )


async def submit(
    query: CallbackQuery,
    callback_data: IssueButton,
    person: Person,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if data.get(ISSUE_PROJECT) != callback_data.issue_id or not data.get(ISSUE_TEXT):
        raise Expired()
    view = await coordination.raise_issue(person, callback_data.issue_id, str(data[ISSUE_TEXT]))
    await state.clear()
    await pressed_message(query).edit_text(t("issue.raised", code=view.code, project=view.project or "-"))
    await query.answer()


async def drop(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await pressed_message(query).edit_text(t("issue.dropped"))
    await query.answer()


# ------------------------------------------------------------------------------ office / group leader


async def choose_unit(
    query: CallbackQuery, callback_data: IssueButton, person: Person, coordination: CoordinationService
) -> None:
    units = await coordination.units(person, callback_data.issue_id)
    view = await coordination.for_handler(person, callback_data.issue_id)
    await query.answer()
    kb = InlineKeyboardBuilder()
    for unit in units[:MAX_UNITS]:
        kb.button(
            text=unit.name,
            callback_data=IssueButton(
                action=IssueAction.UNIT, issue_id=callback_data.issue_id, unit_id=unit.id
            ),
        )
    kb.button(
        text=t("order.btn.type_unit"),
        callback_data=OrderButton(action=OrderAction.TYPE_UNIT, issue_id=callback_data.issue_id),
    )
    kb.adjust(2)
    await pressed_message(query).answer(t("issue.choose_unit", code=view.code), reply_markup=kb.as_markup())


async def ask_unit_name(
    query: CallbackQuery,
    callback_data: OrderButton,
    person: Person,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    view = await coordination.for_handler(person, callback_data.issue_id)
    await _ask_for_text(query, view, state, step=IssueForm.unit_name, question="order.ask_unit")


async def unit_typed(
    message: Message, person: Person, coordination: CoordinationService, state: FSMContext
) -> None:
    """A typed unit name: the existing units it matches to pick, or (none exact) creating it, confirmed."""
    assert message.text is not None
    issue_id = await _typed_issue(state)
    name, matches = await coordination.match_units(person, issue_id, message.text)
    kb = InlineKeyboardBuilder()
    for unit in matches[:MAX_UNITS]:
        kb.button(
            text=unit.name,
            callback_data=IssueButton(action=IssueAction.UNIT, issue_id=issue_id, unit_id=unit.id),
        )
    exact = len(matches) == 1 and matches[0].name == name
    if not exact:
        await state.update_data({UNIT_NAME: name})
        kb.button(
            text=t("order.btn.new_unit", name=name),
            callback_data=OrderButton(action=OrderAction.NEW_UNIT, issue_id=issue_id),
        )
    kb.button(text=t("pj.btn.cancel"), callback_data=IssueButton(action=IssueAction.DROP, issue_id=issue_id))
    kb.adjust(1)
    key = "order.unit_found" if exact else "order.unit_similar" if matches else "order.unit_unknown"
    await message.answer(t(key, name=name), reply_markup=kb.as_markup())


async def new_unit(
    query: CallbackQuery,
    callback_data: OrderButton,
    person: Person,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    data = await state.get_data()
    if data.get(ISSUE_ID) != callback_data.issue_id or not data.get(UNIT_NAME):
        raise Expired()
    view = await coordination.assign_new_unit(person, callback_data.issue_id, str(data[UNIT_NAME]))
    await state.clear()
    await pressed_message(query).edit_text(t("issue.assigned", code=view.code, unit=view.unit or "-"))
    await query.answer()


async def assign(
    query: CallbackQuery,
    callback_data: IssueButton,
    person: Person,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    view = await coordination.assign(person, callback_data.issue_id, callback_data.unit_id)
    await state.clear()
    await pressed_message(query).edit_text(t("issue.assigned", code=view.code, unit=view.unit or "-"))
    await query.answer()


async def _ask_for_text(
    query: CallbackQuery, view: IssueView, state: FSMContext, *, step: State, question: str
) -> None:
    """A press on the issue's card asks for a typed text (answer, closing note, unit, reason) in ``step``."""
    await query.answer()
    await state.set_state(step)
    await state.set_data({ISSUE_ID: view.id})
    await pressed_message(query).answer(
        t(question, code=view.code), reply_markup=ForceReply(input_field_placeholder=view.code)
    )


async def _typed_issue(state: FSMContext) -> int:
    return int((await state.get_data())[ISSUE_ID])


# 答复 and 办结 each ask for a typed text first: nothing closes without a note
TEXT_STEPS = {
    IssueAction.ANSWER: (IssueForm.answer, "issue.ask_answer"),
    IssueAction.CLOSE: (IssueForm.closing, "issue.ask_closing"),
}


async def ask_text(
    query: CallbackQuery,
    callback_data: IssueButton,
    person: Person,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    view = await coordination.for_handler(person, callback_data.issue_id)
    step, question = TEXT_STEPS[callback_data.action]
    await _ask_for_text(query, view, state, step=step, question=question)


async def answered(
    message: Message, person: Person, coordination: CoordinationService, state: FSMContext
) -> None:
    assert message.text is not None
    view = await coordination.answer(person, await _typed_issue(state), message.text)
    await state.clear()
    await message.answer(t("issue.answered", code=view.code))


async def closing_noted(
    message: Message, person: Person, coordination: CoordinationService, state: FSMContext
) -> None:
    assert message.text is not None
    view = await coordination.close(person, await _typed_issue(state), message.text)
    await state.clear()
    await message.answer(t("issue.closing_sent", code=view.code))


async def confirm(
    query: CallbackQuery, callback_data: OrderButton, person: Person, coordination: CoordinationService
) -> None:
    view = await coordination.confirm(person, callback_data.issue_id)
    await pressed_message(query).answer(t("issue.confirmed", code=view.code))
    await query.answer()


async def ask_reopen(
    query: CallbackQuery,
    callback_data: OrderButton,
    person: Person,
    coordination: CoordinationService,
    state: FSMContext,
) -> None:
    view = await coordination.for_confirmer(person, callback_data.issue_id)
    await _ask_for_text(query, view, state, step=IssueForm.reopen, question="issue.ask_reopen")


async def reopen_reason(
    message: Message, person: Person, coordination: CoordinationService, state: FSMContext
) -> None:
    assert message.text is not None
    view = await coordination.reopen(person, await _typed_issue(state), message.text)
    await state.clear()
    await message.answer(t("issue.reopened", code=view.code, date=view.answer_due or "-"))


async def show(
    query: CallbackQuery, callback_data: IssueButton, person: Person, coordination: CoordinationService
) -> None:
    view = await coordination.view(person, callback_data.issue_id)
    markup = None
    if view.status == IssueStatus.CLOSING:
        markup = confirm_actions(view.id) if await coordination.may_confirm(person, view) else None
    elif view.colour and await coordination.may_supervise(person, view):
        markup = unit_actions(view.id) if is_unit_contact(person, view.unit_id) else issue_actions(view.id)
    await query.answer()
    await pressed_message(query).answer(issue_card(view), reply_markup=markup)


async def list_issues(message: Message, person: Person, coordination: CoordinationService) -> None:
    views = await coordination.listed(person)
    if not views:
        await message.answer(t("issue.list.none"))
        return
    lines = [t("issue.list.header", count=len(views))]
    kb = InlineKeyboardBuilder()
    for view in views[:20]:
        lines.append(
            t(
                "issue.list.line",
                light=_mark(view),
                code=view.code,
                project=view.project or "-",
                description=quote(view.description[:60]),
                days=view.age_days,
                status=label(view.status),
            )
        )
        kb.button(text=view.code, callback_data=IssueButton(action=IssueAction.VIEW, issue_id=view.id))
    kb.adjust(3)
    lines.append(t("supervision.legend"))
    await answer_long(message, Safe("\n".join(lines)), kb.as_markup())


def router() -> Router:
    """A fresh router with this module's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.filter(Registered())
    router.callback_query.filter(Registered())
    router.callback_query.register(need_help, MilestoneButton.filter(F.action == MilestoneAction.ISSUE))
    router.message.register(described, IssueForm.describe, TYPED_TEXT)
    router.callback_query.register(submit, IssueButton.filter(F.action == IssueAction.RAISE))
    router.callback_query.register(drop, IssueButton.filter(F.action == IssueAction.DROP))
    router.callback_query.register(choose_unit, IssueButton.filter(F.action == IssueAction.ASSIGN))
    router.callback_query.register(assign, IssueButton.filter(F.action == IssueAction.UNIT))
    router.callback_query.register(ask_text, IssueButton.filter(F.action.in_(TEXT_STEPS)))
    router.message.register(answered, IssueForm.answer, TYPED_TEXT)
    router.message.register(closing_noted, IssueForm.closing, TYPED_TEXT)
    router.callback_query.register(confirm, OrderButton.filter(F.action == OrderAction.CONFIRM))
    router.callback_query.register(ask_reopen, OrderButton.filter(F.action == OrderAction.REOPEN))
    router.message.register(reopen_reason, IssueForm.reopen, TYPED_TEXT)
    router.callback_query.register(ask_unit_name, OrderButton.filter(F.action == OrderAction.TYPE_UNIT))
    router.message.register(unit_typed, IssueForm.unit_name, TYPED_TEXT)
    router.callback_query.register(new_unit, OrderButton.filter(F.action == OrderAction.NEW_UNIT))
    router.callback_query.register(show, IssueButton.filter(F.action == IssueAction.VIEW))
    router.message.register(list_issues, Command("issues"), PrivateOrOfficeChat())
    return router
