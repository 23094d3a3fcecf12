"""Ledger: a covering index for the sums per project and kind over a date range (the digest's scoreboard)

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-02 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_ledger_project_kind_date",
        "ledger_entries",
        ["project_id", "kind", "effective_on", "delta_wan"],
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_project_kind_date", table_name="ledger_entries")
