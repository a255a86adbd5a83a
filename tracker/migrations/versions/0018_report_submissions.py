"""A town submits its year's report draft to its county (已提交) and may withdraw it, with a reason,
until the county has read it: `report_submissions`, one current (not withdrawn) row per plan.

A new table only: no rebuild of an existing one, so the board_version triggers of 0007 stay.

Revision ID: 0018_report_submissions
Revises: 0017_duban
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0018_report_submissions"
down_revision = "0017_duban"
branch_labels = None
depends_on = None

CURRENT = sa.text("withdrawn_at IS NULL")


def upgrade() -> None:
    stamp = tracker.db.UTCDateTime(timezone=True)
    op.create_table(
        "report_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", stamp, nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("read_at", stamp, nullable=True),
        sa.Column("read_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", stamp, nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdraw_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_report_submissions_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_report_submissions_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["report_runs.id"],
            name=op.f("fk_report_submissions_run_id_report_runs"),
            ondelete="CASCADE",
        ),
        *(
            sa.ForeignKeyConstraint(
                [column],
                ["users.id"],
                name=op.f(f"fk_report_submissions_{column}_users"),
                ondelete="SET NULL",
            )
            for column in ("submitted_by_id", "read_by_id", "withdrawn_by_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_submissions")),
    )
    op.create_index(op.f("ix_report_submissions_plan_id"), "report_submissions", ["plan_id"])
    op.create_index(op.f("ix_report_submissions_organisation_id"), "report_submissions", ["organisation_id"])
    op.create_index(
        "uq_report_submissions_current",
        "report_submissions",
        ["plan_id"],
        unique=True,
        sqlite_where=CURRENT,
        postgresql_where=CURRENT,
    )


def downgrade() -> None:
    op.drop_table("report_submissions")
