"""Small helpers every feature's views share: the signed-in person, today's date, form values."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from flask import Response, abort, request, send_file
from flask_login import current_user
from sqlalchemy.orm import Session

from tracker import clock
from tracker.accounts.models import User
from tracker.errors import RuleError
from tracker.tasks.evidence import evidence_store
from tracker.tasks.models import StoredFile
from tracker.web.boundary import app_settings

T = TypeVar("T")


def me() -> User:
    """The signed-in user as the model itself (not Flask-Login's proxy)."""
    return current_user._get_current_object()  # type: ignore[no-any-return]


def today() -> date:
    return clock.today(app_settings())


def get_or_404(session: Session, model: type[T], ident: int) -> T:
    found = session.get(model, ident)
    if found is None:
        abort(404)
    return found


def form_text(name: str, max_length: int = 5000) -> str:
    return (request.form.get(name) or "")[:max_length]


def form_int(name: str, *, required: bool = False, label: str = "") -> int | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        if required:
            raise RuleError(f"请填写{label or name}。", field=name)
        return None
    try:
        return int(raw)
    except ValueError:
        raise RuleError(f"{label or name}必须是整数。", field=name) from None


def form_date(name: str, *, required: bool = False, label: str = "日期") -> date | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        if required:
            raise RuleError(f"请填写{label}。", field=name)
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise RuleError(f"{label}「{raw[:20]}」不是有效的日期（格式：2026-06-30）。", field=name) from None


def send_stored_file(stored: StoredFile) -> Response:
    """An evidence file from the evidence folder, always as a download (the view is marked
    `tracker.web.headers.sandboxed_download`, so no browser runs it)."""
    path = evidence_store(app_settings()).path_of(stored)
    return send_file(
        path, mimetype=stored.content_type, as_attachment=True, download_name=stored.original_name
    )
