"""Supervision (督办): generated orders, answer deadlines, escalation, closing notes confirmed by the raiser

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("coordination_issues") as batch:
        batch.add_column(sa.Column("source", sa.String(24), nullable=False, server_default="raised"))
        batch.add_column(sa.Column("source_key", sa.String(100), nullable=True))
        batch.add_column(sa.Column("milestone_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("answer_due", sa.Date(), nullable=True))
        batch.add_column(sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("closing_note", sa.Text(), nullable=True))
        batch.create_unique_constraint("uq_coordination_issues_source_key", ["source_key"])
        batch.create_foreign_key(
            "fk_coordination_issues_milestone_id_milestones",
            "milestones",
            ["milestone_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("coordination_issues") as batch:
        batch.alter_column("source", server_default=None)
        batch.alter_column("escalation_level", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("coordination_issues") as batch:
        batch.drop_constraint("fk_coordination_issues_milestone_id_milestones", type_="foreignkey")
        batch.drop_constraint("uq_coordination_issues_source_key", type_="unique")
        for column in (
            "closing_note",
            "escalation_level",
            "answer_due",
            "ordered_at",
            "milestone_id",
            "source_key",
            "source",
        ):
            batch.drop_column(column)
