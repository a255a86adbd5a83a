"""A day's reminder cycle: decide who gets what, render the mail, write the outbox, in one transaction.

`plan_day` only reads (it is what `tracker reminders due` prints); `run_cycle` claims the day first
(one `ReminderCycle` row per day, inserted with ON CONFLICT DO NOTHING), so when two beats fire at
once, exactly one of them writes that day's deliveries and the other finds the day taken.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker import calendar
from tracker.clock import stamp
from tracker.config import Settings
from tracker.errors import RuleError
from tracker.holidays.schedule import use_entered_schedules
from tracker.reminders import facts
from tracker.reminders.compose import UNSENDABLE, DeliveryView, compose, message_id
from tracker.reminders.digest import daily_payloads, weekly_payload
from tracker.reminders.models import (
    Delivery,
    DeliveryMessage,
    DeliveryStatus,
    MailKind,
    NoticedEvent,
    ReminderCycle,
)
from tracker.reminders.rules import DayRules, Thresholds, decide_day, index_for
from tracker.reminders.weekly import is_summary_day, summaries_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlannedMail:
    recipient_id: int
    kind: MailKind
    to_address: str | None
    payload: dict[str, Any]
    extension_request_id: int | None = None
    """The request a notice is about (`tracker.reminders.notices`); None for digests."""


@dataclass
class DayPlan:
    day: date
    workday: bool
    watermark: int = 0
    """The newest audit event committed when the day was decided."""
    settled: int = 0
    """The audit window started after this event (`facts.settled_watermark`)."""
    noticed: tuple[int, ...] = ()
    """The audit events whose notices the day's mail carries."""
    mails: list[PlannedMail] = field(default_factory=list)


def thresholds(settings: Settings) -> Thresholds:
    return Thresholds(
        due_soon_days=tuple(settings.reminder_due_soon_days),
        leader_after_days=settings.reminder_leader_after_days,
        top_after_days=settings.reminder_top_after_days,
    )


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off while the day is decided.

    The decision builds a few hundred thousand small tuples and dicts (a province: 54,000 open tasks,
    130,000 reminders and digest items), none of them in a reference cycle; every 700 of them the
    collector ran, and its full passes over the growing heap were half of the decision's time
    (2.0 s against 1.0 s at province size, `bench/province.py`). Reference counting still frees
    everything; the collector runs again as soon as the decision ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def plan_day(session: Session, settings: Settings, day: date) -> DayPlan:
    """What the cycle of `day` sends: nothing on a non-working day (法定节假日, plain weekends)."""
    use_entered_schedules(session)
    if not calendar.is_workday(day):
        return DayPlan(day, workday=False)
    with _no_cycle_collection():
        return _decide(session, settings, day)


def _decide(session: Session, settings: Settings, day: date) -> DayPlan:
    watermark = facts.latest_audit_event(session)
    settled = facts.settled_watermark(session, day)
    changes = facts.load_changes(session, settled, watermark)
    named = {change.task_id for change in changes.tasks} | {change.task_id for change in changes.extensions}
    tasks = facts.load_tasks(session, open_and=named)
    organisation = facts.load_organisation(session)
    rules = DayRules(day, index_for(day, tasks, calendar.is_workday), organisation, thresholds(settings))
    reminders = decide_day(rules, tasks, changes.tasks, changes.extensions)
    weekly = is_summary_day(rules)
    recipients = {reminder.recipient_id for reminder in reminders}
    people = facts.load_people(session, recipients | (set(organisation.coordinators) if weekly else set()))
    tasks_by_id = {task.id: task for task in tasks}
    plan = DayPlan(day, workday=True, watermark=watermark, settled=settled, noticed=changes.event_ids)
    for recipient_id, payload in sorted(daily_payloads(day, reminders, tasks_by_id, people).items()):
        plan.mails.append(PlannedMail(recipient_id, MailKind.DAILY, people[recipient_id].email, payload))
    if weekly:
        listening = [c for c in organisation.coordinators if c in people and not people[c].pause_weekly]
        summaries = summaries_of(rules, tasks, facts.count_done(session), listening)
        for coordinator, summary in summaries.items():
            person = people[coordinator]
            payload = weekly_payload(day, person, summary, organisation.names)
            plan.mails.append(PlannedMail(coordinator, MailKind.WEEKLY, person.email, payload))
    return plan


@dataclass(frozen=True)
class CycleOutcome:
    day: date
    ran: bool
    reason: str
    deliveries: int = 0
    without_address: tuple[int, ...] = ()


def _claim_day(session: Session, day: date) -> bool:
    """Insert the day's cycle row unless another cycle already has: True when this one won."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ReminderCycle).values(day=day).on_conflict_do_nothing()
    return session.execute(statement.returning(ReminderCycle.day)).first() is not None


def _outbox_row(mail: PlannedMail, day: date, decided_at: datetime, settings: Settings) -> dict[str, Any]:
    """The delivery of `mail`: pending with its rendered message, or failed with the reason when no
    mail can carry it to this recipient (an address that cannot be encoded): that one row fails,
    shown on the outbox page, and the rest of the day goes out."""
    assert mail.to_address is not None
    view = DeliveryView(
        mail.recipient_id,
        day,
        mail.kind.value,
        mail.to_address,
        mail.payload,
        decided_at,
        mail.extension_request_id,
    )
    row = {
        "recipient_id": mail.recipient_id,
        "extension_request_id": mail.extension_request_id,
        "day": day,
        "kind": mail.kind,
        "to_address": mail.to_address[:254],
        "payload": mail.payload,
        "message_id": message_id(view, settings),
        "status": DeliveryStatus.PENDING,
        "last_error": None,
        "created_at": decided_at,
        "next_attempt_at": decided_at,
    }
    try:
        row["message"] = compose(view, settings).data  # goes to DeliveryMessage
    except UNSENDABLE as error:
        reason = error.message if isinstance(error, RuleError) else f"邮件无法生成：{error!r}"
        log.warning("reminders for %s: mail to user %s cannot be sent: %s", day, mail.recipient_id, reason)
        row.update(status=DeliveryStatus.FAILED, last_error=reason, message=b"")
    return row


def _remember_noticed(session: Session, plan: DayPlan) -> None:
    """Mark the day's notices as given; forget the marks no later window can reach again."""
    session.execute(delete(NoticedEvent).where(NoticedEvent.audit_event_id <= plan.settled))
    if plan.noticed:
        session.execute(
            insert(NoticedEvent), [{"audit_event_id": event_id, "day": plan.day} for event_id in plan.noticed]
        )


def run_cycle(session: Session, settings: Settings, day: date) -> CycleOutcome:
    """Decide `day` and write its deliveries, once; add and flush, never commit."""
    use_entered_schedules(session)
    if not calendar.is_workday(day):
        return CycleOutcome(day, ran=False, reason="not a working day")
    if not _claim_day(session, day):
        return CycleOutcome(day, ran=False, reason="already decided")
    plan = plan_day(session, settings, day)
    deliveries, without_address = write_outbox(session, settings, day, plan.mails)
    _remember_noticed(session, plan)
    cycle = session.get(ReminderCycle, day)
    assert cycle is not None
    cycle.audit_watermark = plan.watermark
    cycle.deliveries = deliveries
    session.flush()
    log.info("reminder cycle %s: %d deliveries", day, deliveries)
    return CycleOutcome(
        day, ran=True, reason="decided", deliveries=deliveries, without_address=without_address
    )


def write_outbox(
    session: Session, settings: Settings, day: date, mails: list[PlannedMail]
) -> tuple[int, tuple[int, ...]]:
    """Render `mails` and add them to the outbox as pending deliveries (the digests of a day, or the
    notices of a few minutes): (rows written, recipients left out for want of an address)."""
    decided_at = stamp()
    rows = [_outbox_row(mail, day, decided_at, settings) for mail in mails if mail.to_address]
    without_address = tuple(mail.recipient_id for mail in mails if not mail.to_address)
    if without_address:
        log.warning("reminders for %s: no email address for users %s", day, without_address)
    if rows:
        messages = [row.pop("message") for row in rows]
        ids = session.scalars(
            insert(Delivery).returning(Delivery.id, sort_by_parameter_order=True), rows
        ).all()
        session.execute(
            insert(DeliveryMessage),
            [{"delivery_id": id_, "data": data} for id_, data in zip(ids, messages, strict=True)],
        )
    return len(rows), without_address
