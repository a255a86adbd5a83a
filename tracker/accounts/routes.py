"""Sign in and out."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from tracker.accounts.forms import LoginForm
from tracker.accounts.models import User
from tracker.accounts.passwords import password_matches
from tracker.web.boundary import db_session

log = logging.getLogger(__name__)
blueprint = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: an absolute URL in `next` would make the login page an open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        user = db_session().scalar(select(User).where(User.username == form.username.data))
        if user is not None and user.is_active and password_matches(user, form.password.data or ""):
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        log.info("failed sign-in for %r from %s", form.username.data, request.remote_addr)
        flash("用户名或密码错误。", "error")
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    flash("您已退出登录。", "info")
    return redirect(url_for("accounts.login"))
