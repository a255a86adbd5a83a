"""`/inbox` (待我处理), where signing in lands, and `inbox_count()` for the menu of every page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, has_request_context, render_template
from flask_login import current_user, login_required

from tracker.accounts.permissions import can_administer
from tracker.board.lights import Thresholds
from tracker.inbox.waiting import Kind, inbox_for, waiting_count
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import me, today

blueprint = Blueprint("inbox", __name__)


@blueprint.route("/inbox")
@login_required
def index() -> str:
    person = me()
    thresholds = Thresholds.from_settings(app_settings())
    return render_template(
        "inbox/index.html",
        inbox=inbox_for(db_session(), person, today(), thresholds),
        Kind=Kind,
        thresholds=thresholds,
        may_import=can_administer(person),
    )


def _count() -> int:
    """Asked by the menu once per page at most (a page's partial templates do not ask), and only then:
    one statement (`waiting_count`)."""
    if "inbox_count" not in g:
        thresholds = Thresholds.from_settings(app_settings())
        g.inbox_count = waiting_count(db_session(), me(), today(), thresholds)
    return int(g.inbox_count)


@blueprint.app_context_processor
def inbox_badge() -> dict[str, Any]:
    """`inbox_count()` in the templates of a signed-in person."""
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return {}
    return {"inbox_count": _count}
