"""Holiday schedules entered by hand for years `chinesecalendar` does not cover yet; the board's
version also moves with progress entries (the board searches them), indicators (the dashboard
shows them) and those schedules (working days decide the lights).

Revision ID: 0010_holidays
Revises: 0009_rectification_duties_kinds
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

import tracker.db

NEW_BOARD_TABLES = ("progress_entries", "indicators", "holiday_years", "holiday_days")
"""Added to the tables whose changes move `board_version` (see 0007 for the first ones)."""
BUMP = "UPDATE board_version SET version = version + 1 WHERE id = 1"

revision = "0010_holidays"
down_revision = "0009_rectification_duties_kinds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holiday_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("notice", sa.String(length=200), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("entered_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_holiday_years_entered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_years")),
    )
    op.create_table(
        "holiday_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "kind", sa.Enum("off", "work", name="daykind", native_enum=False, length=10), nullable=False
        ),
        sa.Column("holiday", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["year"],
            ["holiday_years.year"],
            name=op.f("fk_holiday_days_year_holiday_years"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holiday_days")),
    )
    op.create_index(op.f("ix_holiday_days_year"), "holiday_days", ["year"], unique=False)
    for table in NEW_BOARD_TABLES:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(
                f"CREATE CONSTRAINT TRIGGER {table}_board_version "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_board_version()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_board_version_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_board_version()"
            )
        else:
            for change in ("insert", "update", "delete"):
                op.execute(
                    f"CREATE TRIGGER {table}_board_version_{change} AFTER {change.upper()} ON {table} "
                    f"BEGIN {BUMP}; END"
                )


def downgrade() -> None:
    for table in NEW_BOARD_TABLES:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER {table}_board_version ON {table}")
            op.execute(f"DROP TRIGGER {table}_board_version_truncate ON {table}")
        else:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_board_version_{change}")
    op.drop_index(op.f("ix_holiday_days_year"), table_name="holiday_days")
    op.drop_table("holiday_days")
    op.drop_table("holiday_years")
