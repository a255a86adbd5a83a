"""Thin Celery tasks for reminders: run a day's cycle, write the extension notices, send what the
outbox holds.

All are idempotent (the cycle claims its day, the notices their audit events, the outbox its rows),
so they are acked late and may safely run twice: a message redelivered after a worker died costs
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from celery import shared_task
from sqlalchemy.orm import Session

from tracker import clock
from tracker.config import Settings
from tracker.jobs import JobQueue, enqueue_after_commit
from tracker.reminders.cycle import CycleOutcome
from tracker.reminders.cycle import run_cycle as decide_cycle
from tracker.reminders.notices import run_notices
from tracker.reminders.sending import send_pending as send_outbox
from tracker.web.boundary import app_database, app_settings
from workers.factory import unit_of_work

CYCLE_TIME = time(9, 0)
"""Mail goes out at 09:00 local time on working days."""


@shared_task(name="reminders.run_cycle", acks_late=True)
def run_cycle(day: str | None = None) -> dict[str, Any]:
    """Decide `day` (ISO; default today by `tracker.clock`), then hand the outbox to a sender."""
    settings = app_settings()
    if day is None and clock.now(settings).time() < CYCLE_TIME:
        return {"ran": False, "reason": "before 09:00"}
    target = date.fromisoformat(day) if day else clock.today(settings)
    return _decide_then_send(decide_cycle, target)


@shared_task(name="reminders.send_notices", acks_late=True)
def send_notices() -> dict[str, Any]:
    """Write the notices of new extension requests and decisions (`tracker.reminders.notices`), then
    hand the outbox to a sender: they reach people within minutes."""
    return _decide_then_send(run_notices, clock.today(app_settings()))


def _decide_then_send(decide: Callable[[Session, Settings, date], CycleOutcome], day: date) -> dict[str, Any]:
    """Write `day`'s mail with `decide` in one unit of work; once it commits, senders take it: one
    send job per batch up to `TRACKER_MAIL_SENDERS`, so that as many workers share a big day (each
    claims its own batches, `tracker.reminders.outbox`)."""
    settings = app_settings()
    with unit_of_work() as session:
        outcome = decide(session, settings, day)
        batches = -(-outcome.deliveries // max(settings.mail_batch_size, 1))
        for _ in range(min(batches, max(settings.mail_senders, 1))):
            enqueue_after_commit(session, JobQueue(settings.broker_url), "reminders.send_pending")
    return {
        "day": day.isoformat(),
        "ran": outcome.ran,
        "reason": outcome.reason,
        "deliveries": outcome.deliveries,
    }


@shared_task(
    name="reminders.send_pending",
    bind=True,
    acks_late=True,
    max_retries=8,
    default_retry_delay=30,
)
def send_pending(self: Any) -> dict[str, Any]:
    """Send due rows; while the server is down, retry with exponential backoff (rows keep their own).
    When this task's retries are spent the rows still wait: beat's sweep sends them when the server
    is back, however long that takes."""
    settings = app_settings()
    report = send_outbox(app_database(), settings)
    if report.server_down and self.request.retries < (self.max_retries or 0):
        delay = min(
            settings.mail_retry_base_seconds * 2**self.request.retries, settings.mail_retry_max_seconds
        )
        raise self.retry(countdown=delay)
    return {"sent": report.sent, "retried": report.retried, "failed": report.failed}
