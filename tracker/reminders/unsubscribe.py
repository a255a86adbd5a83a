"""Signed links that pause what may be paused (due-soon reminders, the weekly summary).

The link in each email carries the user and what to pause, signed with the secret key, so it works
without signing in and cannot be forged to pause someone else's mail or to pause escalations.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

from tracker.config import Settings

PAUSABLE = ("due_soon", "weekly")
_SALT = "luoshi.reminders.pause"


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_SALT)


def pause_token(settings: Settings, user_id: int, what: str) -> str:
    if what not in PAUSABLE:
        raise ValueError(f"{what!r} cannot be paused")
    return str(_serializer(settings).dumps({"user": user_id, "pause": what}))


def read_pause_token(settings: Settings, token: str) -> tuple[int, str] | None:
    """(user id, what to pause), or None for a token that is not ours."""
    try:
        data = _serializer(settings).loads(token)
    except BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or data.get("pause") not in PAUSABLE
        or not isinstance(data.get("user"), int)
    ):
        return None
    return data["user"], data["pause"]


def pause_url(settings: Settings, user_id: int, what: str) -> str:
    return f"{settings.base_url.rstrip('/')}/reminders/pause/{pause_token(settings, user_id, what)}"
