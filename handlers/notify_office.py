"""The office's products on screen: the digest with its chart, the scoreboard, the ranking notice,
broadcasts — and their buttons (callback data prefixes o1, n1, b1).

The outbox renderers here are pure functions of the payload (rendered in the recipient's language
at send time). The same functions render the direct answers of /digest, /status, /ranking and
/broadcast, so a reader sees the same text either way.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.broadcast import KIND as BROADCAST_KIND
from core.charts import ChartLabels, render_scoreboard_chart
from core.digest import (
    DIGEST_KIND,
    Digest,
    IssueSection,
    LeadItem,
    MilestoneItem,
    MissingItem,
    OutItem,
    OverdueSection,
    ProgressItem,
)
from core.project_state import Light
from core.ranking import PUBLISHED_KIND, REVIEW_KIND, RankingBody
from core.ranking_workbook import notice_workbook
from core.scoreboard import GroupScore, Scoreboard
from core.vocabulary import format_wan
from db.enums import MilestoneKind, NoticeStatus, Role
from handlers.callback_fields import DbId
from handlers.i18n import Safe, current_locale, fmt_date, plain, quote, t
from handlers.notifications import Attachment, Rendered, renderer
from handlers.splitting import split_html

log = logging.getLogger(__name__)

LIGHTS = {Light.RED: "🔴", Light.YELLOW: "🟡", Light.GREEN: "🟢"}
NOTICE_TEXT_ITEMS = 30  # red-list lines in the message; the .xlsx has them all


# ------------------------------------------------------------------------------------ buttons


class CardKind(StrEnum):
    PROJECT = "p"
    PERSON = "q"


class OfficeCard(CallbackData, prefix="o1"):
    kind: CardKind
    id: DbId


class NoticeAction(StrEnum):
    PUBLISH = "pub"
    DISCARD = "del"


class NoticeButton(CallbackData, prefix="n1"):
    action: NoticeAction
    notice_id: DbId


class BroadcastAction(StrEnum):
    AUDIENCE = "aud"
    SEND = "send"
    CANCEL = "cancel"
    REFRESH = "ref"


class BroadcastButton(CallbackData, prefix="b1"):
    action: BroadcastAction
    id: DbId = 0  # the broadcast (send, cancel, refresh)
    role: Role | None = None  # audience: a role …
    group: DbId = 0  # … or a work group; neither: everyone


def notice_keyboard(notice_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t("notice.btn.publish"),
        callback_data=NoticeButton(action=NoticeAction.PUBLISH, notice_id=notice_id),
    )
    kb.button(
        text=t("notice.btn.discard"),
        callback_data=NoticeButton(action=NoticeAction.DISCARD, notice_id=notice_id),
    )
    return kb.as_markup()


# ------------------------------------------------------------------------------------ small pieces


def money(amount: Decimal) -> str:
    return format_wan(amount, current_locale())


def pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def full_date(day: Any) -> Safe:
    return t("office.full_date", year=day.year, date=fmt_date(day))


def gap_text(gap: Decimal | None) -> Safe:
    if gap is None:
        return Safe("")
    points = f"{abs(gap):.1f}"
    if gap > 0:
        return t("digest.gap.ahead", points=points)
    if gap < 0:
        return t("digest.gap.behind", points=points)
    return t("digest.gap.even")


def milestone_name(kind: MilestoneKind, name: str) -> str:
    if kind == MilestoneKind.CUSTOM:
        return name or t("office.milestone.custom")
    return t(f"office.milestone.{kind.value}")


def who(name: str, details: Iterable[str]) -> Safe:
    """张三（第一工作组、李四同行）: a name with its non-empty details (already rendered)."""
    shown = [d for d in details if d]
    return t("digest.who", name=name, details=Safe(t("digest.sep").join(shown))) if shown else quote(name)


def _join(lines: Iterable[str]) -> Safe:
    return Safe("\n".join(lines))


def _section(title: Safe, count: Safe | None, lines: list[str], more: int = 0) -> Safe:
    if not lines:
        return t("digest.empty", title=title)
    head = t("digest.counted", title=title, count=count) if count is not None else title
    if more > 0:
        lines = [*lines, t("digest.more", count=more)]
    return _join([head, *lines])


# ------------------------------------------------------------------------------------ scoreboard


def score_line(board: Scoreboard, line: GroupScore, name: str) -> Safe:
    if line.completion is None:
        return t(
            "digest.score.line_no_target",
            name=name,
            signed=money(line.signed_wan),
            projects=line.signed_projects,
            landed=money(line.landed_wan),
            funds=money(line.funds_wan),
        )
    return t(
        "digest.score.line",
        name=name,
        signed=money(line.signed_wan),
        projects=line.signed_projects,
        target=money(line.target_wan),
        completion=pct(line.completion),
        gap=gap_text(board.gap(line)),
        stretch=money(line.stretch_wan),
        stretch_completion=pct(line.stretch_completion),
        landed=money(line.landed_wan),
        funds=money(line.funds_wan),
    )


def score_lines(board: Scoreboard) -> list[Safe]:
    lines = [score_line(board, g, g.name or t("digest.score.unassigned")) for g in board.groups]
    if len(board.groups) != 1:  # several groups: their total; none yet: the campaign's figures anyway
        lines.append(score_line(board, board.total, t("digest.score.total")))
    return lines


def status_text(board: Scoreboard) -> Safe:
    return _join(
        [t("office.status.title", date=board.as_of, elapsed=pct(board.elapsed)), *score_lines(board)]
    )


def chart_labels(locale: str) -> ChartLabels:
    return ChartLabels(
        **{
            f: html.unescape(t(f"chart.{f}", locale))
            for f in ("title", "target", "stretch", "signed", "landed", "schedule", "axis", "unassigned")
        }
    )


@functools.lru_cache(maxsize=32)
def _chart_png(board_json: str, locale: str) -> bytes:
    board = Scoreboard.model_validate_json(board_json)
    return render_scoreboard_chart(board, chart_labels(locale), chart_labels("en")).png


def chart_attachment(board: Scoreboard) -> Attachment:
    """The scoreboard chart as a photo; drawn once per distinct scoreboard and language (cached)."""
    return Attachment(_chart_png(board.model_dump_json(), current_locale()), t("chart.file"), kind="photo")


# ------------------------------------------------------------------------------------ digest


def _where(item: OutItem) -> str:
    place = "".join(dict.fromkeys(x for x in (item.province, item.city) if x))
    if item.place:
        place = f"{place} {item.place}".strip()
    return place or t("digest.out.nowhere")


def _out_line(item: OutItem, scoped: bool) -> Safe:
    companions = (
        t("digest.out.companions", names=t("list.sep").join(item.companions)) if item.companions else ""
    )
    group = "" if scoped else quote(item.work_group or "")
    last = (
        t("digest.out.last_report", date=item.last_report) if item.last_report else t("digest.out.no_report")
    )
    until = fmt_date(item.until) if item.until else t("digest.out.open_end")
    return t(
        "digest.out.line", who=who(item.name, [group, companions]), where=_where(item), until=until, last=last
    )


def _days(start: Any, end: Any) -> str:
    return (
        fmt_date(start) if start == end else t("digest.days.range", start=fmt_date(start), end=fmt_date(end))
    )


def _missing_line(item: MissingItem, scoped: bool) -> Safe:
    dates = t("list.sep").join(fmt_date(d) for d in item.days)
    group = "" if scoped else quote(item.work_group or "")
    return t("digest.missing.line", who=who(item.name, [group]), dates=dates)


def _lead_line(item: LeadItem, scoped: bool) -> Safe:
    details = [
        "" if scoped else quote(item.work_group or ""),
        t("digest.lead.investor", name=item.investor) if item.investor else "",
        t("digest.lead.found_by", name=item.found_by) if item.found_by else "",
    ]
    return Safe("· " + who(item.name, details))


def _progress_line(item: ProgressItem) -> Safe:
    details = []
    if item.stage is not None:
        details.append(t("digest.progress.stage", stage=t(f"office.stage.{item.stage.value}")))
    if item.percent_done is not None:
        details.append(t("digest.progress.percent", percent=item.percent_done))
    if item.funds_arrived_wan is not None:
        details.append(t("digest.progress.funds", amount=money(item.funds_arrived_wan)))
    if item.has_problems:
        details.append(t("digest.progress.problems"))
    return t(
        "digest.progress.line",
        project=item.project,
        author=item.author or t("digest.progress.anonymous"),
        details=Safe(t("digest.sep").join(details) if details else t("digest.progress.nothing")),
    )


def _due_line(item: MilestoneItem) -> Safe:
    responsible = t("digest.sep").join(x for x in (item.unit, item.lead) if x) or t("office.card.unknown")
    return t(
        "digest.due.line",
        date=item.due_date,
        project=item.project,
        milestone=milestone_name(item.kind, item.name),
        who=responsible,
    )


def overdue_lines(section: OverdueSection) -> list[str]:
    lines: list[str] = []
    for unit in section.units:
        lines.append(
            t("digest.overdue.unit", unit=unit.unit or t("digest.overdue.no_unit"), count=unit.count)
        )
        lines += [
            t(
                "digest.overdue.line",
                project=m.project,
                milestone=milestone_name(m.kind, m.name),
                days=m.days_overdue,
                date=m.due_date,
            )
            for m in unit.items
        ]
    return lines


def issue_lines(section: IssueSection) -> list[str]:
    lines: list[str] = []
    for item in section.items:
        subject = (
            t("digest.issue.subject", project=item.project, description=_short(item.description))
            if item.project
            else _short(item.description)
        )
        lines.append(
            t(
                "digest.issue.line",
                light=LIGHTS[item.light],
                year=item.year,
                number=item.number,
                subject=subject,
                unit=item.unit or t("digest.issue.no_unit"),
                days=item.age_days,
                status=t(f"office.issue.{item.status.value}"),
            )
        )
    return lines


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def digest_text(d: Digest) -> Safe:
    scoped = d.work_group is not None
    scope = d.work_group or t("office.scope.all")
    parts: list[str] = [
        t("digest.title", date=full_date(d.day), weekday=t(f"office.weekday.{d.day.weekday()}"), scope=scope)
    ]
    if d.uncovered_years:
        parts.append(
            t("digest.calendar_warning", years=t("list.sep").join(str(y) for y in d.uncovered_years))
        )
    parts.append(
        _join([t("digest.sec.score", elapsed=pct(d.scoreboard.elapsed)), *score_lines(d.scoreboard)])
    )
    parts.append(
        _section(
            t("digest.sec.out"),
            t("digest.count.out", count=d.out.total),
            [_out_line(o, scoped) for o in d.out.items],
            d.out.total - len(d.out.items),
        )
    )
    listed = sum(len(m.days) for m in d.missing.items)
    parts.append(
        _section(
            t("digest.sec.missing"),
            t("digest.count.missing", days=_days(d.since, d.until), count=d.missing.total),
            [_missing_line(m, scoped) for m in d.missing.items],
            d.missing.total - listed,
        )
        if d.missing.items
        else t(
            "digest.empty",
            title=t("digest.counted", title=t("digest.sec.missing"), count=_days(d.since, d.until)),
        )
    )
    parts.append(
        _section(
            t("digest.sec.leads"),
            t("digest.count.items", count=d.leads.total),
            [_lead_line(x, scoped) for x in d.leads.items],
            d.leads.total - len(d.leads.items),
        )
    )
    parts.append(
        _section(
            t("digest.sec.progress"),
            t("digest.count.progress", count=d.progress.total),
            [_progress_line(p) for p in d.progress.items],
            d.progress.total - len(d.progress.items),
        )
    )
    parts.append(
        _section(
            t("digest.sec.due", days=(d.due_until - d.day).days),
            t("digest.count.items", count=d.due.total),
            [_due_line(m) for m in d.due.items],
            d.due.total - len(d.due.items),
        )
    )
    parts.append(
        _section(
            t("digest.sec.overdue"),
            t("digest.count.items", count=d.overdue.total),
            overdue_lines(d.overdue),
            d.overdue.total - d.overdue.shown,
        )
    )
    parts.append(
        _section(
            t("digest.sec.issues"),
            t("digest.count.items", count=d.issues.total),
            issue_lines(d.issues),
            d.issues.total - len(d.issues.items),
        )
    )
    if d.health is not None:
        line = t(
            "digest.health.line",
            days=d.health.days,
            dead=d.health.dead_letters,
            people=d.health.unreachable_people,
        )
        if d.health.unreachable_chats:
            line = Safe(line + t("digest.health.chats", count=d.health.unreachable_chats))
        parts.append(t("digest.labelled", title=t("digest.sec.health"), text=line))
    return Safe("\n\n".join(parts))


def render_digest(digest: Digest) -> Rendered:
    """The digest's text with its chart; a chart that cannot be drawn costs the chart, not the digest."""
    try:
        attachments: tuple[Attachment, ...] = (chart_attachment(digest.scoreboard),)
    except Exception:
        log.exception("drawing the digest chart failed; the digest goes without it")
        attachments = ()
    return Rendered(digest_text(digest), attachments=attachments)


@renderer(DIGEST_KIND)
def _digest(payload: dict[str, Any]) -> Rendered:
    return render_digest(Digest.model_validate(payload))


# ------------------------------------------------------------------------------------ ranking notice


def notice_text(body: RankingBody) -> Safe:
    """The notice in 关于…的通报 form (HTML: the title in bold)."""
    total = body.total
    summary = t(
        "notice.summary",
        date=full_date(body.as_of),
        projects=total.signed_projects,
        signed=money(total.signed_wan),
        target=money(total.target_wan),
        completion=pct(body.total_completion),
        elapsed=pct(body.elapsed),
        gap=gap_text(body.total_gap),
        landed=money(total.landed_wan),
        funds=money(total.funds_wan),
    )
    week = body.period.rsplit("W", 1)[-1].lstrip("0")
    parts: list[str] = [
        Safe(f"<b>{t('notice.title', week=week, start=body.week_start, end=body.week_end)}</b>"),
        _join([t("notice.salutation"), summary]),
    ]
    groups = [
        t(
            "notice.group.line",
            rank=g.rank,
            name=g.name,
            signed=money(g.signed_wan),
            projects=g.signed_projects,
            completion=pct(g.completion),
            gap=gap_text(g.gap),
        )
        for g in body.groups
    ]
    parts.append(_join([Safe(f"<b>{t('notice.sec.groups')}</b>"), *(groups or [t("notice.none")])]))
    units = [
        t(
            "notice.unit.line",
            rank=u.rank,
            unit=u.unit or t("digest.overdue.no_unit"),
            due=u.due,
            done=u.done,
            on_time=u.on_time,
            completion=pct(u.completion),
            overdue=t("notice.unit.overdue", count=u.open_overdue) if u.open_overdue else "",
        )
        for u in body.units
    ]
    parts.append(_join([Safe(f"<b>{t('notice.sec.units')}</b>"), *(units or [t("notice.none")])]))
    overdue = [
        t(
            "notice.overdue.line",
            n=i + 1,
            unit=m.unit or t("digest.overdue.no_unit"),
            project=m.project,
            milestone=milestone_name(m.kind, m.name),
            date=m.due_date,
            days=m.days_overdue,
        )
        for i, m in enumerate(body.overdue[:NOTICE_TEXT_ITEMS])
    ]
    if body.overdue_total > len(overdue):
        overdue.append(t("notice.more", count=body.overdue_total - len(overdue)))
    parts.append(
        _join(
            [
                Safe(f"<b>{t('notice.sec.overdue', count=body.overdue_total)}</b>"),
                *(overdue or [t("notice.none")]),
            ]
        )
    )
    missing = [
        t(
            "notice.missing.line",
            n=i + 1,
            who=who(m.name, [quote(m.work_group or "")]),
            count=len(m.days),
            dates=t("list.sep").join(fmt_date(d) for d in m.days),
        )
        for i, m in enumerate(body.missing[:NOTICE_TEXT_ITEMS])
    ]
    if len(body.missing) > len(missing):
        missing.append(t("notice.more", count=len(body.missing) - len(missing)))
    parts.append(
        _join(
            [
                Safe(f"<b>{t('notice.sec.missing', count=body.missing_total)}</b>"),
                *(missing or [t("notice.none")]),
            ]
        )
    )
    parts.append(t("notice.closing"))
    parts.append(t("notice.signature", date=full_date(body.as_of)))
    return Safe("\n\n".join(parts))


def notice_plain(body: RankingBody) -> str:
    """The notice as plain text, ready to paste into an official document."""
    return plain(notice_text(body), limit=10**9)


def notice_files(body: RankingBody) -> tuple[Attachment, ...]:
    name = plain(t("notice.file", period=body.period))
    return (
        Attachment(notice_workbook(body), f"{name}.xlsx"),
        Attachment(notice_plain(body).encode("utf-8"), f"{name}.txt"),
    )


def review_text(body: RankingBody, status: NoticeStatus) -> Safe:
    return Safe(
        "\n\n".join(
            [
                t("notice.review.header"),
                notice_text(body),
                t("notice.review.footer", status=t(f"notice.status.{status.value}")),
            ]
        )
    )


@renderer(REVIEW_KIND)
def _notice_review(payload: dict[str, Any]) -> Rendered:
    body = RankingBody.model_validate(payload["body"])
    return Rendered(
        review_text(body, NoticeStatus.DRAFT), reply_markup=notice_keyboard(int(payload["notice_id"]))
    )


@renderer(PUBLISHED_KIND)
def _notice_published(payload: dict[str, Any]) -> Rendered:
    body = RankingBody.model_validate(payload["body"])
    text = Safe(notice_text(body) + "\n\n" + t("notice.attachment_note"))
    return Rendered(text, attachments=notice_files(body))


# ------------------------------------------------------------------------------------ broadcast


@renderer(BROADCAST_KIND)
def _broadcast(payload: dict[str, Any]) -> Rendered:
    return Rendered(t("broadcast.message", text=payload.get("text", ""), author=payload.get("author", "")))


# ------------------------------------------------------------------------------------ direct answers


async def send_rendered(bot: Bot, chat_id: int, rendered: Rendered) -> None:
    """Answer with a rendered product as the outbox would send it: the attachments first (the first
    one with the text as caption when it fits), then the text split under Telegram's limit."""
    text_sent = False
    for index, item in enumerate(rendered.attachments):
        file = BufferedInputFile(item.data, filename=item.file_name)
        caption = rendered.text if index == 0 and len(rendered.text) <= 1024 else None
        markup = rendered.reply_markup if caption is not None else None
        if item.kind == "photo":
            await bot.send_photo(chat_id, file, caption=caption, reply_markup=markup)
        else:
            await bot.send_document(chat_id, file, caption=caption, reply_markup=markup)
        text_sent = text_sent or caption is not None
    if text_sent:
        return
    parts = split_html(rendered.text)
    for index, part in enumerate(parts):
        await bot.send_message(
            chat_id, part, reply_markup=rendered.reply_markup if index == len(parts) - 1 else None
        )
