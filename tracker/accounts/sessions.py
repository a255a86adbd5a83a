"""Ending a person's sessions on the server: the session version every sign-in cookie carries.

Sessions are signed cookies the server cannot delete, so each person has a version number
(`SessionVersion`, 0 until first moved); a cookie is honoured only while it carries the current one
(`tracker.web.sessions.load_user`). Moving it ends every session of that person at once, on every
device, including a copy of the cookie someone kept: on sign-out, when the password is changed and
when the account is deactivated.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tracker.accounts.models import SessionVersion


def session_version(session: Session, user_id: int) -> int:
    return session.scalar(select(SessionVersion.version).where(SessionVersion.user_id == user_id)) or 0


def end_sessions(session: Session, user_id: int) -> None:
    """Move the person's session version on (one statement, safe against a concurrent move)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SessionVersion).values(user_id=user_id, version=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SessionVersion.user_id], set_={"version": SessionVersion.version + 1}
        )
    )
