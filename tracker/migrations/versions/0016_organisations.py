"""Organisations: a county and its towns. Departments, people, plans, tasks, report runs, duty
records, deliveries and report patterns each belong to one; every row already here is put under one
town (本镇), so a single-town database goes on exactly as before. Department names, plan sources and
report patterns become unique per organisation (two towns both have a 司法所 and may import the same
county document); user names stay unique for the whole installation (sign-in).

On SQLite making the new columns NOT NULL rebuilds the tables, which drops the board_version triggers
of migration 0007 on departments, users, plans and tasks: they are created again here. The partial
unique indexes of the outbox (0014) are dropped before its rebuild and made again after it, so that
their WHERE clauses cannot be lost on the way.

Revision ID: 0016_organisations
Revises: 0015_demo_flags
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import tracker.db
from tracker.clock import stamp

revision = "0016_organisations"
down_revision = "0015_demo_flags"
branch_labels = None
depends_on = None

HOME_TOWN = "本镇"
OWNED_TABLES = (
    "departments",
    "users",
    "plans",
    "tasks",
    "report_runs",
    "duty_records",
    "deliveries",
    "report_patterns",
)
UNIQUE_PER_ORGANISATION = {"departments": "name", "plans": "source_sha256", "report_patterns": "name"}
"""Tables whose column was unique in the installation and is now unique within an organisation."""
REBUILT_BOARD_TABLES = ("departments", "users", "plans", "tasks")
"""The tables of migration 0007's board_version triggers that the SQLite rebuild drops."""
BUMP = "UPDATE board_version SET version = version + 1 WHERE id = 1"
DIGEST = sa.text("extension_request_id IS NULL")
NOTICE = sa.text("extension_request_id IS NOT NULL")
OUTBOX_KEYS = {
    "uq_deliveries_digest": (["recipient_id", "day", "kind"], DIGEST),
    "uq_deliveries_notice": (["recipient_id", "kind", "extension_request_id"], NOTICE),
}
"""Migration 0014's partial unique indexes on `deliveries`, as it made them."""


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind", sa.Enum("county", "town", name="orgkind", native_enum=False, length=20), nullable=False
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("created_at", tracker.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organisations.id"],
            name=op.f("fk_organisations_parent_id_organisations"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_index(op.f("ix_organisations_parent_id"), "organisations", ["parent_id"], unique=False)
    organisations = sa.table(
        "organisations",
        sa.column("name", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("created_at", tracker.db.UTCDateTime(timezone=True)),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The board_version triggers on the tables filled below are deferred to the commit; pending,
        # they would forbid the ALTER TABLE that follows each UPDATE. Fired at each statement instead.
        op.execute("SET CONSTRAINTS ALL IMMEDIATE")
    bind.execute(sa.insert(organisations).values(name=HOME_TOWN, kind="town", created_at=stamp()))
    town_id = bind.scalar(sa.text("SELECT id FROM organisations WHERE name = :name"), {"name": HOME_TOWN})

    _drop_outbox_keys()
    for table in OWNED_TABLES:
        op.add_column(table, sa.Column("organisation_id", sa.Integer(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET organisation_id = :town").bindparams(town=town_id))
        with op.batch_alter_table(table) as batch:
            batch.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                f"fk_{table}_organisation_id_organisations",
                "organisations",
                ["organisation_id"],
                ["id"],
                ondelete="RESTRICT",
            )
            if table in UNIQUE_PER_ORGANISATION:
                column = UNIQUE_PER_ORGANISATION[table]
                batch.drop_constraint(f"uq_{table}_{column}", type_="unique")
                batch.create_unique_constraint(
                    f"uq_{table}_organisation_id_{column}", ["organisation_id", column]
                )
        op.create_index(f"ix_{table}_organisation_id", table, ["organisation_id"], unique=False)
    _create_outbox_keys()
    if bind.dialect.name == "sqlite":
        _sqlite_board_triggers()


def _drop_outbox_keys() -> None:
    for name in OUTBOX_KEYS:
        op.drop_index(name, table_name="deliveries")


def _create_outbox_keys() -> None:
    for name, (columns, where) in OUTBOX_KEYS.items():
        op.create_index(name, "deliveries", columns, unique=True, sqlite_where=where, postgresql_where=where)


def _sqlite_board_triggers() -> None:
    """As migration 0007 made them; `IF NOT EXISTS` because a table SQLite did not need to rebuild
    keeps its own."""
    for table in REBUILT_BOARD_TABLES:
        for change in ("insert", "update", "delete"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_board_version_{change} AFTER {change.upper()} "
                f"ON {table} BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    """Back to one installation-wide directory: refused by the unique constraints if two
    organisations have a department, plan or pattern of the same name (nothing is merged silently)."""
    _drop_outbox_keys()
    for table in reversed(OWNED_TABLES):
        op.drop_index(f"ix_{table}_organisation_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            if table in UNIQUE_PER_ORGANISATION:
                column = UNIQUE_PER_ORGANISATION[table]
                batch.drop_constraint(f"uq_{table}_organisation_id_{column}", type_="unique")
                batch.create_unique_constraint(f"uq_{table}_{column}", [column])
            batch.drop_constraint(f"fk_{table}_organisation_id_organisations", type_="foreignkey")
            batch.drop_column("organisation_id")
    _create_outbox_keys()
    op.drop_index(op.f("ix_organisations_parent_id"), table_name="organisations")
    op.drop_table("organisations")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_board_triggers()
