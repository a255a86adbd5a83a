"""`/county`: a county's towns side by side, and `/county/export.xlsx`, the same comparison as a sheet.

Only a county's watchers (`tracker.county.access`) open them; anyone else is refused with 403 and a
Chinese message (the page exists for everyone to know of; what it shows is the county's). Every
figure is read within the person's scope (`tracker.county.figures`).

The page aggregates every task of every town, so its content is cached like the dashboard's
(`tracker.board.cache`): keyed on the query string, the organisations the person sees (a town added
to the county shows at once), today, the light thresholds, the language and the board's data version,
which moves with every change to tasks, progress entries, plans, units and people. A page nobody
changed since costs the person's sign-in, the version and the organisations.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, has_request_context, render_template, request, send_file
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup

from tracker import clock
from tracker.accounts.models import User
from tracker.board.cache import page_cache, request_board_version
from tracker.board.lights import Thresholds, overdue_workdays
from tracker.county.access import watches_towns
from tracker.county.charts import HEIGHT, LEFT, RIGHT, WIDTH, trend_chart
from tracker.county.export import comparison_workbook
from tracker.county.figures import OVERDUE_PER_TOWN, CountyBoard, county_board
from tracker.dashboard.charts import progress_bar
from tracker.organisations.scope import visible_organisation_ids
from tracker.spreadsheets import XLSX_MIMETYPE
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import me, today
from tracker.web.inputs import query_int

blueprint = Blueprint("county", __name__)
REFUSED = "全县看板仅供县级机构的协调人、分管领导和查看人员使用；镇里的任务请在“任务看板”中查看。"


def _watcher() -> User:
    """The signed-in person if they watch a county's towns; 403 with the reason for anyone else."""
    person = me()
    if not watches_towns(person):
        abort(403, description=REFUSED)
    return person


def _board(person: User, day: date, thresholds: Thresholds) -> CountyBoard:
    year = query_int("year", low=2000, high=2100)
    return county_board(db_session(), person, year, day, thresholds, clock.zone(app_settings()))


def render_county(board: CountyBoard, day: date, thresholds: Thresholds) -> Markup:
    return Markup(
        render_template(
            "county/_content.html",
            board=board,
            thresholds=thresholds,
            per_town=OVERDUE_PER_TOWN,
            bars={row.town.id: progress_bar(row.completion) for row in board.towns},
            total=board.total,
            total_lights=board.total_lights,
            size=(WIDTH, HEIGHT),
            plot=(LEFT, RIGHT),
            charts=[
                (row, trend_chart(row.town.name, board.months, board.trends[row.town.id], board.county_trend))
                for row in board.towns
            ],
            late=lambda deadline: overdue_workdays(deadline, day),
        )
    )


@blueprint.route("/county")
@login_required
def index() -> str:
    version = request_board_version()  # first, as the board reads it (see `tracker.board.cache`)
    person = _watcher()
    seen = tuple(visible_organisation_ids(db_session(), person))
    day, thresholds = today(), Thresholds.from_settings(app_settings())
    key = (tuple(sorted(request.args.items(multi=True))), seen, day, thresholds, str(get_locale()), version)

    def build() -> Markup:
        return render_county(_board(person, day, thresholds), day, thresholds)

    content = page_cache("county").get_or_build(key, build)
    return render_template("county/index.html", content=content)


@blueprint.route("/county/export.xlsx")
@login_required
def export() -> Response:
    board = _board(_watcher(), today(), Thresholds.from_settings(app_settings()))
    return send_file(
        io.BytesIO(comparison_workbook(board)),
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=f"{board.year}年各镇对比-{today().isoformat()}.xlsx",
    )


@blueprint.app_context_processor
def county_menu() -> dict[str, Any]:
    """`watches_towns` in the templates: the menu shows 全县看板 to a county's watchers only."""
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return {"watches_towns": False}
    return {"watches_towns": watches_towns(me())}
