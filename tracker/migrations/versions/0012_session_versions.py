"""Session versions: a person's sign-in sessions can be ended on the server (sign-out, a new
password, deactivation), since the session cookie is honoured only while it carries the version.

Revision ID: 0012_session_versions
Revises: 0011_report_patterns
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_session_versions"
down_revision = "0011_report_patterns"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_versions",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_session_versions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_session_versions")),
    )


def downgrade() -> None:
    op.drop_table("session_versions")
