"""/audit: recent audit events for admins, by person or by object, and as a spreadsheet.

The audit log (db `audit_log`) records every binding, rebind and unbind, invite, import, trip
return/reopen/correction, report filing and edit, funds correction and office-chat change.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from core.office.workbook import Column, Sheet, col, write_workbook
from core.people import PeopleService
from core.roles import require_any
from db.database import Database
from db.enums import Role
from db.models import AuditLog, Person
from db.tx import Tx

# what may be named after /audit: an object by its kind and id (`trip 12`, `行程 12`)
ENTITY_WORDS = {
    "trip": "trip",
    "行程": "trip",
    "report": "daily_report",
    "日报": "daily_report",
    "person": "person",
    "人员": "person",
    "project": "project",
    "项目": "project",
    "invite": "invite",
    "import": "import",
    "导入": "import",
}
_ENTITY_REF = re.compile(r"^(\S+)\s*#?(\d+)?$")
EXPORT_LIMIT = 5000


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime  # in the campaign's timezone
    actor: str | None  # None: the operator at the command line, or the system
    action: str
    entity: str
    entity_id: int | None
    details: dict[str, Any]


@dataclass(frozen=True)
class AuditPage:
    about: str | None  # whom or what the events are about (None: everything)
    lines: list[AuditLine]


class AuditService:
    def __init__(self, db: Database, clock: Clock, people: PeopleService) -> None:
        self.db = db
        self.clock = clock
        self.people = people

    async def recent(self, actor: Person, ref: str | None = None, *, limit: int = 20) -> AuditPage:
        """The latest events (admins only): all, a person's (by name or phone), or an object's (`trip 12`)."""
        require_any(actor, Role.ADMIN)
        ref = (ref or "").strip()
        filters: dict[str, Any] = {}
        about: str | None = None
        match = _ENTITY_REF.match(ref) if ref else None
        if match and match.group(1).lower() in ENTITY_WORDS:
            filters["entity"] = ENTITY_WORDS[match.group(1).lower()]
            if match.group(2):
                filters["entity_id"] = int(match.group(2))
            about = ref
        elif ref:
            person = await self.people.resolve(ref)
            filters["person_id"] = person.id
            about = person.name
        async with self.db.transaction() as tx:
            rows = await tx.audit.about(limit=limit, **filters)
            return AuditPage(about, await self._lines(tx, rows))

    async def workbook(self, actor: Person) -> tuple[str, bytes, int]:
        """The latest events as .xlsx (admins only): file name, bytes, rows."""
        require_any(actor, Role.ADMIN)
        async with self.db.transaction() as tx:
            lines = await self._lines(tx, await tx.audit.about(limit=EXPORT_LIMIT))
        sheet = Sheet(
            "审计日志",
            [
                Column("时间", lambda r: r["at"].replace(tzinfo=None), "datetime"),
                col("操作人", "actor"),
                col("操作", "action"),
                col("对象", "entity"),
                col("对象编号", "entity_id", "int"),
                col("详情", "details", width=60),
            ],
            [
                {
                    "at": line.at,
                    "actor": line.actor or "系统/命令行",
                    "action": line.action,
                    "entity": line.entity,
                    "entity_id": line.entity_id,
                    "details": json.dumps(line.details, ensure_ascii=False, default=str),
                }
                for line in lines
            ],
        )
        data = await asyncio.to_thread(write_workbook, [sheet])
        return f"审计日志_{self.clock.today().isoformat()}.xlsx", data, len(lines)

    async def _lines(self, tx: Tx, rows: Sequence[AuditLog]) -> list[AuditLine]:
        people = await tx.trips.people({r.actor_id for r in rows if r.actor_id is not None})
        tz = self.clock.tz
        return [
            AuditLine(
                at=(r.at if r.at.tzinfo else r.at.replace(tzinfo=dt.UTC)).astimezone(tz),
                actor=people[r.actor_id].name if r.actor_id in people else None,
                action=r.action,
                entity=r.entity,
                entity_id=r.entity_id,
                details=dict(r.details or {}),
            )
            for r in rows
        ]
