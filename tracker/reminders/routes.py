"""Reminder pages: the coordinator's outbox (with retry), pausing from an email link, preferences."""

from __future__ import annotations

import logging
from functools import cache

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import BooleanField

from tracker.accounts.models import Role, User
from tracker.clock import stamp
from tracker.jobs import JobQueue, enqueue_after_commit
from tracker.organisations.scope import in_scope
from tracker.reminders.mail_files import outbox_file_of, outbox_files_of
from tracker.reminders.models import MAIL_KIND_WORDS, Delivery, DeliveryStatus
from tracker.reminders.outbox import retry_all_failed, retry_failed
from tracker.reminders.preferences import preference_of, set_paused
from tracker.reminders.unsubscribe import read_pause_token
from tracker.web.boundary import app_settings, db_session
from tracker.web.forms import refills
from tracker.web.guards import roles_required
from tracker.web.helpers import get_or_404, me

log = logging.getLogger(__name__)
blueprint = Blueprint("reminders", __name__)

LISTED_DELIVERIES = 200
PAUSE_NAMES = {"due_soon": "“即将到期”和“进度填报”提醒", "weekly": "每周督办汇总"}


@cache
def _job_queue(broker_url: str) -> JobQueue:
    return JobQueue(broker_url)


@blueprint.route("/admin/reminders/outbox")
@roles_required(Role.COORDINATOR)
def outbox() -> str:
    session = db_session()
    wanted = request.args.get("status")
    status = wanted if wanted in {member.value for member in DeliveryStatus} else None
    seen = in_scope(Delivery.organisation_id, me())  # a town's mail is listed to that town only
    query = (
        select(Delivery)
        .join(Delivery.recipient)
        .where(seen)
        .order_by(Delivery.id.desc())
        .limit(LISTED_DELIVERIES)
    )
    if status:
        query = query.where(Delivery.status == status)
    by_status = select(Delivery.status, func.count()).where(seen).group_by(Delivery.status)
    counts = dict(session.execute(by_status).all())
    settings = app_settings()
    return render_template(
        "reminders/outbox.html",
        deliveries=session.scalars(query).all(),
        kind_words=MAIL_KIND_WORDS,
        counts={member.value: counts.get(member, 0) for member in DeliveryStatus},
        status=status,
        file_outbox=not settings.smtp_host,
        files=outbox_files_of(session, settings, me()) if not settings.smtp_host else [],
        form=FlaskForm(),
    )


@blueprint.route("/admin/reminders/deliveries/<int:delivery_id>/retry", methods=["POST"])
@roles_required(Role.COORDINATOR)
@refills("reminders.outbox")
def retry(delivery_id: int) -> WerkzeugResponse:
    if not FlaskForm().validate_on_submit():
        abort(400)
    session = db_session()
    get_or_404(session, Delivery, delivery_id)  # another town's mail is not found, as a missing one
    delivery = retry_failed(session, delivery_id, stamp(), app_settings())
    if delivery is None:
        abort(404, description="找不到该失败邮件，可能已在重试或已发送。")
    enqueue_after_commit(session, _job_queue(app_settings().broker_url), "reminders.send_pending")
    flash(f"已将发给 {delivery.to_address} 的邮件重新排队发送。", "info")
    return redirect(url_for("reminders.outbox", status="failed"))


@blueprint.route("/admin/reminders/deliveries/retry-failed", methods=["POST"])
@roles_required(Role.COORDINATOR)
def retry_all() -> WerkzeugResponse:
    """Every failed row at once (after the relay was fixed, or addresses were corrected)."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    session = db_session()
    outcome = retry_all_failed(session, stamp(), app_settings(), in_scope(Delivery.organisation_id, me()))
    if outcome.retried:
        enqueue_after_commit(session, _job_queue(app_settings().broker_url), "reminders.send_pending")
        flash(f"已将 {outcome.retried} 封失败的邮件重新排队发送。", "info")
    if outcome.unsendable:
        flash(
            f"{len(outcome.unsendable)} 封仍无法发送（原因见“最近错误”一栏），请先更正收件人的邮箱地址。",
            "error",
        )
    return redirect(url_for("reminders.outbox", status="failed"))


@blueprint.route("/admin/reminders/outbox/files/<name>")
@roles_required(Role.COORDINATOR)
def outbox_file(name: str) -> Response:
    data = outbox_file_of(db_session(), app_settings(), me(), name)  # another town's: 404
    if data is None:
        abort(404)
    return Response(
        data, mimetype="message/rfc822", headers={"Content-Disposition": f"attachment; filename={name}"}
    )


class PauseForm(FlaskForm):
    pass


@blueprint.route("/reminders/pause/<token>", methods=["GET", "POST"])
def pause(token: str) -> str | WerkzeugResponse:
    """From the link in an email: GET asks (link scanners must not pause anything), POST pauses."""
    found = read_pause_token(app_settings(), token)
    if found is None:
        log.info("invalid pause token from %s", request.remote_addr)
        abort(404, description="该退订链接无效或已损坏。")
    user_id, what = found
    user = db_session().get(User, user_id)
    if user is None:
        abort(404, description="该退订链接对应的用户不存在。")
    form = PauseForm()
    if form.validate_on_submit():
        set_paused(db_session(), user_id, what, True)
        return render_template(
            "reminders/pause.html", user=user, what=PAUSE_NAMES[what], done=True, form=form
        )
    return render_template("reminders/pause.html", user=user, what=PAUSE_NAMES[what], done=False, form=form)


class PreferenceForm(FlaskForm):
    pause_due_soon = BooleanField("暂停“即将到期”和“进度填报”提醒")
    pause_weekly = BooleanField("暂停每周督办汇总（仅协调人收到）")


@blueprint.route("/reminders/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> str | WerkzeugResponse:
    session = db_session()
    preference = preference_of(session, current_user.id)
    form = PreferenceForm(obj=preference)
    if form.validate_on_submit():
        set_paused(session, current_user.id, "due_soon", bool(form.pause_due_soon.data))
        set_paused(session, current_user.id, "weekly", bool(form.pause_weekly.data))
        flash("提醒设置已保存。逾期督办和任务通知始终发送。", "info")
        return redirect(url_for("reminders.preferences"))
    return render_template("reminders/preferences.html", form=form)
