"""Building the Celery app around the Flask app (Flask's `celery_init_app` pattern).

Every task runs inside the Flask application context, so it sees the same settings and database as
the web, on the same clock (`tracker.clock.following`), and inside `unit_of_work`, so it commits once
or not at all, attributed to the worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery import Celery, Task
from flask import Flask
from sqlalchemy.orm import Session

from tracker.audit import Actor, acting_as
from tracker.clock import following
from tracker.config import Settings
from tracker.web import create_app
from tracker.web.boundary import app_database, app_settings
from workers.logs import connect_logging
from workers.schedule import beat_schedule

TASK_MODULES: tuple[str, ...] = ("workers.reminders", "workers.reports", "workers.health", "workers.evidence")
"""Modules of `workers` that define tasks; each feature adds its own."""

VISIBILITY_FACTOR = 6
"""The Redis visibility timeout is this many times the longest retry delay
(`TRACKER_MAIL_RETRY_MAX_SECONDS`), so that a message is never handed to a second worker while the
first is still backing off."""


def create_celery(settings: Settings | None = None, flask_app: Flask | None = None) -> Celery:
    flask_app = flask_app or create_app(settings)
    settings = flask_app.extensions["luoshi"]["settings"]

    class FlaskTask(Task):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with flask_app.app_context(), following(settings):
                return self.run(*args, **kwargs)

    celery = Celery("luoshi", task_cls=FlaskTask, include=list(TASK_MODULES))
    celery.conf.update(
        broker_url=settings.broker_url,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        timezone=settings.timezone,
        enable_utc=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options=broker_transport_options(settings),
        worker_hijack_root_logger=False,
        task_reject_on_worker_lost=True,
        beat_schedule=beat_schedule(settings),
        beat_scheduler="workers.beat:HeartbeatScheduler",
    )
    celery.flask_app = flask_app  # type: ignore[attr-defined]  (beat's scheduler records through it)
    connect_logging()
    celery.set_default()
    flask_app.extensions["celery"] = celery
    return celery


def broker_transport_options(settings: Settings) -> dict[str, Any]:
    """Redis's visibility timeout; kombu's SQLAlchemy transport (the embedded default) hands its
    options to `create_engine`, which refuses unknown ones, and has no visibility timeout."""
    if settings.broker_url.startswith("sqla+"):
        return {}
    return {"visibility_timeout": settings.mail_retry_max_seconds * VISIBILITY_FACTOR}


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Inside a task: one transaction, recorded in the audit trail as the worker, on the clock."""
    with acting_as(Actor("worker")), following(app_settings()), app_database().unit_of_work() as session:
        yield session
