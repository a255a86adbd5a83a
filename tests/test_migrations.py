"""The Alembic migrations build exactly the schema the models declare, on both backends."""

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from tracker.db import Database
from tracker.models import Base, Plan, PlanItem, Task
from tracker.organisations.service import sole_organisation


def test_migrated_schema_matches_the_models(engine_database: Database) -> None:
    with engine_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_run_down_and_up_again(database_url: str) -> None:
    from alembic import command

    from tracker.migrate import alembic_config, upgrade

    command.downgrade(alembic_config(database_url), "base")
    upgrade(database_url)
    database = Database(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    database.dispose()


REBUILD_PLAN_ITEMS = """
from alembic import op

revision = "9999_rebuild"
down_revision = {head!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_items", recreate="always"):
        pass


def downgrade() -> None:
    pass
"""


@pytest.mark.parametrize("fresh_database_url", ["sqlite"], indirect=True)  # the rebuild is SQLite's way
def test_a_migration_that_rebuilds_a_table_keeps_the_rows_that_refer_to_it(
    fresh_database_url: str, tmp_path: Path
) -> None:
    """On SQLite a batch migration copies and drops the table; with foreign keys enforced the drop
    would cascade-delete the tasks of every plan item. The environment turns enforcement off."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from tracker.migrate import MIGRATIONS_DIR, alembic_config

    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        plan = Plan(
            organisation_id=sole_organisation(session).id,
            year=2026,
            title="计划",
            source_filename="p.txt",
            source_bytes=b"x",
            source_sha256="0" * 64,
            source_text="x",
        )
        item = PlanItem(plan=plan, title="普法", text="普法")
        session.add(plan)
        session.flush()
        session.add(Task(plan_id=plan.id, plan_item=item, title="普法"))
    database.dispose()

    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    config = alembic_config(fresh_database_url)
    head = ScriptDirectory.from_config(config).get_current_head()
    (scripts / "versions" / "9999_rebuild.py").write_text(REBUILD_PLAN_ITEMS.format(head=head))
    config.set_main_option("script_location", str(scripts))
    command.upgrade(config, "head")

    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count(Task.id))) == 1
    database.dispose()
