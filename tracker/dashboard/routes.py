"""`/dashboard`: the figures of one plan (the newest by default), drawn as server-side SVG."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import select

from tracker.board.queries import default_plan
from tracker.dashboard.charts import completion_bars, indicator_bars
from tracker.dashboard.figures import (
    completion_by_department,
    completion_by_item,
    indicator_figures,
    overdue_tasks,
)
from tracker.plans.models import Plan
from tracker.web.boundary import db_session
from tracker.web.helpers import today
from tracker.web.inputs import parse_int

blueprint = Blueprint("dashboard", __name__)


@blueprint.route("/dashboard")
@login_required
def dashboard() -> str:
    session = db_session()
    plan_arg = request.args.get("plan", "")
    plan_id = parse_int(plan_arg)
    plan = session.get(Plan, plan_id) if plan_id is not None else default_plan(session)
    plans = session.execute(select(Plan.id, Plan.year, Plan.title).order_by(Plan.year.desc())).all()
    if plan is None:
        return render_template("dashboard/dashboard.html", plan=None, plans=plans)
    day = today()
    by_item = completion_by_item(session, plan.id, day)
    by_department = completion_by_department(session, plan.id, day)
    overdue, overdue_count = overdue_tasks(session, plan.id, day)
    indicators = indicator_figures(session, plan.id)
    return render_template(
        "dashboard/dashboard.html",
        plan=plan,
        plans=plans,
        by_item=list(zip(by_item, completion_bars(by_item), strict=True)),
        by_department=list(zip(by_department, completion_bars(by_department), strict=True)),
        overdue=overdue,
        overdue_count=overdue_count,
        indicators=[(figure, indicator_bars(figure)) for figure in indicators],
        today=day,
    )
