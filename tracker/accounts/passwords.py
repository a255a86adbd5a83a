"""Password hashing with werkzeug's scrypt-based helpers; nothing here is home-made cryptography."""

from __future__ import annotations

import secrets
from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from tracker.accounts.models import User

MIN_PASSWORD_LENGTH = 8


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    user.password_hash = generate_password_hash(password)


@cache
def _stand_in_hash() -> str:
    """A hash made the same way as everyone's, for nobody: checked when the user name is unknown
    (or the account inactive), so that a wrong name costs the same time as a wrong password and
    the answer's timing tells no one which names exist."""
    return generate_password_hash(secrets.token_urlsafe(24))


def password_matches(user: User | None, password: str) -> bool:
    """True only for an active user's own password; always one full hash check."""
    stored = user.password_hash if user is not None and user.is_active and user.password_hash else None
    matches = check_password_hash(stored or _stand_in_hash(), password)
    return stored is not None and matches
