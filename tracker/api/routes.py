"""`/api/v1`: the same services and the same permission rules as the pages, in JSON.

Errors answer `{"error": "<中文说明>", "status": N}` with a 4xx (see `tracker.web.errors`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from tracker import clock
from tracker.api import serialize
from tracker.api.auth import protect_session_requests
from tracker.api.openapi import openapi_document
from tracker.board.lights import Thresholds
from tracker.board.queries import SEARCH_LENGTH, BoardFilters, task_conditions, tasks_with_people
from tracker.duban.answers import visible_duban, visible_dubans
from tracker.duban.service import Order, issue_duban
from tracker.duties.models import DutyRecord
from tracker.duties.service import add_duty, duties_of_year, parse_kind, remove_duty
from tracker.errors import RuleError
from tracker.organisations.scope import in_scope
from tracker.plans.lifecycle import archive_plan, delete_draft, restore_plan
from tracker.plans.models import Plan, Shortcoming
from tracker.rectification.service import (
    Rectification,
    attach_rectification_evidence,
    evidence_of,
    parse_state,
    record_rectification,
)
from tracker.tasks.assignment import Assignment, assign_task
from tracker.tasks.closing import close_task, reopen_task
from tracker.tasks.evidence import Upload, evidence_store
from tracker.tasks.indicators import parse_kind as parse_indicator_kind
from tracker.tasks.indicators import set_indicator_kind
from tracker.tasks.models import Indicator, IndicatorIncrement, IndicatorKind, ProgressEntry, Task, TaskStatus
from tracker.tasks.progress import (
    IndicatorValue,
    ProgressReport,
    Seen,
    file_progress,
    parse_figure,
    task_indicators,
)
from tracker.tasks.reasons import record_unfinished_reason
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import get_or_404, me, today
from tracker.web.inputs import DATE_RANGE, MAX_ID, parse_date, query_int

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
PAGE_LIMIT = 200


@blueprint.before_request
def authenticate() -> None:
    if request.endpoint == "api.openapi":
        return
    if not current_user.is_authenticated:
        abort(401, description="请提供有效的 API 令牌（Authorization: Bearer …）。")
    protect_session_requests()


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise RuleError("请求体必须是 JSON 对象。")
    return body


def _date(value: Any, label: str) -> date | None:
    if value in (None, ""):
        return None
    found = parse_date(str(value))
    if found is None:
        raise RuleError(f"{label}不是有效的日期（格式：2026-06-30，{DATE_RANGE}）。")
    return found


def _int(value: Any, label: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise RuleError(f"{label}必须是 0 到 {MAX_ID} 之间的整数。")
    return value


def _version_of(body: dict[str, Any]) -> int:
    """The task version the client last read (optimistic locking), required."""
    version = _int(body.get("version_id"), "version_id")
    if version is None:
        raise RuleError("请提供 version_id（任务的当前版本号）。")
    return version


@blueprint.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@blueprint.route("/plans")
def plans() -> Response:
    shown = in_scope(Plan.organisation_id, me())
    rows = db_session().scalars(select(Plan).where(shown).order_by(Plan.year.desc(), Plan.id.desc())).all()
    return jsonify(plans=[serialize.plan_summary(plan) for plan in rows])


@blueprint.route("/plans/<int:plan_id>")
def plan(plan_id: int) -> Response:
    found = get_or_404(db_session(), Plan, plan_id)
    return jsonify({**serialize.plan_summary(found), "items": [serialize.plan_item(i) for i in found.items]})


@blueprint.route("/plans/<int:plan_id>", methods=["DELETE"])
def plan_delete(plan_id: int) -> tuple[str, int]:
    """A draft only (`tracker.plans.lifecycle`); a confirmed plan answers 409."""
    session = db_session()
    delete_draft(session, get_or_404(session, Plan, plan_id), by=me())
    return "", 204


@blueprint.route("/plans/<int:plan_id>/archive", methods=["POST"])
def plan_archive(plan_id: int) -> Response:
    session = db_session()
    found = get_or_404(session, Plan, plan_id)
    archive_plan(session, found, by=me())
    return jsonify(serialize.plan_summary(found))


@blueprint.route("/plans/<int:plan_id>/restore", methods=["POST"])
def plan_restore(plan_id: int) -> Response:
    session = db_session()
    found = get_or_404(session, Plan, plan_id)
    restore_plan(session, found, by=me())
    return jsonify(serialize.plan_summary(found))


@blueprint.route("/tasks")
def tasks() -> Response:
    """Without `plan_id`, the tasks of the active plans; an archived plan's when it is named."""
    args = request.args
    status = args.get("status")
    filters = BoardFilters(
        plan_id=query_int("plan_id"),
        department_id=query_int("department_id"),
        person_id=query_int("owner_id"),
        status=TaskStatus(status) if status in TaskStatus._value2member_map_ else None,
        mine=args.get("mine") == "1",
        search=args.get("q", "").strip()[:SEARCH_LENGTH],
    )
    conditions = task_conditions(filters, me(), today(), Thresholds.from_settings(app_settings()))
    limit = min(max(query_int("limit", PAGE_LIMIT) or 0, 1), PAGE_LIMIT)
    offset = query_int("offset", 0) or 0
    rows = (
        db_session()
        .scalars(tasks_with_people().where(*conditions).order_by(Task.id).limit(limit).offset(offset))
        .unique()
    )
    return jsonify(tasks=[serialize.task(t) for t in rows], limit=limit, offset=offset)


@blueprint.route("/tasks/<int:task_id>")
def task(task_id: int) -> Response:
    return jsonify(serialize.task(get_or_404(db_session(), Task, task_id)))


@blueprint.route("/tasks/<int:task_id>", methods=["PATCH"])
def assign(task_id: int) -> Response:
    """Coordinators: change units, 责任人, deadline; `version_id` is required (optimistic locking)."""
    session = db_session()
    found = get_or_404(session, Task, task_id)
    body = _body()
    current = serialize.task(found)
    version = _version_of(body)
    support = body.get("support_department_ids", [d["id"] for d in current["support_departments"]])
    if not isinstance(support, list) or not all(isinstance(i, int) for i in support):
        raise RuleError("support_department_ids 必须是整数列表。")
    lead = current["lead_department"]["id"] if current["lead_department"] else None
    owner = current["owner"]["id"] if current["owner"] else None
    assignment = Assignment(
        version_id=version,
        lead_department_id=_int(body.get("lead_department_id", lead), "lead_department_id"),
        support_department_ids=tuple(support),
        owner_id=_int(body.get("owner_id", owner), "owner_id"),
        deadline=_date(body.get("deadline", current["deadline"]), "deadline"),
        ongoing=bool(body.get("ongoing", found.ongoing)),
        requires_evidence=bool(body.get("requires_evidence", found.requires_evidence)),
    )
    assign_task(session, found, assignment, by=me())
    return jsonify(serialize.task(found))


@blueprint.route("/tasks/<int:task_id>/close", methods=["POST"])
def close(task_id: int) -> Response:
    session = db_session()
    found = get_or_404(session, Task, task_id)
    body = _body()
    close_task(session, found, by=me(), version_id=_version_of(body), note=str(body.get("note", ""))[:500])
    return jsonify(serialize.task(found))


@blueprint.route("/tasks/<int:task_id>/reopen", methods=["POST"])
def reopen(task_id: int) -> Response:
    """Coordinators: a 办结 task back to 推进中; `reason` is required and goes on record."""
    session = db_session()
    found = get_or_404(session, Task, task_id)
    body = _body()
    reopen_task(session, found, by=me(), version_id=_version_of(body), reason=str(body.get("reason") or ""))
    return jsonify(serialize.task(found))


def _entries_query(task_id: int):  # type: ignore[no-untyped-def]
    return (
        select(ProgressEntry)
        .where(ProgressEntry.task_id == task_id)
        .options(
            selectinload(ProgressEntry.author),
            selectinload(ProgressEntry.increments).selectinload(IndicatorIncrement.indicator),
            selectinload(ProgressEntry.evidence),
        )
        .order_by(ProgressEntry.id)
    )


@blueprint.route("/tasks/<int:task_id>/progress")
def progress_list(task_id: int) -> Response:
    get_or_404(db_session(), Task, task_id)
    entries = db_session().scalars(_entries_query(task_id)).all()
    return jsonify(entries=[serialize.progress_entry(e) for e in entries])


@blueprint.route("/tasks/<int:task_id>/progress", methods=["POST"])
def progress_add(task_id: int) -> tuple[Response, int]:
    session = db_session()
    found = get_or_404(session, Task, task_id)
    body = _body()
    raw_increments = body.get("increments", [])
    if not isinstance(raw_increments, list):
        raise RuleError("increments 必须是列表。")
    kinds = {indicator.id: indicator.kind for indicator in task_indicators(session, found)}
    increments: dict[int, IndicatorValue] = {}
    for raw in raw_increments:
        if not isinstance(raw, dict) or _int(raw.get("indicator_id"), "indicator_id") is None:
            raise RuleError("每个增量需要 indicator_id 和 amount。")
        kind = kinds.get(raw["indicator_id"], IndicatorKind.CUMULATIVE)
        value = parse_figure(str(raw.get("amount", "")), kind)
        qualifier = raw.get("qualifier")
        if value is not None:
            increments[raw["indicator_id"]] = IndicatorValue(
                value.amount,
                qualifier if qualifier is not None else value.qualifier,
                raw.get("full_year") is True,
            )
    version, percent_seen = (
        _int(body.get("version_id"), "version_id"),
        _int(body.get("percent_seen"), "percent_seen"),
    )
    report = ProgressReport(
        text=str(body.get("text", "")),
        entry_date=_date(body.get("entry_date"), "entry_date") or today(),
        percent=_int(body.get("percent"), "percent"),
        increments=increments,
        seen=Seen(version, percent_seen) if version is not None and percent_seen is not None else None,
    )
    settings = app_settings()
    filed = file_progress(
        session,
        found,
        report,
        by=me(),
        today=today(),
        store=evidence_store(settings),
        max_upload_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    session.flush()
    created = session.scalars(_entries_query(task_id).where(ProgressEntry.id == filed.entry.id)).one()
    body = serialize.progress_entry(created)
    if filed.conflict is not None:
        conflict = filed.conflict
        body["percent_conflict"] = {
            "yours": conflict.yours,
            "current": conflict.current,
            "message": conflict.message(),
        }
    return jsonify(body), 201


@blueprint.route("/plans/<int:plan_id>/shortcomings")
def shortcomings(plan_id: int) -> Response:
    """上年度查摆问题 and their 整改."""
    session = db_session()
    found = get_or_404(session, Plan, plan_id)
    files = evidence_of(session, [short.id for short in found.shortcomings])
    return jsonify(
        shortcomings=[serialize.shortcoming(short, files[short.id]) for short in found.shortcomings]
    )


@blueprint.route("/shortcomings/<int:shortcoming_id>", methods=["PATCH"])
def rectify(shortcoming_id: int) -> Response:
    """Coordinators: record a shortcoming's 整改 (the whole record: what is left out is cleared)."""
    session = db_session()
    found = get_or_404(session, Shortcoming, shortcoming_id)
    body = _body()
    given = Rectification(
        state=parse_state(str(body.get("state", ""))),
        measures=str(body.get("measures") or ""),
        on=_date(body.get("date"), "date"),
        cause=str(body.get("cause") or ""),
        plan_item_id=_int(body.get("plan_item_id"), "plan_item_id"),
    )
    record_rectification(session, found, given, by=me(), today=today())
    return jsonify(serialize.shortcoming(found, evidence_of(session, [found.id])[found.id]))


@blueprint.route("/shortcomings/<int:shortcoming_id>/evidence", methods=["POST"])
def rectification_evidence(shortcoming_id: int) -> tuple[Response, int]:
    """Coordinators: evidence files of a 整改 (multipart/form-data, field `evidence`)."""
    session = db_session()
    found = get_or_404(session, Shortcoming, shortcoming_id)
    settings = app_settings()
    uploads = [
        Upload(file.filename or "", file.read(), request.form.get("description"))
        for file in request.files.getlist("evidence")
        if file.filename
    ]
    attach_rectification_evidence(
        session,
        evidence_store(settings),
        found,
        uploads,
        by=me(),
        max_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    return jsonify(serialize.shortcoming(found, evidence_of(session, [found.id])[found.id])), 201


@blueprint.route("/duties")
def duties() -> Response:
    """第一责任人履职 register of a year (`year`, default this year)."""
    year = request.args.get("year", type=int) or today().year
    records = duties_of_year(db_session(), me().organisation_id, year)
    return jsonify(duties=[serialize.duty(record) for record in records])


@blueprint.route("/duties", methods=["POST"])
def duty_add() -> tuple[Response, int]:
    body = _body()
    held_on = _date(body.get("date"), "date")
    if held_on is None:
        raise RuleError("请提供 date（事项日期）。")
    record = add_duty(
        db_session(),
        organisation_id=me().organisation_id,
        held_on=held_on,
        kind=parse_kind(str(body.get("kind", ""))),
        text=str(body.get("text") or ""),
        by=me(),
        now=clock.now(app_settings()),
        today=today(),
    )
    return jsonify(serialize.duty(record)), 201


@blueprint.route("/duban")
def dubans() -> Response:
    """The 督办 the caller sees, newest first: a county's with every town's row, a town's with its own."""
    return jsonify(duban=[serialize.duban(seen) for seen in visible_dubans(db_session(), me())])


@blueprint.route("/duban", methods=["POST"])
def duban_issue() -> tuple[Response, int]:
    body = _body()
    towns = body.get("town_ids")
    if not isinstance(towns, list):
        raise RuleError("请提供 town_ids（下发至的镇的编号列表）。", field="town_ids")
    order = Order(
        title=str(body.get("title") or ""),
        text=str(body.get("text") or ""),
        deadline=_date(body.get("deadline"), "deadline"),
        requires_evidence=body.get("requires_evidence") is True,
        town_ids=tuple(_int(town, "town_ids") or 0 for town in towns),
    )
    issued = issue_duban(db_session(), order, by=me(), today=today())
    return jsonify(serialize.duban(visible_duban(db_session(), me(), issued.id))), 201


@blueprint.route("/duban/<int:duban_id>")
def duban(duban_id: int) -> Response:
    return jsonify(serialize.duban(visible_duban(db_session(), me(), duban_id)))


@blueprint.route("/duties/<int:record_id>", methods=["DELETE"])
def duty_remove(record_id: int) -> tuple[str, int]:
    remove_duty(db_session(), get_or_404(db_session(), DutyRecord, record_id), by=me())
    return "", 204


@blueprint.route("/tasks/<int:task_id>/indicators")
def task_indicator_list(task_id: int) -> Response:
    """The task's indicators with their kind (累计/现有/比率), figure so far and baseline."""
    session = db_session()
    found = get_or_404(session, Task, task_id)
    return jsonify(indicators=[serialize.indicator(i) for i in task_indicators(session, found)])


@blueprint.route("/indicators/<int:indicator_id>", methods=["PATCH"])
def indicator_kind(indicator_id: int) -> Response:
    """Coordinators: an indicator's kind (`kind`: cumulative/stock/rate or 累计/现有/比率)."""
    session = db_session()
    found = get_or_404(session, Indicator, indicator_id)
    set_indicator_kind(session, found, parse_indicator_kind(str(_body().get("kind", ""))), by=me())
    return jsonify(serialize.indicator(found))


@blueprint.route("/tasks/<int:task_id>/unfinished_reason", methods=["PUT"])
def unfinished_reason(task_id: int) -> Response:
    """The lead unit (or a coordinator): why the task is not finished (`reason`; empty clears it)."""
    session = db_session()
    found = get_or_404(session, Task, task_id)
    record_unfinished_reason(session, found, str(_body().get("reason") or ""), by=me())
    return jsonify(serialize.task(found))
