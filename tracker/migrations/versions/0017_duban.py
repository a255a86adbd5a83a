"""County 督办: `duban_orders` (what a county asked its towns) and `duban_tasks` (the task it became in
each town's plan). New tables only: no existing table is rebuilt, so the board_version triggers of
migration 0007 stay as they are.

Revision ID: 0017_duban
Revises: 0016_organisations
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0017_duban"
down_revision = "0016_organisations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duban_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("requires_evidence", sa.Boolean(), nullable=False),
        sa.Column("created_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_duban_orders_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_duban_orders_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duban_orders")),
    )
    op.create_index(
        op.f("ix_duban_orders_organisation_id"), "duban_orders", ["organisation_id"], unique=False
    )
    op.create_table(
        "duban_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("duban_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["duban_id"],
            ["duban_orders.id"],
            name=op.f("fk_duban_tasks_duban_id_duban_orders"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_duban_tasks_organisation_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_duban_tasks_task_id_tasks"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duban_tasks")),
        sa.UniqueConstraint(
            "duban_id", "organisation_id", name=op.f("uq_duban_tasks_duban_id_organisation_id")
        ),
        sa.UniqueConstraint("task_id", name=op.f("uq_duban_tasks_task_id")),
    )
    op.create_index(op.f("ix_duban_tasks_duban_id"), "duban_tasks", ["duban_id"], unique=False)
    op.create_index(op.f("ix_duban_tasks_organisation_id"), "duban_tasks", ["organisation_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_duban_tasks_organisation_id"), table_name="duban_tasks")
    op.drop_index(op.f("ix_duban_tasks_duban_id"), table_name="duban_tasks")
    op.drop_table("duban_tasks")
    op.drop_index(op.f("ix_duban_orders_organisation_id"), table_name="duban_orders")
    op.drop_table("duban_orders")
