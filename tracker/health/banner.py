"""The coordinators' warning on every page when beat has been silent for two hours: without beat no
reminder goes out, and nobody would notice otherwise until an owner misses a deadline.

The verdict is read at most once a minute per web process (one primary-key lookup), so the banner
costs pages nothing measurable.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, has_request_context
from flask_login import current_user

from tracker.accounts.models import Role
from tracker.health.checks import BeatSilence, beat_silence
from tracker.web.boundary import db_session

REREAD_SECONDS = 60.0
_CACHE_KEY = "beat_banner"


def _current_silence() -> BeatSilence | None:
    cache: dict[str, Any] = current_app.extensions["luoshi"]
    read_at, silence = cache.get(_CACHE_KEY, (float("-inf"), None))
    if time.monotonic() - read_at >= REREAD_SECONDS:
        silence = beat_silence(db_session())
        cache[_CACHE_KEY] = (time.monotonic(), silence)
    return silence


def beat_banner() -> dict[str, Any]:
    """Template context: `beat_silence` for a signed-in coordinator when beat is silent."""
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return {}
    if current_user.role != Role.COORDINATOR:
        return {}
    return {"beat_silence": _current_silence()}
