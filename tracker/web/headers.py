"""Security headers on every response, set by flask-talisman (a maintained extension, not our own code).

The policy allows only the app's own files: scripts come from `tracker/static/js/` and never from
the page itself (no `<script>` bodies, no `on…=` attributes), so text that slips through escaping
still cannot run. Style attributes stay allowed (`style-src-attr`), style sheets only from the app.
Pages may not be framed (clickjacking), responses are not type-sniffed, and a link followed to
another site carries no address of ours.

Talisman's HTTPS redirect stays off (many town intranets serve plain HTTP; HSTS is still sent on
requests that arrive over HTTPS) and so does its cookie handling: the session cookie's `Secure`
flag follows `TRACKER_BASE_URL` (`tracker.web.sessions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask
from flask_talisman import DENY, Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
DOWNLOAD_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"
"""For files people uploaded (evidence): nothing in them may run, even if a browser renders one."""
REFERRER_POLICY = "same-origin"

View = TypeVar("View", bound=Callable[..., Any])


def install_security_headers(app: Flask) -> None:
    Talisman(
        app,
        force_https=False,
        session_cookie_secure=False,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options=DENY,
        referrer_policy=REFERRER_POLICY,
        permissions_policy={"browsing-topics": "()", "camera": "()", "microphone": "()", "geolocation": "()"},
    )


_VIEW_OPTIONS = Talisman()
"""Not bound to an app: talisman reads a view's own options from the view, whoever marked it."""


def sandboxed_download(view: View) -> View:
    """Serve this view's responses (uploaded files) under the download policy instead."""
    return _VIEW_OPTIONS(content_security_policy=DOWNLOAD_POLICY)(view)  # type: ignore[no-any-return]
