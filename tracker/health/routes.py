"""`/healthz` for monitoring (JSON, 200 or 503 naming the failing parts) and `/ping`, which does no
work at all: a load balancer's liveness probe and the benchmarks' hello-world baseline."""

from __future__ import annotations

import ipaddress

from flask import Blueprint, jsonify, request
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.accounts.models import Role
from tracker.health.banner import beat_banner
from tracker.health.checks import check_health
from tracker.web.boundary import app_database, app_settings

blueprint = Blueprint("health", __name__)


@blueprint.route("/ping")
def ping() -> tuple[str, int, dict[str, str]]:
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


def may_see_details() -> bool:
    """Host names, process ids and error texts are for the people who run the site: a signed-in
    coordinator, or a check from this machine (a container healthcheck, `curl` on the host)."""
    if current_user.is_authenticated and current_user.role == Role.COORDINATOR:
        return True
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@blueprint.route("/healthz")
def healthz() -> tuple[Response, int]:
    """Everyone gets the verdict (200 or 503); only `may_see_details` callers get what it rests on."""
    report = check_health(app_database(), app_settings().broker_url)
    body = report.as_json()
    response = jsonify(body if may_see_details() else {"status": body["status"]})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if report.ok else 503


blueprint.app_context_processor(beat_banner)
