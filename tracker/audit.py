"""The audit trail: who changed what, when, for every audited row, written in the same transaction.

Services do not have to remember to log. Models that mix in `Audited` are watched: after each flush
their inserted, changed and deleted columns become `AuditEvent` rows, attributed to the actor that the
boundary (CLI command, web request, Celery task) declared with `acting_as`. Services add events of their
own with `record` for decisions that are more than a column change (a plan confirmed, an extension
refused), so the history page can say them in words.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from tracker.clock import stamp
from tracker.db import Base


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in user, or a named system process (`cli:root`, `worker`)."""

    label: str
    user_id: int | None = None


SYSTEM = Actor("system")
_current_actor: ContextVar[Actor] = ContextVar("tracker_actor", default=SYSTEM)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current_actor.set(actor)
    try:
        yield actor
    finally:
        _current_actor.reset(token)


def current_actor() -> Actor:
    return _current_actor.get()


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=stamp)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    plan_id: Mapped[int | None] = mapped_column(index=True)
    task_id: Mapped[int | None] = mapped_column(index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)


class Audited:
    """Mixin for models whose every change is recorded.

    `__audit_exclude__` names columns too large or too secret to copy into the trail (source bytes,
    password hashes); `audit_scope` says which plan and task an event belongs to, from foreign-key
    columns only, so that recording never triggers a lazy load in the middle of a flush.
    """

    __audit_exclude__: ClassVar[frozenset[str]] = frozenset()

    def audit_scope(self) -> dict[str, int | None]:
        return {"plan_id": getattr(self, "plan_id", None), "task_id": getattr(self, "task_id", None)}


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _column_changes(obj: Audited, kind: str) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in obj.__audit_exclude__ or key == "version_id":
            continue
        history = state.attrs[key].history
        if kind == "updated":
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                changes[key] = [_plain(old), _plain(new)]
        else:
            value = getattr(obj, key)
            if value is not None:
                changes[key] = _plain(value)
    return changes


def _primary_key(obj: object) -> int | None:
    """The row's id, read from the instance: during a flush the identity map is not updated yet."""
    return inspect(obj).mapper.primary_key_from_instance(obj)[0]


@event.listens_for(Session, "after_flush")
def _record_flushed_changes(session: Session, _flush: UOWTransaction) -> None:
    actor = current_actor()
    rows = []
    for kind, objects in (("created", session.new), ("updated", session.dirty), ("deleted", session.deleted)):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            changes = _column_changes(obj, kind)
            if kind == "updated" and not changes:
                continue
            rows.append(
                {
                    "at": stamp(),
                    "actor_id": actor.user_id,
                    "actor_label": actor.label,
                    "action": f"{type(obj).__tablename__}.{kind}",  # type: ignore[attr-defined]
                    "entity_type": type(obj).__name__,
                    "entity_id": _primary_key(obj),
                    "changes": changes,
                    **obj.audit_scope(),
                }
            )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


def record(
    session: Session,
    action: str,
    entity: Base,
    *,
    note: str | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add a named event (such as `plan.confirmed`) to the trail, attributed to the current actor."""
    actor = current_actor()
    scope = entity.audit_scope() if isinstance(entity, Audited) else {"plan_id": None, "task_id": None}
    audit_event = AuditEvent(
        actor_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        entity_type=type(entity).__name__,
        entity_id=_primary_key(entity),
        changes=changes or {},
        note=note,
        **scope,
    )
    session.add(audit_event)
    return audit_event
