"""The daily digest's text, section by section, and the digest with its chart."""

from __future__ import annotations

import logging
from typing import Any

from core.office.digest import (
    Digest,
    IssueSection,
    LeadItem,
    MilestoneItem,
    MismatchItem,
    MissingItem,
    OutItem,
    OverdueSection,
    ProgressItem,
    StalledItem,
)
from core.office.period import PeriodKind
from db.enums import ProjectStage
from handlers.office.chart import chart_attachment
from handlers.office.render import full_date, join_lines, pct, score_lines, section, who
from handlers.shared.i18n import Safe, fmt_date, quote, t
from handlers.shared.notifications import Attachment, Rendered
from handlers.shared.render import LIGHT_MARK, issue_code, label, milestone, money

log = logging.getLogger(__name__)


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
    if item.returned_on is not None:  # closed early (/back) that day, as /travelling says 今日已返程
        until = t("digest.out.returned", date=fmt_date(item.returned_on))
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
        details.append(t("digest.progress.stage", stage=label(item.stage)))
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
        milestone=milestone(item.kind, item.name),
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
                milestone=milestone(m.kind, m.name),
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
                light=LIGHT_MARK[item.light],
                code=issue_code(item.number, item.year),
                subject=subject,
                unit=item.unit or t("digest.issue.no_unit"),
                days=item.age_days,
                status=label(item.status),
            )
            + (t(f"supervision.escalated.{min(item.escalation_level, 2)}") if item.escalation_level else "")
        )
    if lines:
        lines.append(t("supervision.legend"))
    return lines


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stalled_line(item: StalledItem) -> Safe:
    nobody = t("digest.stalled.nobody")
    return t(
        "digest.stalled.line",
        project=item.project,
        lead=item.lead or nobody,
        unit=item.unit or t("digest.overdue.no_unit"),
        days=item.quiet_days,
        since=t(
            "digest.stalled.never" if item.never_reported else "digest.stalled.last",
            date=full_date(item.last_progress) if item.last_progress else "-",
        ),
    )


def _stage_line(d: Digest) -> list[Safe]:
    if not d.stages:
        return []
    counts = t("list.sep").join(
        t("digest.stages.count", stage=label(s), count=d.stages[s]) for s in ProjectStage if d.stages.get(s)
    )
    return [t("digest.stages", date=fmt_date(d.day), counts=Safe(counts))]


def _dated(title: Safe, period: str, count: Safe | None, lines: list[Safe] | list[str], more: int) -> Safe:
    """A section whose head says the period it covers: 四、新增线索（11月27日—11月29日，2个）."""
    if not lines:
        return t("digest.empty", title=t("digest.counted", title=title, count=period))
    head = t("digest.dated", title=title, period=period, count=count) if count is not None else title
    return join_lines([head, *lines, *([t("digest.more", count=more)] if more > 0 else [])])


def _mismatch_line(item: MismatchItem, scoped: bool) -> Safe:
    group = "" if scoped or not item.work_group else item.work_group
    return t(
        "digest.mismatch.line",
        who=who(item.name, [quote(group)] if group else []),
        date=item.day,
        place=item.place or t("report.location_unknown"),
        city=item.city or "-",
        km=item.km,
    )


def digest_text(d: Digest) -> Safe:
    scoped = d.work_group is not None
    scope = d.work_group or t("office.scope.all")
    parts: list[str] = [
        t("digest.title", date=full_date(d.day), weekday=t(f"office.weekday.{d.day.weekday()}"), scope=scope)
    ]
    if d.period == PeriodKind.RANGE:
        parts[0] = join_lines(
            [parts[0], t("digest.kind.range", start=fmt_date(d.since), end=fmt_date(d.until))]
        )
    elif d.period == PeriodKind.TODAY:
        parts[0] = join_lines([parts[0], t("digest.kind.today")])
    if d.late:
        parts.append(t("digest.late", date=full_date(d.day)))
    if d.uncovered_years:
        parts.append(
            t("digest.calendar_warning", years=t("list.sep").join(str(y) for y in d.uncovered_years))
        )
    board = d.scoreboard
    parts.append(
        join_lines(
            [
                t(
                    "digest.sec.score",
                    since=fmt_date(board.since or d.day.replace(month=1, day=1)),
                    date=fmt_date(d.day),
                    elapsed=pct(board.elapsed),
                    basis=t(f"digest.basis.{board.basis.value}"),
                ),
                *score_lines(board),
                *_stage_line(d),
                t("digest.score.more"),
            ]
        )
    )
    on_day = fmt_date(d.day)
    as_of = t("digest.period.as_of", date=on_day)
    activity = _days(d.since, d.until)
    parts.append(
        _dated(
            t("digest.sec.out"),
            on_day,
            t("digest.count.out", count=d.out.total),
            [_out_line(o, scoped) for o in d.out.items],
            d.out.total - len(d.out.items),
        )
    )
    listed = sum(len(m.days) for m in d.missing.items)
    parts.append(
        section(
            t("digest.sec.missing"),
            t("digest.count.missing", days=activity, count=d.missing.total),
            [_missing_line(m, scoped) for m in d.missing.items],
            d.missing.total - listed,
        )
        if d.missing.items
        else t("digest.empty", title=t("digest.counted", title=t("digest.sec.missing"), count=activity))
    )
    lists = (  # (title, period, count, lines, how many more than listed)
        (
            t("digest.sec.leads"),
            activity,
            t("digest.count.items", count=d.leads.total),
            [_lead_line(x, scoped) for x in d.leads.items],
            d.leads.total - len(d.leads.items),
        ),
        (
            t("digest.sec.progress"),
            activity,
            t("digest.count.progress", count=d.progress.total),
            [_progress_line(p) for p in d.progress.items],
            d.progress.total - len(d.progress.items),
        ),
        (
            t("digest.sec.due", days=(d.due_until - d.day).days),
            t("digest.period.from", date=on_day),
            t("digest.count.items", count=d.due.total),
            [_due_line(m) for m in d.due.items],
            d.due.total - len(d.due.items),
        ),
        (
            t("digest.sec.overdue"),
            as_of,
            t("digest.count.items", count=d.overdue.total),
            overdue_lines(d.overdue),
            d.overdue.total - d.overdue.shown,
        ),
        (
            t("digest.sec.issues"),
            as_of,
            t("digest.count.items", count=d.issues.total),
            issue_lines(d.issues),
            d.issues.total - len(d.issues.items),
        ),
        (
            t("digest.sec.stalled", days=d.stale_days),
            as_of,
            t("digest.count.items", count=d.stalled.total),
            [stalled_line(x) for x in d.stalled.items],
            d.stalled.total - len(d.stalled.items),
        ),
    )
    parts += [_dated(title, period, count, lines, more) for title, period, count, lines, more in lists]
    if d.mismatches.items:  # shown only when there is one: a shared location far from the day's city
        parts.append(
            _dated(
                t("digest.sec.mismatch"),
                activity,
                t("digest.count.items", count=d.mismatches.total),
                [_mismatch_line(m, scoped) for m in d.mismatches.items],
                d.mismatches.total - len(d.mismatches.items),
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
