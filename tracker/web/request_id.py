"""Request ids: honour a caller's `X-Request-ID` (a proxy's, a test's) or make one, put it in
every log line of the request (`tracker.logs`) and send it back in the response header."""

from __future__ import annotations

import re
import secrets

from flask import Blueprint, Response, g, request

from tracker.logs import REQUEST_ID

HEADER = "X-Request-ID"
ACCEPTED = re.compile(r"[A-Za-z0-9._:@-]{1,128}")
"""Anything else (spaces, newlines, very long values) is replaced, so a header cannot forge log lines."""

blueprint = Blueprint("request_id", __name__)


@blueprint.before_app_request
def assign_request_id() -> None:
    incoming = request.headers.get(HEADER, "")
    g.request_id = incoming if ACCEPTED.fullmatch(incoming) else secrets.token_hex(8)
    # Left set after the request so that the server's access line carries it too; the next
    # request replaces it, and gunicorn's `post_request` hook clears it.
    REQUEST_ID.set(g.request_id)


@blueprint.after_app_request
def echo_request_id(response: Response) -> Response:
    if "request_id" in g:
        response.headers[HEADER] = g.request_id
    return response
