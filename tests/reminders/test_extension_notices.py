"""Immediate extension notices: a request reaches the 分管领导 and its decision the 责任人 within
minutes, through the outbox; a request decided before its notice leaves is never announced as
请审批, neither by the notice nor by the next digest."""

from __future__ import annotations

import email
from collections.abc import Callable
from datetime import date
from email.policy import default

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.config import Settings
from tracker.db import Database
from tracker.mail import list_outbox_files, read_outbox_file
from tracker.reminders.cycle import run_cycle
from tracker.reminders.models import Delivery, DeliveryStatus, MailKind
from tracker.reminders.notices import run_notices
from tracker.reminders.outbox import DECIDED_BEFORE_SENT
from tracker.reminders.sending import send_pending
from tracker.tasks.extensions import decide_extension, request_extension
from tracker.tasks.models import ExtensionRequest, Task

MONDAY = date(2026, 3, 2)  # the `settings` fixture's day
TUESDAY = date(2026, 3, 3)


@pytest.fixture
def town(
    session: Session, make_department: Callable[..., Department], make_user: Callable[..., User]
) -> dict:
    leader = make_user("wang", Role.LEADER)
    unit = make_department("司法所", leader=leader)
    owner, coordinator = make_user("zhang", Role.OWNER, unit), make_user("li", Role.COORDINATOR)
    return {"unit": unit, "leader": leader, "owner": owner, "coordinator": coordinator}


@pytest.fixture
def task(town: dict, make_task: Callable[..., Task]) -> Task:
    return make_task("组织行政执法人员旁听庭审", date(2026, 6, 30), town["owner"], town["unit"])


def _ask(session: Session, town: dict, task: Task) -> ExtensionRequest:
    return request_extension(
        session, task, by=town["owner"], new_deadline=date(2026, 8, 31), reason="庭审排期推迟", today=MONDAY
    )


def _outbox(session: Session, *kinds: MailKind) -> list[tuple[str, MailKind, DeliveryStatus]]:
    session.expire_all()
    rows = session.scalars(select(Delivery).where(Delivery.kind.in_(kinds)).order_by(Delivery.id))
    return [(row.recipient.username, row.kind, row.status) for row in rows]


def _digests(session: Session) -> int:
    return len(_outbox(session, MailKind.DAILY, MailKind.WEEKLY))


def _digest_items(session: Session, day: date) -> dict[str, list[str]]:
    rows = session.scalars(select(Delivery).where(Delivery.day == day, Delivery.kind == MailKind.DAILY))
    return {row.recipient.username: [item["kind"] for item in row.payload["items"]] for row in rows}


def test_a_request_and_its_decision_each_reach_the_outbox_within_minutes(
    session: Session, settings: Settings, database: Database, town: dict, task: Task
) -> None:
    run_cycle(session, settings, MONDAY)  # the 09:00 digest
    request = _ask(session, town, task)
    outcome = run_notices(session, settings, MONDAY)
    assert (outcome.ran, outcome.deliveries) == (True, 1)
    assert _outbox(session, *MailKind)[-1:] == [("wang", MailKind.EXTENSION_REQUEST, DeliveryStatus.PENDING)]
    assert run_notices(session, settings, MONDAY).deliveries == 0  # told once
    session.commit()
    assert send_pending(database, settings).sent == _digests(session) + 1  # the notice with them
    name = f"luoshi.extension_request.r{request.id}.{town['leader'].id}@127.0.0.1.eml"
    message = email.message_from_bytes(read_outbox_file(settings, name) or b"", policy=default)
    assert message["Subject"] == "【落实】延期申请待审批：组织行政执法人员旁听庭审"
    text = message.get_body(("plain",)).get_content()
    assert "申请延期至 2026年8月31日，请审批" in text and f"/tasks/{task.id}#decide-form" in text

    decide_extension(session, request, by=town["leader"], approve=True)
    assert run_notices(session, settings, MONDAY).deliveries == 1
    assert _outbox(session, MailKind.EXTENSION_DECISION) == [
        ("zhang", MailKind.EXTENSION_DECISION, DeliveryStatus.PENDING)
    ]
    run_cycle(session, settings, TUESDAY)
    digests = _digest_items(session, TUESDAY)
    assert "extension_request" not in digests.get("wang", []) and "extension_decision" not in digests.get(
        "zhang", []
    )  # the notices said it already


def test_a_notice_whose_request_was_decided_before_it_left_is_dropped_unsent(
    session: Session, settings: Settings, database: Database, town: dict, task: Task, sign_in
) -> None:
    run_cycle(session, settings, MONDAY)
    request = _ask(session, town, task)
    run_notices(session, settings, MONDAY)
    decide_extension(session, request, by=town["leader"], approve=True)  # before the sender ran
    session.commit()
    assert send_pending(database, settings).sent == _digests(session)  # the notice is not among them
    (dropped,) = session.scalars(select(Delivery).where(Delivery.kind == MailKind.EXTENSION_REQUEST))
    assert (dropped.status, dropped.last_error) == (DeliveryStatus.DROPPED, DECIDED_BEFORE_SENT)
    assert not [file for file in list_outbox_files(settings) if "extension_request" in file.name]
    outbox = sign_in(town["coordinator"]).get("/admin/reminders/outbox?status=dropped").get_data(as_text=True)
    assert "已撤下（1）" in outbox and DECIDED_BEFORE_SENT in outbox and "延期申请待审批" in outbox


def test_a_request_decided_before_the_notices_run_is_never_announced(
    session: Session, settings: Settings, town: dict, task: Task
) -> None:
    run_cycle(session, settings, MONDAY)
    decide_extension(session, _ask(session, town, task), by=town["leader"], approve=False, note="请按期完成")
    assert run_notices(session, settings, MONDAY).deliveries == 1
    assert _outbox(session, MailKind.EXTENSION_REQUEST, MailKind.EXTENSION_DECISION) == [
        ("zhang", MailKind.EXTENSION_DECISION, DeliveryStatus.PENDING)
    ]


def test_the_digest_never_says_please_decide_for_a_decided_request(
    session: Session, settings: Settings, town: dict, task: Task
) -> None:
    """Filed and approved before 09:00 (the notices wait for the day's digest): the digest tells the
    owner the decision and asks the leader nothing."""
    run_cycle(session, settings, MONDAY)
    request = _ask(session, town, task)
    decide_extension(session, request, by=town["leader"], approve=True)
    assert run_notices(session, settings, TUESDAY).ran is False  # before Tuesday's digest
    run_cycle(session, settings, TUESDAY)
    digests = _digest_items(session, TUESDAY)
    assert "extension_request" not in digests.get("wang", [])
    assert "extension_decision" in digests["zhang"]
    assert run_notices(session, settings, TUESDAY).deliveries == 0  # the digest told it


def test_no_notices_on_a_day_off(session: Session, settings: Settings, town: dict, task: Task) -> None:
    _ask(session, town, task)
    outcome = run_notices(session, settings, date(2026, 3, 7))  # a Saturday
    assert (outcome.ran, outcome.reason) == (False, "not a working day")


def test_beat_writes_the_notices_every_five_minutes_in_the_digest_s_hours(settings: Settings) -> None:
    from workers.schedule import beat_schedule

    entry = beat_schedule(settings)["reminders-extension-notices"]
    assert entry["task"] == "reminders.send_notices"
    assert entry["schedule"].minute == set(range(0, 60, 5)) and entry["schedule"].hour == set(range(9, 18))
