"""Pages under /reports: the draft's preview (click a sentence to see its sources; its warnings and
【待补充】 markers counted above it), generation runs with their progress, downloads, and next year's
rollover. The wording page is `tracker.reports.wording_routes`.

Reading is open to every signed-in person (a county inspector reads everything); generating, editing
wording and rolling over are for coordinators.
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from tracker.accounts.models import Role
from tracker.accounts.permissions import READ_ONLY_HERE, may_change_in
from tracker.clock import stamp, today
from tracker.errors import require
from tracker.jobs import JobQueue, enqueue_after_commit
from tracker.plans.lifecycle import plan_years
from tracker.plans.models import Plan, PlanStatus
from tracker.reports.composition import compose_draft
from tracker.reports.draft import Draft
from tracker.reports.forms import ConfirmForm, GenerateForm
from tracker.reports.loading import ReportError, load_year, plan_for_year
from tracker.reports.models import ReportFormat, ReportRun
from tracker.reports.pattern_store import load_patterns
from tracker.reports.patterns import Patterns
from tracker.reports.rollover import roll_over
from tracker.reports.runs import STALE_ERROR, request_run, result_file, retry_run, stale_before
from tracker.reports.submissions import own_draft
from tracker.web.boundary import app_settings, db_session
from tracker.web.guards import roles_required
from tracker.web.helpers import SAFE_METHODS, get_or_404, me, page_organisation_id, read_only_here
from tracker.web.inputs import MAX_YEAR, MIN_YEAR, query_int

blueprint = Blueprint("reports", __name__, url_prefix="/reports")
GENERATE_TASK = "reports.generate"


@cache
def _job_queue(broker_url: str) -> JobQueue:
    return JobQueue(broker_url)


def _confirmed_years() -> list[int]:
    """The years of the page's organisation (the person's own, or the town `?org=` drills into)."""
    return plan_years(db_session(), [page_organisation_id()], Plan.status == PlanStatus.CONFIRMED)


def _plan_or_404(year: int) -> Plan:
    """The page organisation's plan of the year; changing it (generating, carrying over) is for its
    own coordinator (`tracker.accounts.permissions.may_change_in`)."""
    try:
        plan = plan_for_year(db_session(), page_organisation_id(), year)
    except ReportError as error:
        abort(404, description=str(error))
    if request.method not in SAFE_METHODS:
        require(may_change_in(me(), plan.organisation_id), READ_ONLY_HERE)
    return plan


def draft_of(plan: Plan, patterns: Patterns) -> Draft:
    """The plan's draft as of today, in `patterns`."""
    return compose_draft(load_year(db_session(), plan, today(app_settings())), patterns)


def sources_json(draft: Draft) -> dict[str, dict[str, str | None]]:
    return {
        str(ref): {"label": info.label, "detail": info.detail, "href": info.href}
        for ref, info in draft.sources.items()
    }


@blueprint.get("/")
@login_required
def index() -> str:
    years = _confirmed_years()
    year = query_int("year", low=MIN_YEAR, high=MAX_YEAR) or (years[0] if years else None)
    plan = _plan_or_404(year) if year in years else None
    runs = []
    if plan is not None:
        runs = (
            db_session()
            .scalars(
                select(ReportRun).where(ReportRun.plan_id == plan.id).order_by(ReportRun.id.desc()).limit(20)
            )
            .all()
        )
    rolled_over = plan is not None and db_session().scalar(
        select(Plan.id).where(Plan.rolled_over_from_id == plan.id).limit(1)
    )
    read_only = read_only_here(page_organisation_id())
    return render_template(
        "reports/index.html",
        years=years,
        year=year,
        plan=plan,
        runs=runs,
        rolled_over=rolled_over,
        generate_form=GenerateForm(),
        confirm_form=ConfirmForm(),
        may_change=current_user.role == Role.COORDINATOR and read_only is None,
        read_only=read_only,
        stale_cutoff=stale_before(stamp(), app_settings()),
        stale_minutes=app_settings().report_stale_minutes,
        to_county=own_draft(db_session(), current_user, year),
    )


@blueprint.get("/<int:year>/preview")
@login_required
def preview(year: int) -> str:
    plan = _plan_or_404(year)
    draft = draft_of(plan, load_patterns(db_session(), plan.organisation_id))
    return render_template("reports/preview.html", year=year, draft=draft, sources=sources_json(draft))


@blueprint.post("/<int:year>/runs")
@roles_required(Role.COORDINATOR)
def generate(year: int) -> Response:
    plan = _plan_or_404(year)
    form = GenerateForm()
    if not form.validate_on_submit():
        abort(400, description="请选择要生成的格式（Word 或 Markdown）。")
    session = db_session()
    run = request_run(session, plan, ReportFormat(form.format.data), user_id=current_user.id)
    enqueue_after_commit(session, _job_queue(app_settings().broker_url), GENERATE_TASK, run.id)
    flash("已开始生成报告草稿，完成后可在下方下载。", "info")
    return redirect(url_for("reports.index", year=year))


def _run_or_404(run_id: int) -> ReportRun:
    return get_or_404(db_session(), ReportRun, run_id)


@blueprint.get("/runs/<int:run_id>")
@login_required
def run_status(run_id: int) -> Response:
    """What the progress bar follows; a run silent for too long says it was interrupted (`stale`)
    before the periodic sweep records it as failed."""
    run = _run_or_404(run_id)
    settings = app_settings()
    download = url_for("reports.download", run_id=run.id) if result_file(run, settings.var_dir) else None
    stale = run.is_stale(stale_before(stamp(), settings))
    error = STALE_ERROR.format(minutes=settings.report_stale_minutes) if stale else run.error
    return jsonify(
        id=run.id, status=run.status.value, percent=run.percent, error=error, download=download, stale=stale
    )


@blueprint.post("/runs/<int:run_id>/retry")
@roles_required(Role.COORDINATOR)
def retry(run_id: int) -> Response:
    """重新生成: a new run like a failed or interrupted one, queued after the commit."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    run, session = _run_or_404(run_id), db_session()
    try:
        again = retry_run(session, run, stamp(), app_settings(), user_id=current_user.id)
    except ReportError as error:
        abort(409, description=str(error))
    enqueue_after_commit(session, _job_queue(app_settings().broker_url), GENERATE_TASK, again.id)
    flash("已重新开始生成报告草稿，完成后可在下方下载。", "info")
    return redirect(url_for("reports.index", year=session.get_one(Plan, run.plan_id).year))


@blueprint.get("/runs/<int:run_id>/download")
@login_required
def download(run_id: int) -> Response:
    run = _run_or_404(run_id)
    path = result_file(run, app_settings().var_dir)
    if path is None:
        abort(404, description="该报告草稿尚未生成完毕或文件已不存在。")
    return send_file(path, as_attachment=True, download_name=run.result_name or path.name)


@blueprint.post("/<int:year>/rollover")
@roles_required(Role.COORDINATOR)
def rollover(year: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        plan = roll_over(
            db_session(),
            organisation_id=_plan_or_404(year).organisation_id,
            from_year=year,
            as_of=today(app_settings()),
            user=current_user._get_current_object(),
        )
    except ReportError as error:
        abort(400, description=str(error))
    flash(f"已根据{year}年度未完成事项生成{plan.year}年度计划草稿，请审核后确认。", "info")
    return redirect(f"/plans/{plan.id}")
