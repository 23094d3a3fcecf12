"""Import staging: a large spreadsheet's rows are staged in batches, then checked and applied in one
final transaction (issue 17)

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-02 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_staging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_staging")),
    )
    op.create_index(op.f("ix_import_staging_import_id"), "import_staging", ["import_id"])
    op.create_index(op.f("ix_import_staging_created_at"), "import_staging", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_import_staging_created_at"), table_name="import_staging")
    op.drop_index(op.f("ix_import_staging_import_id"), table_name="import_staging")
    op.drop_table("import_staging")
