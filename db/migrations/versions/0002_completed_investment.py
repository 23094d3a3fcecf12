"""累计完成投资 (investment completed) beside 到位资金; 落地投资 as reported in progress

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 13:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=18, scale=4)


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("completed_investment_wan", MONEY, nullable=False, server_default="0"))
    with op.batch_alter_table("projects") as batch:
        batch.alter_column("completed_investment_wan", server_default=None)
    with op.batch_alter_table("progress_updates") as batch:
        batch.add_column(sa.Column("landed_investment_wan", MONEY, nullable=True))
        batch.add_column(sa.Column("completed_investment_wan", MONEY, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("progress_updates") as batch:
        batch.drop_column("completed_investment_wan")
        batch.drop_column("landed_investment_wan")
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("completed_investment_wan")
