"""gunicorn's settings for Luoshi: `gunicorn --config python:tracker.web.gunicorn_config
'tracker.web:create_app()'` (compose's web service, the embedded default, the benchmarks).

Listens on 0.0.0.0:8000 unless `--bind` or `GUNICORN_CMD_ARGS` says otherwise; the number of
processes is gunicorn's own `WEB_CONCURRENCY` (or `--workers`). Logs, access lines included, carry
the request id (`tracker.logs`).
"""

from __future__ import annotations

from typing import Any

from tracker.config import Settings
from tracker.logs import REQUEST_ID, logging_dict

bind = ["0.0.0.0:8000"]
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = logging_dict(Settings.from_env().log_level or "INFO")
timeout = 120
"""Seconds a request may take: evidence uploads of 20 MiB over a slow intranet link."""
graceful_timeout = 20
control_socket_disable = True
"""gunicorn's control socket lives at one path per user ($HOME/.gunicorn): several servers on one
machine (the embedded default beside a test run) would fight over it, and nothing here uses it."""


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """After the access line is written, the request id no longer applies."""
    REQUEST_ID.set("-")
