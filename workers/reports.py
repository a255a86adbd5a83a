"""The report generation task: takes a `ReportRun` id and runs it (see `tracker.reports.runs`).

Each step commits its progress in a unit of work of its own so the page's progress bar moves; a run
already finished is left alone, so a redelivered message does nothing twice.
"""

from __future__ import annotations

from celery import shared_task

from tracker.clock import today
from tracker.reports.runs import execute_run
from tracker.web.boundary import app_settings
from workers.factory import unit_of_work


@shared_task(name="reports.generate")
def generate_report(run_id: int) -> None:
    settings = app_settings()
    execute_run(run_id, units=unit_of_work, var_dir=settings.var_dir, as_of=today(settings))
