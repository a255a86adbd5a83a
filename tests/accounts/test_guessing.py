"""Guessing passwords gets nowhere faster (issue 12, break 14): an unknown user name costs the same
time as a wrong password (the answer's timing no longer tells which names exist), and 40 guesses
sent at the same instant get at most the allowed number of password checks, on both databases."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from tracker.accounts.models import LoginFailure, Role, User
from tracker.accounts.passwords import set_password
from tracker.config import Settings
from tracker.db import Database
from tracker.organisations.service import sole_organisation
from tracker.web import create_app

GUESSES = 40


def _cpu_seconds(client, username: str) -> float:  # type: ignore[no-untyped-def]
    """The least CPU time of three sign-ins (CPU time, not the wall clock: a busy machine slows
    both alike; a hash check is ~all of it)."""
    spent = []
    for number in range(3):
        started = time.thread_time()
        response = client.post("/login", data={"username": username, "password": f"wrong-{number}"})
        spent.append(time.thread_time() - started)
        assert response.status_code == 401
    return min(spent)


def test_an_unknown_name_costs_what_a_wrong_password_costs(town, app) -> None:
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"username": "warm-up", "password": "x"})
    wrong_password = _cpu_seconds(client, "zhang")
    unknown_name = _cpu_seconds(client, "no-such-person")
    assert wrong_password > 0.01, "a password check is a real scrypt hash"
    assert unknown_name >= 0.5 * wrong_password, (unknown_name, wrong_password)


def test_forty_guesses_at_once_get_at_most_the_allowed_checks(
    fresh_database_url: str, tmp_path: Path, serve_app
) -> None:  # type: ignore[no-untyped-def]
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        person = User(
            organisation_id=sole_organisation(session).id,
            username="zhang",
            display_name="张三",
            role=Role.OWNER,
        )
        set_password(person, "the-real-password-1")
        session.add(person)
    settings = Settings(var_dir=tmp_path, database_url=fresh_database_url, secret_key="k" * 40)
    app = create_app(settings, database=database)
    app.config["WTF_CSRF_ENABLED"] = False  # each guess carries a valid token in real life anyway
    url = serve_app(app) + "/login"
    start = threading.Barrier(GUESSES)
    answers: list[int] = []

    def guess(number: int) -> None:
        body = urllib.parse.urlencode({"username": "zhang", "password": f"guess-{number}"}).encode()
        start.wait()
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=60)
        except urllib.error.HTTPError as refused:
            answers.append(refused.code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert len(answers) == GUESSES and set(answers) <= {401, 429}, answers
    assert answers.count(401) == settings.login_max_failures, answers
    with database.unit_of_work() as session:
        counted = session.scalar(
            select(func.count()).select_from(LoginFailure).where(LoginFailure.username == "zhang")
        )
    assert counted == settings.login_max_failures
    database.dispose()
