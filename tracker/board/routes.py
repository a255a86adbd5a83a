"""The board `/`, the deadline calendar `/calendar` and the personal feed `/calendar/feed/<token>.ics`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import login_required
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, Role, TokenPurpose, User
from tracker.accounts.tokens import user_for_token
from tracker.board.cache import BoardCache, data_version
from tracker.board.calendar import SHOWN_PER_DAY, by_day, due_tasks, ical_feed, month_weeks
from tracker.board.lights import Light, Thresholds
from tracker.board.queries import (
    DUE_WINDOWS,
    BoardFilters,
    BoardPage,
    board_page,
    default_plan,
    task_conditions,
)
from tracker.plans.models import Plan
from tracker.tasks.models import TaskStatus
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import me, today

blueprint = Blueprint("board", __name__)


def board_cache() -> BoardCache:
    """The app's board cache, made on first use with the configured size."""
    extensions = current_app.extensions["luoshi"]
    if "board_cache" not in extensions:
        extensions["board_cache"] = BoardCache(app_settings().board_cache_size)
    return extensions["board_cache"]


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() else None


def filters_from_args() -> BoardFilters:
    """Filters from the query string; anything unknown is ignored rather than refused."""
    status = request.args.get("status")
    light = request.args.get("light")
    plan_id = _int_arg("plan")
    if plan_id is None:
        plan = default_plan(db_session())
        plan_id = plan.id if plan else None
    return BoardFilters(
        plan_id=plan_id,
        department_id=_int_arg("dept"),
        person_id=_int_arg("person"),
        status=TaskStatus(status) if status in TaskStatus._value2member_map_ else None,
        due=request.args.get("due") if request.args.get("due") in DUE_WINDOWS else None,
        light=Light(light) if light in Light._value2member_map_ else None,
        mine=request.args.get("mine") == "1",
        page=_int_arg("page") or 1,
    )


@dataclass(frozen=True)
class BoardView:
    """Everything the board shows that does not depend on who is looking: cacheable as a whole."""

    page: BoardPage
    plans: list[tuple[Any, ...]]  # (id, year, title)
    departments: list[tuple[Any, ...]]  # (id, name)
    people: list[tuple[Any, ...]]  # (id, display name) of the owners
    groups_html: Markup


def _rows(session: Session, statement: Select[Any]) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in session.execute(statement)]


def build_view(
    session: Session, filters: BoardFilters, person: User, day: date, thresholds: Thresholds
) -> BoardView:
    page = board_page(session, filters, me=person, today=day, thresholds=thresholds)
    plans = _rows(session, select(Plan.id, Plan.year, Plan.title).order_by(Plan.year.desc()))
    owners = select(User.id, User.display_name).where(User.role == Role.OWNER).order_by(User.id)
    return BoardView(
        page=page,
        plans=plans,
        departments=_rows(session, select(Department.id, Department.name).order_by(Department.id)),
        people=_rows(session, owners),
        groups_html=Markup(render_template("board/_groups.html", page=page, has_plans=bool(plans))),
    )


@blueprint.route("/")
@login_required
def board() -> str:
    session = db_session()
    filters = filters_from_args()
    thresholds = Thresholds.from_settings(app_settings())
    day, person = today(), me()
    mine = person.id if filters.mine else None
    key = (filters, mine, day, thresholds, str(get_locale()), data_version(session))
    view = board_cache().get_or_build(key, lambda: build_view(session, filters, person, day, thresholds))
    return render_template(
        "board/board.html",
        view=view,
        filters=filters,
        due_windows=DUE_WINDOWS,
        thresholds=thresholds,
        page_url=lambda number: url_for("board.board", **{**request.args.to_dict(), "page": number}),
    )


@blueprint.route("/calendar")
@login_required
def month() -> str:
    current = today()
    try:
        year, number = (int(part) for part in request.args.get("month", "").split("-"))
        first = date(year, number, 1)
    except ValueError:
        first = current.replace(day=1)
    weeks = month_weeks(first.year, first.month)
    filters = filters_from_args()
    conditions = task_conditions(filters, me(), current, Thresholds.from_settings(app_settings()))
    tasks = due_tasks(db_session(), conditions, weeks[0][0], weeks[-1][-1])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render_template(
        "board/calendar.html",
        first=first,
        weeks=weeks,
        days=by_day(tasks),
        today=current,
        filters=filters,
        shown_per_day=SHOWN_PER_DAY,
        previous=previous,
        following=following,
    )


@blueprint.route("/calendar/feed/<token>.ics")
def feed(token: str) -> Response:
    """The secret in the URL is the only credential: calendar programs cannot sign in."""
    session = db_session()
    user = user_for_token(session, token, TokenPurpose.CALENDAR)
    if user is None:
        abort(404)
    everything = user.role in (Role.COORDINATOR, Role.VIEWER)
    filters = BoardFilters(mine=not everything)
    conditions = task_conditions(filters, user, today(), Thresholds.from_settings(app_settings()))
    tasks = due_tasks(session, conditions, date(1900, 1, 1), date(9999, 12, 31))
    body = ical_feed(tasks, app_settings().base_url, user.display_name)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
