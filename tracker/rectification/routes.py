"""The 整改 page `/plans/<id>/rectification`: each shortcoming of the plan with its measures, state,
date, cause, area and evidence; coordinators record them, everyone signed in reads them.

A refused form comes back on the same page with the message beside its field and what was typed
(`tracker.web.forms.refills`), so nothing typed is lost.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from tracker.accounts.permissions import can_assign
from tracker.plans.models import RECTIFICATION_WORDS, Plan, PlanItem, RectificationState, Shortcoming
from tracker.rectification.models import RectificationEvidence
from tracker.rectification.service import (
    Rectification,
    attach_rectification_evidence,
    evidence_of,
    parse_state,
    record_rectification,
)
from tracker.tasks.evidence import Upload, evidence_store
from tracker.web.boundary import app_settings, db_session
from tracker.web.forms import refills
from tracker.web.headers import sandboxed_download
from tracker.web.helpers import (
    form_date,
    form_int,
    form_text,
    get_or_404,
    me,
    read_only_here,
    send_stored_file,
    today,
)

blueprint = Blueprint("rectification", __name__)


def _shortcoming(plan_id: int, shortcoming_id: int) -> Shortcoming:
    shortcoming = get_or_404(db_session(), Shortcoming, shortcoming_id)
    if shortcoming.plan_id != plan_id:
        abort(404)
    return shortcoming


@blueprint.get("/plans/<int:plan_id>/rectification")
@login_required
def index(plan_id: int) -> str:
    plan = get_or_404(db_session(), Plan, plan_id)
    session = db_session()
    shortcomings = list(plan.shortcomings)
    areas = session.scalars(
        select(PlanItem)
        .where(PlanItem.plan_id == plan.id, PlanItem.parent_id.is_(None))
        .order_by(PlanItem.position)
    ).all()
    read_only = read_only_here(plan.organisation_id)
    return render_template(
        "rectification/index.html",
        plan=plan,
        shortcomings=shortcomings,
        evidence=evidence_of(session, [short.id for short in shortcomings]),
        areas=areas,
        states=RECTIFICATION_WORDS,
        may_change=can_assign(me()) and read_only is None,
        read_only=read_only,
        today=today(),
        max_upload_mb=app_settings().max_upload_mb,
    )


def _submitted() -> Rectification:
    return Rectification(
        state=parse_state(request.form.get("state") or RectificationState.OPEN.value),
        measures=form_text("measures", 4000),
        on=form_date("on", label="整改日期"),
        cause=form_text("cause", 2000),
        plan_item_id=form_int("plan_item_id", label="所属方面") or None,
    )


def _back(plan_id: int, shortcoming_id: int, message: str) -> Response:
    flash(message, "info")
    return redirect(url_for("rectification.index", plan_id=plan_id) + f"#shortcoming-{shortcoming_id}")


@blueprint.post("/plans/<int:plan_id>/rectification/<int:shortcoming_id>")
@login_required
@refills("rectification.index")
def record(plan_id: int, shortcoming_id: int) -> Response:
    shortcoming = _shortcoming(plan_id, shortcoming_id)
    record_rectification(db_session(), shortcoming, _submitted(), by=me(), today=today())
    return _back(plan_id, shortcoming_id, "整改情况已保存。")


@blueprint.post("/plans/<int:plan_id>/rectification/<int:shortcoming_id>/evidence")
@login_required
@refills("rectification.index")
def upload(plan_id: int, shortcoming_id: int) -> Response:
    shortcoming = _shortcoming(plan_id, shortcoming_id)
    settings = app_settings()
    uploads = [
        Upload(file.filename or "", file.read(), form_text("description", 500))
        for file in request.files.getlist("evidence")
        if file.filename
    ]
    attach_rectification_evidence(
        db_session(),
        evidence_store(settings),
        shortcoming,
        uploads,
        by=me(),
        max_bytes=settings.max_upload_mb * 1024 * 1024,
    )
    return _back(plan_id, shortcoming_id, f"已上传{len(uploads)}份整改佐证材料。")


@blueprint.get("/rectification/evidence/<int:evidence_id>")
@sandboxed_download
@login_required
def evidence_file(evidence_id: int) -> Response:
    """Only by id, only to the signed-in, only from the evidence folder; always as a download."""
    return send_stored_file(get_or_404(db_session(), RectificationEvidence, evidence_id))
