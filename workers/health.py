"""The worker heartbeat, for `/healthz`: recorded when a worker is ready, then each time a worker
runs the heartbeat task that beat sends every minute (and which worker ran it)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_ready

from tracker.health.heartbeats import WORKER, record
from workers.factory import unit_of_work

log = logging.getLogger(__name__)


@shared_task(bind=True, name="health.worker_heartbeat", ignore_result=True)
def worker_heartbeat(self: Any) -> None:
    with unit_of_work() as session:
        record(session, WORKER, str(self.request.hostname or ""))


@worker_ready.connect(weak=False)
def _ready(sender: Any = None, **_: Any) -> None:
    """A worker that just started is alive before beat's first heartbeat task reaches it."""
    app = sender.app
    try:
        with app.flask_app.app_context(), unit_of_work() as session:
            record(session, WORKER, f"{sender.hostname} (ready)")
    except Exception:
        log.exception("could not record the worker heartbeat at start-up")
