"""The Alembic migrations build exactly the schema the models declare, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker.db import Database
from tracker.models import Base


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
