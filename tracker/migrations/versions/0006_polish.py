"""Reminders remember the audit events whose notices they gave, so that an event committed late (its
id lower than a cycle's watermark) is still noticed, and only once; report runs record when their
worker last made progress, so a run whose worker died can be given up and generated again.

Revision ID: 0006_polish
Revises: 0005_reports
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0006_polish"
down_revision = "0005_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_noticed_events",
        sa.Column("audit_event_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_event_id"],
            ["audit_events.id"],
            name=op.f("fk_reminder_noticed_events_audit_event_id_audit_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("audit_event_id", name=op.f("pk_reminder_noticed_events")),
    )
    op.add_column(
        "report_runs", sa.Column("progressed_at", tracker.db.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("report_runs") as batch:
        batch.drop_column("progressed_at")
    op.drop_table("reminder_noticed_events")
