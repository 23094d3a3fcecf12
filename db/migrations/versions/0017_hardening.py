"""Durable update handling: processed_updates keeps an update's payload until its handling is done

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("payload", sa.Text(), nullable=True))
    with op.batch_alter_table("processed_updates") as batch:
        batch.alter_column("done", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("processed_updates") as batch:
        batch.drop_column("payload")
        batch.drop_column("done")
