"""The shipped demo is marked: `plans.is_demo` and `users.is_demo`, so that its tasks never reach a real
person's mail and `tracker demo remove` removes exactly the demo. Installations that ran quickstart
before this revision get their demo plan (its file name) and accounts (their demo addresses) marked.

Revision ID: 0015_demo_flags
Revises: 0014_extension_notices
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_demo_flags"
down_revision = "0014_extension_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: no table rebuild, so the board_version triggers of 0007 stay.
    false = sa.false()
    op.add_column("plans", sa.Column("is_demo", sa.Boolean(), server_default=false, nullable=False))
    op.add_column("users", sa.Column("is_demo", sa.Boolean(), server_default=false, nullable=False))
    op.execute("UPDATE plans SET is_demo = TRUE WHERE source_filename = 'qinghe_2025_report.txt'")
    op.execute("UPDATE users SET is_demo = TRUE WHERE email LIKE '%@demo.luoshi.example'")


def downgrade() -> None:
    # SQLite drops the columns in place: a batch rebuild would lose the board triggers (0007).
    op.execute("ALTER TABLE users DROP COLUMN is_demo")
    op.execute("ALTER TABLE plans DROP COLUMN is_demo")
