"""Sentence patterns with Chinese placeholders replace the wording templates: the coordinator's
templates were Jinja, which the patterns no longer read, so they are dropped (the shipped patterns
apply until a coordinator changes one on the wording page).

Revision ID: 0011_report_patterns
Revises: 0010_holidays
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0011_report_patterns"
down_revision = "0010_holidays"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("report_wordings")
    op.create_table(
        "report_patterns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_report_patterns_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_patterns")),
        sa.UniqueConstraint("name", name=op.f("uq_report_patterns_name")),
    )


def downgrade() -> None:
    op.drop_table("report_patterns")
    op.create_table(
        "report_wordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_report_wordings_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_wordings")),
        sa.UniqueConstraint("name", "category", name=op.f("uq_report_wordings_name_category")),
    )
