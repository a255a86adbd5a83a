"""`/healthz` for monitoring (JSON, 200 or 503 naming the failing parts) and `/ping`, which does no
work at all: a load balancer's liveness probe and the benchmarks' hello-world baseline."""

from __future__ import annotations

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from tracker.health.banner import beat_banner
from tracker.health.checks import check_health
from tracker.web.boundary import app_database, app_settings

blueprint = Blueprint("health", __name__)


@blueprint.route("/ping")
def ping() -> tuple[str, int, dict[str, str]]:
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@blueprint.route("/healthz")
def healthz() -> tuple[Response, int]:
    report = check_health(app_database(), app_settings().broker_url)
    response = jsonify(report.as_json())
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if report.ok else 503


blueprint.app_context_processor(beat_banner)
