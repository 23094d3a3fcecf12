"""The target scoreboard: what each work group has achieved this year against its target.

Counting rules (the office's, stated once here and tested in tests/unit/test_office_scoreboard.py):

1. **The year.** Figures count from the start of the campaign year up to and including the as-of
   day: 1 January of the as-of day's year, or the configured campaign start (``ZSBOT_CAMPAIGN_START``
   / ``_END``) when the day falls in it. The time schedule (时序进度) is the share of the campaign year
   elapsed by the end of the as-of day, in calendar days (25 Nov 2026 → 329/365 = 90.1%) or, with
   ``ZSBOT_SCHEDULE_BASIS=workdays``, in working days (holidays and 调休 from the work calendar).
2. **A project counts once, at its first signing.** The number of signed projects of a year is the
   number of projects whose ``first_signed_on`` falls in that year. Signing again (after a stage
   went back, or a second contract) never adds the project a second time.
3. **Amounts are sums of ledger increments.** Signed investment, landed investment and funds
   arrived are the sums of the ``ledger_entries`` deltas of each kind effective in the year. A
   capital increase is entered as its increment only, so it counts only the increment; an
   explicit correction is a (negative) delta and counts the same way. A project signed last year
   adds to this year only what its ledger gained this year.
   Imported history (the plan import's 签约日期/协议投资/到位资金 columns) is posted as entries like a
   live report, so it counts the same way, in the year of its own date.
4. **Whose it is.** A project counts for its current work group (or park, industry, unit, lead); projects without one appear as
   an "unassigned" line (no target) and in the campaign total. Archived projects do not count.
5. **Completion** is signed investment ÷ the group's target (确保目标), and separately ÷ the
   stretch target (力争目标); the schedule gap is completion − time schedule, in percentage
   points (positive: ahead of schedule). A group without a target has no completion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from core.workdays import WorkCalendar
from db.enums import LedgerKind, TargetDimension
from db.models import WorkGroup
from db.queries.digest_rows import LedgerTotal
from db.tx import Tx

_CENT = Decimal("0.0001")
_ONE_DECIMAL = Decimal("0.1")
_HUNDRED = Decimal(100)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent, one decimal (half up); None when there is no whole."""
    if whole <= 0:
        return None
    return (part * _HUNDRED / whole).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


class ScheduleBasis(StrEnum):
    CALENDAR = "calendar"  # calendar days
    WORKDAYS = "workdays"  # working days (holidays and 调休 from the work calendar)


@dataclass(frozen=True)
class CampaignYear:
    """Rule 1's settings: the campaign year (None: the calendar year) and the time schedule's basis."""

    start: dt.date | None = None
    end: dt.date | None = None
    basis: ScheduleBasis = ScheduleBasis.CALENDAR

    def bounds(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The whole campaign year that holds `day`."""
        if self.start is not None and self.end is not None and self.start <= day <= self.end:
            return self.start, self.end
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def year_span(day: dt.date, campaign: CampaignYear | None = None) -> tuple[dt.date, dt.date]:
    """Rule 1: the counting period for `day` — the start of its campaign year to `day` itself."""
    return (campaign or CampaignYear()).bounds(day)[0], day


def elapsed_percent(
    day: dt.date, campaign: CampaignYear | None = None, workdays: WorkCalendar | None = None
) -> Decimal:
    """Rule 1: the time schedule — share of the campaign year elapsed by the end of `day`, in percent."""
    campaign = campaign or CampaignYear()
    start, end = campaign.bounds(day)
    if campaign.basis == ScheduleBasis.WORKDAYS:
        cal = workdays or WorkCalendar()
        days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        total = sum(1 for d in days if cal.is_workday(d))
        done = sum(1 for d in days if d <= day and cal.is_workday(d))
    else:
        total = (end - start).days + 1
        done = (day - start).days + 1
    if total <= 0:
        return Decimal(0)
    return (Decimal(done) * _HUNDRED / total).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def schedule_gap(completion: Decimal | None, elapsed: Decimal) -> Decimal | None:
    """Rule 5: completion minus time schedule in percentage points (positive = ahead)."""
    return None if completion is None else completion - elapsed


class GroupScore(BaseModel):
    """One line of the scoreboard (a work group, the unassigned projects, or the total)."""

    model_config = ConfigDict(frozen=True)

    work_group_id: int | None
    name: str | None  # None: projects without a work group (or the total line)
    target_wan: Decimal
    stretch_wan: Decimal
    signed_wan: Decimal
    landed_wan: Decimal
    funds_wan: Decimal
    signed_projects: int

    @property
    def completion(self) -> Decimal | None:
        return percent(self.signed_wan, self.target_wan)

    @property
    def stretch_completion(self) -> Decimal | None:
        return percent(self.signed_wan, self.stretch_wan)


def total_line(lines: Sequence[GroupScore]) -> GroupScore:
    """The total of scoreboard lines (their targets and every figure summed)."""
    return GroupScore(
        work_group_id=None,
        name=None,
        target_wan=sum((x.target_wan for x in lines), Decimal(0)),
        stretch_wan=sum((x.stretch_wan for x in lines), Decimal(0)),
        signed_wan=sum((x.signed_wan for x in lines), Decimal(0)),
        landed_wan=sum((x.landed_wan for x in lines), Decimal(0)),
        funds_wan=sum((x.funds_wan for x in lines), Decimal(0)),
        signed_projects=sum(x.signed_projects for x in lines),
    )


class Scoreboard(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int
    as_of: dt.date
    elapsed: Decimal  # time schedule, percent of the year
    groups: tuple[GroupScore, ...]
    total: GroupScore
    since: dt.date | None = None  # the first day counted (the campaign year's start)
    basis: ScheduleBasis = ScheduleBasis.CALENDAR
    dimension: str = "group"  # group / park / industry / unit / lead

    def gap(self, line: GroupScore) -> Decimal | None:
        return schedule_gap(line.completion, self.elapsed)


def _money(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def build_scoreboard(
    day: dt.date,
    groups: Sequence[WorkGroup],
    totals: Sequence[LedgerTotal],
    signings: Mapping[int | None, int],
    *,
    include_unassigned: bool = True,
    campaign: CampaignYear | None = None,
    workdays: WorkCalendar | None = None,
) -> Scoreboard:
    """Rules 2–5 applied to the year's ledger sums and first signings (see the module docstring)."""
    sums: dict[tuple[int | None, LedgerKind], Decimal] = {}
    for row in totals:
        key = (row.work_group_id, row.kind)
        sums[key] = sums.get(key, Decimal(0)) + row.total_wan

    def line(group_id: int | None, name: str | None, target: Decimal, stretch: Decimal) -> GroupScore:
        return GroupScore(
            work_group_id=group_id,
            name=name,
            target_wan=_money(target),
            stretch_wan=_money(stretch),
            signed_wan=_money(sums.get((group_id, LedgerKind.SIGNED), Decimal(0))),
            landed_wan=_money(sums.get((group_id, LedgerKind.LANDED), Decimal(0))),
            funds_wan=_money(sums.get((group_id, LedgerKind.FUNDS), Decimal(0))),
            signed_projects=signings.get(group_id, 0),
        )

    lines = [line(g.id, g.name, g.target_wan, g.stretch_target_wan) for g in groups]
    unassigned = line(None, None, Decimal(0), Decimal(0))
    counted = [*lines, unassigned] if include_unassigned else lines
    if include_unassigned and (
        unassigned.signed_wan or unassigned.landed_wan or unassigned.funds_wan or unassigned.signed_projects
    ):
        lines.append(unassigned)
    total = total_line(counted)
    campaign = campaign or CampaignYear()
    return Scoreboard(
        year=campaign.bounds(day)[0].year,
        as_of=day,
        elapsed=elapsed_percent(day, campaign, workdays),
        groups=tuple(lines),
        total=total,
        since=year_span(day, campaign)[0],
        basis=campaign.basis,
    )


async def load_scoreboard(
    tx: Tx,
    day: dt.date,
    *,
    work_group_ids: Collection[int] | None,
    campaign: CampaignYear | None = None,
    workdays: WorkCalendar | None = None,
) -> Scoreboard:
    """The scoreboard as of `day`, for a set of work groups or (None) the whole campaign: two GROUP BY queries."""
    start, end = year_span(day, campaign)
    groups = [g for g in await tx.org.groups() if work_group_ids is None or g.id in work_group_ids]
    totals = await tx.digest_rows.ledger_totals(start, end, work_group_ids=work_group_ids)
    signings = await tx.digest_rows.first_signings(start, end, work_group_ids=work_group_ids)
    return build_scoreboard(
        day,
        groups,
        totals,
        signings,
        include_unassigned=work_group_ids is None,
        campaign=campaign,
        workdays=workdays,
    )


async def load_dimension_board(
    tx: Tx,
    day: dt.date,
    dimension: TargetDimension,
    *,
    work_group_ids: Collection[int] | None,
    campaign: CampaignYear | None = None,
    workdays: WorkCalendar | None = None,
) -> Scoreboard:
    """The scoreboard per park / industry / unit / person as of `day`, against the targets set for them
    (the same rules 1–5; a project counts for its park, industry, unit or lead). Lines with a target
    come first, then the others by signed amount; projects without one are the "unassigned" line."""
    start, end = year_span(day, campaign)
    targets = {t.name: t for t in await tx.org.targets(dimension)}
    totals = await tx.digest_rows.ledger_totals_by(dimension.value, start, end, work_group_ids=work_group_ids)
    signings = await tx.digest_rows.first_signings_by(
        dimension.value, start, end, work_group_ids=work_group_ids
    )
    sums: dict[tuple[str | None, LedgerKind], Decimal] = {}
    for name, kind, amount in totals:
        sums[(name, kind)] = sums.get((name, kind), Decimal(0)) + amount

    def line(name: str | None) -> GroupScore:
        target = targets.get(name) if name is not None else None
        return GroupScore(
            work_group_id=None,
            name=name,
            target_wan=_money(target.target_wan if target else Decimal(0)),
            stretch_wan=_money(target.stretch_target_wan if target else Decimal(0)),
            signed_wan=_money(sums.get((name, LedgerKind.SIGNED), Decimal(0))),
            landed_wan=_money(sums.get((name, LedgerKind.LANDED), Decimal(0))),
            funds_wan=_money(sums.get((name, LedgerKind.FUNDS), Decimal(0))),
            signed_projects=signings.get(name, 0),
        )

    named = {n for n, _ in sums} | {n for n in signings}
    others = sorted(
        (line(n) for n in named if n is not None and n not in targets), key=lambda g: -g.signed_wan
    )
    lines = [line(n) for n in targets] + others
    unassigned = line(None)
    if unassigned.signed_wan or unassigned.landed_wan or unassigned.funds_wan or unassigned.signed_projects:
        lines.append(unassigned)
    overall = total_line(lines)
    campaign = campaign or CampaignYear()
    return Scoreboard(
        year=campaign.bounds(day)[0].year,
        as_of=day,
        elapsed=elapsed_percent(day, campaign, workdays),
        groups=tuple(lines),
        total=overall,
        since=start,
        basis=campaign.basis,
        dimension=dimension.value,
    )
