"""Log lines that say which request or task they belong to.

Every line carries `[<id>]`: the web request's id (an incoming `X-Request-ID` when it looks like one,
else a new one; echoed in the response header) or, in a worker, the Celery task's id, so one
grep finds everything a request or a task did across the web log and the worker log. The id lives
in a context variable that the web (`tracker.web.request_id`) and the workers (`workers.logs`) set.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

REQUEST_ID: ContextVar[str] = ContextVar("luoshi_request_id", default="-")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class RequestIdFilter(logging.Filter):
    """Put the current request or task id on every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def make_handler() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def configure_logging(level: str | int) -> None:
    """Send the root logger's records to stderr with the id, unless someone configured it already
    (like `logging.basicConfig`: a test's capture handler stays in charge)."""
    root = logging.getLogger()
    root.setLevel(level.upper() if isinstance(level, str) else level)
    if not root.handlers:
        root.addHandler(make_handler())


def logging_dict(level: str) -> dict[str, Any]:
    """The same, as gunicorn's `logconfig_dict`: its error and access logs go through our handler."""
    own = {"level": "INFO", "handlers": ["console"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "plain",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level.upper(), "handlers": ["console"]},
        "loggers": {"gunicorn.error": own, "gunicorn.access": own},
    }
