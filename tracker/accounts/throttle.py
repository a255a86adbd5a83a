"""Sign-in throttling: after repeated failures, a user name (or an address) must wait.

Failures are rows in the database rather than counters in memory, so every gunicorn worker sees the
same count. An address gets a larger allowance than a user name because a whole town hall may share
one address behind its router.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from tracker.accounts.models import LoginFailure
from tracker.config import Settings

ADDRESS_FACTOR = 4


def is_throttled(
    session: Session, username: str, remote_addr: str, now: datetime, settings: Settings
) -> bool:
    since = now - timedelta(minutes=settings.login_window_minutes)
    by_name, by_address = session.execute(
        select(
            func.count().filter(LoginFailure.username == username),
            func.count().filter(LoginFailure.remote_addr == remote_addr),
        ).where(
            LoginFailure.at >= since,
            or_(LoginFailure.username == username, LoginFailure.remote_addr == remote_addr),
        )
    ).one()
    return (
        by_name >= settings.login_max_failures or by_address >= settings.login_max_failures * ADDRESS_FACTOR
    )


def record_failure(
    session: Session, username: str, remote_addr: str, now: datetime, settings: Settings
) -> None:
    """Keep this failure; forget those older than the window while we are here."""
    session.execute(
        delete(LoginFailure).where(LoginFailure.at < now - timedelta(minutes=settings.login_window_minutes))
    )
    session.add(LoginFailure(username=username[:64], remote_addr=remote_addr[:64], at=now))
    session.flush()


def clear_failures(session: Session, username: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
