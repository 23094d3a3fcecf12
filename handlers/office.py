"""The command office in chat: bind office group chats, subscribe privately, and query the state.

- ``/bind [工作组]`` and ``/unbind`` in a group chat (admins only).
- ``/subscribe`` and ``/unsubscribe`` privately (office members and group leaders).
- ``/status``, ``/overdue``, ``/supervision``, ``/person NAME``, ``/project NAME`` — office and
  admins see everything, a group leader their own group; anyone else is refused by core.

``/project`` is filtered to office roles and group leaders at the handler, so a project lead's
``/project`` can reach the projects feature's own handler if it has one. ``/supervision`` is the
office's list of open coordination issues (``/issues`` belongs to the projects feature).
"""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, InputMediaPhoto, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.digest import DigestService
from core.office_chats import OfficeChatService
from core.office_queries import MilestoneLine, PersonCard, ProjectCard, SearchResult
from core.project_state import LIGHT, State
from core.roles import OFFICE_ROLES
from db.enums import Language, Role
from db.models import Person
from handlers import render
from handlers.filters import HasRole, PrivateOrOfficeChat, Registered
from handlers.i18n import Safe, fmt_date, plain, quote, t
from handlers.menu import MenuCommand
from handlers.notifications import Rendered
from handlers.notify_office import (
    LIGHTS,
    CardKind,
    OfficeCard,
    chart_attachment,
    issue_lines,
    milestone_name,
    money,
    overdue_lines,
    send_rendered,
    status_text,
)

router = Router(name="office")
router.message.filter(Registered())
router.callback_query.filter(Registered())

READERS = OFFICE_ROLES | {Role.GROUP_LEADER}

COMMANDS = [
    MenuCommand("status", "cmd.office_status", roles=READERS, order=60),
    MenuCommand("overdue", "cmd.office_overdue", roles=READERS, order=61),
    MenuCommand("supervision", "cmd.office_supervision", roles=READERS, order=62),
    MenuCommand("project", "cmd.office_project", roles=READERS, order=63),
    MenuCommand("person", "cmd.office_person", roles=READERS, order=64),
    MenuCommand("subscribe", "cmd.office_subscribe", roles=READERS, order=70),
    MenuCommand("unsubscribe", "cmd.office_unsubscribe", roles=READERS, order=71),
    MenuCommand("bind", "cmd.office_bind", roles=frozenset({Role.ADMIN}), order=79),
]


def _scope_label(group: str | None) -> str:
    return group or t("office.scope.all")


# ------------------------------------------------------------------------------------ chats


@router.message(Command("bind"))
async def bind(
    message: Message, command: CommandObject, person: Person, locale: str, office_chats: OfficeChatService
) -> None:
    bound = await office_chats.bind(
        person,
        chat_id=message.chat.id,
        title=message.chat.title,
        group_name=command.args,
        language=Language(locale),
    )
    await message.answer(t("office.bind.done", scope=_scope_label(bound.work_group)))


@router.message(Command("unbind"))
async def unbind(message: Message, person: Person, office_chats: OfficeChatService) -> None:
    done = await office_chats.unbind(person, chat_id=message.chat.id)
    await message.answer(t("office.unbind.done" if done else "office.unbind.none"))


@router.message(Command("subscribe"), F.chat.type == "private")
async def subscribe(message: Message, person: Person, office_chats: OfficeChatService) -> None:
    bound = await office_chats.subscribe(person)
    key = "office.subscribe.already" if bound.already else "office.subscribe.done"
    await message.answer(t(key, scope=_scope_label(bound.work_group)))


@router.message(Command("unsubscribe"), F.chat.type == "private")
async def unsubscribe(message: Message, person: Person, office_chats: OfficeChatService) -> None:
    done = await office_chats.unsubscribe(person)
    await message.answer(t("office.unsubscribe.done" if done else "office.unsubscribe.none"))


# ------------------------------------------------------------------------------------ queries


@router.message(Command("status"), PrivateOrOfficeChat())
async def status(message: Message, bot: Bot, person: Person, digest: DigestService) -> None:
    board = await digest.status(person)
    chart = await asyncio.to_thread(chart_attachment, board)
    await send_rendered(bot, message.chat.id, Rendered(status_text(board), attachments=(chart,)))


@router.message(Command("overdue"), PrivateOrOfficeChat())
async def overdue(message: Message, bot: Bot, person: Person, digest: DigestService) -> None:
    section = await digest.overdue(person)
    if not section.total:
        await message.answer(t("office.overdue.none"))
        return
    lines = [t("office.overdue.title", count=section.total), *overdue_lines(section)]
    if section.total > section.shown:
        lines.append(t("digest.more", count=section.total - section.shown))
    await send_rendered(bot, message.chat.id, Rendered(Safe("\n".join(lines))))


@router.message(Command("supervision"), PrivateOrOfficeChat())
async def supervision(message: Message, bot: Bot, person: Person, digest: DigestService) -> None:
    section = await digest.open_issues(person)
    if not section.total:
        await message.answer(t("office.issues.none"))
        return
    lines = [t("office.issues.title", count=section.total), *issue_lines(section)]
    if section.total > len(section.items):
        lines.append(t("digest.more", count=section.total - len(section.items)))
    await send_rendered(bot, message.chat.id, Rendered(Safe("\n".join(lines))))


def _choices(result: SearchResult, kind: CardKind) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for hit in result.hits:
        label = t("digest.who", name=hit.name, details=hit.detail) if hit.detail else hit.name
        kb.button(text=plain(label), callback_data=OfficeCard(kind=kind, id=hit.id))
    kb.adjust(1)
    return kb.as_markup()


@router.message(Command("project"), HasRole(*READERS), PrivateOrOfficeChat())
async def project(
    message: Message, command: CommandObject, bot: Bot, person: Person, digest: DigestService
) -> None:
    if not command.args:
        await message.answer(t("office.usage.project"))
        return
    result = await digest.find_projects(person, command.args)
    if len(result.hits) > 1:
        await message.answer(t("office.pick"), reply_markup=_choices(result, CardKind.PROJECT))
        return
    await _show_project(bot, message.chat.id, await digest.project_card(person, result.hits[0].id))


@router.message(Command("person"), PrivateOrOfficeChat())
async def person_query(
    message: Message, command: CommandObject, person: Person, digest: DigestService
) -> None:
    if not command.args:
        await digest.reader_scope(person)  # refuses whoever may not query, before showing the usage
        await message.answer(t("office.usage.person"))
        return
    result = await digest.find_people(person, command.args)
    if len(result.hits) > 1:
        await message.answer(t("office.pick"), reply_markup=_choices(result, CardKind.PERSON))
        return
    await message.answer(person_card_text(await digest.person_card(person, result.hits[0].id)))


@router.callback_query(OfficeCard.filter(F.kind == CardKind.PROJECT), PrivateOrOfficeChat())
async def open_project(
    query: CallbackQuery, callback_data: OfficeCard, bot: Bot, person: Person, digest: DigestService
) -> None:
    card = await digest.project_card(person, callback_data.id)  # checks the group leader's scope
    await query.answer()
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await _show_project(bot, chat_id, card)


@router.callback_query(OfficeCard.filter(F.kind == CardKind.PERSON), PrivateOrOfficeChat())
async def open_person(
    query: CallbackQuery, callback_data: OfficeCard, bot: Bot, person: Person, digest: DigestService
) -> None:
    card = await digest.person_card(person, callback_data.id)
    await query.answer()
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await bot.send_message(chat_id, person_card_text(card))


# ------------------------------------------------------------------------------------ cards


def _unknown(value: object) -> object:
    return value if value not in (None, "") else t("office.card.unknown")


def project_card_text(card: ProjectCard) -> Safe:
    lines = [
        t("office.card.project_title", name=card.name, light=LIGHTS[card.light]),
        t(
            "office.card.kind",
            category=t(f"office.category.{card.category.value}"),
            stage=t(f"office.stage.{card.stage.value}"),
            state=t(f"office.state.{card.state.value}"),
        ),
        t("office.card.where", group=_unknown(card.work_group), unit=_unknown(card.unit)),
    ]
    for key, value in (
        ("office.card.park", card.park),
        ("office.card.investor", card.investor),
        ("office.card.industry", card.industry),
    ):
        if value:
            lines.append(t(key, **{key.rsplit(".", 1)[1]: value}))
    lines.append(t("office.card.people", lead=_unknown(card.lead), liaison=_unknown(card.liaison)))
    lines.append(
        t(
            "office.card.money",
            planned=money(card.planned_wan) if card.planned_wan is not None else t("office.card.unknown"),
            signed=money(card.signed_wan),
            landed=money(card.landed_wan),
            funds=money(card.funds_wan),
        )
    )
    if card.percent_done is not None:
        lines.append(t("office.card.percent", percent=card.percent_done))
    lines.append(t("office.card.milestones"))
    lines += [_card_milestone(m) for m in card.milestones] or [t("office.card.no_milestones")]
    progress = card.last_progress
    if progress is None:
        lines.append(t("office.card.no_progress"))
    else:
        lines.append(
            t(
                "office.card.progress",
                date=progress.report_date,
                author=progress.author or t("digest.progress.anonymous"),
                text=progress.text or t("digest.progress.nothing"),
            )
        )
        if progress.problems:
            lines.append(t("office.card.problems", text=progress.problems))
    if card.open_issues:
        lines.append(t("office.card.issues", count=card.open_issues))
    return Safe("\n".join(lines))


def _card_milestone(m: MilestoneLine) -> Safe:
    if m.state == State.DONE:
        light, note = "✅", t("office.card.done_on", date=m.done_on) if m.done_on else Safe("")
    elif m.state == State.OVERDUE:
        light, note = LIGHTS[LIGHT[State.OVERDUE]], t("office.card.overdue_days", days=m.days_overdue)
    elif m.state == State.DUE_SOON:
        light, note = LIGHTS[LIGHT[State.DUE_SOON]], Safe("")
    else:
        light, note = "⚪", Safe("")
    return t(
        "office.card.milestone_line",
        light=light,
        milestone=milestone_name(m.kind, m.name),
        date=m.due_date,
        note=note,
    )


async def _show_project(bot: Bot, chat_id: int, card: ProjectCard) -> None:
    await bot.send_message(chat_id, project_card_text(card))
    if len(card.photos) == 1:
        await bot.send_photo(chat_id, card.photos[0])
    elif card.photos:
        await bot.send_media_group(chat_id, [InputMediaPhoto(media=file_id) for file_id in card.photos])


def person_card_text(card: PersonCard) -> Safe:
    details = t("digest.sep").join(x for x in (card.unit, card.title) if x)
    account = (
        t("office.card.account_unbound")
        if not card.bound
        else t("office.card.account_bound")
        if card.reachable
        else t("office.card.account_unreachable")
    )
    lines = [
        t("office.card.person_title", name=card.name, details=details)
        if details
        else Safe(f"<b>{quote(card.name)}</b>"),
        t(
            "office.card.person_group",
            group=_unknown(card.work_group),
            roles=render.join(t(f"role.{r.value}") for r in card.roles) or t("role.none"),
        ),
        t("office.card.phone", phone=_unknown(card.phone), account=account),
        t(
            "office.card.away",
            where=card.current_city or t("digest.out.nowhere"),
            until=fmt_date(card.current_until) if card.current_until else t("digest.out.open_end"),
        )
        if card.current_until or card.current_city
        else t("office.card.home"),
        t(
            "office.card.reports",
            last=fmt_date(card.last_report) if card.last_report else t("office.card.never"),
            count=card.reports_30_days,
        ),
    ]
    if card.projects_led:
        lines.append(t("office.card.projects", count=card.projects_led, overdue=card.overdue_milestones))
    return Safe("\n".join(lines))
