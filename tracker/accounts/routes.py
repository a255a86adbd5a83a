"""Sign in and out (throttled after repeated failures), and the personal account page with tokens."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from tracker import clock
from tracker.accounts.forms import LoginForm
from tracker.accounts.models import TokenPurpose, User
from tracker.accounts.passwords import password_matches
from tracker.accounts.sessions import end_sessions, session_version
from tracker.accounts.throttle import clear_failures, reserve_attempt
from tracker.accounts.tokens import active_tokens, issue_token, revoke_token
from tracker.county.access import watches_towns
from tracker.web.boundary import app_database, app_settings, db_session, end_request_transaction
from tracker.web.helpers import me
from tracker.web.redirects import same_site_path
from tracker.web.sessions import begin_session, end_session

log = logging.getLogger(__name__)
blueprint = Blueprint("accounts", __name__)


def _attempt(username: str, address: str) -> tuple[bool, User | None, int]:
    """(allowed, the user, their session version) in one short transaction of its own, committed
    before the password is checked: the attempt is counted first (`reserve_attempt`)."""
    settings = app_settings()
    end_request_transaction()
    with app_database().unit_of_work() as session:
        if not reserve_attempt(session, username, address, clock.now(settings), settings):
            return False, None, 0
        # with the organisation: where signing in leads depends on it (`_landing`)
        user = session.scalar(
            select(User).options(joinedload(User.organisation)).where(User.username == username)
        )
        return True, user, session_version(session, user.id) if user is not None else 0


def _landing(target: str | None, person: User) -> str:
    """Where signing in leads: the page that was asked for, or 待我处理 when none was — including the
    site's front door `/`, where anyone who typed the address comes from: their first screen is what
    they must do. A county's watchers land on their towns side by side instead."""
    if not target or target == "/":
        return url_for("county.index") if watches_towns(person) else url_for("inbox.index")
    return same_site_path(target)


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        settings = app_settings()
        username, address = (form.username.data or "").strip(), request.remote_addr or "-"
        allowed, user, version = _attempt(username, address)
        if not allowed:
            log.warning("sign-in throttled for %r from %s", username, address)
            message = f"登录失败次数过多，请 {settings.login_window_minutes} 分钟后再试。"
            flash(message, "error")
            return render_template("accounts/login.html", form=form), 429
        if password_matches(user, form.password.data or "") and user is not None:
            clear_failures(db_session(), username)  # committed with the request
            begin_session(user, version)
            return redirect(_landing(request.args.get("next"), user))
        log.info("failed sign-in for %r from %s", username, address)
        flash("用户名或密码错误。", "error")
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    """Ends every session of this person, on every device (`tracker.accounts.sessions`)."""
    end_sessions(db_session(), me().id)
    end_session()
    flash("您已退出登录。", "info")
    return redirect(url_for("accounts.login"))


@blueprint.route("/account")
@login_required
def account() -> str:
    session = db_session()
    return render_template(
        "accounts/account.html",
        api_tokens=active_tokens(session, me(), TokenPurpose.API),
        calendar_tokens=active_tokens(session, me(), TokenPurpose.CALENDAR),
    )


@blueprint.route("/account/tokens", methods=["POST"])
@login_required
def new_token() -> str:
    """Shows the secret exactly once; only its hash is kept."""
    session = db_session()
    purpose = TokenPurpose.CALENDAR if request.form.get("purpose") == "calendar" else TokenPurpose.API
    name = request.form.get("name") or ("日历订阅" if purpose == TokenPurpose.CALENDAR else "API")
    secret, _token = issue_token(session, me(), purpose, name)
    feed_url = None
    if purpose == TokenPurpose.CALENDAR:
        feed_url = app_settings().base_url.rstrip("/") + url_for("board.feed", token=secret)
    return render_template(
        "accounts/account.html",
        api_tokens=active_tokens(session, me(), TokenPurpose.API),
        calendar_tokens=active_tokens(session, me(), TokenPurpose.CALENDAR),
        new_secret=secret,
        feed_url=feed_url,
    )


@blueprint.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int) -> Response:
    if revoke_token(db_session(), me(), token_id):
        flash("令牌已停用。", "info")
    return redirect(url_for("accounts.account"))
