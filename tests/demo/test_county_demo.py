"""The demo county (`tracker demo county`, the `demo_county` fixture): three towns under 鹤溪县 that
differ on purpose (on time, a few days late, red), set up on request only and never by the embedded
default."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import password_matches
from tracker.cli import main
from tracker.config import PROJECT_ROOT
from tracker.db import Database
from tracker.demo.people import DEMO_PASSWORD
from tracker.organisations.models import Organisation
from tracker.plans.models import Plan
from tracker.tasks.models import Task, TaskStatus


def test_the_demo_county_has_three_towns_each_a_small_town_hall(
    demo_county: Organisation, session: Session
) -> None:
    assert demo_county.is_county
    assert [town.name for town in demo_county.towns] == ["松岭镇", "柳塘镇", "石门镇"]
    for town in demo_county.towns:
        units = session.scalars(select(Department.name).where(Department.organisation_id == town.id)).all()
        assert sorted(units) == sorted(["司法所", "党政办", "综合行政执法办"])
        roles = session.scalars(select(User.role).where(User.organisation_id == town.id)).all()
        assert sorted(roles) == sorted(
            [Role.COORDINATOR, Role.LEADER, Role.LEADER, Role.OWNER, Role.OWNER, Role.OWNER]
        )
        plans = session.scalars(select(Plan).where(Plan.organisation_id == town.id)).all()
        assert len(plans) == 1 and plans[0].is_demo
    county_people = session.scalars(select(User).where(User.organisation_id == demo_county.id)).all()
    assert {person.role for person in county_people} == {Role.COORDINATOR, Role.LEADER, Role.VIEWER}
    everyone = session.scalars(select(User).where(User.username.like("%\\_%", escape="\\"))).all()
    assert all(person.is_demo for person in everyone if person.email and "demo.luoshi" in person.email)
    assert password_matches(
        session.scalars(select(User).where(User.username == "hexi_fzb")).one(), DEMO_PASSWORD
    )


def test_one_town_is_on_time_one_a_little_late_and_one_red(
    demo_county: Organisation, session: Session, settings
) -> None:  # type: ignore[no-untyped-def]
    from tracker.clock import today

    now = today(settings)

    def late_by(town: Organisation) -> list[int]:
        deadlines = session.scalars(
            select(Task.deadline).where(Task.organisation_id == town.id, Task.status != TaskStatus.DONE)
        ).all()
        return sorted((now - deadline).days for deadline in deadlines if deadline < now)

    on_time, a_little, red = demo_county.towns
    assert late_by(on_time) == []
    assert late_by(a_little) == [5, 5]
    assert late_by(red) == [30, 30]  # more than 10 working days: red, the county's attention
    done = session.scalars(
        select(Task).where(Task.organisation_id == on_time.id, Task.status == TaskStatus.DONE)
    ).all()
    assert len(done) == 0 or all(task.percent == 100 for task in done)
    assert all(
        task.progress_entries for task in session.scalars(select(Task).where(Task.organisation_id == red.id))
    )
    assert min(task.deadline for task in session.scalars(select(Task))) <= now - timedelta(days=30)


def test_the_command_sets_it_up_once_and_quickstart_never_does(
    fresh_database_url: str, tmp_path: Path
) -> None:
    env = {"TRACKER_VAR_DIR": str(tmp_path), "TRACKER_DATABASE_URL": fresh_database_url}
    first = CliRunner().invoke(main, ["demo", "county"], env=env)
    assert first.exit_code == 0, first.output
    assert f"演示县 鹤溪县：下属三个镇，以下账号的密码均为 {DEMO_PASSWORD}" in first.output
    assert (
        "石门镇\t法治办（协调人）\tshimen_fzb" in first.output
        and "鹤溪县\t查看者（督察）\thexi_ducha" in first.output
    )
    again = CliRunner().invoke(main, ["demo", "county"], env=env)
    assert again.exit_code == 0 and again.output == first.output
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        assert (
            session.scalar(select(func.count()).select_from(Organisation)) == 5
        )  # 本镇, the county, 3 towns
        assert session.scalar(select(func.count()).select_from(Task)) == 15
    database.dispose()


def test_the_embedded_default_stays_one_town_without_the_demo_county(tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    env.pop("TRACKER_DATABASE_URL", None)
    for command in (["quickstart", "--no-serve"], ["org", "list"]):
        done = subprocess.run(
            [sys.executable, "-m", "tracker", *command],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert "鹤溪县" not in done.stdout and len(done.stdout.splitlines()) == 1, done.stdout


def test_the_demo_s_history_names_the_people_who_filed_its_progress(
    demo_county: Organisation, session: Session
) -> None:
    """Not the command that wrote the demo: the history sits beside entries whose author is the owner."""
    from tracker.tasks.history import task_history

    red = demo_county.towns[2]
    task = session.scalars(select(Task).where(Task.organisation_id == red.id).order_by(Task.id)).first()
    assert task is not None
    filed = [line.text for line in task_history(session, task) if "填报了进展" in line.said]
    assert filed and all(line.startswith(f"{task.owner.display_name} ") for line in filed), filed
