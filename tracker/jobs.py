"""Handing work to the Celery workers without importing them: by task name, after the commit.

A job queued while a transaction is open is sent only once that transaction commits, so a worker never
looks for a row that is not there yet, and a rolled-back request sends nothing.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

from celery import Celery
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_PENDING = "luoshi_pending_jobs"


class JobQueue:
    """A producer for the broker named in the settings (`TRACKER_BROKER_URL`)."""

    def __init__(self, broker_url: str) -> None:
        self.broker_url = broker_url

    @cached_property
    def _producer(self) -> Celery:
        producer = Celery("luoshi-producer", broker=self.broker_url, set_as_current=False)
        producer.conf.update(task_serializer="json", accept_content=["json"])
        return producer

    def send(self, task_name: str, *args: Any) -> None:
        self._producer.send_task(task_name, args=list(args))


def enqueue_after_commit(session: Session, queue: JobQueue, task_name: str, *args: Any) -> None:
    session.info.setdefault(_PENDING, []).append((queue, task_name, args))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    """Send after the data is safe. A broker that is down must not turn a committed change into an
    error page: the job is logged, and the periodic sweeps (outbox, stale report runs) pick it up."""
    for queue, task_name, args in session.info.pop(_PENDING, []):
        try:
            queue.send(task_name, *args)
        except Exception:
            log.exception("could not hand %s%r to the broker; the periodic sweep will retry", task_name, args)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous_transaction: object) -> None:
    session.info.pop(_PENDING, None)
