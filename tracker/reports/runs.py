"""Generating a draft file: requested from the web (a `ReportRun` row, then a Celery task) or made at
once from the command line; the same `make_report` does the work in both.

A run moves queued → running → done (with its result file) or failed (with the reason in Chinese),
and its `percent` is committed step by step in short units of work of its own, so the page's progress
bar can follow it while the long work is still going.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.config import Settings
from tracker.db import read_only
from tracker.plans.models import Plan
from tracker.reports.composition import compose_draft
from tracker.reports.docx import render_docx
from tracker.reports.draft import Draft
from tracker.reports.loading import ReportError, load_year
from tracker.reports.markdown import render_markdown
from tracker.reports.models import ReportFormat, ReportRun, ReportRunStatus
from tracker.reports.pattern_store import load_patterns

log = logging.getLogger(__name__)

UnitOfWork = Callable[[], AbstractContextManager[Session]]
Progress = Callable[[int], None]
RESULTS_DIR = "reports"
INTERNAL_ERROR = "生成时发生内部错误，请联系管理员查看日志。"
STALE_ERROR = "生成中断：超过 {minutes} 分钟没有进展（后台任务可能已停止），请重新生成。"


def render(draft: Draft, report_format: ReportFormat, now: datetime) -> bytes:
    if report_format is ReportFormat.DOCX:
        return render_docx(draft, now)
    return render_markdown(draft).encode("utf-8")


def result_name(plan: Plan, report_format: ReportFormat) -> str:
    return f"{plan.year}年法治政府建设年度报告（草稿）.{report_format.value}"


@dataclass(frozen=True)
class MadeReport:
    draft: Draft
    data: bytes


def make_report(
    session: Session,
    plan: Plan,
    report_format: ReportFormat,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> MadeReport:
    """The draft of `plan` and its file's bytes, written at `now` (the town's local time, from
    `tracker.clock`); `progress` hears the percent after each step."""
    step = progress or (lambda _percent: None)
    records = load_year(session, plan, now.date())
    step(40)
    draft = compose_draft(records, load_patterns(session, plan.organisation_id))
    step(70)
    data = render(draft, report_format, now)
    step(90)
    return MadeReport(draft, data)


def request_run(
    session: Session, plan: Plan, report_format: ReportFormat, *, user_id: int | None
) -> ReportRun:
    run = ReportRun(plan_id=plan.id, format=report_format, requested_by_id=user_id)
    session.add(run)
    session.flush()
    return run


class RunGivenUp(Exception):
    """The run stopped being `running` while its worker was still on it (the stale-run sweep gave it
    up): the worker drops its work instead of overwriting the recorded outcome."""


def _advance(units: UnitOfWork, run_id: int, **changes: object) -> bool:
    """Record a running run's progress or outcome; False if it is no longer running."""
    with units() as session:
        run = session.get(ReportRun, run_id)
        if run is None or run.status is not ReportRunStatus.RUNNING:
            return False
        for name, value in changes.items():
            setattr(run, name, value)
        run.progressed_at = stamp()
        return True


def _progress(units: UnitOfWork, run_id: int) -> Progress:
    def step(percent: int) -> None:
        if not _advance(units, run_id, percent=percent):
            raise RunGivenUp(run_id)

    return step


def _start(units: UnitOfWork, run_id: int) -> bool:
    """Mark a queued (or redelivered running) run as running; False if there is nothing to do."""
    with units() as session:
        run = session.get(ReportRun, run_id)
        if run is None or run.finished:
            log.info("report run %s: nothing to do (missing or finished)", run_id)
            return False
        now = stamp()
        run.status, run.percent, run.started_at, run.progressed_at = ReportRunStatus.RUNNING, 5, now, now
        return True


def _make_file(units: UnitOfWork, run_id: int, var_dir: Path, now: datetime) -> tuple[str, str]:
    """Build the draft and write it under the results folder: (its relative path, its download name)."""
    with units() as session:
        read_only(session)  # progress is written beside this read, in units of its own
        run = session.get_one(ReportRun, run_id)
        plan = session.get_one(Plan, run.plan_id)
        report_format, name = run.format, result_name(plan, run.format)
        data = make_report(session, plan, report_format, now=now, progress=_progress(units, run_id)).data
    folder = var_dir / RESULTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"{RESULTS_DIR}/{secrets.token_hex(16)}.{report_format.value}"
    (var_dir / relative).write_bytes(data)
    return relative, name


def execute_run(run_id: int, *, units: UnitOfWork, var_dir: Path, now: datetime) -> None:
    """Do one requested run to the end. A run already finished is left alone, so a redelivered task
    does no harm; a failure ends the run as failed (the cause in the log); a run the stale-run sweep
    gave up meanwhile keeps that outcome."""
    if not _start(units, run_id):
        return
    try:
        relative, name = _make_file(units, run_id, var_dir, now)
    except RunGivenUp:
        log.warning("report run %s was given up as stale while it was made; its result is dropped", run_id)
        return
    except Exception:
        log.exception("report run %s failed", run_id)
        _advance(units, run_id, status=ReportRunStatus.FAILED, error=INTERNAL_ERROR, finished_at=stamp())
        raise
    done = {"status": ReportRunStatus.DONE, "percent": 100, "finished_at": stamp()}
    if not _advance(units, run_id, result_path=relative, result_name=name, **done):
        log.warning("report run %s was given up as stale before it finished; its file is removed", run_id)
        (var_dir / relative).unlink(missing_ok=True)


def stale_before(now: datetime, settings: Settings) -> datetime:
    """Runs still queued or running without progress since this moment are taken as stopped."""
    return now - timedelta(minutes=settings.report_stale_minutes)


def give_up_stale_runs(session: Session, now: datetime, settings: Settings) -> list[ReportRun]:
    """Mark as failed the runs that made no progress for `report_stale_minutes` (their worker died,
    or their message never reached one), so the page shows them failed and offers 重新生成."""
    runs = session.scalars(
        select(ReportRun).where(
            ReportRun.status.in_((ReportRunStatus.QUEUED, ReportRunStatus.RUNNING)),
            func.coalesce(ReportRun.progressed_at, ReportRun.created_at) < stale_before(now, settings),
        )
    ).all()
    for run in runs:
        run.status, run.finished_at = ReportRunStatus.FAILED, now
        run.error = STALE_ERROR.format(minutes=settings.report_stale_minutes)
        log.warning("report run %s made no progress since %s: given up", run.id, run.last_progress)
    session.flush()
    return list(runs)


def retry_run(
    session: Session, run: ReportRun, now: datetime, settings: Settings, *, user_id: int | None
) -> ReportRun:
    """A new run like `run`, which must have failed or stalled (a stalled one is given up first)."""
    if run.is_stale(stale_before(now, settings)):
        give_up_stale_runs(session, now, settings)
    if run.status is not ReportRunStatus.FAILED:
        raise ReportError("只有失败或已中断的生成任务可以重新生成。")
    plan = session.get_one(Plan, run.plan_id)
    return request_run(session, plan, run.format, user_id=user_id)


def result_file(run: ReportRun, var_dir: Path) -> Path | None:
    """The finished run's file, only if it is inside the results folder and still there."""
    if run.status is not ReportRunStatus.DONE or not run.result_path:
        return None
    folder = (var_dir / RESULTS_DIR).resolve()
    path = (var_dir / run.result_path).resolve()
    return path if path.parent == folder and path.is_file() else None
