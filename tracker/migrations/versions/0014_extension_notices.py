"""Extension notices in the outbox: a delivery may be about one extension request (sent within
minutes, dropped unsent once the request is decided), so the outbox's unique key becomes two: one
digest per recipient, day and kind, one notice per recipient, kind and request.

Revision ID: 0014_extension_notices
Revises: 0013_plan_archived
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_extension_notices"
down_revision = "0013_plan_archived"
branch_labels = None
depends_on = None

DIGEST = sa.text("extension_request_id IS NULL")
NOTICE = sa.text("extension_request_id IS NOT NULL")


def upgrade() -> None:
    # SQLite rebuilds `deliveries` to drop its table-level unique key; it carries no board_version
    # triggers (0007), and migrations run with foreign keys off, so `delivery_messages` keeps its rows.
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint("uq_deliveries_recipient_id_day_kind", type_="unique")
        batch.add_column(sa.Column("extension_request_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_deliveries_extension_request_id_extension_requests",
            "extension_requests",
            ["extension_request_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_index(
        "uq_deliveries_digest",
        "deliveries",
        ["recipient_id", "day", "kind"],
        unique=True,
        sqlite_where=DIGEST,
        postgresql_where=DIGEST,
    )
    op.create_index(
        "uq_deliveries_notice",
        "deliveries",
        ["recipient_id", "kind", "extension_request_id"],
        unique=True,
        sqlite_where=NOTICE,
        postgresql_where=NOTICE,
    )


def downgrade() -> None:
    notices = "SELECT id FROM deliveries WHERE extension_request_id IS NOT NULL"
    op.execute(f"DELETE FROM delivery_messages WHERE delivery_id IN ({notices})")
    op.execute("DELETE FROM deliveries WHERE extension_request_id IS NOT NULL")
    op.drop_index("uq_deliveries_notice", table_name="deliveries")
    op.drop_index("uq_deliveries_digest", table_name="deliveries")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint("fk_deliveries_extension_request_id_extension_requests", type_="foreignkey")
        batch.drop_column("extension_request_id")
        batch.create_unique_constraint("uq_deliveries_recipient_id_day_kind", ["recipient_id", "day", "kind"])
