"""The board `/`, the deadline calendar `/calendar` and the personal feed `/calendar/feed/<token>.ics`."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from flask import Blueprint, Response, abort, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import login_required
from markupsafe import Markup

from tracker import clock
from tracker.accounts.models import Role, TokenPurpose, User
from tracker.api.auth import user_for_secret
from tracker.board.cache import page_cache, request_board_version
from tracker.board.calendar import SHOWN_PER_DAY, by_day, due_tasks, ical_feed, month_weeks
from tracker.board.export import TaskLine, board_workbook, task_lines
from tracker.board.lights import Light, Thresholds, light_for
from tracker.board.menus import filter_menus
from tracker.board.queries import (
    DUE_WINDOWS,
    SEARCH_LENGTH,
    BoardFilters,
    board_page,
    task_conditions,
)
from tracker.organisations.scope import visible_organisation_ids
from tracker.plans.models import Plan
from tracker.spreadsheets import XLSX_MIMETYPE
from tracker.tasks.models import TaskStatus
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import chosen_organisation_id, get_or_404, me, read_only_here, today
from tracker.web.inputs import DATE_RANGE, parse_int, parse_month

blueprint = Blueprint("board", __name__)


def _int_arg(name: str) -> int | None:
    return parse_int(request.args.get(name))


def filters_from_args() -> BoardFilters:
    """Filters from the query string; anything unknown is ignored rather than refused. Without a
    plan in it (or with the old `plan=all`), every active plan's tasks: a person's work of last
    year's plan and this year's shows together."""
    status = request.args.get("status")
    light = request.args.get("light")
    return BoardFilters(
        organisation_id=chosen_organisation_id(),
        plan_id=_int_arg("plan"),
        department_id=_int_arg("dept"),
        person_id=_int_arg("person"),
        status=TaskStatus(status) if status in TaskStatus._value2member_map_ else None,
        due=request.args.get("due") if request.args.get("due") in DUE_WINDOWS else None,
        light=Light(light) if light in Light._value2member_map_ else None,
        mine=request.args.get("mine") == "1",
        page=_int_arg("page") or 1,
        search=request.args.get("q", "").strip()[:SEARCH_LENGTH],
    )


def shown_organisations(filters: BoardFilters, seen: Sequence[int]) -> list[int]:
    """The organisations whose plans, units and people the menus offer: the one drilled into, else
    every one the person sees (`seen`)."""
    return [filters.organisation_id] if filters.organisation_id is not None else list(seen)


def _without(query: dict[str, str], *names: str) -> dict[str, str]:
    return {name: value for name, value in query.items() if name not in names}


def render_board(person: User, seen: Sequence[int], day: date, thresholds: Thresholds) -> Markup:
    """The board's content for the request's query string, as HTML; `seen`: the organisations the
    person sees (read once per request, for the cache key too)."""
    session = db_session()
    filters = filters_from_args()
    menus = filter_menus(session, shown_organisations(filters, seen))
    page = board_page(session, filters, me=person, today=day, thresholds=thresholds)
    query = request.args.to_dict()
    return Markup(
        render_template(
            "board/_content.html",
            page=page,
            menus=menus,
            shown_plan=next((plan for plan in menus.plans if plan.id == filters.plan_id), None),
            filters=filters,
            drilled=read_only_here(filters.organisation_id) if filters.organisation_id is not None else None,
            due_windows=DUE_WINDOWS,
            thresholds=thresholds,
            page_url=lambda number: url_for("board.board", **{**query, "page": number}),
            light_url=lambda light: url_for(
                "board.board", org=filters.organisation_id, plan=filters.plan_id, light=light
            ),
            export_url=url_for("board.export", **_without(query, "page")),
            print_url=url_for("board.printable", **_without(query, "page")),
            without_search=url_for("board.board", **_without(query, "q", "page")),
        )
    )


@blueprint.route("/")
@login_required
def board() -> str:
    """Read the version before anything else (see `tracker.board.cache`)."""
    version = request_board_version()
    person, day, thresholds = me(), today(), Thresholds.from_settings(app_settings())
    mine = person.id if request.args.get("mine") == "1" else None
    query = tuple(sorted(request.args.items(multi=True)))
    seen = tuple(visible_organisation_ids(db_session(), person))  # the organisations of the page
    key = (query, seen, mine, day, thresholds, str(get_locale()), version)
    content = page_cache("board").get_or_build(key, lambda: render_board(person, seen, day, thresholds))
    return render_template("board/board.html", content=content)


@blueprint.route("/export.xlsx")
@login_required
def export() -> Response:
    """The board as filtered (every page of it) as an Excel workbook."""
    session = db_session()
    filters = filters_from_args()
    day, thresholds = today(), Thresholds.from_settings(app_settings())
    lines = task_lines(session, task_conditions(filters, me(), day, thresholds), day, thresholds)
    plan = get_or_404(session, Plan, filters.plan_id) if filters.plan_id is not None else None
    name = f"{plan.year}年任务清单" if plan else "任务清单"
    return send_file(
        io.BytesIO(board_workbook(lines)),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"{name}-{day.isoformat()}.xlsx",
    )


@blueprint.route("/print")
@login_required
def printable() -> str:
    """The board as filtered, every page of it on one page, laid out for paper (A4, in colour)."""
    session = db_session()
    filters = filters_from_args()
    menus = filter_menus(session, shown_organisations(filters, visible_organisation_ids(session, me())))
    day, thresholds = today(), Thresholds.from_settings(app_settings())
    lines = task_lines(session, task_conditions(filters, me(), day, thresholds), day, thresholds)
    groups: list[tuple[str, list[TaskLine]]] = []
    for line in lines:
        if not groups or groups[-1][0] != line.heading:
            groups.append((line.heading, []))
        groups[-1][1].append(line)
    return render_template(
        "board/print.html",
        groups=groups,
        total=len(lines),
        shown_plan=next((plan for plan in menus.plans if plan.id == filters.plan_id), None),
        filters=filters,
        thresholds=thresholds,
        printed_at=clock.now(app_settings()),
        board_url=url_for("board.board", **request.args.to_dict()),
    )


@blueprint.route("/calendar")
@login_required
def month() -> str:
    current = today()
    asked = request.args.get("month", "")
    first = parse_month(asked) if asked else current.replace(day=1)
    if first is None:
        abort(400, description=f"月份「{asked[:20]}」无效，请使用 2026-06 这样的写法（{DATE_RANGE}）。")
    weeks = month_weeks(first.year, first.month)
    filters = filters_from_args()
    thresholds = Thresholds.from_settings(app_settings())
    conditions = task_conditions(filters, me(), current, thresholds)
    tasks = due_tasks(db_session(), conditions, weeks[0][0], weeks[-1][-1])
    lights = {
        task.id: light_for(task.deadline, task.status, current, thresholds, continuing=task.continuing)
        for task in tasks
    }
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return render_template(
        "board/calendar.html",
        first=first,
        weeks=weeks,
        days=by_day(tasks),
        lights=lights,
        thresholds=thresholds,
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
    user = user_for_secret(token, TokenPurpose.CALENDAR)
    if user is None:
        abort(404)
    everything = user.role in (Role.COORDINATOR, Role.VIEWER)
    filters = BoardFilters(mine=not everything)
    conditions = task_conditions(filters, user, today(), Thresholds.from_settings(app_settings()))
    tasks = due_tasks(session, conditions, date(1900, 1, 1), date(9999, 12, 31))
    body = ical_feed(tasks, app_settings().base_url, user.display_name)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"})
