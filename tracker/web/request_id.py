"""Request ids: honour a caller's `X-Request-ID` (a proxy's, a test's) or make one, put it in
every log line of the request (`tracker.logs`) and send it back in the response header.

It is WSGI middleware, installed when this module's blueprint is registered, rather than a
`before_request` hook: hooks run in registration order and CSRF's check (registered first) may
refuse a request, and log it, before any later hook has run. The middleware sees every request first.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Blueprint
from flask.sansio.blueprints import BlueprintSetupState

from tracker.logs import REQUEST_ID

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._:@-]{1,128}")
"""Anything else (spaces, very long values, other scripts) is replaced, so a header cannot forge
log lines."""
ENVIRON_KEY = "luoshi.request_id"

blueprint = Blueprint("request_id", __name__)


class RequestIdMiddleware:
    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if ACCEPTED.fullmatch(incoming) else secrets.token_hex(8)
        environ[ENVIRON_KEY] = request_id
        # Left set after the response so that the server's access line carries it too; the next
        # request replaces it, and gunicorn's `post_request` hook clears it.
        REQUEST_ID.set(request_id)

        def start_with_id(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers.append((HEADER, request_id))
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_id)


@blueprint.record_once
def _install(state: BlueprintSetupState) -> None:
    state.app.wsgi_app = RequestIdMiddleware(state.app.wsgi_app)  # type: ignore[method-assign]
