"""Reminders remember the audit events whose notices they gave, so that an event committed late (its
id lower than a cycle's watermark) is still noticed, and only once; report runs record when their
worker last made progress, so a run whose worker died can be given up and generated again; the board
counts a plan's tasks by light from an index alone, and keeps a version that triggers move with every
change to the tables it shows (its cache's key).

Revision ID: 0007_notices_runs_board
Revises: 0006_heartbeats
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

BOARD_TABLES = ("tasks", "task_support_departments", "plan_items", "plans", "departments", "users")
"""As `tracker.board.models.BOARD_TABLES` when this migration was written (migrations never import
models that may change later)."""
BUMP = "UPDATE board_version SET version = version + 1 WHERE id = 1"

revision = "0007_notices_runs_board"
down_revision = "0006_heartbeats"
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
    op.create_index(
        "ix_tasks_plan_id_deadline_status", "tasks", ["plan_id", "deadline", "status"], unique=False
    )
    op.create_table(
        "board_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_version")),
    )
    op.execute("INSERT INTO board_version (id, version) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _postgresql_triggers() -> None:
    """Constraint triggers deferred to the commit: the version row is locked only while a writing
    transaction commits, so writers do not queue behind each other's open transactions. They fire
    for each row (a bulk change moves the version once per row, all at its commit). TRUNCATE, which
    constraint triggers cannot watch, has a plain trigger."""
    op.execute(
        "CREATE FUNCTION bump_board_version() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
    )
    for table in BOARD_TABLES:
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {table}_board_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_board_version()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_board_version_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_board_version()"
        )


def _sqlite_triggers() -> None:
    """SQLite has row triggers only: one per table and kind of change."""
    for table in BOARD_TABLES:
        for change in ("insert", "update", "delete"):
            op.execute(
                f"CREATE TRIGGER {table}_board_version_{change} AFTER {change.upper()} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in BOARD_TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER {table}_board_version ON {table}")
            op.execute(f"DROP TRIGGER {table}_board_version_truncate ON {table}")
        else:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_board_version_{change}")
    if postgresql:
        op.execute("DROP FUNCTION bump_board_version()")
    op.drop_table("board_version")
    op.drop_index("ix_tasks_plan_id_deadline_status", table_name="tasks")
    with op.batch_alter_table("report_runs") as batch:
        batch.drop_column("progressed_at")
    op.drop_table("reminder_noticed_events")
