"""The health verdict: each part (database, broker, beat, worker) is checked on its own, so a
failure names the part that failed instead of hiding it behind a generic error.

Beat and the workers are judged by their heartbeats (`heartbeats.py`): beat records its scheduler's
ticks itself, and a worker records when it ran the heartbeat task beat sends every minute. A beat
that ticks while no worker consumes shows up as a stale `worker`, not as a healthy system.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from kombu import Connection
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.db import Database
from tracker.health.heartbeats import BEAT, WORKER, last_seen
from tracker.health.models import Heartbeat

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
"""Beat ticks at least every minute (the outbox sweep) and sends the worker heartbeat every minute:
ten minutes of silence is a fault, not a slow moment."""

BANNER_AFTER = timedelta(hours=2)
"""Coordinators are warned on every page when beat has not run for this long (no reminders go out)."""

BROKER_TIMEOUT_SECONDS = 3.0
PARTS = ("database", "broker", BEAT, WORKER)


@dataclass(frozen=True)
class Part:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthReport:
    parts: tuple[Part, ...]

    @property
    def ok(self) -> bool:
        return all(part.ok for part in self.parts)

    @property
    def failing(self) -> list[str]:
        return [part.name for part in self.parts if not part.ok]

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ok else "fail",
            "failing": self.failing,
            "parts": {part.name: {"ok": part.ok, **part.detail} for part in self.parts},
        }


def _timed(check_name: str, action: Any) -> Part:
    started = time.perf_counter()
    try:
        action()
    except Exception as error:
        log.warning("health: %s unavailable: %r", check_name, error)
        return Part(check_name, False, {"error": f"{type(error).__name__}: {error}"[:300]})
    return Part(check_name, True, {"ms": round((time.perf_counter() - started) * 1000, 1)})


@cache
def _broker_engine(url: str) -> Engine:
    return create_engine(url, connect_args={"timeout": BROKER_TIMEOUT_SECONDS})


def _ping_broker(url: str) -> None:
    """One round trip to the broker: SELECT 1 on kombu's SQLAlchemy transport (its channel would
    not touch the database until a message moves), a channel (PING) on Redis and the others."""
    if url.startswith("sqla+"):
        with _broker_engine(url.removeprefix("sqla+")).connect() as connection:
            connection.execute(text("SELECT 1"))
        return
    options = {"socket_connect_timeout": BROKER_TIMEOUT_SECONDS, "max_retries": 0}
    with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=BROKER_TIMEOUT_SECONDS)
        connection.default_channel  # noqa: B018  (opening it is the check)


def check_database(session: Session) -> Part:
    return _timed("database", lambda: session.execute(text("SELECT 1")))


def check_broker(broker_url: str) -> Part:
    return _timed("broker", lambda: _ping_broker(broker_url))


def check_heartbeat(name: str, row: Heartbeat | None, now: datetime, stale_after: timedelta) -> Part:
    """Fresh when seen within `stale_after`; a component never seen fails with `last_run` null."""
    if row is None:
        return Part(name, False, {"last_run": None, "error": "never ran"})
    age = (now - row.seen_at).total_seconds()
    detail = {"last_run": row.seen_at.isoformat(), "age_seconds": round(age), "detail": row.detail}
    if age > stale_after.total_seconds():
        detail["error"] = f"silent for {round(age)} s (more than {round(stale_after.total_seconds())} s)"
        return Part(name, False, detail)
    return Part(name, True, detail)


def check_health(database: Database, broker_url: str, parts: Iterable[str] = PARTS) -> HealthReport:
    """Every asked part; the heartbeats are read only when the database answers."""
    wanted = set(parts)
    found: list[Part] = []
    with database.read_sessions() as session:
        database_part = check_database(session)
        if "database" in wanted:
            found.append(database_part)
        if "broker" in wanted:
            found.append(check_broker(broker_url))
        beats = _heartbeats(session) if database_part.ok else None
    now = stamp()
    for name in (BEAT, WORKER):
        if name not in wanted:
            continue
        if beats is None:
            found.append(Part(name, False, {"last_run": None, "error": "database unavailable"}))
        else:
            found.append(check_heartbeat(name, beats.get(name), now, STALE_AFTER))
    return HealthReport(tuple(found))


def _heartbeats(session: Session) -> dict[str, Heartbeat] | None:
    try:
        return last_seen(session)
    except Exception as error:  # e.g. a database not yet migrated
        log.warning("health: heartbeats unreadable: %r", error)
        return None


@dataclass(frozen=True)
class BeatSilence:
    """Beat has not run for `BANNER_AFTER`: `last_run` is when it last did (None: never)."""

    last_run: datetime | None


def beat_silence(session: Session, now: datetime | None = None) -> BeatSilence | None:
    """None while beat ran within `BANNER_AFTER`; otherwise how long it has been silent."""
    row = session.get(Heartbeat, BEAT)
    if row is not None and (now or stamp()) - row.seen_at <= BANNER_AFTER:
        return None
    return BeatSilence(row.seen_at if row is not None else None)
