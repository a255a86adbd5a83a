"""On the embedded default (SQLite), writers take the write lock as they begin (`BEGIN IMMEDIATE`), so
a storm of writers queues on the busy timeout instead of failing with "database is locked" (issue 12,
break 2: 1,434 of 3,713 posts answered 500); readers keep reading beside a writer, so pages and the
board cache never queue behind posts."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.config import Settings
from tracker.db import Database
from tracker.migrate import upgrade
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan, PlanItem
from tracker.tasks.models import ProgressEntry, Task
from tracker.web import create_app

WRITERS = 16
PASSWORD = "queue-in-turn-8"


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    url = f"sqlite:///{tmp_path / 'luoshi.db'}"
    upgrade(url)
    database = Database(url)
    yield url, database
    database.dispose()


def _all_at_once(count: int, work: Callable[[int], None]) -> list[str]:
    """Run `work(n)` in `count` threads released together; the errors they raised."""
    start = threading.Barrier(count)
    errors: list[str] = []

    def run(number: int) -> None:
        start.wait()
        try:
            work(number)
        except Exception as error:  # the assertion names them
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def test_writers_that_read_first_queue_instead_of_failing(sqlite_file) -> None:
    _, database = sqlite_file

    def read_then_write(number: int) -> None:
        with database.unit_of_work() as session:
            session.scalar(select(func.count(Department.id)))
            time.sleep(0.02)  # a request's work between its first read and its first write
            session.add(Department(organisation_id=sole_organisation(session).id, name=f"单位{number}"))

    assert _all_at_once(WRITERS, read_then_write) == []
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count(Department.id))) == WRITERS


def _committed_town(database: Database) -> int:
    with database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        plan = Plan(
            organisation_id=sole_organisation(session).id,
            year=2026,
            title="2026年度法治政府建设主要安排",
            source_filename="plan.txt",
            source_bytes=b"plan",
            source_sha256="1" * 64,
            source_text="plan",
        )
        session.add_all([unit, plan])
        for number in range(WRITERS):
            owner = User(
                organisation_id=sole_organisation(session).id,
                username=f"owner{number}",
                display_name=f"责任人{number}",
                role=Role.OWNER,
                department=unit,
            )
            set_password(owner, PASSWORD) if number == 0 else None
            session.add(owner)
        session.flush()
        hashed = session.scalar(select(User.password_hash).where(User.username == "owner0"))
        for owner in session.scalars(select(User)):
            owner.password_hash = hashed
        item = PlanItem(plan=plan, title="开展法治讲座", text="开展法治讲座", position=0)
        task = Task(plan_id=plan.id, plan_item=item, title="开展法治讲座", lead_department=unit)
        session.add(task)
        session.flush()
        return task.id


@pytest.fixture
def site(sqlite_file, tmp_path: Path):  # type: ignore[no-untyped-def]
    url, database = sqlite_file
    task_id = _committed_town(database)
    settings = Settings(var_dir=tmp_path / "var", database_url=url, today="2026-03-02")
    app = create_app(settings, database=Database(url))
    app.config["WTF_CSRF_ENABLED"] = False

    def client_of(username: str):  # type: ignore[no-untyped-def]
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        return client

    return app, database, task_id, client_of


def test_people_filing_progress_at_the_same_moment_all_get_through(site) -> None:
    _, database, task_id, client_of = site
    clients = [client_of(f"owner{n}") for n in range(WRITERS)]

    def post(number: int) -> None:
        response = clients[number].post(
            f"/tasks/{task_id}/progress", data={"text": f"第{number}次进展", "percent": str(number)}
        )
        assert response.status_code == 302, response.status_code

    assert _all_at_once(WRITERS, post) == []
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count(ProgressEntry.id))) == WRITERS


def test_pages_are_read_beside_a_writer_and_posts_wait_for_it(site, sqlite_file) -> None:
    """Told by order, not by the clock: the pages are read while another process holds the write lock
    the whole time (a reader that needed it would wait out busy_timeout and fail), and the post
    returns only after that process has committed (it waited for the lock instead of failing)."""
    url, _ = sqlite_file
    _, database, task_id, client_of = site
    client = client_of("owner0")
    writer = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    committed = threading.Event()

    def commit_later() -> None:
        writer.execute("COMMIT")
        committed.set()

    released = threading.Timer(0.5, commit_later)
    try:
        for path in ("/", f"/tasks/{task_id}", "/calendar", "/dashboard"):
            assert client.get(path).status_code == 200
        assert not committed.is_set(), "the pages were read while the writer still held its lock"
        released.start()
        response = client.post(
            f"/tasks/{task_id}/progress", data={"text": "等写锁释放后保存", "percent": "10"}
        )
        assert response.status_code == 302
        assert committed.is_set(), "the post was saved only after the other writer committed"
    finally:
        released.cancel()
        if released.is_alive():
            released.join()
        writer.close()
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count(ProgressEntry.id))) == 1
