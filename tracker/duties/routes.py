"""The register page `/duties?year=2026`: the year's 第一责任人 履职事项 and other matters to report,
with a form to add one (coordinators). A refused form comes back filled in, the message beside its
field (`tracker.web.forms.refills`)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker import clock
from tracker.accounts.permissions import can_assign
from tracker.duties.models import DUTY_KIND_WORDS, DutyRecord
from tracker.duties.service import add_duty, duties_of_year, parse_kind, remove_duty
from tracker.web.boundary import app_settings, db_session
from tracker.web.forms import refills
from tracker.web.helpers import (
    form_date,
    form_text,
    get_or_404,
    me,
    page_organisation_id,
    read_only_here,
    today,
)

blueprint = Blueprint("duties", __name__)


@blueprint.get("/duties")
@login_required
def index() -> str:
    year = request.args.get("year", type=int) or today().year
    organisation_id = page_organisation_id()
    read_only = read_only_here(organisation_id)
    return render_template(
        "duties/index.html",
        year=year,
        records=duties_of_year(db_session(), organisation_id, year),
        kinds=DUTY_KIND_WORDS,
        may_change=can_assign(me()) and read_only is None,
        read_only=read_only,
        today=today(),
    )


@blueprint.post("/duties")
@login_required
@refills("duties.index")
def add() -> Response:
    held_on = form_date("held_on", required=True, label="日期") or today()
    add_duty(
        db_session(),
        organisation_id=me().organisation_id,
        held_on=held_on,
        kind=parse_kind(request.form.get("kind", "")),
        text=form_text("text", 1000),
        by=me(),
        now=clock.now(app_settings()),
        today=today(),
    )
    flash("已登记。", "info")
    return redirect(url_for("duties.index", year=held_on.year))


@blueprint.post("/duties/<int:record_id>/delete")
@login_required
def delete(record_id: int) -> Response:
    record = get_or_404(db_session(), DutyRecord, record_id)
    year = record.held_on.year
    remove_duty(db_session(), record, by=me())
    flash("已删除。", "info")
    return redirect(url_for("duties.index", year=year))
