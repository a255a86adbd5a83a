"""A task closed as 办结 is reopened by a coordinator with a reason, on record: back to 推进中, no
closing date, the board's version moved, and a plain line in its history naming who and why."""

from __future__ import annotations

from tracker.accounts.models import TokenPurpose
from tracker.accounts.tokens import issue_token
from tracker.board.cache import board_version
from tracker.tasks.closing import close_task
from tracker.tasks.history import task_history
from tracker.tasks.models import TaskStatus


def _closed(town, session):  # type: ignore[no-untyped-def]
    close_task(session, town.task, by=town.owner, version_id=town.task.version_id)
    session.flush()
    return town.task


def _reopen(client, task, csrf: str, reason: str):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf, "version_id": str(task.version_id), "reason": reason}
    return client.post(f"/tasks/{task.id}/reopen", data=form)


def test_a_coordinator_reopens_with_a_reason_on_record(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    task = _closed(town, session)
    client = sign_in(town.coordinator)
    page = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert 'id="reopen-form"' in page and "重新打开的原因（必填）" in page
    before = board_version(session)

    answer = _reopen(client, task, csrf_of(client, f"/tasks/{task.id}"), "督察发现佐证材料缺少签到表")

    assert answer.status_code == 302
    session.refresh(task)
    assert task.status == TaskStatus.IN_PROGRESS and task.closed_at is None and task.closed_by_id is None
    assert board_version(session) > before
    history = [line.text for line in task_history(session, task)]
    assert history[-1] == "li 重新打开了任务，原因：督察发现佐证材料缺少签到表"
    assert not [line for line in history if "状态" in line]  # one action, one line
    shown = client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "重新打开了任务，原因：督察发现佐证材料缺少签到表" in shown
    assert 'id="reopen-form"' not in shown and 'id="close-form"' in shown


def test_without_a_reason_the_form_comes_back_with_the_message_beside_it(
    town, session, sign_in, csrf_of
) -> None:  # type: ignore[no-untyped-def]
    task = _closed(town, session)
    client = sign_in(town.coordinator)
    refused = _reopen(client, task, csrf_of(client, f"/tasks/{task.id}"), "   ")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert 'id="error-reason"' in page and "请填写重新打开的原因（将记入任务的历史记录）。" in page
    session.refresh(task)
    assert task.status == TaskStatus.DONE and task.closed_at is not None


def test_only_a_coordinator_reopens(town, session, sign_in, csrf_of) -> None:  # type: ignore[no-untyped-def]
    task = _closed(town, session)
    owner = sign_in(town.owner)  # the lead unit closed it, but asks the coordinator to reopen it
    assert 'id="reopen-form"' not in owner.get(f"/tasks/{task.id}").get_data(as_text=True)
    refused = _reopen(owner, task, csrf_of(owner, f"/tasks/{task.id}"), "写错了")
    assert (
        refused.status_code == 403
        and "只有法治办（协调人）可以重新打开已办结的任务。" in refused.get_data(as_text=True)
    )
    session.refresh(task)
    assert task.status == TaskStatus.DONE


def test_the_api_reopens_through_the_same_rule(town, session, app) -> None:  # type: ignore[no-untyped-def]
    task = _closed(town, session)
    client = app.test_client()

    def post(user, body):  # type: ignore[no-untyped-def]
        secret, _ = issue_token(session, user, TokenPurpose.API, "测试")
        return client.post(
            f"/api/v1/tasks/{task.id}/reopen", json=body, headers={"Authorization": f"Bearer {secret}"}
        )

    version = task.version_id
    assert post(town.owner, {"version_id": version, "reason": "写错了"}).status_code == 403
    missing = post(town.coordinator, {"version_id": version})
    assert missing.status_code == 400 and missing.get_json()["field"] == "reason"
    reopened = post(town.coordinator, {"version_id": version, "reason": "督察要求补充材料"})
    assert reopened.status_code == 200 and reopened.get_json()["status"] == "in_progress"
    again = post(town.coordinator, {"version_id": reopened.get_json()["version_id"], "reason": "再次"})
    assert again.status_code == 400 and again.get_json()["error"] == "该任务尚未办结，无需重新打开。"
