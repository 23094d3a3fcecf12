"""Operations: failed job runs are retried (attempts, next retry); attachments kept in the media store

Revision ID: 0015
Revises: 0017
Create Date: 2026-12-02 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_runs") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("next_retry_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("job_runs") as batch:
        batch.alter_column("attempts", server_default=None)
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("stored_key", sa.String(length=512), nullable=True))
        batch.add_column(sa.Column("stored_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("store_attempts", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("attachments") as batch:
        batch.alter_column("store_attempts", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("store_attempts")
        batch.drop_column("stored_at")
        batch.drop_column("stored_key")
    with op.batch_alter_table("job_runs") as batch:
        batch.drop_column("next_retry_at")
        batch.drop_column("attempts")
