"""A synthetic county for benchmarks: every table the digest reads, at ``scale`` × a county.

A county (1×): 6 work groups, 30 units, 200 people, 100 trips with 200 legs, 1,000 daily reports,
100 projects with 300 milestones, 2,000 ledger entries and 300 progress updates, 20 coordination
issues with their events, 200 outbox rows. 100× is 20,000 people, 100,000 reports, 10,000 projects,
200,000 ledger entries. Deterministic for
a seed; :func:`load` bulk-inserts the rows with Core ``INSERT``s.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from db.database import Database
from db.enums import (
    IssueStatus,
    LedgerKind,
    MilestoneKind,
    OutboxStatus,
    ProjectCategory,
    ProjectStage,
    Role,
    TripStatus,
)
from db.models import (
    CoordinationIssue,
    DailyReport,
    IssueEvent,
    LedgerEntry,
    Milestone,
    OutboxMessage,
    Person,
    PersonRole,
    ProgressUpdate,
    Project,
    ReportCoauthor,
    Trip,
    TripCompanion,
    TripLeg,
    Unit,
    WorkGroup,
)

LEDGER_PER_PROJECT = 20
TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 8, 30, tzinfo=TZ)
UTC = dt.UTC
CITIES = [
    ("广东省", "深圳市"),
    ("上海市", "上海市"),
    ("浙江省", "杭州市"),
    ("江苏省", "苏州市"),
    ("四川省", "成都市"),
    ("北京市", "北京市"),
    ("福建省", "厦门市"),
    ("湖北省", "武汉市"),
]
MILESTONES = [MilestoneKind.START_CONSTRUCTION, MilestoneKind.BIDDING_DONE, MilestoneKind.PRODUCTION]
BATCH = 5_000


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _day(rng: random.Random, before: int, after: int = 0) -> dt.date:
    return TODAY + dt.timedelta(days=rng.randint(-before, after))


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return (
        dt.datetime.combine(day, dt.time(rng.randint(8, 21), rng.randint(0, 59)), TZ)
        .astimezone(UTC)
        .replace(tzinfo=None)
    )


def county(scale: int, seed: int = 7) -> dict[Any, list[dict[str, Any]]]:
    """Rows per table for `scale` counties (plain dicts for executemany)."""
    rng = random.Random(seed)
    now = NOW.astimezone(UTC).replace(tzinfo=None)
    tables: dict[Any, list[dict[str, Any]]] = {}
    groups = [
        {
            "id": g + 1,
            "name": f"第{'一二三四五六'[g]}工作组",
            "target_wan": Decimal(600000),
            "stretch_target_wan": Decimal(660000),
            "sort_order": g + 1,
            "created_at": now,
            "updated_at": now,
        }
        for g in range(6)
    ]
    units = [
        {"id": u + 1, "name": f"责任单位{u + 1:05d}", "created_at": now, "updated_at": now}
        for u in range(30 * scale)
    ]
    n_people = 200 * scale
    people, roles = [], []
    for p in range(1, n_people + 1):
        people.append(
            {
                "id": p,
                "name": f"干部{p:06d}",
                "unit_id": rng.randint(1, len(units)),
                "work_group_id": rng.randint(1, 6),
                "telegram_id": 10_000_000 + p,
                "reachable": rng.random() > 0.01,
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
        )
        role = Role.PROJECT_LEAD if p % 10 == 0 else Role.OFFICE if p % 97 == 0 else Role.CADRE
        roles.append({"person_id": p, "role": role.value})
    cadres = [p["id"] for p, r in zip(people, roles, strict=True) if r["role"] == Role.CADRE.value]
    leads = [p["id"] for p, r in zip(people, roles, strict=True) if r["role"] == Role.PROJECT_LEAD.value]

    trips, legs, companions = [], [], []
    for t in range(1, 200 * scale + 1):
        start = _day(rng, 60, 5)
        length = rng.randint(3, 10)
        end = start + dt.timedelta(days=length)
        status = TripStatus.RETURNED if end < TODAY and rng.random() < 0.8 else TripStatus.PLANNED
        trips.append(
            {
                "id": t,
                "cadre_id": rng.choice(cadres),
                "status": status.value,
                "start_date": start,
                "end_date": end,
                "purpose": "招商洽谈",
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "returned_at": _at(end, rng) if status == TripStatus.RETURNED else None,
            }
        )
        middle = start + dt.timedelta(days=length // 2)
        for seq, (s, e) in enumerate(((start, middle), (middle + dt.timedelta(days=1), end))):
            province, city = rng.choice(CITIES)
            legs.append(
                {
                    "trip_id": t,
                    "seq": seq,
                    "province": province,
                    "city": city,
                    "start_date": s,
                    "end_date": max(s, e),
                    "targets": "某企业",
                }
            )
        if rng.random() < 0.3:
            companion = rng.choice(cadres)
            if companion != trips[-1]["cadre_id"]:
                companions.append({"trip_id": t, "person_id": companion})

    # every (trip, person, past day) a report could be for; 1,000 per county of them are filed
    travellers: dict[int, list[int]] = {t["id"]: [t["cadre_id"]] for t in trips}
    for c in companions:
        travellers[c["trip_id"]].append(c["person_id"])
    slots = [
        (t["id"], person, t["start_date"] + dt.timedelta(days=d))
        for t in trips
        for person in travellers[t["id"]]
        for d in range((t["end_date"] - t["start_date"]).days + 1)
        if t["start_date"] + dt.timedelta(days=d) < TODAY
    ]
    reports = [
        {
            "id": n,
            "trip_id": trip_id,
            "author_id": person,
            "report_date": day,
            "city": "深圳市",
            "visits": "拜访企业",
            "outcome": "达成意向",
            "is_late": False,
            "edit_count": 0,
            "created_at": now,
            "updated_at": now,
        }
        for n, (trip_id, person, day) in enumerate(rng.sample(slots, min(len(slots), 1000 * scale)), start=1)
    ]
    coauthors: list[dict[str, Any]] = []

    projects, milestones, ledger, progress = [], [], [], []
    for p in range(1, 100 * scale + 1):
        signed = rng.random() < 0.5
        first = _day(rng, 320) if signed else None
        created = _at(_day(rng, 400, -1), rng)
        category = ProjectCategory.LEAD if rng.random() < 0.2 else ProjectCategory.NEW
        projects.append(
            {
                "id": p,
                "name": f"项目{p:06d}",
                "category": category.value,
                "stage": (ProjectStage.SIGNED if signed else ProjectStage.NEGOTIATING).value,
                "work_group_id": rng.randint(1, 6),
                "unit_id": rng.randint(1, len(units)),
                "lead_id": rng.choice(leads),
                "signed_investment_wan": Decimal(0),
                "landed_investment_wan": Decimal(0),
                "funds_arrived_wan": Decimal(0),
                "first_signed_on": first,
                "archived": rng.random() < 0.02,
                "created_at": created,
                "updated_at": now,
            }
        )
        for kind in MILESTONES:
            due = _day(rng, 120, 60)
            done = due - dt.timedelta(days=rng.randint(0, 5)) if due < TODAY and rng.random() < 0.6 else None
            milestones.append(
                {
                    "project_id": p,
                    "kind": kind.value,
                    "name": "",
                    "due_date": due,
                    "done_on": done,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if signed and first is not None:
            ledger.append(
                {
                    "project_id": p,
                    "kind": LedgerKind.SIGNED.value,
                    "effective_on": first,
                    "delta_wan": Decimal(rng.randint(1000, 200000)),
                    "is_correction": False,
                    "created_at": now,
                }
            )
            ledger.append(
                {
                    "project_id": p,
                    "kind": LedgerKind.LANDED.value,
                    "effective_on": _day(rng, 200),
                    "delta_wan": Decimal(rng.randint(1000, 100000)),
                    "is_correction": False,
                    "created_at": now,
                }
            )
            ledger.append(
                {
                    "project_id": p,
                    "kind": LedgerKind.FUNDS.value,
                    "effective_on": _day(rng, 200),
                    "delta_wan": Decimal(rng.randint(100, 50000)),
                    "is_correction": False,
                    "created_at": now,
                }
            )
        # the rest of the project's ledger history: increments of each figure and the odd correction,
        # LEDGER_PER_PROJECT entries in all (200,000 at 100×)
        for n in range(LEDGER_PER_PROJECT - (3 if signed and first is not None else 0)):
            kind = (LedgerKind.FUNDS, LedgerKind.COMPLETED, LedgerKind.SIGNED, LedgerKind.LANDED)[n % 4]
            correction = rng.random() < 0.05
            ledger.append(
                {
                    "project_id": p,
                    "kind": kind.value,
                    "effective_on": _day(rng, 330),
                    "delta_wan": Decimal(-rng.randint(10, 500) if correction else rng.randint(10, 5000)),
                    "is_correction": correction,
                    "note": "更正" if correction else None,
                    "created_at": now,
                }
            )
        for _ in range(3):
            day = _day(rng, 60, -1)
            last = projects[-1].get("last_progress_at")
            reported = _at(day, rng)
            projects[-1]["last_progress_at"] = reported if last is None else max(last, reported)
            progress.append(
                {
                    "project_id": p,
                    "author_id": projects[-1]["lead_id"],
                    "created_at": reported,
                    "report_date": day,
                    "percent_done": rng.randint(0, 100),
                    "text": "推进中",
                    "problems": "需协调用地" if rng.random() < 0.1 else None,
                    "source": "form",
                }
            )
    for entry in ledger:
        entry.setdefault("note", None)  # one shape for executemany
    issues, events = [], []
    for i in range(1, 20 * scale + 1):
        raised = _at(_day(rng, 60, -1), rng)
        status = rng.choice(list(IssueStatus))
        closed = raised + dt.timedelta(days=rng.randint(1, 20)) if status == IssueStatus.CLOSED else None
        issues.append(
            {
                "id": i,
                "number": i,
                "project_id": rng.randint(1, len(projects)),
                "description": "需协调用地指标",
                "status": status.value,
                "created_at": raised,
                "closed_at": closed,
                "updated_at": now,
            }
        )
        events.append({"issue_id": i, "action": "raised", "at": raised})
        if status != IssueStatus.OPEN:
            later = closed or raised + dt.timedelta(days=rng.randint(1, 20))
            events.append({"issue_id": i, "action": status.value, "at": later})
    outbox = [
        {
            "dedupe_key": f"bench:{i}",
            "person_id": rng.randint(1, n_people),
            "kind": "test.ping",
            "payload": {"n": i},
            "status": (OutboxStatus.DEAD if i % 20 == 0 else OutboxStatus.SENT).value,
            "attempts": 1,
            "not_before": now,
            "created_at": _at(_day(rng, 14), rng),
            "uncertain": False,
        }
        for i in range(200 * scale)
    ]
    for table, rows in (
        (WorkGroup, groups),
        (Unit, units),
        (Person, people),
        (PersonRole, roles),
        (Trip, trips),
        (TripLeg, legs),
        (TripCompanion, companions),
        (DailyReport, reports),
        (ReportCoauthor, coauthors),
        (Project, projects),
        (Milestone, milestones),
        (LedgerEntry, ledger),
        (ProgressUpdate, progress),
        (CoordinationIssue, issues),
        (IssueEvent, events),
        (OutboxMessage, outbox),
    ):
        tables[table] = rows
    return tables


async def load(db: Database, tables: dict[Any, list[dict[str, Any]]]) -> int:
    """Bulk-insert with Core INSERTs (executemany), in one transaction."""
    total = 0
    async with db.engine.begin() as conn:
        for model, rows in tables.items():
            for chunk in _chunks(rows):
                await conn.execute(sa.insert(model.__table__), chunk)
            total += len(rows)
    return total
