"""Recording and reading heartbeats: an upsert of one row per component, in the caller's session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.clock import stamp
from tracker.health.models import Heartbeat

BEAT = "beat"
WORKER = "worker"


def record(session: Session, component: str, detail: str = "", at: datetime | None = None) -> None:
    """Insert or refresh `component`'s row in one statement, so two writers never collide."""
    at = at or stamp()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(Heartbeat).values(component=component, seen_at=at, detail=detail[:200])
    statement = statement.on_conflict_do_update(
        index_elements=[Heartbeat.component], set_={"seen_at": at, "detail": detail[:200]}
    )
    session.execute(statement)


def last_seen(session: Session) -> dict[str, Heartbeat]:
    return {row.component: row for row in session.scalars(select(Heartbeat))}
