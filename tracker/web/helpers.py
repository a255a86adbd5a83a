"""Small helpers every feature's views share: the signed-in person, today's date, form values."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import Response, abort, request, send_file
from flask_login import current_user
from sqlalchemy.orm import Session

from tracker import clock
from tracker.accounts.models import User
from tracker.accounts.permissions import READ_ONLY_HERE, may_change_in
from tracker.errors import RuleError, require
from tracker.organisations.models import Organisation
from tracker.organisations.scope import is_visible, visible_organisation_of
from tracker.tasks.evidence import evidence_store
from tracker.tasks.models import StoredFile
from tracker.web.boundary import app_settings, db_session
from tracker.web.inputs import DATE_RANGE, MAX_ID, parse_date, parse_int

T = TypeVar("T")


def me() -> User:
    """The signed-in user as the model itself (not Flask-Login's proxy)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def today() -> date:
    return clock.today(app_settings())


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_or_404(session: Session, model: type[T], ident: int) -> T:
    """The row as the signed-in person may see it: 404 when there is none or it is another
    organisation's (`tracker.organisations.scope`, so the two cannot be told apart); a change asked
    of a row outside the person's own organisation (a county's people in a town's data) is 403."""
    person = me()
    found = session.get(model, ident)
    organisation_id = visible_organisation_of(person, found)  # one lookup for both questions
    assert found is not None  # none was a 404
    if request.method not in SAFE_METHODS:
        require(may_change_in(person, organisation_id), READ_ONLY_HERE)
    return found


def read_only_here(organisation_id: int) -> Organisation | None:
    """The organisation whose page the signed-in person reads but may not change (a county's people
    in one of their towns, `may_change_in`): the page offers them none of its forms, each of which
    would be refused (403), and names the town in a note saying the county only reads it. None
    where the person may change what the page shows."""
    if may_change_in(me(), organisation_id):
        return None
    return db_session().get_one(Organisation, organisation_id)


def chosen_organisation_id() -> int | None:
    """The organisation `?org=<id>` names, when the signed-in person sees it (a county's people drill
    into one of their towns); None without the parameter. One they do not see is a 404, as its rows
    are."""
    raw = request.args.get("org")
    if raw is None:
        return None
    chosen = parse_int(raw)
    if chosen is None or not is_visible(db_session(), me(), chosen):
        abort(404)
    return chosen


def page_organisation_id() -> int:
    """The organisation a page of one organisation shows (its plan of a year, its report, its
    wording): the one `?org=` names, else the person's own."""
    chosen = chosen_organisation_id()
    own = me().organisation_id
    if chosen is None and own is None:
        abort(404)
    return chosen if chosen is not None else own  # type: ignore[return-value]


def form_text(name: str, max_length: int = 5000) -> str:
    return (request.form.get(name) or "")[:max_length]


def form_int(
    name: str, *, required: bool = False, label: str = "", low: int = 0, high: int = MAX_ID
) -> int | None:
    """A whole number typed in ASCII digits within [low, high] (`tracker.web.inputs`)."""
    raw = (request.form.get(name) or "").strip()
    if not raw:
        if required:
            raise RuleError(f"请填写{label or name}。", field=name)
        return None
    value = parse_int(raw, low=low, high=high)
    if value is None:
        raise RuleError(
            f"{label or name}必须是 {low} 到 {high} 之间的整数（「{raw[:20]}」不是）。", field=name
        )
    return value


def form_ids(name: str, label: str) -> tuple[int, ...]:
    """Every id chosen in a multi-valued field (checkboxes); one that is not an id refuses the form."""
    ids = tuple(parse_int(raw) for raw in request.form.getlist(name))
    if None in ids:
        raise RuleError(f"所选{label}无效，请刷新页面后重新选择。", field=name)
    return ids  # type: ignore[return-value]


def form_date(name: str, *, required: bool = False, label: str = "日期") -> date | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        if required:
            raise RuleError(f"请填写{label}。", field=name)
        return None
    value = parse_date(raw)
    if value is None:
        raise RuleError(
            f"{label}「{raw[:20]}」不是有效的日期（格式：2026-06-30，{DATE_RANGE}）。", field=name
        )
    return value


def send_stored_file(stored: StoredFile) -> Response:
    """An evidence file from the evidence folder, always as a download (the view is marked
    `tracker.web.headers.sandboxed_download`, so no browser runs it)."""
    path = evidence_store(app_settings()).path_of(stored)
    return send_file(
        path, mimetype=stored.content_type, as_attachment=True, download_name=stored.original_name
    )
