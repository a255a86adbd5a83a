"""Migration 0016 turns a single-town database into one town (本镇) of an installation that may hold a
county and its towns: every row is kept and put under that town, and the board still sees changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from alembic import command
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    bindparam,
    insert,
    text,
)
from sqlalchemy.engine import Connection

from tracker.db import Database
from tracker.migrate import alembic_config, upgrade

BEFORE = "0015_demo_flags"
OWNED = (
    "departments",
    "users",
    "plans",
    "tasks",
    "report_runs",
    "duty_records",
    "deliveries",
    "report_patterns",
)
AT = datetime(2026, 1, 2, tzinfo=UTC)


def _filler(column: Any) -> object:
    """A value for a NOT NULL column the row at hand does not care about."""
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, Integer):
        return 0
    if isinstance(kind, DateTime):
        return AT
    if isinstance(kind, Date):
        return date(2026, 1, 2)
    if isinstance(kind, JSON):
        return []
    if isinstance(kind, LargeBinary):
        return b""
    return "x"


def _add(connection: Connection, table_name: str, **values: object) -> None:
    """A row as the schema of revision 0013 has the table (read from the database, not the models)."""
    table = Table(table_name, MetaData(), autoload_with=connection)
    for column in table.columns:
        needed = not column.nullable and not column.primary_key and column.server_default is None
        if needed and column.name not in values:
            values[column.name] = _filler(column)
    connection.execute(insert(table).values(**values))


def _single_town_database(connection: Connection) -> None:
    """Two units, two people, a confirmed plan with a task, a draft run, a duty line, a mail, a pattern."""
    _add(connection, "departments", id=1, name="司法所")
    _add(connection, "departments", id=2, name="党政办")
    _add(connection, "users", id=1, username="li", display_name="李协调", role="coordinator")
    _add(connection, "users", id=2, username="zhang", display_name="张三", role="owner", department_id=1)
    _add(connection, "plans", id=1, year=2026, title="计划", status="confirmed", source_sha256="0" * 64)
    _add(connection, "plan_items", id=1, plan_id=1, title="普法", text="普法")
    _add(connection, "tasks", id=1, plan_id=1, plan_item_id=1, title="普法", status="pending", version_id=1)
    _add(connection, "report_runs", id=1, plan_id=1, format="md", status="done")
    _add(connection, "duty_records", id=1, held_on=date(2026, 3, 1), kind="study", text="学法")
    _add(connection, "deliveries", id=1, recipient_id=2, kind="daily", status="sent", payload={})
    _add(connection, "report_patterns", id=1, name="title", body="〔单位〕报告")


def _bump_by_editing_a_task(database: Database) -> int:
    """How far one committed change to a task moves the board's version."""
    with database.engine.connect() as connection:
        before = connection.scalar(text("SELECT version FROM board_version"))
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE tasks SET title = '开展普法' WHERE id = 1"))
    with database.engine.connect() as connection:
        return int(connection.scalar(text("SELECT version FROM board_version"))) - int(before)


def test_every_row_is_kept_under_one_town_and_the_board_still_sees_changes(fresh_database_url: str) -> None:
    command.downgrade(alembic_config(fresh_database_url), BEFORE)
    database = Database(fresh_database_url)
    with database.engine.begin() as connection:
        _single_town_database(connection)
    upgrade(fresh_database_url)

    with database.engine.connect() as connection:
        towns = connection.execute(text("SELECT id, name, kind, parent_id FROM organisations")).all()
        assert [tuple(town[1:]) for town in towns] == [("本镇", "town", None)]
        town_id = towns[0][0]
        for table in OWNED:
            owners = connection.execute(text(f"SELECT id, organisation_id FROM {table}")).all()
            assert owners and all(owner == town_id for _id, owner in owners), table
        assert connection.scalar(text("SELECT count(*) FROM departments")) == 2
        assert connection.scalar(text("SELECT count(*) FROM users")) == 2
    assert _bump_by_editing_a_task(database) >= 1
    assert all(" WHERE " in definition.upper() for definition in _outbox_keys(database))
    database.dispose()


def _outbox_keys(database: Database) -> list[str]:
    """How the outbox's two unique keys are defined: partial (one digest a day, one notice a
    request), as migration 0014 made them, after the SQLite rebuild of `deliveries` too."""
    names = {"names": ["uq_deliveries_digest", "uq_deliveries_notice"]}
    if database.engine.dialect.name == "sqlite":
        query = "SELECT sql FROM sqlite_master WHERE name IN :names"
    else:
        query = "SELECT indexdef FROM pg_indexes WHERE indexname IN :names"
    statement = text(query).bindparams(bindparam("names", expanding=True))
    with database.engine.connect() as connection:
        found = list(connection.scalars(statement, names))
    assert len(found) == 2
    return found


def test_two_towns_may_share_unit_names_and_documents_after_the_migration(fresh_database_url: str) -> None:
    """The installation-wide unique names became per-organisation ones (a second town has a 司法所
    too, and imports the same county document); user names stay unique for sign-in."""
    database = Database(fresh_database_url)
    with database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organisations (name, kind, created_at) VALUES ('西镇', 'town', :at)"),
            {"at": AT},
        )
        west = connection.scalar(text("SELECT id FROM organisations WHERE name = '西镇'"))
        home = connection.scalar(text("SELECT id FROM organisations WHERE name = '本镇'"))
        for town in (home, west):
            _add(connection, "departments", organisation_id=town, name="司法所")
            _add(connection, "plans", organisation_id=town, year=2026, title="计划", source_sha256="0" * 64)
        assert connection.scalar(text("SELECT count(*) FROM departments WHERE name = '司法所'")) == 2
    database.dispose()
