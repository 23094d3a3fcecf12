"""Leads typed in a daily report: one a line, "company industry amount" in any order after the company.

Each new lead becomes a project in stage ``lead`` linked to the trip, the reporter and the report;
a company the group already follows is only named back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.errors import Invalid
from core.parsing.dates import normalize_text
from core.parsing.money import find_amounts
from db.enums import ProjectCategory, ProjectStage
from db.models import DailyReport, Person, Project, Trip
from db.tx import Tx

_LEAD_LINES = re.compile(r"[\n;；]+")
_LEAD_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*[.、)）]|[-•·*])\s*")
_LEAD_WORDS = re.compile(
    r"(?:公司名称|企业名称|公司|企业|名称|所属产业|产业|行业|领域)\s*[:：]"
    r"|意向投资额?|拟投资额?|计划投资额?|总投资额?|投资额|投资|意向|金额|[:：]"
)
_LEAD_SPLIT = re.compile(r"[\s,，、|]+")  # not "/": company names have it (A/B新能源)
MAX_COMPANY = 100
MAX_INDUSTRY = 64


@dataclass(frozen=True)
class LeadInput:
    company: str
    industry: str | None = None
    investment_wan: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        wan = None if self.investment_wan is None else str(self.investment_wan)
        return {"company": self.company, "industry": self.industry, "investment_wan": wan}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LeadInput:
        wan = data.get("investment_wan")
        return cls(data["company"], data.get("industry"), Decimal(wan) if wan is not None else None)


def parse_leads(text: str) -> tuple[LeadInput, ...]:
    """``比亚迪 新能源汽车 约5亿元`` (one lead a line) → company, industry, intended amount in 万元."""
    leads: list[LeadInput] = []
    for raw in _LEAD_LINES.split(normalize_text(text)):
        line = _LEAD_NUMBERING.sub("", raw).strip()
        if not line:
            continue
        amounts = [a for a in find_amounts(line) if a.currency == "CNY"]
        rest = line
        if amounts:
            rest = line[: amounts[0].start] + " " + line[amounts[0].end :]
        parts = [p for p in _LEAD_SPLIT.split(_LEAD_WORDS.sub(" ", rest)) if p]
        if not parts or len(parts[0]) > MAX_COMPANY:
            raise Invalid("report.lead_unreadable", line=line[:60])
        industry = "".join(parts[1:])[:MAX_INDUSTRY] or None
        leads.append(LeadInput(parts[0], industry, amounts[0].wan if amounts else None))
    return tuple(leads)


async def add_leads(
    tx: Tx,
    actor: Person,
    trip: Trip,
    report: DailyReport,
    leads: tuple[LeadInput, ...],
    *,
    now: dt.datetime,
    today: dt.date,
) -> tuple[list[tuple[str, Decimal | None]], list[str]]:
    """New companies become lead projects of the actor's group; known ones are only named back."""
    created: list[tuple[str, Decimal | None]] = []
    known: list[str] = []
    for lead in leads:
        name = lead.company.strip()[:MAX_COMPANY]
        if await tx.reports.project_named(name, actor.work_group_id) is not None:
            known.append(name)
            continue
        await tx.reports.add_lead_project(
            Project(
                name=name,
                category=ProjectCategory.LEAD,
                stage=ProjectStage.LEAD,
                industry=lead.industry,
                work_group_id=actor.work_group_id,
                lead_id=actor.id,
                planned_investment_wan=lead.investment_wan,
                found_trip_id=trip.id,
                found_by_id=actor.id,
                found_report_id=report.id,
                created_at=now,
                updated_at=now,
            ),
            on=today,
            by_id=actor.id,
        )
        created.append((name, lead.investment_wan))
    return created, known
