"""The board's cache is keyed on a version the database moves with every change to what the board
shows, whoever makes it; so a cached board is never behind a committed change."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from tracker.accounts.models import Role, User
from tracker.accounts.passwords import set_password
from tracker.board.cache import BoardCache, board_version
from tracker.board.models import BOARD_TABLES
from tracker.config import Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.models import Task

CHANGES = {
    "tasks": "UPDATE tasks SET percent = percent + 1",
    "task_support_departments": "DELETE FROM task_support_departments",
    "plan_items": "UPDATE plan_items SET title = title || '（修订）'",
    "plans": "UPDATE plans SET title = title",
    "departments": "INSERT INTO departments (organisation_id, name, created_at) "
    "SELECT organisation_id, '新设单位', CURRENT_TIMESTAMP FROM departments LIMIT 1",
    "users": "UPDATE users SET display_name = display_name",
    "progress_entries": "INSERT INTO progress_entries (task_id, entry_date, text, created_at) "
    "SELECT id, '2026-03-01', '选址', CURRENT_TIMESTAMP FROM tasks",
    "indicators": "INSERT INTO indicators (plan_item_id, name, unit, actual) "
    "SELECT plan_item_id, '讲座', '场', 0 FROM tasks",
    "holiday_years": "INSERT INTO holiday_years (year, notice, source_text, entered_at) "
    "VALUES (2099, '通知', '', CURRENT_TIMESTAMP)",
    "holiday_days": "INSERT INTO holiday_days (day, year, kind, holiday) "
    "VALUES ('2099-01-01', 2099, 'off', '元旦')",
}


def test_every_change_to_a_table_the_board_shows_moves_the_version(town, session: Session) -> None:
    """Plain SQL, no audit event, no ORM: the database's triggers move the version all the same. (A
    migration that rebuilds one of these tables on SQLite drops its triggers; this test says so.)"""
    assert set(CHANGES) == set(BOARD_TABLES)
    for table, statement in CHANGES.items():
        before = board_version(session)
        session.execute(text(statement))
        assert board_version(session) > before, f"a change to {table} left the board's version alone"
    before = board_version(session)
    session.execute(text("UPDATE evidence SET description = description"))
    session.execute(text("UPDATE audit_events SET note = note"))
    assert board_version(session) == before  # tables the board does not show leave it alone


def test_the_board_shows_a_change_made_behind_its_back_at_once(town, session, sign_in) -> None:  # type: ignore[no-untyped-def]
    viewer = sign_in(town.viewer)
    assert "开展法治讲座" in viewer.get("/").get_data(as_text=True)
    assert "开展法治讲座" in viewer.get("/").get_data(as_text=True)  # now from the cache
    session.execute(text("UPDATE tasks SET title = '开展宪法宣传周活动'"))  # no ORM, no audit event
    page = viewer.get("/").get_data(as_text=True)
    assert "开展宪法宣传周活动" in page and "开展法治讲座" not in page


def test_my_tasks_are_cached_for_each_person(town, make_task, sign_in) -> None:  # type: ignore[no-untyped-def]
    make_task(town.plan, "执法培训", lead_department=town.unrelated)
    assert "执法培训" not in sign_in(town.helper).get("/?mine=1").get_data(as_text=True)
    assert "执法培训" in sign_in(town.outsider).get("/?mine=1").get_data(as_text=True)
    assert "执法培训" not in sign_in(town.helper).get("/?mine=1").get_data(as_text=True)


def test_the_cache_keeps_the_newest_boards_up_to_its_size() -> None:
    cache: BoardCache[str] = BoardCache(size=2)
    built: list[str] = []

    def build(name: str):  # type: ignore[no-untyped-def]
        return lambda: built.append(name) or name

    for key in ("a", "b", "a", "c", "b"):
        assert cache.get_or_build(key, build(key)) == key
    assert built == ["a", "b", "c", "b"]  # "b" fell out when "c" came in; "a" was used more recently
    off: BoardCache[str] = BoardCache(size=0)
    off.get_or_build("a", build("a"))
    off.get_or_build("a", build("a"))
    assert built[-2:] == ["a", "a"]


TITLES = ("开展法治讲座", "更新政务公开专栏")


def _two_task_town(database: Database, new_plan) -> None:  # type: ignore[no-untyped-def]
    """Committed: a viewer who signs in with `in-flight-1`, a confirmed plan, two tasks."""
    with database.unit_of_work() as session:
        plan = new_plan(session, confirmed=True)
        viewer = User(
            organisation_id=sole_organisation(session).id,
            username="zhao",
            display_name="赵督察",
            role=Role.VIEWER,
        )
        set_password(viewer, "in-flight-1")
        items = [PlanItem(plan=plan, title=title, text=title, position=n) for n, title in enumerate(TITLES)]
        session.add_all([viewer, plan, *items])
        session.flush()
        for item in items:
            session.add(Task(plan_id=plan.id, plan_item=item, title=item.title, deadline=date(2026, 6, 30)))


@pytest.fixture
def viewer_client(fresh_database_url: str, tmp_path: Path, new_plan):  # type: ignore[no-untyped-def]
    """A signed-in client of the app over a database of its own, whose data is committed for real."""
    from tracker.web import create_app

    database = Database(fresh_database_url)
    _two_task_town(database, new_plan)
    settings = Settings(
        var_dir=tmp_path, database_url=fresh_database_url, secret_key=os.environ["TRACKER_SECRET_KEY"]
    )
    app = create_app(settings, database=database)
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post("/login", data={"username": "zhao", "password": "in-flight-1"}).status_code == 302
    yield client, database
    database.dispose()


@pytest.mark.parametrize("fresh_database_url", ["postgresql", "sqlite"], indirect=True)
def test_a_change_still_in_flight_shows_as_soon_as_it_commits(viewer_client) -> None:  # type: ignore[no-untyped-def]
    """On a second connection: while the change is open the board shows (and caches) what is
    committed; the commit moves the version, and the next request shows the change."""
    client, database = viewer_client
    in_flight = database.engine.connect()
    transaction = in_flight.begin()
    in_flight.execute(text("UPDATE tasks SET title = '开展宪法宣传周活动' WHERE title = '开展法治讲座'"))
    for _ in range(2):
        assert "开展法治讲座" in client.get("/").get_data(as_text=True)
    transaction.commit()
    in_flight.close()
    assert "开展宪法宣传周活动" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)  # SQLite has one writer
def test_writers_do_not_wait_for_each_others_open_transactions(viewer_client) -> None:  # type: ignore[no-untyped-def]
    """The version row is locked only while a writer commits: another request changes a task and
    commits while the first change is still open, and the board shows each as it commits."""
    client, database = viewer_client
    in_flight = database.engine.connect()
    transaction = in_flight.begin()
    in_flight.execute(text("UPDATE tasks SET title = '开展宪法宣传周活动' WHERE title = '开展法治讲座'"))
    with database.unit_of_work() as session:
        session.execute(text("SET LOCAL lock_timeout = '2s'"))
        session.execute(text("UPDATE tasks SET title = '完善政务公开专栏' WHERE title = '更新政务公开专栏'"))
    page = client.get("/").get_data(as_text=True)
    assert "完善政务公开专栏" in page and "开展法治讲座" in page
    transaction.commit()
    in_flight.close()
    assert "开展宪法宣传周活动" in client.get("/").get_data(as_text=True)
