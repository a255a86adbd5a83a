"""`/ledger/<plan_id>.zip`: the ledger download, for everyone who may read the plan (all signed in)."""

from __future__ import annotations

import tempfile

from flask import Blueprint, send_file
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker.board.lights import Thresholds
from tracker.ledger.export import write_ledger
from tracker.plans.models import Plan
from tracker.tasks.evidence import evidence_store
from tracker.web.boundary import app_settings, db_session
from tracker.web.helpers import get_or_404, today

blueprint = Blueprint("ledger", __name__)
SPOOL_BYTES = 32 * 1024 * 1024


@blueprint.route("/ledger/<int:plan_id>.zip")
@login_required
def export(plan_id: int) -> Response:
    session = db_session()
    plan = get_or_404(session, Plan, plan_id)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (send_file closes it)
    settings = app_settings()
    write_ledger(session, plan, evidence_store(settings), spool, today(), Thresholds.from_settings(settings))
    spool.seek(0)
    return send_file(
        spool,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{plan.year}年台账-{plan.id}.zip",
    )
