"""Conflicts are a page, not a crash (issue 12, breaks 4 and 5): two people filing progress from pages
loaded at 30% both keep their entries, and the later one is told, beside the percent, that it was
changed in between (both values, one click to settle it); filings that meet at the same instant on
PostgreSQL do the same; and a 409 after a failed flush renders its page instead of a bare 500."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.config import Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.tasks.models import ProgressEntry, Task
from tracker.web import create_app

PASSWORD = "two-at-once-30"


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'id="progress-form".*?name="{name}" value="([^"]*)"', page, re.S)
    assert found, name
    return found.group(1)


def _file(client, task_id: int, token: str, percent: int, seen: dict[str, str], text: str):  # type: ignore[no-untyped-def]
    data = {"csrf_token": token, "text": text, "percent": str(percent), **seen}
    return client.post(f"/tasks/{task_id}/progress", data=data)


def _seen_on(page: str) -> dict[str, str]:
    return {"version_id": _hidden(page, "version_id"), "percent_seen": _hidden(page, "percent_seen")}


def _percents(session: Session, task: Task) -> list[int | None]:
    session.expire_all()
    return list(
        session.scalars(
            select(ProgressEntry.percent).where(ProgressEntry.task_id == task.id).order_by(ProgressEntry.id)
        )
    )


def test_two_filings_from_pages_loaded_at_30_both_keep_their_entries(town, session, sign_in, csrf_of) -> None:
    town.task.percent = 30
    session.flush()
    first, later = sign_in(town.helper), sign_in(town.owner)
    first_page = first.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    later_page = later.get(f"/tasks/{town.task.id}").get_data(as_text=True)
    assert _seen_on(later_page)["percent_seen"] == "30"

    assert (
        _file(first, town.task.id, csrf_of(first), 80, _seen_on(first_page), "B：完成八成").status_code == 302
    )
    told = _file(later, town.task.id, csrf_of(later), 40, _seen_on(later_page), "A：完成四成")
    assert told.status_code == 303 and "percent_conflict=" in told.headers["Location"]

    session.refresh(town.task)
    assert town.task.percent == 80, "the later filing does not silently replace the earlier"
    assert _percents(session, town.task) == [80, 40], "both entries are kept, each with its percent"
    page = later.get(told.headers["Location"]).get_data(as_text=True)
    beside = re.search(r'id="error-percent"[^>]*>([^<]+)<', page)
    assert beside is not None, page
    assert "80%" in beside.group(1) and "40%" in beside.group(1) and "chen" in beside.group(1)
    assert re.search(r'name="percent"[^>]*value="80"', page), "the form shows what is stored"
    assert "改为 40%" in page and "保持 80%" in page

    settle = {"csrf_token": csrf_of(later), "percent": "40", "version_id": str(town.task.version_id)}
    assert later.post(f"/tasks/{town.task.id}/percent", data=settle).status_code == 302
    session.refresh(town.task)
    assert town.task.percent == 40
    assert "error-percent" not in later.get(told.headers["Location"]).get_data(as_text=True)


def test_a_change_that_left_the_percent_alone_does_not_hold_it_up(town, session, sign_in, csrf_of) -> None:
    owner = sign_in(town.owner)
    seen = _seen_on(owner.get(f"/tasks/{town.task.id}").get_data(as_text=True))
    town.task.deadline = town.task.deadline.replace(day=29)  # 改期: the version moves, the percent does not
    session.flush()
    assert _file(owner, town.task.id, csrf_of(owner), 40, seen, "完成四成").status_code == 302
    session.refresh(town.task)
    assert town.task.percent == 40


def test_settling_a_percent_changed_yet_again_is_a_409_page(town, session, sign_in, csrf_of) -> None:
    owner = sign_in(town.owner)
    settle = {"csrf_token": csrf_of(owner), "percent": "40", "version_id": str(town.task.version_id - 1)}
    response = owner.post(f"/tasks/{town.task.id}/percent", data=settle)
    assert response.status_code == 409 and "已被他人修改" in response.get_data(as_text=True)


@pytest.fixture
def committed_town(fresh_database_url: str, tmp_path: Path, new_plan) -> Iterator[SimpleNamespace]:  # type: ignore[no-untyped-def]
    """A town whose data is committed, served by an app on its own engine (as gunicorn runs it)."""
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        people = [
            User(
                organisation_id=sole_organisation(session).id,
                username="li",
                display_name="李协调",
                role=Role.COORDINATOR,
            ),
            User(
                organisation_id=sole_organisation(session).id,
                username="zhang",
                display_name="张三",
                role=Role.OWNER,
                department=unit,
            ),
        ]
        for person in people:
            set_password(person, PASSWORD)
        plan = new_plan(session, confirmed=True)
        item = PlanItem(plan=plan, title="开展法治讲座", text="开展法治讲座", position=0)
        session.add_all([unit, *people, plan, item])
        session.flush()
        task = Task(plan_id=plan.id, plan_item=item, title="开展法治讲座", lead_department=unit, percent=30)
        session.add(task)
        session.flush()
        task_id = task.id
    settings = Settings(
        var_dir=tmp_path / "var", database_url=fresh_database_url, today="2026-03-02", secret_key="k" * 40
    )
    app = create_app(settings, database=database)
    app.config["WTF_CSRF_ENABLED"] = False

    def client_of(username: str):  # type: ignore[no-untyped-def]
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        return client

    yield SimpleNamespace(database=database, task_id=task_id, client_of=client_of)
    database.dispose()


def _meanwhile(database: Database, statement: str, task_id: int) -> None:
    """Just before the request's next flush, another connection commits `statement` on the task:
    the other person's request that got there first."""

    def commit_first(*_args: object) -> None:
        with database.engine.begin() as other:
            other.execute(text(statement), {"id": task_id})

    event.listen(Session, "before_flush", commit_first, once=True)


@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)
def test_a_409_after_a_failed_flush_is_a_page_on_postgresql(committed_town) -> None:
    coordinator = committed_town.client_of("li")
    version = _hidden_assign(coordinator.get(f"/tasks/{committed_town.task_id}").get_data(as_text=True))
    _meanwhile(
        committed_town.database,
        "UPDATE tasks SET version_id = version_id + 1 WHERE id = :id",
        committed_town.task_id,
    )
    response = coordinator.post(
        f"/tasks/{committed_town.task_id}/assign", data={"version_id": version, "deadline": "2026-06-30"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409, page
    assert "该记录已被他人修改" in page and "李协调" in page, "the whole page, signed in, after the rollback"


def _hidden_assign(page: str) -> str:
    found = re.search(r'id="assign-form".*?name="version_id" value="(\d+)"', page, re.S)
    assert found
    return found.group(1)


@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)
def test_filings_that_meet_at_the_same_instant_both_keep_their_entries(committed_town) -> None:
    owner = committed_town.client_of("zhang")
    page = owner.get(f"/tasks/{committed_town.task_id}").get_data(as_text=True)
    _meanwhile(
        committed_town.database,
        "UPDATE tasks SET percent = 80, version_id = version_id + 1 WHERE id = :id",
        committed_town.task_id,
    )
    response = _file(owner, committed_town.task_id, "", 40, _seen_on(page), "完成四成")
    assert response.status_code == 303 and "percent_conflict=" in response.headers["Location"]
    with committed_town.database.unit_of_work() as session:
        task = session.get_one(Task, committed_town.task_id)
        assert task.percent == 80 and _percents(session, task) == [40]
