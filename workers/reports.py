"""Report generation tasks: run a `ReportRun` by id (see `tracker.reports.runs`), and give up the runs
whose worker died.

Each step commits its progress in a unit of work of its own so the page's progress bar moves; a run
already finished is left alone, so a redelivered message does nothing twice, and the generation task
is acknowledged late: a worker lost mid-run hands its message back. When that does not happen (the
whole machine went, the broker lost the message), the periodic sweep marks the silent run failed and
the page offers 重新生成.
"""

from __future__ import annotations

from celery import shared_task

from tracker.clock import now, stamp
from tracker.reports.runs import execute_run, give_up_stale_runs
from tracker.web.boundary import app_settings
from workers.factory import unit_of_work


@shared_task(name="reports.generate", acks_late=True)
def generate_report(run_id: int) -> None:
    settings = app_settings()
    execute_run(run_id, units=unit_of_work, var_dir=settings.var_dir, now=now(settings))


@shared_task(name="reports.give_up_stale_runs")
def give_up_stale() -> list[int]:
    with unit_of_work() as session:
        return [run.id for run in give_up_stale_runs(session, stamp(), app_settings())]
