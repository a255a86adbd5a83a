"""Password hashing with werkzeug's scrypt-based helpers; nothing here is home-made cryptography."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from tracker.accounts.models import User

MIN_PASSWORD_LENGTH = 8


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    user.password_hash = generate_password_hash(password)


def password_matches(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash or "", password)
