"""Beat records its own heartbeat as its scheduler ticks, at most every 30 seconds, and a database
problem never stops it from scheduling."""

from __future__ import annotations

from sqlalchemy import select

from tracker.db import Database
from tracker.health.models import Heartbeat
from workers.beat import HeartbeatScheduler
from workers.factory import create_celery


def _scheduler(app) -> HeartbeatScheduler:  # type: ignore[no-untyped-def]
    return HeartbeatScheduler(app=create_celery(flask_app=app))


def test_a_tick_records_beat_s_heartbeat_once_per_half_minute(app, session) -> None:  # type: ignore[no-untyped-def]
    scheduler = _scheduler(app)
    assert 0 < scheduler.tick() <= 60, "nothing due yet: it sleeps until the next entry"
    first = session.scalars(select(Heartbeat)).one()
    assert first.component == "beat" and " pid " in first.detail
    seen = first.seen_at
    scheduler.tick()
    session.expire_all()
    assert session.get(Heartbeat, "beat").seen_at == seen, "not rewritten within 30 s"


def test_a_database_that_is_down_does_not_stop_beat(app, caplog, settings) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.conftest import free_port

    app.extensions["luoshi"]["database"] = Database(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/x"
    )
    scheduler = _scheduler(app)
    assert scheduler.tick() > 0
    assert "beat could not record its heartbeat" in caplog.text
