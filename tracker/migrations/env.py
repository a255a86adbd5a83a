"""Alembic environment: runs migrations on a given connection or on `sqlalchemy.url`.

`render_as_batch` lets the same scripts alter tables on SQLite, which cannot ALTER constraints.
"""

from alembic import context

import tracker.models  # noqa: F401  (fills Base.metadata)
from tracker.db import Base, make_engine

config = context.config


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as new_connection:
        run_migrations(new_connection)
    engine.dispose()
