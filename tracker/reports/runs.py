"""Generating a draft file: requested from the web (a `ReportRun` row, then a Celery task) or made at
once from the command line; the same `build_report` does the work in both.

A run moves queued → running → done (with its result file) or failed (with the reason in Chinese),
and its `percent` is committed step by step in short units of work of its own, so the page's progress
bar can follow it while the long work is still going.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.db import utcnow
from tracker.plans.models import Plan
from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx
from tracker.reports.draft import Draft
from tracker.reports.loading import ReportError, load_year
from tracker.reports.markdown import render_markdown
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus
from tracker.reports.wording import WordingError
from tracker.reports.wording_store import load_wording

log = logging.getLogger(__name__)

UnitOfWork = Callable[[], AbstractContextManager[Session]]
Progress = Callable[[int], None]
RESULTS_DIR = "reports"


def render(draft: Draft, report_format: ReportFormat) -> bytes:
    if report_format is ReportFormat.DOCX:
        return render_docx(draft)
    return render_markdown(draft).encode("utf-8")


def result_name(plan: Plan, report_format: ReportFormat) -> str:
    return f"{plan.year}年法治政府建设年度报告（草稿）.{report_format.value}"


def build_report(
    session: Session,
    plan: Plan,
    report_format: ReportFormat,
    *,
    as_of: date,
    progress: Progress | None = None,
) -> bytes:
    """The draft of `plan` as a file's bytes; `progress` hears the percent after each step."""
    step = progress or (lambda _percent: None)
    records = load_year(session, plan, as_of)
    step(40)
    draft = compose_draft(records, load_wording(session))
    step(70)
    data = render(draft, report_format)
    step(90)
    return data


def request_run(
    session: Session, plan: Plan, report_format: ReportFormat, *, user_id: int | None
) -> ReportRun:
    run = ReportRun(plan_id=plan.id, format=report_format, requested_by_id=user_id)
    session.add(run)
    session.flush()
    return run


def _update(units: UnitOfWork, run_id: int, **changes: object) -> None:
    with units() as session:
        run = session.get(ReportRun, run_id)
        if run is not None:
            for name, value in changes.items():
                setattr(run, name, value)


def execute_run(run_id: int, *, units: UnitOfWork, var_dir: Path, as_of: date) -> None:
    """Do one requested run to the end. A run already finished is left alone, so a redelivered task
    does no harm; a draft that cannot be made ends the run as failed with the reason."""
    with units() as session:
        run = session.get(ReportRun, run_id)
        if run is None or run.finished:
            log.info("report run %s: nothing to do (missing or finished)", run_id)
            return
        run.status, run.percent, run.started_at = ReportRunStatus.RUNNING, 5, utcnow()
    try:
        with units() as session:
            run = session.get_one(ReportRun, run_id)
            plan = session.get_one(Plan, run.plan_id)
            report_format, name = run.format, result_name(plan, run.format)
            data = build_report(
                session,
                plan,
                report_format,
                as_of=as_of,
                progress=lambda percent: _update(units, run_id, percent=percent),
            )
        folder = var_dir / RESULTS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        relative = f"{RESULTS_DIR}/{secrets.token_hex(16)}.{report_format.value}"
        (var_dir / relative).write_bytes(data)
    except (ReportError, WordingError) as error:
        log.warning("report run %s failed: %s", run_id, error)
        _update(units, run_id, status=ReportRunStatus.FAILED, error=str(error), finished_at=utcnow())
        return
    except Exception:
        log.exception("report run %s failed", run_id)
        _update(
            units,
            run_id,
            status=ReportRunStatus.FAILED,
            error="生成时发生内部错误，请联系管理员查看日志。",
            finished_at=utcnow(),
        )
        raise
    _update(
        units,
        run_id,
        status=ReportRunStatus.DONE,
        percent=100,
        result_path=relative,
        result_name=name,
        finished_at=utcnow(),
    )


def result_file(run: ReportRun, var_dir: Path) -> Path | None:
    """The finished run's file, only if it is inside the results folder and still there."""
    if run.status is not ReportRunStatus.DONE or not run.result_path:
        return None
    folder = (var_dir / RESULTS_DIR).resolve()
    path = (var_dir / run.result_path).resolve()
    return path if path.parent == folder and path.is_file() else None
