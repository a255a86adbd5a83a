"""Archived plans: a confirmed plan whose year is over leaves the boards, 待我处理 and reminders but
keeps every row for the record and the 台账.

Revision ID: 0013_plan_archived
Revises: 0012_session_versions
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0013_plan_archived"
down_revision = "0012_session_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table rebuild, so the board_version triggers on plans stay.
    op.add_column("plans", sa.Column("archived_at", tracker.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("plans", "archived_at")
