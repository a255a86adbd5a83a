"""A per-process cache of board pages, keyed on the audit trail's high-water mark.

Every change to a task, a unit, a person or a plan writes an `AuditEvent` in the same transaction,
so `max(audit_events.id)` moves whenever anything the board shows may have changed, in any worker.
Reading it first and the board after means a stored page is never older than its key. The key also
holds the filters, the signed-in person (only for "my tasks"), today and the light thresholds, so a
new day relights the board. Views hold plain values (`BoardRow`, tuples, rendered HTML), never ORM objects.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.audit import AuditEvent


def data_version(session: Session) -> int:
    """The newest audit event's id: one primary-key lookup."""
    return session.scalar(select(func.max(AuditEvent.id))) or 0


V = TypeVar("V")


class BoardCache(Generic[V]):
    """A small LRU of board views; `size` 0 turns it off."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        if self.size <= 0:
            return build()
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                return page
        page = build()
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page
