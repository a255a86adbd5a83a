"""Personal access tokens: API bearer tokens and the secret of a personal iCal feed.

The secret is random (`secrets.token_urlsafe`), shown once, and stored only as its SHA-256: a plain
hash is enough for 256 random bits, and it lets a request be matched with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.accounts.models import AccessToken, TokenPurpose, User
from tracker.clock import stamp

PREFIXES = {TokenPurpose.API: "lsa_", TokenPurpose.CALENDAR: "lsc_"}
LAST_USED_GRANULARITY = timedelta(minutes=10)
"""`last_used_at` is refreshed at most this often, so reading the API does not write on every call."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(session: Session, user: User, purpose: TokenPurpose, name: str) -> tuple[str, AccessToken]:
    """A new token for `user`; a new calendar token replaces the previous one (one feed per person)."""
    if purpose == TokenPurpose.CALENDAR:
        for old in active_tokens(session, user, purpose):
            old.revoked_at = stamp()
    secret = PREFIXES[purpose] + secrets.token_urlsafe(32)
    token = AccessToken(
        user_id=user.id,
        purpose=purpose,
        name=name.strip()[:100] or "未命名",
        prefix=secret[:12],
        token_hash=_digest(secret),
    )
    session.add(token)
    session.flush()
    return secret, token


def active_tokens(session: Session, user: User, purpose: TokenPurpose) -> list[AccessToken]:
    return list(
        session.scalars(
            select(AccessToken)
            .where(
                AccessToken.user_id == user.id,
                AccessToken.purpose == purpose,
                AccessToken.revoked_at.is_(None),
            )
            .order_by(AccessToken.id)
        )
    )


def revoke_token(session: Session, user: User, token_id: int) -> bool:
    token = session.get(AccessToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = stamp()
    session.flush()
    return True


def token_holder(session: Session, secret: str, purpose: TokenPurpose) -> tuple[User, AccessToken] | None:
    """The active user a live token belongs to, with the token; None for anything else. Only reads:
    a page view that uses a token records the use apart (`record_token_use`)."""
    if not secret.startswith(PREFIXES[purpose]):
        return None
    token = session.scalar(
        select(AccessToken).where(
            AccessToken.token_hash == _digest(secret),
            AccessToken.purpose == purpose,
            AccessToken.revoked_at.is_(None),
        )
    )
    if token is None:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    return user, token


def token_use_to_record(token: AccessToken, now: datetime) -> bool:
    return token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY


def record_token_use(session: Session, token_id: int, now: datetime) -> None:
    session.execute(update(AccessToken).where(AccessToken.id == token_id).values(last_used_at=now))
