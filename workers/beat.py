"""Beat's scheduler: Celery's in-memory one, leaving a heartbeat in the database as it ticks.

Why a scheduler and not a scheduled task: the heartbeat must say that beat itself runs, whether or
not a worker is consuming; a task would only be recorded once a worker ran it (that is what the
separate worker heartbeat measures). Why in memory rather than Celery's default shelve file: every
entry is idempotent and frequent (the cycle claims its day, the sweep claims its rows), so nothing
needs remembering across restarts, and without a file beat needs no writable volume, cannot trip
over a corrupt or stale file, and a trial clock moved backwards cannot leave entries waiting for a
"last run" in the future.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from celery.beat import Scheduler

from tracker.clock import following
from tracker.health.heartbeats import BEAT, record

log = logging.getLogger(__name__)

HEARTBEAT_EVERY_SECONDS = 30.0
"""Beat wakes at least every minute (the outbox sweep); a write every 30 s at most is plenty."""


class HeartbeatScheduler(Scheduler):
    """`beat_scheduler` of the Luoshi app: records `beat` in `heartbeats` at most every 30 s."""

    _last_beat = float("-inf")

    def tick(self, *args: Any, **kwargs: Any) -> float:
        delay = super().tick(*args, **kwargs)
        if time.monotonic() - self._last_beat >= HEARTBEAT_EVERY_SECONDS:
            self._record_heartbeat()
        return delay

    def _record_heartbeat(self) -> None:
        """Never lets a database problem stop beat: it is logged and tried again on the next tick."""
        flask_app = self.app.flask_app  # type: ignore[attr-defined]
        try:
            luoshi = flask_app.extensions["luoshi"]
            with flask_app.app_context(), following(luoshi["settings"]):
                database = luoshi["database"]
                with database.unit_of_work() as session:
                    record(session, BEAT, f"{socket.gethostname()} pid {os.getpid()}")
        except Exception:
            log.exception("beat could not record its heartbeat; it goes on scheduling")
            return
        self._last_beat = time.monotonic()
