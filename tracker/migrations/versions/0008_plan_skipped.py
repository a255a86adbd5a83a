"""Plans keep the stretches of their plan part that no item holds, with the reason, so the review
page can show them greyed and add one as an item.

Revision ID: 0008_plan_skipped
Revises: 0007_notices_runs_board
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_plan_skipped"
down_revision = "0007_notices_runs_board"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("plans", sa.Column("skipped", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    # SQLite drops the column in place: a batch rebuild of `plans` would lose its board triggers (0007).
    op.execute("ALTER TABLE plans DROP COLUMN skipped")
