"""The hourly evidence sweep (`tracker.tasks.evidence_sweep`): files of uploads cut short go, files
of committed uploads whose move was cut short are put in place."""

from __future__ import annotations

from celery import shared_task

from tracker import clock
from tracker.tasks.evidence import evidence_store
from tracker.tasks.evidence_sweep import sweep_evidence
from tracker.web.boundary import app_settings
from workers.factory import unit_of_work


@shared_task(name="evidence.sweep")
def sweep() -> dict[str, int]:
    settings = app_settings()
    with unit_of_work() as session:
        report = sweep_evidence(session, evidence_store(settings), clock.now(settings))
    return {"finished": report.finished, "removed": report.removed}
