"""A per-process cache of the board's content, keyed on the version the database keeps for it.

Every write to a table the board shows moves `board_version` in the writing transaction, as it commits
(`tracker.board.models.BoardVersion`), so the version changes exactly when such a change commits,
whoever made it. A request reads the version first and the board after: on PostgreSQL each later
statement sees every commit the version read saw, on SQLite the whole request reads one snapshot, so a
stored page is never older than its key. The key also holds the query string, the person (for 我的任务),
today, the light thresholds and the language. Entries hold rendered HTML, never ORM objects.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

from flask import current_app, g
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.board.models import BoardVersion
from tracker.web.boundary import app_settings, db_session


def board_version(session: Session) -> int:
    """The board's data version: one primary-key lookup."""
    return session.scalar(select(BoardVersion.version).where(BoardVersion.id == 1)) or 0


def page_cache(name: str) -> BoardCache[Markup]:
    """The app's cache of rendered `name` content (the board, the dashboard), made on first use with
    the configured size (`TRACKER_BOARD_CACHE_SIZE`, shared)."""
    extensions = current_app.extensions["luoshi"]
    key = f"{name}_cache"
    if key not in extensions:
        extensions[key] = BoardCache(app_settings().board_cache_size)
    return extensions[key]  # type: ignore[no-any-return]


def request_board_version() -> int:
    """The version as the request's first statement read it: read once per request, shared by the
    calendar's reload (`tracker.holidays.routes`) and the caches of the board and the dashboard."""
    if "board_version" not in g:
        g.board_version = board_version(db_session())
    return int(g.board_version)


V = TypeVar("V")


class BoardCache(Generic[V]):
    """A small LRU of rendered boards; `size` 0 turns it off."""

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
