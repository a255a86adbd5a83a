"""The web request as a unit of work: one session per request, committed once after the view.

Views and services never commit. `TrackerFlask.dispatch_request` runs the view as the signed-in
person (`tracker.audit.acting_as`) on the installation's clock (`tracker.clock.following`), commits
after a view returns a response below 400 and rolls back otherwise; an exception in the view (or in
the commit itself, such as a stale-version conflict) rolls everything back and reaches the error
handlers.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g
from flask_login import current_user
from sqlalchemy.orm import Session

from tracker import clock
from tracker.audit import SYSTEM, Actor, acting_as
from tracker.config import Settings
from tracker.db import Database


def app_settings() -> Settings:
    return current_app.extensions["luoshi"]["settings"]


def app_database() -> Database:
    return current_app.extensions["luoshi"]["database"]


def db_session() -> Session:
    """The request's session, opened on first use."""
    if "db_session" not in g:
        g.db_session = app_database().sessions()
    return g.db_session


def request_actor() -> Actor:
    if current_user and current_user.is_authenticated:
        return Actor(current_user.username, current_user.id)
    return SYSTEM


class TrackerFlask(Flask):
    def dispatch_request(self) -> Any:  # type: ignore[override]
        with acting_as(request_actor()), clock.following(app_settings()):
            response = self.make_response(super().dispatch_request())
            session: Session | None = g.get("db_session")
            if session is not None:
                if response.status_code < 400:
                    session.commit()
                else:
                    session.rollback()
        return response

    def do_teardown_appcontext(self, exc: BaseException | None = None) -> None:  # type: ignore[override]
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.rollback()
            session.close()
        super().do_teardown_appcontext(exc)
