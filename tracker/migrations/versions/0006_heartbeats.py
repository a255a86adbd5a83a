"""Heartbeats of beat and the workers, read by /healthz and the coordinators' banner.

Revision ID: 0006_heartbeats
Revises: 0005_reports
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0006_heartbeats"
down_revision = "0005_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "heartbeats",
        sa.Column("component", sa.String(length=20), nullable=False),
        sa.Column("seen_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("component", name=op.f("pk_heartbeats")),
    )


def downgrade() -> None:
    op.drop_table("heartbeats")
