"""The menu a person's chat was last given (a key of its commands and button), so an unchanged
menu is not set again on every language press or /start (issue 18)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("menu_key", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("menu_key")
