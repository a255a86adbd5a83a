"""The web request as a unit of work: one session per request, committed once after the view.

Views and services never commit. `TrackerFlask.dispatch_request` runs the view as the signed-in
person (`tracker.audit.acting_as`) on the installation's clock (`tracker.clock.following`), commits
after a view returns a response below 400 and rolls back otherwise; an exception in the view (or in
the commit itself, such as a stale-version conflict) rolls everything back and reaches the error
handlers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, g, request
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


READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db_session() -> Session:
    """The request's session, opened on first use: read-only for GET and HEAD (on SQLite they never
    queue behind a writer; see `tracker.db`), a writer's for everything else. A GET that must write
    does it in a unit of work of its own (`app_database().unit_of_work()`)."""
    if "db_session" not in g:
        database = app_database()
        reading = request.method in READING_METHODS
        g.db_session = (database.read_sessions if reading else database.sessions)()
    return g.db_session


def end_request_transaction() -> None:
    """Roll the request's transaction back, if one is open: before an error page is drawn (a failed
    flush leaves the session refusing every statement), and before the request opens a unit of
    work of its own (on SQLite a POST's session holds the write lock from its first statement,
    which that unit would otherwise wait for, itself)."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()


@contextmanager
def writing_session() -> Iterator[Session]:
    """Where a request writes beside its reading: its own session when it is a writer's, else a
    short unit of work of its own, committed when the block ends (a GET noting a token's use)."""
    if request.method not in READING_METHODS:
        yield db_session()
        return
    with app_database().unit_of_work() as session:
        yield session


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
