"""The beat schedule: when `celery -A workers beat` (run exactly one) enqueues which task.

The reminder cycle is enqueued at 09:00 Asia/Shanghai and again every ten minutes until 17:50: the
day's cycle decides once (the first run claims the day) and the later runs are no-ops, so a beat or
broker that was down at 09:00 still gets the day's mail out when it returns. The outbox sweep runs
every `TRACKER_MAIL_SWEEP_SECONDS`, picking up rows whose backoff or lease has run out. Every few
minutes, report runs silent for `TRACKER_REPORT_STALE_MINUTES` are given up as failed.
"""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab

from tracker.config import Settings


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    return {
        "reminders-daily-cycle": {
            "task": "reminders.run_cycle",
            "schedule": crontab(minute="*/10", hour="9-17"),
        },
        "reminders-outbox-sweep": {
            "task": "reminders.send_pending",
            "schedule": settings.mail_sweep_seconds,
        },
        "reports-stale-runs-sweep": {
            "task": "reports.give_up_stale_runs",
            "schedule": 300.0,
        },
    }
