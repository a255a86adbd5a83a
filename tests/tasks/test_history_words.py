"""A task's history reads as plain sentences: one line per action, naming the people and units,
dates written 2027年1月15日, never a field name, an id or a stored UTC stamp; the time of each
line is shown in TRACKER_TIMEZONE."""

from __future__ import annotations

import dataclasses
import re
from contextlib import AbstractContextManager
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from tracker import audit
from tracker.accounts.models import Role, User
from tracker.audit import Actor, acting_as
from tracker.duban.service import Order, issue_duban
from tracker.tasks.assignment import Assignment, assign_task
from tracker.tasks.closing import close_task, reopen_task
from tracker.tasks.evidence import EvidenceStore, Upload
from tracker.tasks.extensions import decide_extension, request_extension
from tracker.tasks.history import task_history
from tracker.tasks.models import Task
from tracker.tasks.progress import ProgressReport, file_progress
from tracker.tasks.reasons import record_unfinished_reason

TODAY = date(2026, 3, 2)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZONE = "Asia/Tokyo"
"""Neither UTC nor the default Asia/Shanghai: a time shown in it can only come from the setting."""


@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    return dataclasses.replace(settings, timezone=ZONE)


def _as(user: User) -> AbstractContextManager[Actor]:
    """Acting as `user`, as a signed-in request does."""
    return acting_as(Actor(user.username, user.id))


@pytest.fixture
def walked(town, session, make_user, tmp_path) -> Task:  # type: ignore[no-untyped-def]
    """开展法治讲座 through every action a task's history can hold, each through its service, as the
    person who does it in the town."""
    for user, name in (
        (town.coordinator, "李协调"),
        (town.leader, "王分管"),
        (town.owner, "张三"),
    ):
        user.display_name = name
    zhou = make_user("zhou", Role.OWNER, town.lead)
    zhou.display_name = "周五"
    task = town.task
    with _as(town.coordinator):
        assign_task(
            session,
            task,
            Assignment(
                version_id=task.version_id,
                lead_department_id=town.lead.id,
                support_department_ids=(town.support.id, town.unrelated.id),
                owner_id=zhou.id,
                deadline=date(2026, 9, 30),
                requires_evidence=True,
            ),
            by=town.coordinator,
        )
    with _as(zhou):
        report = ProgressReport("举办法治讲座两场", TODAY, percent=40, uploads=(Upload("签到表.png", PNG),))
        store = EvidenceStore(tmp_path / "evidence")
        file_progress(session, task, report, by=zhou, today=TODAY, store=store, max_upload_bytes=10**6)
        approved = request_extension(
            session, task, by=zhou, new_deadline=date(2027, 1, 15), reason="等待县司法局统一安排", today=TODAY
        )
    with _as(town.leader):
        decide_extension(session, approved, by=town.leader, approve=True)
    with _as(zhou):
        refused = request_extension(
            session, task, by=zhou, new_deadline=date(2027, 2, 26), reason="讲师未落实", today=TODAY
        )
    with _as(town.leader):
        decide_extension(session, refused, by=town.leader, approve=False, note="请按期完成")
    with _as(zhou):
        record_unfinished_reason(session, task, "讲师临时调整", by=zhou)
        record_unfinished_reason(session, task, "", by=zhou)
        close_task(session, task, by=zhou, version_id=task.version_id, note="讲座全部完成")
    with _as(town.coordinator):
        reopen_task(session, task, by=town.coordinator, version_id=task.version_id, reason="缺少照片")
    session.flush()
    return task


def test_every_action_is_one_sentence_with_names_and_chinese_dates(session, walked) -> None:  # type: ignore[no-untyped-def]
    assert [line.text for line in task_history(session, walked)] == [
        "系统 创建了任务",
        "系统 修改了任务：责任人定为张三",
        "李协调 调整了配合单位：由党政办改为党政办、综合行政执法办",
        "李协调 修改了任务：责任人由张三改为周五；截止日期由2026年6月30日改为2026年9月30日；"
        "设为办结须附佐证材料",
        "周五 填报了进展（完成比例40%）：举办法治讲座两场",
        "周五 上传了佐证材料：签到表.png",
        "周五 提交了延期申请：申请延期至2027年1月15日，原因：等待县司法局统一安排",
        "王分管 批准了延期申请：延期至2027年1月15日",
        "周五 提交了延期申请：申请延期至2027年2月26日，原因：讲师未落实",
        "王分管 未批准延期申请（申请延期至2027年2月26日），说明：请按期完成",
        "周五 修改了任务：未完成原因写为「讲师临时调整」",
        "周五 修改了任务：清除了未完成原因",
        "周五 办结了任务，说明：讲座全部完成",
        "李协调 重新打开了任务，原因：缺少照片",
    ]


def _leaks(text: str) -> list[str]:
    """What a person should never read in a history line: field names, ids, stored stamps."""
    without_dates_and_shares = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,3}%", "", text)
    return [
        *re.findall(r"[A-Za-z]*_[A-Za-z_]+|\b(?:id|None|null)\b", text),
        *re.findall(r"\d{4}-\d{2}-\d{2}|T\d\d:\d\d:\d\d|\+00:00|#\d", text),
        *re.findall(r"\d+", without_dates_and_shares),  # an id left as a number
    ]


def test_no_line_shows_a_field_name_an_id_or_a_stamp(session, walked) -> None:  # type: ignore[no-untyped-def]
    lines = [line.text for line in task_history(session, walked)]
    assert {text: _leaks(text) for text in lines if _leaks(text)} == {}


def test_the_page_shows_each_line_at_its_time_in_the_towns_zone(  # type: ignore[no-untyped-def]
    session, town, walked, sign_in
) -> None:
    page = sign_in(town.coordinator).get(f"/tasks/{walked.id}").get_data(as_text=True)
    history = page[page.index('<ol class="history">') :]
    history = history[: history.index("</ol>")]
    last = task_history(session, walked)[-1]
    local, utc = last.at.astimezone(ZoneInfo(ZONE)), last.at.astimezone(ZoneInfo("UTC"))
    shown = f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    in_utc = f"{utc.year}年{utc.month}月{utc.day}日 {utc:%H:%M}"
    assert f"<time>{shown}</time>" in history and in_utc not in history
    assert "重新打开了任务，原因：缺少照片" in history
    texts = re.sub(r"<time>[^<]*</time>|<[^>]+>", " ", history)
    assert _leaks(texts) == []


def test_a_county_duban_reads_as_issued_by_the_county(session, county) -> None:  # type: ignore[no-untyped-def]
    county.coordinator.display_name = "县法治办"
    order = Order(
        title="开展行政执法案卷自查",
        text="逐卷自查，形成自查报告。",
        deadline=date(2026, 3, 20),
        requires_evidence=True,
        town_ids=(county.east.organisation.id,),
    )
    with _as(county.coordinator):
        (row,) = issue_duban(session, order, by=county.coordinator, today=TODAY).towns
    session.flush()
    lines = [line.text for line in task_history(session, row.task)]
    assert lines == ["县法治办 创建了任务", "县法治办 下发了县级督办（列入“上级交办”）"]


def test_an_action_without_words_yet_still_shows_who_did_something(session, town) -> None:  # type: ignore[no-untyped-def]
    town.coordinator.display_name = "李协调"
    with _as(town.coordinator):
        audit.record(session, "task.something_new", town.task, note="核对了台账")
    session.flush()
    assert task_history(session, town.task)[-1].text == "李协调 更新了任务的记录，说明：核对了台账"
