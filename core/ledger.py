"""The campaign ledger: every figure of a project (签约/协议投资, 落地投资, 累计完成投资, 到位资金) changes
only by one entry here, with who, when (the day it takes effect and the moment it was written) and
why. The project's totals are the sums of its entries.

Every way a figure comes in ends here: the progress report (form or free text, core.progress), the
plan import (core.project_import) and the office's correction (core.progress.service). The
counting rules that read the ledger are in core/office/scoreboard.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from db.enums import LedgerKind, ProjectStage
from db.models import LedgerEntry, Project, StageChange
from db.tx import Tx

# the project column holding the running total of each kind
TOTAL_ATTR: dict[LedgerKind, str] = {
    LedgerKind.SIGNED: "signed_investment_wan",
    LedgerKind.LANDED: "landed_investment_wan",
    LedgerKind.FUNDS: "funds_arrived_wan",
    LedgerKind.COMPLETED: "completed_investment_wan",
}

# how the office names a figure in /fix (Chinese and English)
KIND_WORDS: dict[str, LedgerKind] = {
    "签约": LedgerKind.SIGNED,
    "协议投资": LedgerKind.SIGNED,
    "签约金额": LedgerKind.SIGNED,
    "signed": LedgerKind.SIGNED,
    "落地": LedgerKind.LANDED,
    "落地投资": LedgerKind.LANDED,
    "landed": LedgerKind.LANDED,
    "完成": LedgerKind.COMPLETED,
    "完成投资": LedgerKind.COMPLETED,
    "累计完成投资": LedgerKind.COMPLETED,
    "completed": LedgerKind.COMPLETED,
    "到位": LedgerKind.FUNDS,
    "到位资金": LedgerKind.FUNDS,
    "funds": LedgerKind.FUNDS,
}


def total_of(project: Project, kind: LedgerKind) -> Decimal:
    value: Decimal = getattr(project, TOTAL_ATTR[kind])
    return value


def post(
    tx: Tx,
    project: Project,
    kind: LedgerKind,
    total: Decimal | None,
    *,
    effective_on: dt.date,
    actor_id: int | None,
    at: dt.datetime,
    note: str | None = None,
    progress_id: int | None = None,
    correction: bool = False,
) -> Decimal | None:
    """Move the project's total of `kind` to `total` by one delta entry; returns the delta (None: no change).

    Without ``correction`` a total never goes down (a capital increase adds its increment, a lower
    figure is ignored here and refused earlier, where it was read); a correction may go either way.
    """
    if total is None:
        return None
    delta = total - total_of(project, kind)
    if delta == 0 or (delta < 0 and not correction):
        return None
    tx.progress.add_ledger(
        LedgerEntry(
            project_id=project.id,
            kind=kind,
            delta_wan=delta,
            effective_on=effective_on,
            is_correction=correction,
            note=note,
            progress_id=progress_id,
            created_by_id=actor_id,
            created_at=at,
        )
    )
    setattr(project, TOTAL_ATTR[kind], total)
    return delta


def mark_signed(project: Project, day: dt.date) -> None:
    """Rule 2 of the scoreboard: a project counts once, in the year of its first signing."""
    if project.first_signed_on is None or day < project.first_signed_on:
        project.first_signed_on = day


def move_stage(
    tx: Tx,
    project: Project,
    stage: ProjectStage,
    *,
    on: dt.date,
    at: dt.datetime,
    actor_id: int | None,
    progress_id: int | None = None,
) -> bool:
    """A stage change with its history row (stage history is what the as-of views read)."""
    if stage == project.stage:
        return False
    tx.progress.add_stage_change(
        StageChange(
            project_id=project.id,
            from_stage=project.stage,
            to_stage=stage,
            changed_on=on,
            changed_at=at,
            changed_by_id=actor_id,
            progress_id=progress_id,
        )
    )
    project.stage = stage
    return True
