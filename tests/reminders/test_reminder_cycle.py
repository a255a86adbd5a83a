"""A day's cycle reads the tasks and the audit trail and writes the outbox once, in one transaction."""

from __future__ import annotations

import email
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.policy import default

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, User
from tracker.audit import AuditEvent
from tracker.config import Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.plans.models import PlanItem
from tracker.reminders.cycle import plan_day, run_cycle
from tracker.reminders.models import Delivery, DeliveryMessage, MailKind, ReminderCycle
from tracker.reminders.preferences import set_paused
from tracker.tasks.models import ExtensionRequest, ExtensionStatus, ProgressEntry, Task, TaskStatus

MONDAY = date(2026, 3, 2)  # an ordinary Monday: the weekly summary goes out too
TUESDAY = date(2026, 3, 3)
ENTERED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # when the 2027 schedule is entered


@pytest.fixture
def town(
    session: Session, make_department: Callable[..., Department], make_user: Callable[..., User]
) -> dict:
    """司法所 (lead unit) with its leader and owner, 党政办 co-operating, the mayor, a coordinator."""
    leader = make_user("leader", Role.LEADER)
    lead = make_department("司法所", leader=leader)
    support = make_department("党政办")
    return {
        "lead": lead,
        "support": support,
        "leader": leader,
        "owner": make_user("owner", Role.OWNER, lead),
        "helper": make_user("helper", Role.OWNER, support),
        "principal": make_user("mayor", Role.LEADER, is_principal=True),
        "coordinator": make_user("coordinator", Role.COORDINATOR),
    }


def deliveries(session: Session, day: date) -> dict[tuple[str, MailKind], Delivery]:
    rows = session.scalars(select(Delivery).where(Delivery.day == day))
    return {(row.recipient.username, row.kind): row for row in rows}


def kinds(delivery: Delivery) -> list[tuple[str, int]]:
    return [(item["kind"], item["task_id"]) for item in delivery.payload["items"]]


def test_the_cycle_writes_one_digest_per_recipient_grouped_worst_first(
    session: Session, settings: Settings, town: dict, make_task: Callable[..., Task]
) -> None:
    lead, support, owner = town["lead"], town["support"], town["owner"]
    soon = make_task("普法讲座", date(2026, 3, 3), owner, lead, (support,))  # 1 working day left
    late = make_task("政务公开专栏", date(2026, 2, 6), owner, lead)  # 12 working days late: red
    make_task("已办结事项", date(2026, 2, 10), owner, lead, status=TaskStatus.DONE)
    run_cycle(session, settings, date(2026, 2, 9))  # an earlier cycle consumed the assignment notices

    outcome = run_cycle(session, settings, MONDAY)

    assert outcome.ran
    mails = deliveries(session, MONDAY)
    assert set(mails) == {
        ("owner", MailKind.DAILY),
        ("helper", MailKind.DAILY),
        ("leader", MailKind.DAILY),
        ("mayor", MailKind.DAILY),
        ("coordinator", MailKind.DAILY),
        ("coordinator", MailKind.WEEKLY),
    }
    assert outcome.deliveries == len(mails)
    owner_mail = mails[("owner", MailKind.DAILY)]
    assert kinds(owner_mail) == [("overdue", late.id), ("due_soon", soon.id)]
    assert [item["colour"] for item in owner_mail.payload["items"]] == ["red", "blue"]
    assert owner_mail.to_address == "owner@town.example"
    assert kinds(mails[("helper", MailKind.DAILY)]) == [("due_soon", soon.id)]
    assert mails[("helper", MailKind.DAILY)].payload["items"][0]["capacity"] == "support"
    weekly = mails[("coordinator", MailKind.WEEKLY)].payload
    assert weekly["totals"]["total"] == 3
    assert weekly["totals"]["done"] == 1
    assert weekly["totals"]["overdue"] == 1
    assert [item["task_id"] for item in weekly["overdue"]] == [late.id]


def test_a_day_is_decided_once(session: Session, settings: Settings, town: dict, make_task) -> None:
    make_task("普法讲座", date(2026, 3, 3), town["owner"], town["lead"])
    first = run_cycle(session, settings, MONDAY)
    again = run_cycle(session, settings, MONDAY)
    assert first.ran and first.deliveries > 0
    assert not again.ran and again.reason == "already decided"
    total = session.scalar(select(func.count()).select_from(Delivery).where(Delivery.day == MONDAY))
    assert total == first.deliveries
    assert session.get(ReminderCycle, MONDAY).deliveries == first.deliveries


def test_nothing_is_decided_on_a_holiday(session: Session, settings: Settings, town: dict, make_task) -> None:
    make_task("普法讲座", date(2026, 10, 8), town["owner"], town["lead"])
    outcome = run_cycle(session, settings, date(2026, 10, 5))
    assert not outcome.ran
    assert session.scalar(select(func.count()).select_from(ReminderCycle)) == 0


def test_assignments_are_noticed_once_from_the_audit_trail(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    task = make_task("法律明白人培训", date(2026, 12, 31), town["owner"], town["lead"])
    run_cycle(session, settings, MONDAY)
    assert kinds(deliveries(session, MONDAY)[("owner", MailKind.DAILY)]) == [("assignment", task.id)]

    run_cycle(session, settings, TUESDAY)
    assert deliveries(session, TUESDAY) == {}  # nothing new since Monday's cycle

    task.owner = town["helper"]
    session.flush()
    wednesday = date(2026, 3, 4)
    run_cycle(session, settings, wednesday)
    mail = deliveries(session, wednesday)[("helper", MailKind.DAILY)]
    assert kinds(mail) == [("assignment", task.id)]
    assert mail.payload["items"][0]["detail"] == {"changed": "owner"}

    task.deadline = date(2026, 11, 30)
    session.flush()
    thursday = date(2026, 3, 5)
    run_cycle(session, settings, thursday)
    assert deliveries(session, thursday)[("helper", MailKind.DAILY)].payload["items"][0]["detail"] == {
        "changed": "deadline"
    }


def ask_for_a_month_more(session: Session, task: Task, owner: User) -> ExtensionRequest:
    """延期申请 from 6月30日 to 7月31日, filed by `owner`."""
    request = ExtensionRequest(
        task=task,
        requested_by=owner,
        previous_deadline=task.deadline,
        requested_deadline=date(2026, 7, 31),
        reason="场地改造",
    )
    session.add(request)
    session.flush()
    return request


def test_extension_requests_and_decisions_reach_leader_then_owner(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    task = make_task("执法人员培训", date(2026, 6, 30), town["owner"], town["lead"])
    run_cycle(session, settings, MONDAY)
    request = ask_for_a_month_more(session, task, town["owner"])
    run_cycle(session, settings, TUESDAY)
    mail = deliveries(session, TUESDAY)[("leader", MailKind.DAILY)]
    assert kinds(mail) == [("extension_request", task.id)]
    assert mail.payload["items"][0]["detail"]["requested_deadline"] == "2026-07-31"

    request.status = ExtensionStatus.APPROVED
    task.deadline = request.requested_deadline
    session.flush()
    wednesday = date(2026, 3, 4)
    run_cycle(session, settings, wednesday)
    owner_items = kinds(deliveries(session, wednesday)[("owner", MailKind.DAILY)])
    assert ("extension_decision", task.id) in owner_items


def test_paused_due_soon_and_weekly_mail_is_left_out_but_escalations_are_not(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    soon = make_task("普法讲座", date(2026, 3, 3), town["owner"], town["lead"])
    late = make_task("政务公开专栏", date(2026, 2, 6), town["owner"], town["lead"])
    run_cycle(session, settings, date(2026, 2, 9))
    set_paused(session, town["owner"].id, "due_soon", True)
    set_paused(session, town["coordinator"].id, "weekly", True)
    run_cycle(session, settings, MONDAY)
    mails = deliveries(session, MONDAY)
    assert kinds(mails[("owner", MailKind.DAILY)]) == [("overdue", late.id)]
    assert ("coordinator", MailKind.WEEKLY) not in mails
    assert soon.id not in {item["task_id"] for item in mails[("owner", MailKind.DAILY)].payload["items"]}


def test_progress_is_asked_for_when_the_month_ends_without_an_entry(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    monthly = make_task("每月法治讲座", None, town["owner"], town["lead"], recurrence={"every": "month"})
    filed = make_task("每月普法简报", None, town["owner"], town["lead"], recurrence={"every": "month"})
    session.add(ProgressEntry(task=filed, entry_date=date(2026, 3, 2), text="已印发"))
    session.flush()
    run_cycle(session, settings, MONDAY)
    day = date(2026, 3, 30)  # 1 working day before the end of March
    run_cycle(session, settings, day)
    assert kinds(deliveries(session, day)[("owner", MailKind.DAILY)]) == [("progress_due", monthly.id)]


def test_a_task_nobody_was_named_for_is_brought_to_its_leader_saying_so(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    task = make_task("普法讲座", date(2026, 3, 3), None, town["lead"])
    run_cycle(session, settings, MONDAY)
    mail = deliveries(session, MONDAY)[("leader", MailKind.DAILY)]
    assert kinds(mail) == [("due_soon", task.id)]
    text = email.message_from_bytes(session.get_one(DeliveryMessage, mail.id).data, policy=default)
    plain = text.get_body(("plain",)).get_content()
    said = "即将到期：距截止还有 1 个工作日（截止日期 2026年3月3日）；该任务尚未指定责任人，请尽快明确"
    assert f"{said}（您是分管领导）" in plain


def test_people_without_an_address_get_no_row_but_are_reported(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    town["owner"].email = None
    make_task("普法讲座", date(2026, 3, 3), town["owner"], town["lead"])
    outcome = run_cycle(session, settings, MONDAY)
    assert town["owner"].id in outcome.without_address
    assert ("owner", MailKind.DAILY) not in deliveries(session, MONDAY)


def test_the_preview_decides_the_same_without_writing(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    make_task("普法讲座", date(2026, 3, 3), town["owner"], town["lead"], (town["support"],))
    plan = plan_day(session, settings, MONDAY)
    assert session.scalar(select(func.count()).select_from(Delivery)) == 0
    outcome = run_cycle(session, settings, MONDAY)
    assert len(plan.mails) == outcome.deliveries
    assert {(mail.recipient_id, mail.kind) for mail in plan.mails} == {
        (row.recipient_id, row.kind) for row in deliveries(session, MONDAY).values()
    }


@pytest.mark.parametrize("fresh_database_url", ["postgresql"], indirect=True)  # SQLite has one writer
def test_an_assignment_committed_after_the_cycle_read_the_trail_is_noticed_next_time(
    fresh_database_url: str, tmp_path, new_plan
) -> None:  # type: ignore[no-untyped-def]
    """On PostgreSQL an audit id is taken at insert: a request still open while Monday's cycle reads
    the trail commits an id below Monday's watermark. Reading from the watermark on (the old way)
    would never see it; Tuesday's cycle sends its notice, and Wednesday's does not send it again."""
    database = Database(fresh_database_url)
    settings = Settings(var_dir=tmp_path, database_url=fresh_database_url)
    with database.unit_of_work() as session:
        unit = Department(organisation_id=sole_organisation(session).id, name="司法所")
        first, second = (
            User(
                organisation_id=sole_organisation(session).id,
                username=name,
                display_name=name,
                email=f"{name}@town.example",
                department=unit,
            )
            for name in ("slow", "quick")
        )
        plan = new_plan(session, confirmed=True)
        session.add_all([unit, first, second, plan])
        session.flush()
        tasks = [
            Task(plan_id=plan.id, plan_item=PlanItem(plan=plan, title=t, text=t, position=n), title=t)
            for n, t in enumerate(("开展宪法宣传周活动", "更新政务公开专栏"))
        ]
        session.add_all(tasks)
        session.flush()
        ids = {"slow": first.id, "quick": second.id, "slow_task": tasks[0].id, "quick_task": tasks[1].id}

    request_in_flight = database.sessions()
    request_in_flight.get_one(Task, ids["slow_task"]).owner_id = ids["slow"]
    request_in_flight.flush()
    late_event = request_in_flight.scalar(select(func.max(AuditEvent.id)))
    with database.unit_of_work() as session:
        session.get_one(Task, ids["quick_task"]).owner_id = ids["quick"]
    with database.unit_of_work() as session:
        run_cycle(session, settings, MONDAY)
    request_in_flight.commit()
    request_in_flight.close()

    with database.unit_of_work() as session:
        assert late_event < session.get_one(ReminderCycle, MONDAY).audit_watermark
        assert set(deliveries(session, MONDAY)) == {("quick", MailKind.DAILY)}
        run_cycle(session, settings, TUESDAY)
        tuesday = deliveries(session, TUESDAY)
        assert set(tuesday) == {("slow", MailKind.DAILY)}
        assert kinds(tuesday[("slow", MailKind.DAILY)]) == [("assignment", ids["slow_task"])]
        wednesday = date(2026, 3, 4)
        run_cycle(session, settings, wednesday)
        assert deliveries(session, wednesday) == {}
    database.dispose()


def _due_soon_days(session: Session, settings: Settings, days: list[date]) -> dict[date, list[int]]:
    """Each day the preview sends a due-soon reminder for some task, with the working days left."""
    found: dict[date, list[int]] = {}
    for day in days:
        for mail in plan_day(session, settings, day).mails:
            for item in mail.payload.get("items", []):
                if item["kind"] == "due_soon":
                    found.setdefault(day, []).append(item["workdays"])
    return found


def test_a_year_s_holidays_entered_by_hand_move_its_reminders(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    """2027 is beyond chinesecalendar: until its schedule is entered, 元旦 counts as a working day."""
    from tests.holidays.notices import NOTICE_2027
    from tracker.holidays.schedule import enter_year

    make_task("年初普法讲座", date(2027, 1, 4), town["owner"], town["lead"])  # Monday after 元旦
    around_new_year = [date(2026, 12, 31), date(2027, 1, 1)]
    assert _due_soon_days(session, settings, around_new_year) == {date(2027, 1, 1): [1]}
    enter_year(session, 2027, NOTICE_2027, "2027年节假日安排", by=town["coordinator"], now=ENTERED_AT)
    assert _due_soon_days(session, settings, around_new_year) == {date(2026, 12, 31): [1]}
    assert not plan_day(session, settings, date(2027, 1, 1)).workday  # 元旦: no cycle at all


def test_the_weekly_summary_counts_each_status_apart(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    """It used to call every open task 推进中, though most had not started."""
    for number in range(3):
        make_task(f"未开始事项{number}", date(2026, 6, 30), town["owner"], town["lead"])
    make_task("推进中事项", date(2026, 6, 30), town["owner"], town["lead"], status=TaskStatus.IN_PROGRESS)
    make_task("已办结事项", date(2026, 2, 10), town["owner"], town["lead"], status=TaskStatus.DONE)
    run_cycle(session, settings, MONDAY)
    weekly = deliveries(session, MONDAY)[("coordinator", MailKind.WEEKLY)]
    assert {key: weekly.payload["totals"][key] for key in ("total", "done", "in_progress", "pending")} == {
        "total": 5,
        "done": 1,
        "in_progress": 1,
        "pending": 3,
    }
    message = email.message_from_bytes(session.get_one(DeliveryMessage, weekly.id).data, policy=default)
    text = message.get_body(("plain",)).get_content()
    assert "任务总数 5 项：已办结 1 项，推进中 1 项，未开始 3 项" in text
    html = message.get_body(("html",)).get_content()
    assert "任务总数 5 项：已办结 1 项，推进中 1 项，未开始 3 项" in html


def test_a_decision_on_a_task_closed_since_is_still_announced(
    session: Session, settings: Settings, town: dict, make_task
) -> None:
    """The cycle reads open tasks only (a province's done tasks are half of them by December), and
    the tasks the day's changes name whatever their status."""
    task = make_task("执法人员培训", date(2026, 6, 30), town["owner"], town["lead"])
    run_cycle(session, settings, MONDAY)
    request = ask_for_a_month_more(session, task, town["owner"])
    request.status = ExtensionStatus.REFUSED
    task.status = TaskStatus.DONE
    session.flush()
    run_cycle(session, settings, TUESDAY)
    assert ("extension_decision", task.id) in kinds(deliveries(session, TUESDAY)[("owner", MailKind.DAILY)])


def test_a_day_with_many_recipients_reads_them_all_at_once(
    session: Session, settings: Settings, town: dict, make_task, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `MANY_PEOPLE` recipients the people are read without naming them: the same mail."""
    from tracker.reminders import facts

    make_task("政务公开专栏", date(2026, 2, 6), town["owner"], town["lead"])  # late: owner, leader…
    session.flush()
    few = [(mail.recipient_id, mail.to_address) for mail in plan_day(session, settings, TUESDAY).mails]
    monkeypatch.setattr(facts, "MANY_PEOPLE", 1)
    many = [(mail.recipient_id, mail.to_address) for mail in plan_day(session, settings, TUESDAY).mails]
    assert len(few) > 1 and many == few


def test_the_collector_is_back_on_after_the_decision(
    session: Session, settings: Settings, town: dict
) -> None:
    import gc

    plan_day(session, settings, TUESDAY)
    assert gc.isenabled()
