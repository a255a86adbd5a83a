"""Fixtures shared by the whole suite.

Every test that touches the database runs twice, on SQLite and on PostgreSQL (the `database_url`
fixture is parametrised), against a schema built by the Alembic migrations, inside a transaction
that is rolled back afterwards. PostgreSQL gets a fresh database per test run so that parallel runs on
one server cannot see each other. A service that is down makes the tests fail, never skip.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.config import PROJECT_ROOT, Settings
from tracker.db import Database
from tracker.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "TRACKER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SEED_DIR = (PROJECT_ROOT.parent / "shared" / "seeds").resolve()
SEED_REPORT = SEED_DIR / "000_aaf941d397519112.txt"
TEST_PASSWORD = "correct-horse-42"


@pytest.fixture(scope="session")
def seed_report_path() -> Path:
    assert SEED_REPORT.exists(), f"the seed report is missing: {SEED_REPORT}"
    return SEED_REPORT


def _fresh_postgres_database() -> Iterator[str]:
    admin_url = make_url(POSTGRES_URL)
    name = f"luoshi_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _migrated_database(backend: str, directory: Path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file in `directory`, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        url = f"sqlite:///{directory / 'luoshi.db'}"
        upgrade(url)
        yield url
        return
    for url in _fresh_postgres_database():
        upgrade(url)
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database on each backend, for the whole run."""
    yield from _migrated_database(request.param, tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def engine_database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def connection(engine_database: Database) -> Iterator[Connection]:
    """One connection holding an outer transaction that is rolled back after the test."""
    with engine_database.engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def database(connection: Connection) -> Database:
    """A `Database` whose sessions commit into savepoints of the test's transaction."""
    return Database.joined_to(connection)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    session = database.sessions()
    yield session
    session.close()


@pytest.fixture
def settings(tmp_path: Path, database: Database) -> Settings:
    return Settings(var_dir=tmp_path / "var", database_url=database.url, today="2026-03-02")


@pytest.fixture
def make_department(session: Session) -> Callable[..., Department]:
    def make(name: str, leader: User | None = None) -> Department:
        department = Department(name=name, leader=leader)
        session.add(department)
        session.flush()
        return department

    return make


@pytest.fixture
def make_user(session: Session) -> Callable[..., User]:
    def make(
        username: str,
        role: Role = Role.OWNER,
        department: Department | None = None,
        *,
        email: str | None = None,
        is_principal: bool = False,
    ) -> User:
        user = User(
            username=username,
            display_name=username,
            email=email or f"{username}@town.example",
            role=role,
            department=department,
            is_principal=is_principal,
        )
        set_password(user, TEST_PASSWORD)
        session.add(user)
        session.flush()
        return user

    return make


@pytest.fixture
def app(settings: Settings, database: Database):  # type: ignore[no-untyped-def]
    from tracker.web import create_app

    flask_app = create_app(settings, database=database)
    flask_app.config.update(TESTING=True)
    return flask_app


@pytest.fixture
def sign_in(app) -> Callable[[User], object]:  # type: ignore[no-untyped-def]
    """A test client signed in as `user` through the real login form (CSRF off for brevity only
    here; CSRF refusal has tests of its own)."""

    def client_for(user: User):  # type: ignore[no-untyped-def]
        client = app.test_client()
        app.config["WTF_CSRF_ENABLED"] = False
        response = client.post("/login", data={"username": user.username, "password": TEST_PASSWORD})
        app.config["WTF_CSRF_ENABLED"] = True
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return client_for


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of its own for one test whose data is committed (a worker process or a
    CLI command reads it), on each backend; dropped afterwards."""
    yield from _migrated_database(request.param, tmp_path)
