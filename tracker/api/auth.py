"""Bearer-token sign-in for `/api/v1`, and CSRF for API calls made with a browser session instead.

A token request carries no cookie a third-party page could ride on, so it needs no CSRF token; a
request authenticated by the session cookie does, exactly like a form.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_login import LoginManager

from tracker.accounts.models import TokenPurpose, User
from tracker.accounts.tokens import record_token_use, token_holder, token_use_to_record
from tracker.clock import stamp
from tracker.web.boundary import db_session, writing_session

API_PREFIX = "/api/"


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def install_token_login(app: Flask, login_manager: LoginManager) -> None:
    @login_manager.request_loader
    def load_from_token(_request: object) -> User | None:
        if not request.path.startswith(API_PREFIX):
            return None
        secret = bearer_secret()
        if secret is None:
            return None
        user = user_for_secret(secret, TokenPurpose.API)
        g.token_authenticated = user is not None
        return user


def user_for_secret(secret: str, purpose: TokenPurpose) -> User | None:
    """Who a token's secret signs in, noting its use (at most every few minutes) apart from the
    request's reading session."""
    found = token_holder(db_session(), secret, purpose)
    if found is None:
        return None
    user, token = found
    now = stamp()
    if token_use_to_record(token, now):
        with writing_session() as session:
            record_token_use(session, token.id, now)
    return user


def protect_session_requests() -> None:
    """Before each API request: CSRF unless a valid bearer token signed the person in."""
    from flask_login import current_user

    if current_user.is_authenticated and g.get("token_authenticated"):
        return
    current_app.extensions["csrf"].protect()
