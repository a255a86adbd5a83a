"""The declarative base, column types shared by every feature, and where sessions begin and end.

Services take a `Session`, add and flush; they never commit. The boundaries that own a unit of work
(a CLI command, a web request, a Celery task) open it with `session_scope`, which commits once at the
end or rolls everything back, so a failed import or batch leaves nothing half-written.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData, Numeric, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite as on PostgreSQL.

    SQLite keeps no offset, so without this a value would come back naive there and aware on
    PostgreSQL, and comparisons would fail on one backend only.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Amount = Numeric(16, 4, asdecimal=True)
"""Counts and percentages (场, 人次, 97.9%): exact decimals, so sums in the report never drift."""


def enum_column(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """Store an enum by its value as a plain string, the same on SQLite and PostgreSQL."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), Decimal: Amount}


READ_ONLY = "luoshi_read_only"
"""Execution option of the engine that read-only sessions use (`Database.read_sessions`)."""


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with SQLite made to behave: enforced foreign keys, WAL, writers that queue."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; SQLAlchemy emits it instead.
    dbapi_connection.isolation_level = None


def _begin_sqlite(connection: Connection) -> None:
    """Writers take SQLite's write lock when they begin; readers take none.

    A deferred BEGIN that reads first and writes later has to upgrade its read snapshot to a write
    lock; when another writer holds it, SQLite refuses at once ("database is locked") without
    waiting on busy_timeout, because waiting could not help a snapshot that is already stale. With
    `BEGIN IMMEDIATE` the lock is taken first, waiting up to busy_timeout, so writers queue in turn.
    Read-only units (page views) keep a deferred BEGIN: under WAL they read beside the writer."""
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def read_only(session: Session) -> Session:
    """Begin `session`'s transaction as a reader (before its first statement): a long read, such as
    building a report, that writes its progress in units of its own beside it must not hold the
    write lock those units wait for. No effect on PostgreSQL."""
    session.connection(execution_options={READ_ONLY: True})
    return session


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def _synchronous_normal(connection: Connection, wanted: bool) -> Iterator[None]:
    """`PRAGMA synchronous=NORMAL` on this SQLite connection until the block ends, then back to what
    it was (the connection returns to the pool); nothing otherwise. See
    `Database.units_on_one_connection` for when that is durable enough."""
    if not wanted or connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection  # outside any transaction: pragmas apply at once
    (previous,) = driver.execute("PRAGMA synchronous").fetchone()
    driver.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA synchronous={int(previous)}")


@contextmanager
def session_scope(factory: Callable[[], Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends normally, roll back on any exception."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class Database:
    """An engine and its session factory, built once per process from a database URL."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_options)
        self.sessions = make_session_factory(self.engine)
        """Units that may write (on SQLite they begin IMMEDIATE: see `_begin_sqlite`)."""
        self.read_sessions = make_session_factory(self.engine.execution_options(**{READ_ONLY: True}))
        """Units that only read (page views, health checks): never wait for a writer."""
        self.joined = False

    @classmethod
    def joined_to(cls, connection: Connection) -> Database:
        """Sessions that live inside an outer transaction on `connection`: their commits become
        savepoints, so a test can roll back everything a request or service did."""
        database = cls.__new__(cls)
        database.url = connection.engine.url.render_as_string(hide_password=False)
        database.engine = connection.engine
        database.sessions = sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        database.read_sessions = database.sessions
        database.joined = True
        return database

    def unit_of_work(self) -> AbstractContextManager[Session]:
        return session_scope(self.sessions)

    @contextmanager
    def units_on_one_connection(self, *, sync_at_checkpoints: bool = False) -> Iterator[Session]:
        """A session for a loop of short units of work, each ended by the caller's `commit()`, that
        keeps one pooled connection for the whole loop (committed at the end, rolled back on error).

        Each commit is a real one, and each unit still begins as a writer (`BEGIN IMMEDIATE` on
        SQLite, see `_begin_sqlite`) and holds no lock or snapshot between units; what the loop
        saves is a pool checkout and return, a new Session and its teardown per unit. Objects it
        loaded are expired at each commit, as a long-lived session's should be. In a joined test
        database the units are savepoints, as usual.

        `sync_at_checkpoints` (SQLite only, this connection only, for this loop only): commit with
        `synchronous=NORMAL` instead of SQLite's default FULL. Under WAL this is still durable
        against any crash of the application (a killed worker, an exception, OOM): a commit is in
        the WAL file, in the operating system's cache, before COMMIT returns, and the next reader
        or process sees it. It is not durable against a crash of the operating system or a power
        cut: the last commits since the WAL was last synced (at a checkpoint, or any other
        connection's FULL commit) may roll back, never corrupting the database. Only a loop whose
        every unit is safe to lose that way may ask for it (the outbox: a lost "sent" mark sends that
        mail again with its Message-ID; a lost claim or failure record is taken again after its
        lease). PostgreSQL commits as configured."""
        if self.joined:
            with session_scope(lambda: self.sessions(expire_on_commit=True)) as session:
                yield session
            return
        # Bound to a connection outside any transaction, the session begins and really commits its
        # own transaction on it each time, and leaves the connection open when it closes.
        with (
            self.engine.connect() as connection,
            _synchronous_normal(connection, sync_at_checkpoints),
            session_scope(lambda: self.sessions(bind=connection, expire_on_commit=True)) as session,
        ):
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
