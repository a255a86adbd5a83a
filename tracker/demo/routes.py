"""`/admin/demo`: what removing the demo would do, and the button that does it (`tracker.demo.removal`).

The button sits behind a box to tick (移除不能撤销), so one stray click removes nothing; a refusal comes
back as the page with its message beside the form and a 409 (`refills`).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from tracker.accounts.models import Role
from tracker.demo.removal import preview_removal, remove_demo
from tracker.errors import RuleError
from tracker.web.boundary import db_session
from tracker.web.forms import refills
from tracker.web.guards import roles_required
from tracker.web.helpers import me

blueprint = Blueprint("demo", __name__, url_prefix="/admin")


@blueprint.route("/demo")
@roles_required(Role.COORDINATOR)
def page() -> str:
    return render_template("admin/demo.html", preview=preview_removal(db_session()))


@blueprint.route("/demo/remove", methods=["POST"])
@roles_required(Role.COORDINATOR)
@refills("demo.page")
def remove() -> Response:
    if request.form.get("confirm") != "1":
        raise RuleError("请勾选“我已了解移除不能撤销”后再移除。", field="confirm")
    done = remove_demo(db_session(), by=me())
    flash(
        f"已移除演示数据：{len(done.plans)} 个计划、{done.tasks} 项任务、{len(done.people)} 个演示账号。",
        "info",
    )
    return redirect(url_for("demo.page"), 303)
