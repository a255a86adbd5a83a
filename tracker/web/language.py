"""The language switch: remembers the choice in a cookie (read by `tracker.web.i18n.select_locale`)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response

from tracker.web.i18n import SUPPORTED_LOCALES
from tracker.web.redirects import same_site_path

blueprint = Blueprint("language", __name__)
ONE_YEAR = 365 * 24 * 3600


@blueprint.route("/lang/<code>")
def switch(code: str) -> Response:
    if code not in SUPPORTED_LOCALES:
        abort(404)
    response = redirect(same_site_path(request.args.get("next")))
    response.set_cookie("lang", code, max_age=ONE_YEAR, httponly=True, samesite="Lax")
    return response
