"""Immediate notices: an extension request reaches the 分管领导, and its decision the 责任人, within
minutes instead of in the next 09:00 digest, through the same outbox, rules and rendering.

Beat runs `run_notices` every five minutes in the daily cycle's hours (`workers.schedule`). It reads
the extension events of the audit trail that no cycle has noticed yet — the daily cycle's own window
(`facts.settled_watermark`, `NoticedEvent`) — claims them (INSERT … ON CONFLICT DO NOTHING: of two
runs at once, each event goes with exactly one, and the digest never repeats it), and writes one
delivery per recipient and request with `rules.extension_notices`, the rule the digest follows.

Mail keeps the digest's hours: nothing goes on a non-working day or before the day's digest has been
decided; what happens then goes in the next digest, which leaves out requests decided since. A
request notice still waiting in the outbox when its request is decided is dropped, unsent
(`outbox.drop_decided_requests`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker import calendar
from tracker.config import Settings
from tracker.holidays.schedule import use_entered_schedules
from tracker.reminders import facts
from tracker.reminders.cycle import CycleOutcome, PlannedMail, write_outbox
from tracker.reminders.digest import daily_payloads
from tracker.reminders.models import MailKind, NoticedEvent, ReminderCycle
from tracker.reminders.rules import ExtensionChange, extension_notices

log = logging.getLogger(__name__)


def _claim(session: Session, day: date, changes: Sequence[ExtensionChange]) -> list[ExtensionChange]:
    """The changes whose audit events this run marks as noticed; another run's are left to it."""
    if not changes:
        return []
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"audit_event_id": change.event_id, "day": day} for change in changes]
    statement = dialect.insert(NoticedEvent).values(rows).on_conflict_do_nothing()
    claimed = set(session.scalars(statement.returning(NoticedEvent.audit_event_id)))
    return [change for change in changes if change.event_id in claimed]


def run_notices(session: Session, settings: Settings, day: date) -> CycleOutcome:
    """Write the notices of the extension requests and decisions nobody has been told of yet; add and
    flush, never commit."""
    use_entered_schedules(session)
    if not calendar.is_workday(day):
        return CycleOutcome(day, ran=False, reason="not a working day")
    if session.get(ReminderCycle, day) is None:
        return CycleOutcome(day, ran=False, reason="the day's digest is not decided yet")
    window = facts.load_changes(
        session, facts.settled_watermark(session, day), facts.latest_audit_event(session)
    )
    changes = _claim(session, day, window.extensions)
    if not changes:
        return CycleOutcome(day, ran=True, reason="nothing new")
    tasks = {task.id: task for task in facts.load_tasks(session, only={change.task_id for change in changes})}
    organisation = facts.load_organisation(session)
    notices = [
        (change, reminder)
        for change in changes
        if change.task_id in tasks
        for reminder in extension_notices(tasks[change.task_id], change, organisation)
        if organisation.hears_of(reminder.recipient_id, tasks[change.task_id])  # the demo's to the demo only
    ]
    people = facts.load_people(session, {reminder.recipient_id for _, reminder in notices})
    mails = [
        PlannedMail(
            recipient_id,
            MailKind(reminder.kind.value),
            people[recipient_id].email,
            payload,
            change.request_id,
        )
        for change, reminder in notices
        for recipient_id, payload in daily_payloads(day, [reminder], tasks, people).items()
    ]
    deliveries, without_address = write_outbox(session, settings, day, mails)
    session.flush()
    log.info("extension notices %s: %d events, %d deliveries", day, len(changes), deliveries)
    return CycleOutcome(day, True, "decided", deliveries, without_address)
