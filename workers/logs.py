"""Worker and beat logging: Luoshi's format (`tracker.logs`) instead of Celery's, and the task's id
in every line a task writes (its id is the "request id" of a worker)."""

from __future__ import annotations

from typing import Any

from celery.signals import setup_logging, task_postrun, task_prerun

from tracker.logs import REQUEST_ID, configure_logging

_tokens: dict[str, Any] = {}


def _configure(loglevel: int | str | None = None, **_: Any) -> None:
    """Connected to `setup_logging`, which also tells Celery to leave the root logger to us."""
    configure_logging(loglevel or "INFO")


def _task_started(task_id: str | None = None, **_: Any) -> None:
    if task_id:
        _tokens[task_id] = REQUEST_ID.set(task_id)


def _task_finished(task_id: str | None = None, **_: Any) -> None:
    token = _tokens.pop(task_id or "", None)
    if token is not None:
        REQUEST_ID.reset(token)


def connect_logging() -> None:
    setup_logging.connect(_configure, weak=False)
    task_prerun.connect(_task_started, weak=False)
    task_postrun.connect(_task_finished, weak=False)
