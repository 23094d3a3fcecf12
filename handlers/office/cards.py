"""The project card and the person card of office queries (/project, /person)."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import InputMediaPhoto

from core.office.queries import MilestoneLine, PersonCard, ProjectCard
from core.project_state import LIGHT, State
from core.trips.status import TripPhase
from handlers.shared import render
from handlers.shared.i18n import Safe, fmt_date, quote, t
from handlers.shared.render import LIGHT_MARK, label, milestone, money


def _unknown(value: object) -> object:
    return value if value not in (None, "") else t("office.card.unknown")


def project_card_text(card: ProjectCard) -> Safe:
    lines = [
        t("office.card.project_title", name=card.name, light=LIGHT_MARK[card.light]),
        t(
            "office.card.kind",
            category=label(card.category),
            stage=label(card.stage),
            state=label(card.state),
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
    if card.problems:  # only open issues are problems: a closed 督办 (or a solved report's problem) is not
        lines.append(t("office.card.problems", text=t("office.card.problem_sep").join(card.problems)))
    if card.open_issues:
        lines.append(t("office.card.issues", count=card.open_issues))
    return Safe("\n".join(lines))


def _card_milestone(m: MilestoneLine) -> Safe:
    if m.state == State.DONE:
        light, note = "✅", t("office.card.done_on", date=m.done_on) if m.done_on else Safe("")
    elif m.state == State.OVERDUE:
        light, note = LIGHT_MARK[LIGHT[State.OVERDUE]], t("office.card.overdue_days", days=m.days_overdue)
    elif m.state == State.DUE_SOON:
        light, note = LIGHT_MARK[LIGHT[State.DUE_SOON]], Safe("")
    else:
        light, note = "⚪", Safe("")
    return t(
        "office.card.milestone_line",
        light=light,
        milestone=milestone(m.kind, m.name),
        date=m.due_date,
        note=note,
    )


async def show_project(bot: Bot, chat_id: int, card: ProjectCard) -> None:
    await bot.send_message(chat_id, project_card_text(card))
    if len(card.photos) == 1:
        await bot.send_photo(chat_id, card.photos[0])
    elif card.photos:
        await bot.send_media_group(chat_id, [InputMediaPhoto(media=file_id) for file_id in card.photos])


def _today_line(card: PersonCard) -> Safe:
    """Where the person is today, by the one trip status (core.trips.status)."""
    where = card.current_city or t("digest.out.nowhere")
    if card.phase == TripPhase.RETURNED:
        return t("office.card.returned_today", where=where)
    if card.phase == TripPhase.ONGOING:
        until = fmt_date(card.current_until) if card.current_until else t("digest.out.open_end")
        return t("office.card.away", where=where, until=until)
    return t("office.card.home")


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
        _today_line(card),
        t(
            "office.card.reports",
            last=fmt_date(card.last_report) if card.last_report else t("office.card.never"),
            count=card.reports_30_days,
        ),
    ]
    if card.projects_led:
        lines.append(t("office.card.projects", count=card.projects_led, overdue=card.overdue_milestones))
    return Safe("\n".join(lines))
