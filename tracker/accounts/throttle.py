"""Sign-in throttling: after repeated failures, a user name (or an address) must wait.

Failures are rows in the database rather than counters in memory, so every gunicorn worker sees the
same count. An address gets a larger allowance than a user name because a whole town hall may share
one address behind its router.

The count is taken and the attempt recorded in one short transaction before the password is
checked (`reserve_attempt`), one attempt at a time per user name and per address (PostgreSQL: an
advisory lock for each; SQLite: the write lock every writer takes first). So 40 guesses sent at the
same instant get at most the allowed number of password checks; the others are refused unchecked.
A correct password then clears the name's count, its own attempt included.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, text
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


def _lock_key(kind: str, value: str) -> int:
    """A stable signed 64-bit key for `pg_advisory_xact_lock`."""
    digest = hashlib.blake2b(f"luoshi-login:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def reserve_attempt(
    session: Session, username: str, remote_addr: str, now: datetime, settings: Settings
) -> bool:
    """Count this attempt as a failure before the password is checked, unless the name or the
    address is throttled (then False and nothing is recorded). Run in a unit of work of its own,
    committed before the check, so concurrent attempts see each other."""
    if session.get_bind().dialect.name == "postgresql":
        for kind, value in (("name", username), ("address", remote_addr)):  # always in this order
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _lock_key(kind, value)})
    if is_throttled(session, username, remote_addr, now, settings):
        return False
    record_failure(session, username, remote_addr, now, settings)
    return True


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
