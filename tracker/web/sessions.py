"""Sign-in sessions that end: revoked on the server, expired when idle or old, Secure over HTTPS.

The session is a signed cookie, so the server cannot delete it; instead it carries the person's
session version (`SessionVersion`), and a cookie whose version is no longer the stored one signs
nobody in. The version moves on sign-out, on a password change and on deactivation
(`tracker.accounts.sessions`), which ends every session of that person on every device, including a
copy of the cookie someone kept.

A session also ends after `TRACKER_SESSION_IDLE_MINUTES` without a request and, however busy, after
`TRACKER_SESSION_MAX_HOURS` from sign-in; the times are in the cookie, signed with it. The cookie
is `Secure` when `TRACKER_BASE_URL` is https (a browser then never sends it over plain HTTP).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, abort, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from tracker import clock
from tracker.accounts.models import SessionVersion, User
from tracker.config import Settings
from tracker.web.boundary import app_settings, db_session
from tracker.web.inputs import parse_int

VERSION = "session_version"
SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
SEEN_GRANULARITY_SECONDS = 60
"""`seen_at` is rewritten at most once a minute, so most responses do not set the cookie again."""
EXPIRED = "登录已超时，请重新登录。"


def configure_session_cookie(app: Flask, settings: Settings) -> None:
    app.config.update(
        SESSION_COOKIE_SECURE=settings.base_url.lower().startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_max_hours),
    )


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the active person whose session version the cookie still carries, with
    their organisation (the menu asks whether it is a county on every page)."""
    ident = parse_int(user_id)
    if ident is None:
        return None
    found = (
        db_session()
        .execute(
            select(User, SessionVersion.version)
            .options(joinedload(User.organisation))
            .outerjoin(SessionVersion, SessionVersion.user_id == User.id)
            .where(User.id == ident)
        )
        .first()
    )
    if found is None:
        return None
    user, version = found
    if not user.is_active or (version or 0) != session.get(VERSION):
        return None
    return user


def begin_session(user: User, version: int) -> None:
    """Sign `user` in on a fresh session (nothing from before sign-in is kept: no fixation)."""
    session.clear()
    login_user(user)
    session.permanent = True
    now = clock.now(app_settings()).timestamp()
    session.update({VERSION: version, SIGNED_IN_AT: now, SEEN_AT: now})


def end_session() -> None:
    logout_user()
    session.clear()


def enforce_lifetimes() -> Response | None:
    """Before every request of a cookie session: sign out when idle or old, else note the visit."""
    if not current_user.is_authenticated or g.get("token_authenticated"):
        return None  # (asking first loads the person, and marks an API token's sign-in)
    settings = app_settings()
    now = clock.now(settings).timestamp()
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if (
        not isinstance(signed_in_at, float | int)
        or not isinstance(seen_at, float | int)
        or now - signed_in_at > settings.session_max_hours * 3600
        or now - seen_at > settings.session_idle_minutes * 60
    ):
        end_session()
        if request.path.startswith("/api/"):
            abort(401, description=EXPIRED)
        flash(EXPIRED, "info")
        back = request.full_path if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=back))
    if now - seen_at >= SEEN_GRANULARITY_SECONDS:
        session[SEEN_AT] = now
    return None


def install_sessions(app: Flask, settings: Settings) -> None:
    configure_session_cookie(app, settings)
    app.before_request(enforce_lifetimes)
