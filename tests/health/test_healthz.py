"""`/healthz` says which part is unwell (database, broker, beat, worker) with a 503; `/ping` does no
work; `tracker health` gives the same verdict to container healthchecks."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner

from tests.integration.conftest import free_port
from tracker.cli import main
from tracker.clock import stamp
from tracker.db import Database
from tracker.health.heartbeats import BEAT, WORKER, record


def _beats(session, beat_age: timedelta | None = timedelta(0), worker_age: timedelta | None = timedelta(0)):  # type: ignore[no-untyped-def]
    if beat_age is not None:
        record(session, BEAT, "host pid 1", at=stamp() - beat_age)
    if worker_age is not None:
        record(session, WORKER, "celery@host", at=stamp() - worker_age)
    session.flush()


def test_ping_answers_without_the_database(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/ping")
    assert response.status_code == 200 and response.get_data(as_text=True) == "ok"


def test_all_parts_healthy_is_200_with_beat_s_last_run(app, session) -> None:  # type: ignore[no-untyped-def]
    _beats(session, beat_age=timedelta(seconds=40))
    session.commit()
    response = app.test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["parts"]) == {"database", "broker", "beat", "worker"}
    assert 39 <= body["parts"]["beat"]["age_seconds"] <= 45
    assert body["parts"]["beat"]["last_run"].startswith(str(stamp().year))
    assert response.headers["Cache-Control"] == "no-store"


def test_beat_and_worker_that_never_ran_are_named(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["failing"] == ["beat", "worker"]
    assert body["parts"]["beat"] == {"ok": False, "last_run": None, "error": "never ran"}
    assert body["parts"]["database"]["ok"] and body["parts"]["broker"]["ok"]


def test_a_silent_beat_fails_after_ten_minutes(app, session) -> None:  # type: ignore[no-untyped-def]
    _beats(session, beat_age=timedelta(minutes=11), worker_age=timedelta(minutes=1))
    session.commit()
    body = app.test_client().get("/healthz").get_json()
    assert body["failing"] == ["beat"]
    assert "silent for" in body["parts"]["beat"]["error"]


def test_a_broker_that_does_not_answer_is_named(settings, database, session) -> None:  # type: ignore[no-untyped-def]
    from tracker.web import create_app

    _beats(session)
    session.commit()
    down = settings.with_changes(broker_url=f"redis://127.0.0.1:{free_port()}/0")
    response = create_app(down, database=database).test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 503 and body["failing"] == ["broker"]
    assert "Connection refused" in body["parts"]["broker"]["error"]


def test_a_database_that_does_not_answer_is_named_and_hides_nothing_else(settings) -> None:  # type: ignore[no-untyped-def]
    from tracker.web import create_app

    gone = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/luoshi")
    response = create_app(settings, database=gone).test_client().get("/healthz")
    body = response.get_json()
    assert response.status_code == 503
    assert body["failing"] == ["database", "beat", "worker"]
    assert body["parts"]["broker"]["ok"]
    assert body["parts"]["beat"]["error"] == "database unavailable"
    gone.dispose()


def test_the_command_gives_the_same_verdict_by_exit_status(fresh_database_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"TRACKER_DATABASE_URL": fresh_database_url, "TRACKER_VAR_DIR": str(tmp_path / "var")}
    runner = CliRunner()
    refused = runner.invoke(main, ["health", "--part", "beat"], env=env)
    assert refused.exit_code == 1 and '"never ran"' in refused.output
    database = Database(fresh_database_url)
    with database.unit_of_work() as session:
        record(session, BEAT, "host pid 1")
    database.dispose()
    fine = runner.invoke(main, ["health", "--part", "beat", "--part", "database"], env=env)
    assert fine.exit_code == 0, fine.output
    assert '"status": "ok"' in fine.output and '"broker"' not in fine.output


FROM_THE_NETWORK = {"REMOTE_ADDR": "10.20.30.40"}


def test_from_the_network_only_the_verdict_is_given(app, session, make_user, sign_in) -> None:  # type: ignore[no-untyped-def]
    """Issue 12, break 14: host names and process ids were shown to anyone."""
    from tracker.accounts.models import Role

    _beats(session)
    session.commit()
    anonymous = app.test_client().get("/healthz", environ_base=FROM_THE_NETWORK)
    owner = sign_in(make_user("zhang")).get("/healthz", environ_base=FROM_THE_NETWORK)
    for response in (anonymous, owner):
        assert response.status_code == 200 and response.get_json() == {"status": "ok"}
        assert "host pid" not in response.get_data(as_text=True)
    coordinator = sign_in(make_user("li", Role.COORDINATOR)).get("/healthz", environ_base=FROM_THE_NETWORK)
    assert coordinator.get_json()["parts"]["beat"]["detail"] == "host pid 1"


def test_from_the_network_a_failure_is_still_a_503(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/healthz", environ_base=FROM_THE_NETWORK)
    assert response.status_code == 503 and response.get_json() == {"status": "fail"}
