"""删除 a draft, 归档 / 取消归档 a confirmed plan: buttons of the plan list (`/plans`).

Thin adapters over `tracker.plans.lifecycle`, which holds the rules (who may, which state). A refusal
comes back as the list with its Chinese message beside the button and a 4xx (`refills`); deleting asks
first (a `<details>` that opens on the confirming button: no script, the page's CSP allows none).
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from tracker.plans.forms import ActionForm
from tracker.plans.lifecycle import archive_plan, delete_draft, restore_plan
from tracker.plans.routes import blueprint, load_plan
from tracker.web.boundary import db_session
from tracker.web.forms import refills, validated
from tracker.web.helpers import me


def _listed(message: str) -> Response:
    flash(message, "info")
    return redirect(url_for("plans.plans"), 303)


@blueprint.post("/plans/<int:plan_id>/delete")
@login_required
@refills("plans.plans")
def delete(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    title = delete_draft(db_session(), plan, by=me())
    return _listed(f"已删除草稿「{title}」。")


@blueprint.post("/plans/<int:plan_id>/archive")
@login_required
@refills("plans.plans")
def archive(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    archive_plan(db_session(), plan, by=me())
    return _listed(f"已归档「{plan.title}」：其任务不再出现在看板、待办和提醒中，台账和任务页仍可查阅。")


@blueprint.post("/plans/<int:plan_id>/restore")
@login_required
@refills("plans.plans")
def restore(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    restore_plan(db_session(), plan, by=me())
    return _listed(f"已取消归档「{plan.title}」：其任务重新出现在看板、待办和提醒中。")
