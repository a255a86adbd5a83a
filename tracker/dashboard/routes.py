"""`/dashboard`: the figures of one plan (the newest confirmed by default), drawn as bars.

The figures aggregate every task of the plan, so the rendered content (below the page's frame) is
kept in a cache keyed like the board's: the query string, today, the light thresholds, the language
and the data version (`tracker.board.cache`), which moves with every change to tasks, units,
indicators and holiday schedules. A dashboard nobody changed since is two queries.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import get_locale
from flask_login import login_required
from markupsafe import Markup

from tracker.board.cache import page_cache, request_board_version
from tracker.board.lights import Thresholds, overdue_workdays
from tracker.board.menus import filter_menus
from tracker.dashboard.charts import indicator_bars, progress_bar
from tracker.dashboard.figures import (
    completion_by_department,
    completion_by_item,
    indicator_figures,
    overdue_tasks,
)
from tracker.organisations.scope import visible_organisation_ids
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import chosen_organisation_id, me, today
from tracker.web.inputs import parse_int

blueprint = Blueprint("dashboard", __name__)


def render_dashboard(organisation_ids: list[int], day: date, thresholds: Thresholds) -> Markup:
    """The figures of a plan of `organisation_ids` (those the person sees, or the one drilled into)."""
    session = db_session()
    menus = filter_menus(session, organisation_ids)  # the board's: the same plans, the same default
    plans = menus.plans
    asked = parse_int(request.args.get("plan", ""))
    plan = next((choice for choice in plans if choice.id == asked), None) or menus.preferred_plan()
    if plan is None:
        return Markup(render_template("dashboard/_content.html", plan=None, plans=plans))
    by_item = completion_by_item(session, plan.id, day)
    by_department = completion_by_department(session, plan.id, day)
    return Markup(
        render_template(
            "dashboard/_content.html",
            plan=plan,
            plans=plans,
            by_item=[progress_bar(row) for row in by_item],
            by_department=[progress_bar(row) for row in by_department],
            overdue=overdue_tasks(session, plan.id, day),
            overdue_count=sum(row.overdue for row in by_department),
            indicators=[(figure, indicator_bars(figure)) for figure in indicator_figures(session, plan.id)],
            today=day,
            late=lambda deadline: overdue_workdays(deadline, day),
        )
    )


@blueprint.route("/dashboard")
@login_required
def dashboard() -> str:
    version = request_board_version()  # first, as the board reads it (see `tracker.board.cache`)
    day, thresholds = today(), Thresholds.from_settings(app_settings())
    chosen = chosen_organisation_id()
    shown = [chosen] if chosen is not None else visible_organisation_ids(db_session(), me())
    query = tuple(sorted(request.args.items(multi=True)))
    key = (query, tuple(shown), day, thresholds, str(get_locale()), version)
    content = page_cache("dashboard").get_or_build(key, lambda: render_dashboard(shown, day, thresholds))
    return render_template("dashboard/dashboard.html", content=content)
