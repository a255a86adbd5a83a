"""Plan pages: the list with upload or paste (`/plans`), the review page (`/plans/<id>`), confirmation.

Everyone signed in may read; only the coordinator changes anything. Views are thin: they read the
request, call `tracker.plans.importing` / `review`, and render. A refused document or edit comes back
as the page with the form filled in, its Chinese message beside the field and a 4xx
(`tracker.web.forms.refills`); the request's transaction is rolled back.
"""

from __future__ import annotations

import io
import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import login_required
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from tracker.accounts.models import Role
from tracker.accounts.permissions import may_change_in
from tracker.organisations.scope import in_scope
from tracker.plans.errors import PlanError, PlanInputError
from tracker.plans.forms import ActionForm, UploadForm
from tracker.plans.importing import confirm_plan, import_plan, plan_tasks
from tracker.plans.models import Plan, PlanItem
from tracker.plans.page import review_page
from tracker.plans.parsing import MAX_DOCUMENT_BYTES, OwnerKeywords
from tracker.web.boundary import app_settings, db_session
from tracker.web.forms import refills, validated
from tracker.web.guards import roles_required
from tracker.web.helpers import chosen_organisation_id, get_or_404, me, read_only_here

log = logging.getLogger(__name__)
blueprint = Blueprint("plans", __name__)

PASTED_NAME = "粘贴的文字.txt"


def owner_keywords() -> OwnerKeywords:
    return OwnerKeywords.load(app_settings().owner_keywords)


def load_plan(plan_id: int) -> Plan:
    return get_or_404(db_session(), Plan, plan_id)


def load_item(plan: Plan, item_id: int) -> PlanItem:
    item = db_session().get(PlanItem, item_id)
    if item is None or item.plan_id != plan.id:
        abort(404)
    return item


@blueprint.get("/plans")
@login_required
def plans() -> str:
    """The list with the upload form (filled in again by `refills` after a refused upload)."""
    session = db_session()
    person, chosen = me(), chosen_organisation_id()
    shown = [in_scope(Plan.organisation_id, person)]
    if chosen is not None:
        shown.append(Plan.organisation_id == chosen)
    listed = session.scalars(select(Plan).where(*shown).order_by(Plan.year.desc(), Plan.id.desc())).all()
    rows = session.execute(
        select(PlanItem.plan_id, func.count())
        .where(PlanItem.plan_id.in_([plan.id for plan in listed]))
        .group_by(PlanItem.plan_id)
    )
    counts = {plan_id: count for plan_id, count in rows}
    read_only = read_only_here(chosen) if chosen is not None else None
    # a county's people read their towns' plans; uploading and changing are a town coordinator's
    may_edit = (
        person.role == Role.COORDINATOR
        and read_only is None
        and all(may_change_in(person, plan.organisation_id) for plan in listed)
    )
    return render_template(
        "plans/list.html",
        plans=[plan for plan in listed if plan.archived_at is None],
        archived=[plan for plan in listed if plan.archived_at is not None],
        counts=counts,
        form=UploadForm(),
        action=ActionForm(formdata=None),
        may_edit=may_edit,
        read_only=read_only,
    )


def _uploaded(form: UploadForm) -> tuple[bytes, str]:
    """The uploaded file's bytes (read one past the limit, so size is refused cheaply) or the text."""
    upload = form.document.data
    if upload is not None and getattr(upload, "filename", ""):
        with upload.stream as stream:
            return stream.read(MAX_DOCUMENT_BYTES + 1), upload.filename
    if form.text.data and form.text.data.strip():
        return form.text.data.encode("utf-8"), PASTED_NAME
    raise PlanInputError(
        "请选择一个 .txt、.docx、.xlsx 或 .pdf 文件，或在文本框中粘贴计划文字。", field="document"
    )


@blueprint.post("/plans")
@roles_required(Role.COORDINATOR)
@refills("plans.plans")
def upload() -> Response:
    form = validated(UploadForm())
    try:
        data, filename = _uploaded(form)
        plan = import_plan(
            db_session(),
            organisation_id=me().organisation_id,
            data=data,
            filename=filename,
            created_by=me(),
            plan_year=form.year.data,
            owner_keywords=owner_keywords(),
        )
    except PlanError as error:
        log.info("upload refused: %s", error.detail)
        raise
    flash(f"已导入计划「{plan.title}」，共 {len(plan.items)} 个事项，请逐项审核后确认。", "info")
    return redirect(url_for("plans.review", plan_id=plan.id), 303)


@blueprint.get("/plans/<int:plan_id>")
@login_required
def review(plan_id: int) -> str:
    """The review page (filled in again around a refused edit by `refills`)."""
    plan = load_plan(plan_id)
    read_only = read_only_here(plan.organisation_id)
    may_edit = me().role == Role.COORDINATOR and read_only is None
    context = review_page(db_session(), plan, may_edit=may_edit, full=request.args.get("full") == "1")
    return render_template("plans/review.html", read_only=read_only, **context)


@blueprint.get("/plans/<int:plan_id>/source")
@login_required
def source(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    return send_file(
        io.BytesIO(plan.source_bytes),
        as_attachment=True,
        download_name=plan.source_filename,
        mimetype="application/octet-stream",
    )


@blueprint.post("/plans/<int:plan_id>/confirm")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def confirm(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    tasks = confirm_plan(db_session(), plan, confirmed_by=me())
    flash(f"计划已确认，生成 {len(tasks)} 项任务。", "info")
    return redirect(url_for("plans.review", plan_id=plan.id), 303)


def confirmed_tasks(plan: Plan) -> dict[int, int]:
    """plan item id → task id, for a confirmed plan's links to its tasks."""
    return {task.plan_item_id: task.id for task in plan_tasks(db_session(), plan)}


from tracker.plans import item_routes, lifecycle_routes  # noqa: E402, F401  (they register on this blueprint)
