"""The task page `/tasks/<id>`: details, assignment, progress with evidence, extensions, 办结, history.

Views only read the form, call a service in `tracker.tasks` and redirect; a refusal (`RuleError`)
becomes a 4xx page with the service's Chinese message and the request's transaction is rolled back.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from tracker.accounts import permissions
from tracker.accounts.models import Department
from tracker.accounts.owners import unit_choices
from tracker.errors import RuleError
from tracker.organisations.scope import in_scope
from tracker.plans.models import PlanItem
from tracker.tasks.access import task_units
from tracker.tasks.assignment import Assignment, assign_task
from tracker.tasks.closing import close_task, reopen_task
from tracker.tasks.evidence import Upload, evidence_store
from tracker.tasks.extensions import decide_extension, pending_request, request_extension
from tracker.tasks.history import task_history
from tracker.tasks.indicators import KIND_HELP, parse_kind, set_indicator_kind
from tracker.tasks.models import (
    INDICATOR_KIND_WORDS,
    Evidence,
    ExtensionRequest,
    Indicator,
    IndicatorIncrement,
    ProgressEntry,
    Task,
)
from tracker.tasks.progress import (
    IndicatorValue,
    PercentConflict,
    ProgressReport,
    Seen,
    file_progress,
    parse_figure,
    percent_conflict_of,
    settle_percent,
    task_indicators,
)
from tracker.tasks.reasons import record_unfinished_reason
from tracker.web.boundary import app_settings, db_session
from tracker.web.forms import note_on_form, refills
from tracker.web.headers import sandboxed_download
from tracker.web.helpers import (
    form_date,
    form_ids,
    form_int,
    form_text,
    get_or_404,
    me,
    read_only_here,
    send_stored_file,
    today,
)
from tracker.web.inputs import parse_int

blueprint = Blueprint("tasks", __name__)


def load_task(task_id: int) -> Task:
    """The task with everything its page shows, in a fixed number of queries."""
    task = db_session().scalar(
        select(Task)
        .where(Task.id == task_id, in_scope(Task.organisation_id, me()))  # another town's: 404
        .options(
            selectinload(Task.lead_department).selectinload(Department.leader),
            selectinload(Task.owner),
            selectinload(Task.plan_item),
            selectinload(Task.support_departments),
            selectinload(Task.extension_requests).selectinload(ExtensionRequest.requested_by),
            selectinload(Task.extension_requests).selectinload(ExtensionRequest.decided_by),
            selectinload(Task.progress_entries).selectinload(ProgressEntry.author),
            selectinload(Task.progress_entries)
            .selectinload(ProgressEntry.increments)
            .selectinload(IndicatorIncrement.indicator),
            selectinload(Task.progress_entries).selectinload(ProgressEntry.evidence),
        )
    )
    if task is None:
        abort(404)
    return task


@blueprint.route("/tasks/<int:task_id>")
@login_required
def show(task_id: int) -> str:
    session = db_session()
    task = load_task(task_id)
    person, units = me(), task_units(task)
    conflict = _percent_conflict(task)
    read_only = read_only_here(task.organisation_id)  # a county's people read a town's task
    here = read_only is None
    may = {
        "assign": here and permissions.can_assign(person),
        "progress": here and permissions.can_add_progress(person, units),
        "close": here and permissions.can_close(person, units),
        "reopen": here and permissions.can_reopen(person, units),
        "extend": here and permissions.can_request_extension(person, units),
        "decide": here and permissions.can_decide_extension(person, units),
    }
    return render_template(
        "tasks/show.html",
        task=task,
        percent_conflict=conflict,
        top_item=_top_item(task.plan_item),
        plan=task.plan_item.plan,
        indicators=task_indicators(session, task),
        loose_evidence=session.scalars(
            select(Evidence).where(Evidence.task_id == task.id, Evidence.progress_entry_id.is_(None))
        ).all(),
        history=task_history(session, task),
        pending=pending_request(task),
        may=may,
        read_only=read_only,
        units=unit_choices(session, task.organisation_id) if may["assign"] else [],
        today=today(),
        max_upload_mb=app_settings().max_upload_mb,
        kinds=INDICATOR_KIND_WORDS,
        kind_help=KIND_HELP,
    )


def _percent_conflict(task: Task) -> PercentConflict | None:
    """After a filing whose percent met another (`?percent_conflict=<entry>`): the note beside the
    progress form's percent, with both values, until the percent is settled either way."""
    entry_id = parse_int(request.args.get("percent_conflict"))
    conflict = percent_conflict_of(db_session(), task, entry_id, me()) if entry_id else None
    if conflict is not None:
        values = {"percent": str(task.percent), "entry_date": today().isoformat()}
        note_on_form(url_for("tasks.progress", task_id=task.id), {"percent": conflict.message()}, values)
    return conflict


def _top_item(item: PlanItem) -> PlanItem:
    """The arrangement (一是, 二是…) a task's item belongs to, for the page's breadcrumb."""
    while item.parent is not None:
        item = item.parent
    return item


def _back(task: Task, message: str) -> Response:
    flash(message, "info")
    return redirect(url_for("tasks.show", task_id=task.id))


@blueprint.route("/tasks/<int:task_id>/assign", methods=["POST"])
@login_required
@refills("tasks.show")
def assign(task_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    support = form_ids("support_department_ids", "配合单位")
    assignment = Assignment(
        version_id=form_int("version_id", required=True, label="版本号") or 0,
        lead_department_id=form_int("lead_department_id", label="牵头单位"),
        support_department_ids=support,
        owner_id=form_int("owner_id", label="责任人"),
        deadline=form_date("deadline", label="截止日期"),
        ongoing=bool(request.form.get("ongoing")),
        requires_evidence=bool(request.form.get("requires_evidence")),
    )
    assign_task(session, task, assignment, by=me())
    return _back(task, "任务分配已保存。")


def _progress_report(indicators: list[Indicator]) -> ProgressReport:
    """The progress form: text, percent, each indicator's `increment-<id>` figure as its kind asks
    (本次增加, 现有总数, 比率; 10余 and 近100 allowed) with `full_year-<id>` for a whole year's rate,
    and any number of files."""
    increments = {}
    kinds = {indicator.id: indicator.kind for indicator in indicators}
    for key, raw in request.form.items():
        if not key.startswith("increment-"):
            continue
        indicator_id = parse_int(key.removeprefix("increment-"))
        if indicator_id is None or indicator_id not in kinds:
            raise RuleError("所填指标不属于该任务，请刷新页面后重新填写。", field=key)
        value = parse_figure(raw, kinds[indicator_id], field=key)
        if value is not None:
            full_year = bool(request.form.get(f"full_year-{indicator_id}"))
            increments[indicator_id] = IndicatorValue(value.amount, value.qualifier, full_year)
    uploads = tuple(
        Upload(file.filename or "", file.read(), form_text("evidence_description", 500))
        for file in request.files.getlist("evidence")
        if file.filename
    )
    version, percent_seen = form_int("version_id", label="版本号"), form_int("percent_seen", high=100)
    return ProgressReport(
        text=form_text("text", 10_000),
        entry_date=form_date("entry_date", label="进展日期") or today(),
        percent=form_int("percent", label="完成比例", high=100),
        increments=increments,
        uploads=uploads,
        seen=Seen(version, percent_seen) if version is not None and percent_seen is not None else None,
    )


@blueprint.route("/tasks/<int:task_id>/progress", methods=["POST"])
@login_required
@refills("tasks.show")
def progress(task_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    settings = app_settings()
    filed = file_progress(
        session,
        task,
        _progress_report(task_indicators(session, task)),
        by=me(),
        today=today(),
        store=evidence_store(settings),
        max_upload_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    if filed.conflict is None:
        return _back(task, "进展已填报。")
    flash("进展已填报。", "info")
    target = url_for("tasks.show", task_id=task.id, percent_conflict=filed.entry.id, _anchor="progress-form")
    return redirect(target, code=303)


@blueprint.route("/tasks/<int:task_id>/percent", methods=["POST"])
@login_required
@refills("tasks.show")
def settle(task_id: int) -> Response:
    """After a percent conflict: the filer's percent after all (if nothing changed again)."""
    session = db_session()
    task = get_or_404(session, Task, task_id)
    percent = form_int("percent", required=True, label="完成比例", high=100) or 0
    version = form_int("version_id", required=True, label="版本号") or 0
    settle_percent(session, task, percent, by=me(), version_id=version)
    return _back(task, f"完成比例已改为 {percent}%。")


@blueprint.route("/tasks/<int:task_id>/close", methods=["POST"])
@login_required
@refills("tasks.show")
def close(task_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    version = form_int("version_id", required=True, label="版本号") or 0
    close_task(session, task, by=me(), version_id=version, note=form_text("note", 500))
    return _back(task, "任务已办结。")


@blueprint.route("/tasks/<int:task_id>/reopen", methods=["POST"])
@login_required
@refills("tasks.show")
def reopen(task_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    version = form_int("version_id", required=True, label="版本号") or 0
    reopen_task(session, task, by=me(), version_id=version, reason=form_text("reason", 2000))
    return _back(task, "任务已重新打开，状态恢复为推进中。")


@blueprint.route("/tasks/<int:task_id>/extensions", methods=["POST"])
@login_required
@refills("tasks.show")
def ask_extension(task_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    new_deadline = form_date("requested_deadline", required=True, label="新的截止日期")
    request_extension(
        session,
        task,
        by=me(),
        new_deadline=new_deadline,
        reason=form_text("reason"),
        today=today(),  # type: ignore[arg-type]
    )
    return _back(task, "延期申请已提交，等待分管领导审批。")


@blueprint.route("/tasks/<int:task_id>/extensions/<int:extension_id>/decide", methods=["POST"])
@login_required
@refills("tasks.show")
def decide(task_id: int, extension_id: int) -> Response:
    session = db_session()
    extension = get_or_404(session, ExtensionRequest, extension_id)
    if extension.task_id != task_id:
        abort(404)
    approve = request.form.get("decision") == "approve"
    decide_extension(session, extension, by=me(), approve=approve, note=form_text("note", 2000))
    return _back(extension.task, "已批准延期。" if approve else "已驳回延期申请。")


@blueprint.route("/tasks/<int:task_id>/evidence/<int:evidence_id>")
@sandboxed_download
@login_required
def evidence_file(task_id: int, evidence_id: int) -> Response:
    """Only by id, only to the signed-in, only from the evidence folder; always as a download."""
    evidence = get_or_404(db_session(), Evidence, evidence_id)
    if evidence.task_id != task_id:
        abort(404)
    return send_stored_file(evidence)


@blueprint.route("/tasks/<int:task_id>/indicators/<int:indicator_id>/kind", methods=["POST"])
@login_required
@refills("tasks.show")
def indicator_kind(task_id: int, indicator_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    indicator = get_or_404(session, Indicator, indicator_id)
    if indicator.plan_item_id != task.plan_item_id:
        abort(404)
    set_indicator_kind(session, indicator, parse_kind(request.form.get("kind", "")), by=me())
    return _back(task, f"指标“{indicator.name}”的类型已改为{INDICATOR_KIND_WORDS[indicator.kind]}。")


@blueprint.route("/tasks/<int:task_id>/reason", methods=["POST"])
@login_required
@refills("tasks.show")
def reason(task_id: int) -> Response:
    session = db_session()
    task = get_or_404(session, Task, task_id)
    record_unfinished_reason(session, task, form_text("reason", 2000), by=me())
    return _back(task, "未完成原因已保存。" if task.unfinished_reason else "已清除未完成原因。")
