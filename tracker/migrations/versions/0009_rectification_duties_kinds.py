"""整改 on each shortcoming (measures, state, date, cause, its plan area) with evidence files; the
coordinator's register of 第一责任人 履职事项; indicator kinds (累计/现有/比率) with approximate and
full-year entries; a task's reason for being unfinished.

A shortcoming's old `rectified_at` becomes the state 已整改 on that day and its note the measures.

Revision ID: 0009_rectification_duties_kinds
Revises: 0008_plan_skipped
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import tracker.db

revision = "0009_rectification_duties_kinds"
down_revision = "0008_plan_skipped"
branch_labels = None
depends_on = None

STATES = ("open", "in_progress", "done")
KINDS = ("cumulative", "stock", "rate")
DUTY_KINDS = ("study", "research", "statement", "inspection", "other_duty", "other_matter")


def _file_columns() -> list[sa.Column]:
    return [
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("uploaded_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
    ]


def _shortcomings() -> sa.TableClause:
    """The shortcoming columns both directions copy between, as they are during the change."""
    return sa.table(
        "shortcomings",
        sa.column("id", sa.Integer()),
        sa.column("rectified_at", tracker.db.UTCDateTime(timezone=True)),
        sa.column("rectification_note", sa.Text()),
        sa.column("rectification_state", sa.String()),
        sa.column("rectification_date", sa.Date()),
        sa.column("rectification_measures", sa.Text()),
    )


def upgrade() -> None:
    op.create_table(
        "duty_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column(
            "kind", sa.Enum(*DUTY_KINDS, name="dutykind", native_enum=False, length=20), nullable=False
        ),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("created_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_duty_records_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_records")),
    )
    op.create_index(op.f("ix_duty_records_held_on"), "duty_records", ["held_on"], unique=False)

    op.create_table(
        "rectification_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shortcoming_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        *_file_columns(),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_rectification_evidence_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shortcoming_id"],
            ["shortcomings.id"],
            name=op.f("fk_rectification_evidence_shortcoming_id_shortcomings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_rectification_evidence_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification_evidence")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_rectification_evidence_stored_name")),
    )
    op.create_index(
        op.f("ix_rectification_evidence_plan_id"), "rectification_evidence", ["plan_id"], unique=False
    )
    op.create_index(
        op.f("ix_rectification_evidence_shortcoming_id"),
        "rectification_evidence",
        ["shortcoming_id"],
        unique=False,
    )

    op.add_column("indicator_increments", sa.Column("qualifier", sa.String(length=10), nullable=True))
    op.add_column(
        "indicator_increments",
        sa.Column("full_year", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "indicators",
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="indicatorkind", native_enum=False, length=20),
            server_default="cumulative",
            nullable=False,
        ),
    )
    op.add_column("tasks", sa.Column("unfinished_reason", sa.Text(), nullable=True))

    with op.batch_alter_table("shortcomings") as batch_op:
        batch_op.add_column(sa.Column("plan_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "rectification_state",
                sa.Enum(*STATES, name="rectificationstate", native_enum=False, length=20),
                server_default="open",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("rectification_measures", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rectification_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("rectification_cause", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_shortcomings_plan_item_id"), ["plan_item_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_shortcomings_plan_item_id_plan_items"),
            "plan_items",
            ["plan_item_id"],
            ["id"],
            ondelete="SET NULL",
        )
    shortcomings = _shortcomings()
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(shortcomings.c.id, shortcomings.c.rectified_at, shortcomings.c.rectification_note).where(
            sa.or_(shortcomings.c.rectified_at.is_not(None), shortcomings.c.rectification_note.is_not(None))
        )
    ).all()
    for row in rows:
        connection.execute(
            shortcomings.update()
            .where(shortcomings.c.id == row.id)
            .values(
                rectification_state="done" if row.rectified_at else "open",
                rectification_date=row.rectified_at.date() if row.rectified_at else None,
                rectification_measures=row.rectification_note,
            )
        )
    with op.batch_alter_table("shortcomings") as batch_op:
        batch_op.drop_column("rectification_note")
        batch_op.drop_column("rectified_at")


def downgrade() -> None:
    with op.batch_alter_table("shortcomings") as batch_op:
        batch_op.add_column(sa.Column("rectified_at", tracker.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("rectification_note", sa.Text(), nullable=True))
    shortcomings = _shortcomings()
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            shortcomings.c.id,
            shortcomings.c.rectification_state,
            shortcomings.c.rectification_date,
            shortcomings.c.rectification_measures,
        )
    ).all()
    for row in rows:
        rectified = row.rectification_state == "done"
        day = row.rectification_date
        connection.execute(
            shortcomings.update()
            .where(shortcomings.c.id == row.id)
            .values(
                rectified_at=datetime(day.year, day.month, day.day, tzinfo=UTC)
                if rectified and day
                else None,
                rectification_note=row.rectification_measures,
            )
        )
    with op.batch_alter_table("shortcomings") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_shortcomings_plan_item_id_plan_items"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_shortcomings_plan_item_id"))
        for column in (
            "rectification_cause",
            "rectification_date",
            "rectification_measures",
            "rectification_state",
            "plan_item_id",
        ):
            batch_op.drop_column(column)
    op.drop_column("tasks", "unfinished_reason")
    op.drop_column("indicators", "kind")
    op.drop_column("indicator_increments", "full_year")
    op.drop_column("indicator_increments", "qualifier")
    op.drop_index(op.f("ix_rectification_evidence_shortcoming_id"), table_name="rectification_evidence")
    op.drop_index(op.f("ix_rectification_evidence_plan_id"), table_name="rectification_evidence")
    op.drop_table("rectification_evidence")
    op.drop_index(op.f("ix_duty_records_held_on"), table_name="duty_records")
    op.drop_table("duty_records")
