"""The beat schedule: when `celery -A workers beat` (run exactly one) enqueues which task.

The reminder cycle is enqueued at 09:00 Asia/Shanghai and again every ten minutes until 17:50: the
day's cycle decides once (the first run claims the day) and the later runs are no-ops, so a beat or
broker that was down at 09:00 still gets the day's mail out when it returns. In the same hours, every
five minutes, the extension notices of the requests and decisions since are written
(`tracker.reminders.notices`; the first run after 09:00 finds the day's digest decided). The outbox sweep runs
every `TRACKER_MAIL_SWEEP_SECONDS`, picking up rows whose backoff or lease has run out; the worker
heartbeat runs every minute (`tracker.health`); every five minutes, report runs silent for
`TRACKER_REPORT_STALE_MINUTES` are given up as failed; every hour the evidence folder is swept of
uploads cut short (`tracker.tasks.evidence_sweep`).

Every entry reads the time from `tracker.clock` (`nowfun`), so a trial clock (`TRACKER_TODAY` with a
time of day) moves the cycle's 09:00–17:50 window too; all entries share that clock because beat
orders them on one timeline.
"""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab, schedule

from tracker.clock import Clock
from tracker.config import Settings

HEARTBEAT_SECONDS = 60.0
NOTICE_EVERY_MINUTES = 5
"""Extension requests and decisions reach people this soon, in the daily cycle's hours."""
EVIDENCE_SWEEP_SECONDS = 3600.0


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    clock = Clock(settings)
    return {
        "reminders-daily-cycle": {
            "task": "reminders.run_cycle",
            "schedule": crontab(minute="*/10", hour="9-17", nowfun=clock),
        },
        "reminders-extension-notices": {
            "task": "reminders.send_notices",
            "schedule": crontab(minute=f"*/{NOTICE_EVERY_MINUTES}", hour="9-17", nowfun=clock),
        },
        "reminders-outbox-sweep": {
            "task": "reminders.send_pending",
            "schedule": schedule(settings.mail_sweep_seconds, nowfun=clock),
        },
        "health-worker-heartbeat": {
            "task": "health.worker_heartbeat",
            "schedule": schedule(HEARTBEAT_SECONDS, nowfun=clock),
        },
        "evidence-sweep": {
            "task": "evidence.sweep",
            "schedule": schedule(EVIDENCE_SWEEP_SECONDS, nowfun=clock),
        },
        "reports-stale-runs-sweep": {
            "task": "reports.give_up_stale_runs",
            "schedule": schedule(300.0, nowfun=clock),
        },
    }
