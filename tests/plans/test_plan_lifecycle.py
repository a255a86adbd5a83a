"""A plan's life after import: a draft can be deleted, a confirmed plan archived (out of boards, 我的任务,
the calendar, the API's task list and reminders, kept for its task pages and the 台账) and restored —
from the plan list, the API and the CLI alike, through `tracker.plans.lifecycle`."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.audit import AuditEvent
from tracker.cli import Runtime
from tracker.plans.cli import plan as plan_group
from tracker.plans.models import Plan, PlanStatus
from tracker.reminders.cycle import plan_day
from tracker.reminders.facts import load_tasks

MONDAY = date(2026, 7, 6)  # after the town task's deadline (2026-06-30): it is overdue


@pytest.fixture
def last_year(town, make_plan, make_task, session):  # type: ignore[no-untyped-def]
    """Last year's confirmed plan, with an overdue task of 司法所 that `zhang` answers for."""
    plan = make_plan(2025)
    task = make_task(
        plan, "去年的普法宣传", lead_department=town.lead, owner=town.owner, deadline=date(2025, 12, 1)
    )
    session.flush()
    return plan, task


def _post(client, path: str, csrf: str):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf_token": csrf})


def test_an_archived_plan_leaves_daily_work_and_stays_on_record(
    town, last_year, sign_in, csrf_of, session
) -> None:  # type: ignore[no-untyped-def]
    plan, task = last_year
    owner = sign_in(town.owner)
    assert "去年的普法宣传" in owner.get("/?mine=1").get_data(
        as_text=True
    )  # every active plan, not the newest

    coordinator = sign_in(town.coordinator)
    answer = _post(coordinator, f"/plans/{plan.id}/archive", csrf_of(coordinator, "/plans"))
    assert answer.status_code == 303
    listed = coordinator.get("/plans").get_data(as_text=True)
    assert "已归档「2025年度法治政府建设主要安排」" in listed
    archived_part = listed[listed.index("<h2>已归档</h2>") :]
    assert f'href="/plans/{plan.id}"' in archived_part and "取消归档" in archived_part
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "plan.archived")) is not None

    for path in ("/?mine=1", "/", "/?q=普法", "/calendar?month=2025-12"):
        assert "去年的普法宣传" not in owner.get(path).get_data(as_text=True), path
    assert "开展法治讲座" in owner.get("/?mine=1").get_data(as_text=True)
    assert f'<option value="{plan.id}" >2025' not in owner.get("/").get_data(as_text=True)  # not in the menu
    assert task.id not in {found.id for found in load_tasks(session)}
    api_tasks = owner.get("/api/v1/tasks").get_json()["tasks"]
    assert [found["id"] for found in api_tasks] == [town.task.id]
    assert owner.get("/api/v1/plans").get_json()["plans"][-1]["archived_at"] is not None

    page = owner.get(f"/tasks/{task.id}")  # still readable, as is its plan's 台账
    assert page.status_code == 200 and "去年的普法宣传" in page.get_data(as_text=True)
    assert "所属计划「2025年度法治政府建设主要安排」已于" in page.get_data(as_text=True)
    with owner.get(f"/ledger/{plan.id}.zip") as response:
        ledger = zipfile.ZipFile(io.BytesIO(response.data))
    assert any("去年的普法宣传" in ledger.read(name).decode("utf-8", "ignore") for name in ledger.namelist())

    _post(coordinator, f"/plans/{plan.id}/restore", csrf_of(coordinator, "/plans"))
    assert "去年的普法宣传" in owner.get("/?mine=1").get_data(as_text=True)
    assert task.id in {found.id for found in load_tasks(session)}


def test_the_reminder_cycle_forgets_an_archived_plan(town, last_year, session, settings) -> None:  # type: ignore[no-untyped-def]
    from tracker.plans.lifecycle import archive_plan

    plan, task = last_year
    mentioned = {
        item["task_id"]
        for mail in plan_day(session, settings, MONDAY).mails
        for item in mail.payload.get("items", [])
    }
    assert task.id in mentioned
    archive_plan(session, plan, by=town.coordinator)
    day = plan_day(session, settings, MONDAY)
    mentioned = {item["task_id"] for mail in day.mails for item in mail.payload.get("items", [])}
    assert task.id not in mentioned and town.task.id in mentioned


def test_a_draft_is_deleted_after_confirming_and_a_confirmed_plan_never(
    town, new_plan, session, sign_in, csrf_of
) -> None:  # type: ignore[no-untyped-def]
    first, second = (
        new_plan(session),
        new_plan(session),
    )  # two drafts of the same name: told apart by file and time
    session.add_all([first, second])
    session.flush()
    coordinator = sign_in(town.coordinator)
    listed = coordinator.get("/plans").get_data(as_text=True)
    # the confirming question names the file and the import time
    assert listed.count("2026年度法治政府建设主要安排」（plan.txt，") == 2
    assert "<summary>删除</summary>" in listed

    answer = _post(coordinator, f"/plans/{first.id}/delete", csrf_of(coordinator, "/plans"))
    assert answer.status_code == 303
    assert set(session.scalars(select(Plan.id))) == {town.plan.id, second.id}
    assert "已删除草稿「2026年度法治政府建设主要安排」" in coordinator.get("/plans").get_data(as_text=True)

    refused = _post(coordinator, f"/plans/{town.plan.id}/delete", csrf_of(coordinator, "/plans"))
    assert refused.status_code == 409
    assert "已确认并生成任务，不能删除；年度结束后可以归档" in refused.get_data(as_text=True)
    assert session.get(Plan, town.plan.id) is not None


def test_only_the_coordinator_deletes_or_archives(town, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    viewer = sign_in(town.viewer)
    assert "归档</button>" not in viewer.get("/plans").get_data(as_text=True)
    refused = _post(viewer, f"/plans/{town.plan.id}/archive", csrf_of(viewer))
    assert refused.status_code == 403 and "只有法治办（协调人）可以归档计划" in refused.get_data(as_text=True)
    assert town.plan.archived_at is None


def test_the_api_answers_refusals_with_4xx_and_chinese(town, app, new_plan, session) -> None:  # type: ignore[no-untyped-def]
    draft = new_plan(session)
    session.add(draft)
    session.flush()
    client = app.test_client()
    secret, _ = issue_token(session, town.coordinator, TokenPurpose.API, "测试")
    headers = {"Authorization": f"Bearer {secret}"}
    refused = client.delete(f"/api/v1/plans/{town.plan.id}", headers=headers)
    assert refused.status_code == 409 and "不能删除" in refused.get_json()["error"]
    assert client.post(f"/api/v1/plans/{draft.id}/archive", headers=headers).status_code == 409
    archived = client.post(f"/api/v1/plans/{town.plan.id}/archive", headers=headers)
    assert archived.status_code == 200 and archived.get_json()["archived_at"]
    assert client.post(f"/api/v1/plans/{town.plan.id}/archive", headers=headers).get_json()["error"] == (
        "计划「2026年度法治政府建设主要安排」已经归档。"
    )
    assert (
        client.post(f"/api/v1/plans/{town.plan.id}/restore", headers=headers).get_json()["archived_at"]
        is None
    )
    assert client.delete(f"/api/v1/plans/{draft.id}", headers=headers).status_code == 204
    assert set(session.scalars(select(Plan.id))) == {town.plan.id}


def test_the_cli_deletes_archives_and_restores(town, new_plan, session, settings, database) -> None:  # type: ignore[no-untyped-def]
    runtime = Runtime(settings)
    runtime.__dict__["database"] = database
    draft = new_plan(session)
    session.add(draft)
    session.flush()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(plan_group, list(args), obj=runtime)

    refused = run("delete", str(town.plan.id))
    assert refused.exit_code == 2 and "不能删除；年度结束后可以归档" in refused.output
    archived = run("archive", str(town.plan.id))
    assert archived.exit_code == 0 and f"已归档计划 #{town.plan.id}" in archived.output
    session.expire_all()
    assert town.plan.archived_at is not None and town.plan.status is PlanStatus.CONFIRMED
    assert run("restore", str(town.plan.id)).exit_code == 0
    assert "已删除草稿计划" in run("delete", str(draft.id)).output
    assert run("archive", "999999").output.strip().endswith("找不到计划 #999999。")
