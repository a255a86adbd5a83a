"""`/healthz`: answers without touching the database, for load balancers and as the benchmark's
hello-world baseline (the same app, the same middleware, no work)."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("health", __name__)


@blueprint.route("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
