"""Alembic environment: runs migrations on a given connection or on `sqlalchemy.url`.

`render_as_batch` lets the same scripts alter tables on SQLite, which cannot ALTER constraints: a
batch operation copies the table into a new one and drops the old. With foreign keys enforced, that drop
would cascade-delete every row that refers to the table (tasks of plan items, say), so on SQLite the
migrations run with enforcement off and the keys are checked once they are done.
"""

from alembic import context

import tracker.models  # noqa: F401  (fills Base.metadata)
from tracker.db import Base, make_engine

config = context.config


def run_migrations(connection) -> None:
    if connection.dialect.name == "sqlite":
        run_sqlite_migrations(connection)
        return
    configure_and_run(connection)


def run_sqlite_migrations(connection) -> None:
    # PRAGMA foreign_keys is ignored inside a transaction: set it on the driver connection before the
    # migration transaction begins.
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        configure_and_run(connection)
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left rows with dangling foreign keys: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def configure_and_run(connection) -> None:
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
