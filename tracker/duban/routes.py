"""The 督办 pages: `/duban` lists the 督办 a person sees (a county's coordinator issues one there, to
some of the county's towns) and `/duban/<id>` shows each town's answer — who the town put on it, the
status and light, the progress entries and their evidence files to download. A refused issue comes
back filled in, the message beside its field (`tracker.web.forms.refills`)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker.duban.answers import visible_duban, visible_dubans
from tracker.duban.service import Order, issue_duban, issuing_county, town_choices
from tracker.web.boundary import db_session
from tracker.web.forms import refills
from tracker.web.helpers import form_date, form_ids, form_text, me, today

blueprint = Blueprint("duban", __name__)


@blueprint.get("/duban")
@login_required
def index() -> str:
    session, person = db_session(), me()
    county = issuing_county(session, person)
    year = today().year
    return render_template(
        "duban/index.html",
        dubans=visible_dubans(session, person),
        county=county,
        towns=town_choices(session, county, year) if county else [],
        year=year,
        today=today(),
    )


@blueprint.post("/duban")
@login_required
@refills("duban.index")
def issue() -> Response:
    order = Order(
        title=form_text("title", 1000),
        text=form_text("text", 10_000),
        deadline=form_date("deadline", label="截止日期"),
        requires_evidence=bool(request.form.get("requires_evidence")),
        town_ids=form_ids("town_ids", "镇"),
    )
    duban = issue_duban(db_session(), order, by=me(), today=today())
    flash(f"督办已下发至 {len(duban.towns)} 个镇，列入各镇年度计划的“上级交办”。", "info")
    return redirect(url_for("duban.show", duban_id=duban.id), 303)


@blueprint.get("/duban/<int:duban_id>")
@login_required
def show(duban_id: int) -> str:
    return render_template("duban/show.html", seen=visible_duban(db_session(), me(), duban_id))
