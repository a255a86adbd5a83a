"""Plan review: default deadlines marked as suggestions; the 责任人 chosen for each plan item.

Revision ID: 0004_plans
Revises: 0003_web
Create Date: 2026-11-26

Both changes avoid rebuilding plan_items: on SQLite a rebuild drops the table, and with foreign keys on
that cascade-deletes every task that points at it. A plain ADD COLUMN (with a server default, so rows
already there get False) and a new association table need no rebuild on either backend.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_plans"
down_revision = "0003_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "plan_items", sa.Column("deadline_suggested", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.create_table(
        "plan_item_owners",
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["plan_items.id"],
            name=op.f("fk_plan_item_owners_plan_item_id_plan_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_plan_item_owners_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("plan_item_id", name=op.f("pk_plan_item_owners")),
    )
    with op.batch_alter_table("plan_item_owners", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_owners_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("plan_item_owners", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_owners_user_id"))
    op.drop_table("plan_item_owners")
    op.drop_column("plan_items", "deadline_suggested")
