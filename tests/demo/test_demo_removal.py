"""The shipped demo never mixes into real mail, and a town removes it — plan, accounts, their records —
from the admin page or `tracker demo remove`, without losing any real work."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tracker.accounts.models import Role, User
from tracker.audit import AuditEvent
from tracker.cli import Runtime
from tracker.config import PROJECT_ROOT
from tracker.db import Database
from tracker.demo.cli import demo as demo_group
from tracker.demo.people import ensure_demo_people
from tracker.demo.plan import ensure_demo_plan
from tracker.demo.records import ensure_demo_year
from tracker.demo.removal import DemoRemovalRefused, remove_demo
from tracker.plans.models import Plan
from tracker.plans.parsing import OwnerKeywords
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, MailKind
from tracker.tasks.evidence import evidence_store
from tracker.tasks.models import ProgressEntry, Task

MONDAY, TUESDAY = date(2026, 12, 7), date(2026, 12, 8)  # the demo's 5月底前 task is long overdue: red


@pytest.fixture
def site(session, settings, home_town, make_department, make_user, make_plan, make_task):  # type: ignore[no-untyped-def]
    """A quickstart site (demo people, plan and year of records) where the town now works for real:
    its own coordinator and 主要负责人, its own unit and 分管领导, and a real overdue task."""
    ensure_demo_people(session, home_town.id)
    demo_plan = ensure_demo_plan(session, home_town.id, OwnerKeywords.load(settings.owner_keywords))
    ensure_demo_year(session, demo_plan, evidence_store(settings), date(2026, 12, 1))
    leader = make_user("real_leader", Role.LEADER)
    unit = make_department("城建办", leader=leader)
    real_plan = make_plan(2026)
    task = make_task(real_plan, "整治违法建设", lead_department=unit, deadline=date(2026, 10, 30))
    task.owner = make_user("real_owner", Role.OWNER, unit)
    session.flush()
    return {
        "demo_plan": demo_plan,
        "demo_tasks": set(session.scalars(select(Task.id).where(Task.plan_id == demo_plan.id))),
        "task": task,
        "coordinator": make_user("real_coordinator", Role.COORDINATOR),
        "mayor": make_user("real_mayor", Role.LEADER, is_principal=True),
    }


def _mentioned(delivery: Delivery) -> set[int]:
    """The tasks a mail names: a digest's items, a weekly summary's overdue and due lists."""
    payload = delivery.payload
    listed = payload.get("items", []) + payload.get("overdue", []) + payload.get("due", [])
    return {item["task_id"] for item in listed}


def _deliveries(session, day: date) -> list[Delivery]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Delivery).where(Delivery.day == day)))


def test_real_people_never_hear_of_the_demo_and_after_removal_nobody_does(site, session, settings) -> None:  # type: ignore[no-untyped-def]
    run_cycle(session, settings, MONDAY)
    mails = _deliveries(session, MONDAY)
    demo_people = set(session.scalars(select(User.id).where(User.is_demo.is_(True))))
    to_real = [mail for mail in mails if mail.recipient_id not in demo_people]
    to_demo = [mail for mail in mails if mail.recipient_id in demo_people]
    assert {mail.recipient.username for mail in to_real} >= {"real_owner", "real_mayor", "real_coordinator"}
    assert all(not _mentioned(mail) & site["demo_tasks"] for mail in to_real)
    assert any(_mentioned(mail) & site["demo_tasks"] for mail in to_demo)  # the demo still shows itself
    weekly = next(mail for mail in to_real if mail.kind is MailKind.WEEKLY)
    assert weekly.recipient.username == "real_coordinator" and weekly.payload["totals"]["total"] == 1

    remove_demo(session, by=site["coordinator"])

    assert session.scalars(select(Plan).where(Plan.is_demo.is_(True))).all() == []
    assert session.scalars(select(User).where(User.is_demo.is_(True))).all() == []
    assert session.scalars(select(Delivery).where(Delivery.recipient_id.in_(demo_people))).all() == []
    run_cycle(session, settings, TUESDAY)
    tuesday = _deliveries(session, TUESDAY)
    assert tuesday and {mail.recipient.username for mail in tuesday} <= {
        "real_owner",
        "real_mayor",
        "real_coordinator",
        "real_leader",
    }
    assert session.get(Task, site["task"].id) is not None
    note = session.scalar(select(AuditEvent.note).where(AuditEvent.action == "demo.removed"))
    assert note and "演示计划：" in note and "演示账号：张责任（司法所）（sifasuo）：删除" in note


def test_removal_is_refused_while_a_demo_account_answers_for_real_work(site, session) -> None:  # type: ignore[no-untyped-def]
    sifasuo = session.scalar(select(User).where(User.username == "sifasuo"))
    site["task"].owner = sifasuo
    session.flush()
    with pytest.raises(DemoRemovalRefused) as refused:
        remove_demo(session, by=site["coordinator"])
    assert refused.value.status == 409
    assert (
        f"张责任（司法所） 是真实任务的责任人：#{site['task'].id} 整治违法建设。请先在任务页改派责任人。"
        in refused.value.message
    )
    assert session.get(Plan, site["demo_plan"].id) is not None


def test_a_demo_account_named_on_real_records_is_switched_off_not_deleted(site, session) -> None:  # type: ignore[no-untyped-def]
    fazhiban = session.scalar(select(User).where(User.username == "fazhiban"))
    session.add(
        ProgressEntry(
            task_id=site["task"].id, author=fazhiban, entry_date=date(2026, 11, 2), text="已立案12起"
        )
    )
    session.flush()
    remove_demo(session, by=site["coordinator"])
    session.refresh(fazhiban)
    assert fazhiban.is_active is False  # the name stays on the real progress entry
    assert session.scalar(select(User).where(User.username == "sifasuo")) is None


def test_the_admin_page_asks_before_removing(site, sign_in) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(site["coordinator"])
    page = client.get("/admin/demo").get_data(as_text=True)
    assert "演示账号：李协调（法治办）（fazhiban）：删除" in page and 'id="demo-remove-form"' in page
    token = _csrf(page)
    unticked = client.post("/admin/demo/remove", data={"csrf_token": token})
    assert unticked.status_code == 400 and "请勾选“我已了解移除不能撤销”后再移除。" in unticked.get_data(
        as_text=True
    )
    done = client.post("/admin/demo/remove", data={"csrf_token": token, "confirm": "1"})
    assert done.status_code == 303
    assert "没有演示数据：演示计划和演示账号都已移除。" in client.get("/admin/demo").get_data(as_text=True)


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_the_cli_prints_what_it_removes_and_asks(site, settings, database, session) -> None:  # type: ignore[no-untyped-def]
    runtime = Runtime(settings)
    runtime.__dict__["database"] = database
    declined = CliRunner().invoke(demo_group, ["remove"], obj=runtime, input="n\n")
    assert declined.exit_code == 1 and "演示计划：" in declined.output
    assert session.get(Plan, site["demo_plan"].id) is not None
    removed = CliRunner().invoke(demo_group, ["remove", "--yes"], obj=runtime)
    assert removed.exit_code == 0 and "已移除演示数据：1 个计划" in removed.output
    again = CliRunner().invoke(demo_group, ["remove", "--yes"], obj=runtime)
    assert again.exit_code == 2 and "没有演示数据" in again.output


def test_the_year_s_report_is_drawn_from_the_town_s_plan_not_the_demo_s(site, session) -> None:  # type: ignore[no-untyped-def]
    from tracker.reports.loading import plan_for_year

    assert site["demo_plan"].year == session.get(Plan, site["task"].plan_id).year == 2026
    assert plan_for_year(session, site["task"].organisation_id, 2026).id == site["task"].plan_id


def test_quickstart_never_sets_the_demo_up_again_once_removed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    env.pop("TRACKER_DATABASE_URL", None)

    def tracker(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tracker", *args]
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)

    first = tracker("quickstart", "--no-serve")
    assert first.returncode == 0 and "tracker demo remove" in first.stdout, first.stderr
    removed = tracker("demo", "remove", "--yes")
    assert removed.returncode == 0 and "已移除演示数据：1 个计划" in removed.stdout, removed.stderr
    again = tracker("quickstart", "--no-serve")
    assert again.returncode == 0 and "演示数据已移除（tracker demo remove），不再创建。" in again.stdout
    assert "fazhiban" not in again.stdout
    database = Database(f"sqlite:///{tmp_path / 'var' / 'luoshi.db'}")
    with database.unit_of_work() as session:
        assert session.scalars(select(Plan)).all() == [] and session.scalars(select(User)).all() == []
    database.dispose()
