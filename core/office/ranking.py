"""The weekly ranking notice (通报): drafted by a job, reviewed by the office, published in one tap.

- Work groups are ranked by completion of their target (signed investment ÷ 确保目标, the
  scoreboard's rule), ties by the larger signed amount.
- Units (责任单位) are ranked by milestone completion: of the milestones due this year before the
  notice day, the share done; ties by fewer milestones still overdue.
- The red list: milestones overdue now (oldest first), the daily reports missing in the week
  covered (the 7 days before the notice day), and the stalled projects (no progress for N days, with
  the lead and unit responsible: the seed's 因工作不积极导致项目搁浅的责任人启动问责).

A notice is stored once per period (``notices`` unique on kind and period, e.g. ``2026-W47``), so
a job that runs twice drafts once. Only a draft can be published or discarded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from core.clock import Clock, day_start
from core.delivery.kinds import Kind
from core.delivery.outbox import Notification, Outbox
from core.errors import Conflict, NotFound
from core.office.chats import office_audiences, office_reviewers
from core.office.digest import MilestoneItem, MissingItem, missing_by_person, overdue_by_unit
from core.office.digest_sections import PayloadModel, StalledItem, stalled_section
from core.office.scoreboard import CampaignYear, GroupScore, load_scoreboard, percent
from core.roles import OFFICE_ROLES, require_any
from core.supervision.service import SupervisionService
from core.supervision.weekly import UnitSupervision
from db.database import Database
from db.enums import NoticeStatus
from db.models import Notice, Person
from db.tx import Tx

KIND = "ranking"
RED_LIST_LIMIT = 200


class GroupRank(PayloadModel):
    rank: int
    name: str
    target_wan: Decimal
    signed_wan: Decimal
    signed_projects: int
    landed_wan: Decimal
    funds_wan: Decimal
    completion: Decimal | None
    gap: Decimal | None  # percentage points ahead (+) or behind (−) the time schedule


class UnitRank(PayloadModel):
    rank: int
    unit: str | None
    due: int
    done: int
    on_time: int
    open_overdue: int
    completion: Decimal | None


class RankingBody(PayloadModel):
    period: str
    week_start: dt.date
    week_end: dt.date
    as_of: dt.date
    elapsed: Decimal
    total: GroupScore
    total_completion: Decimal | None
    total_gap: Decimal | None
    groups: list[GroupRank]
    units: list[UnitRank]
    overdue_total: int
    overdue: list[MilestoneItem]
    missing_total: int
    missing: list[MissingItem]
    stale_days: int = 7
    stalled_total: int = 0
    stalled: list[StalledItem] = []
    supervision: list[UnitSupervision] = []  # 督办 per unit in the week covered (core.supervision.weekly)


@dataclass(frozen=True)
class NoticeView:
    id: int
    period: str
    status: NoticeStatus
    body: RankingBody


@dataclass(frozen=True)
class Published:
    notice: NoticeView
    recipients: int


def covered_week(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """The 7 days before `day`, and their period label (ISO week of the first day)."""
    start, end = day - dt.timedelta(days=7), day - dt.timedelta(days=1)
    year, week, _ = start.isocalendar()
    return start, end, f"{year}-W{week:02d}"


def competition_ranks(keys: list[tuple[object, ...]]) -> list[int]:
    """1, 1, 3 …: equal keys share a rank. `keys` must be sorted already."""
    ranks: list[int] = []
    for i, key in enumerate(keys):
        ranks.append(ranks[-1] if i and key == keys[i - 1] else i + 1)
    return ranks


def _completion_key(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(-1)


class RankingService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        outbox: Outbox,
        *,
        stale_days: int = 7,
        campaign: CampaignYear | None = None,
        supervision: SupervisionService | None = None,
    ) -> None:
        self.db = db
        self.supervision = supervision or SupervisionService(db, clock, outbox)
        self.clock = clock
        self.outbox = outbox
        self.stale_days = stale_days
        self.campaign = campaign or CampaignYear()

    async def compute(self, tx: Tx, day: dt.date) -> RankingBody:
        start, end, period = covered_week(day)
        board = await load_scoreboard(tx, day, work_group_ids=None, campaign=self.campaign)
        named = [g for g in board.groups if g.name is not None]
        named.sort(key=lambda g: (-_completion_key(g.completion), -g.signed_wan, g.name or ""))
        group_ranks = competition_ranks([(g.completion, g.signed_wan) for g in named])
        groups = [
            GroupRank(
                rank=r,
                name=g.name or "",
                target_wan=g.target_wan,
                signed_wan=g.signed_wan,
                signed_projects=g.signed_projects,
                landed_wan=g.landed_wan,
                funds_wan=g.funds_wan,
                completion=g.completion,
                gap=board.gap(g),
            )
            for r, g in zip(group_ranks, named, strict=True)
        ]
        unit_rows = await tx.deadline_rows.unit_milestones(dt.date(day.year, 1, 1), day)
        scored = [(u, percent(Decimal(u.done), Decimal(u.due))) for u in unit_rows if u.due]
        scored.sort(key=lambda x: (-_completion_key(x[1]), x[0].open_overdue, x[0].unit or "\uffff"))
        unit_ranks = competition_ranks([(c, u.open_overdue) for u, c in scored])
        units = [
            UnitRank(
                rank=r,
                unit=u.unit,
                due=u.due,
                done=u.done,
                on_time=u.on_time,
                open_overdue=u.open_overdue,
                completion=c,
            )
            for r, (u, c) in zip(unit_ranks, scored, strict=True)
        ]
        overdue_page, per_unit = await tx.deadline_rows.overdue_milestones(
            day, work_group_ids=None, limit=RED_LIST_LIMIT
        )
        overdue = overdue_by_unit(overdue_page, per_unit, day)
        week = {
            start + dt.timedelta(days=n): day_start(start + dt.timedelta(days=n), self.clock.tz)
            for n in range(7)
        }
        missing = missing_by_person(
            await tx.digest_rows.missing_reports(week, work_group_ids=None, limit=RED_LIST_LIMIT)
        )
        notice_start = day_start(day, self.clock.tz)
        stalled = stalled_section(
            await tx.digest_rows.stalled_projects(
                notice_start,
                notice_start - dt.timedelta(days=self.stale_days),
                work_group_ids=None,
                limit=RED_LIST_LIMIT,
            ),
            day,
            self.clock.tz,
        )
        return RankingBody(
            period=period,
            week_start=start,
            week_end=end,
            as_of=day,
            elapsed=board.elapsed,
            total=board.total,
            total_completion=board.total.completion,
            total_gap=board.gap(board.total),
            groups=groups,
            units=units,
            overdue_total=overdue.total,
            overdue=[item for unit in overdue.units for item in unit.items],
            missing_total=missing.total,
            missing=sorted(missing.items, key=lambda m: (-len(m.days), m.work_group or "\uffff", m.name)),
            stale_days=self.stale_days,
            stalled_total=stalled.total,
            stalled=stalled.items,
            supervision=await self.supervision.weekly(tx, start, end, day),
        )

    async def _draft(self, tx: Tx, day: dt.date) -> Notice:
        _, _, period = covered_week(day)
        notice = await tx.notices.by_period(KIND, period)
        if notice is None:
            body = await self.compute(tx, day)
            notice = await tx.notices.add(Notice(kind=KIND, period=period, body=body.model_dump(mode="json")))
            tx.audit.record("notice.draft", "notice", notice.id, actor_id=None, period=period)
        return notice

    async def draft(self, day: dt.date) -> int:
        """The job: draft this period's notice (once) and send it to the office for review."""
        async with self.db.transaction() as tx:
            notice = await self._draft(tx, day)
            if notice.status != NoticeStatus.DRAFT:
                return 0
            note = Notification(Kind.NOTICE_REVIEW, {"notice_id": notice.id, "body": notice.body})
            return await self.outbox.enqueue_many(
                tx, await office_reviewers(tx), note, key=f"notice:{notice.id}:review"
            )

    async def draft_now(self, actor: Person) -> NoticeView:
        """/ranking: this period's notice (drafted now if the job has not run yet), office only."""
        require_any(actor, *OFFICE_ROLES)
        async with self.db.transaction() as tx:
            return _view(await self._draft(tx, self.clock.today()))

    async def get(self, actor: Person, notice_id: int) -> NoticeView:
        require_any(actor, *OFFICE_ROLES)
        async with self.db.transaction() as tx:
            notice = await tx.notices.get(notice_id)
            if notice is None:
                raise NotFound()
            return _view(notice)

    async def _decide(self, tx: Tx, actor: Person, notice_id: int) -> Notice:
        require_any(actor, *OFFICE_ROLES)
        notice = await tx.notices.get(notice_id, for_update=True)
        if notice is None:
            raise NotFound()
        if notice.status != NoticeStatus.DRAFT:
            raise Conflict(f"notice.already_{notice.status.value}")
        return notice

    async def publish(self, actor: Person, notice_id: int) -> Published:
        """Publish a draft to every office chat and subscription (with the .xlsx and the text)."""
        async with self.db.transaction() as tx:
            notice = await self._decide(tx, actor, notice_id)
            notice.status = NoticeStatus.PUBLISHED
            notice.published_at = self.clock.now()
            notice.published_by_id = actor.id
            recipients = [a.recipient for a in await office_audiences(tx)]
            note = Notification(Kind.NOTICE_PUBLISHED, {"notice_id": notice.id, "body": notice.body})
            sent = await self.outbox.enqueue_many(tx, recipients, note, key=f"notice:{notice.id}:published")
            tx.audit.record("notice.publish", "notice", notice.id, actor_id=actor.id, recipients=sent)
            return Published(_view(notice), sent)

    async def discard(self, actor: Person, notice_id: int) -> NoticeView:
        async with self.db.transaction() as tx:
            notice = await self._decide(tx, actor, notice_id)
            notice.status = NoticeStatus.DISCARDED
            tx.audit.record("notice.discard", "notice", notice.id, actor_id=actor.id)
            return _view(notice)


def _view(notice: Notice) -> NoticeView:
    return NoticeView(notice.id, notice.period, notice.status, RankingBody.model_validate(notice.body))
