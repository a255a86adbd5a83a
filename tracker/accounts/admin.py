"""Coordinator pages for people and units: `/admin/users`, `/admin/departments`."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from tracker.accounts.directory import (
    ROLE_WORDS,
    UserDetails,
    add_department,
    add_user,
    email_note,
    set_leader,
    update_user,
)
from tracker.accounts.models import Department, Role, User
from tracker.errors import RuleError
from tracker.organisations.scope import in_own_organisation
from tracker.web.boundary import db_session
from tracker.web.forms import refills
from tracker.web.guards import roles_required
from tracker.web.helpers import form_int, form_text, get_or_404

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def _details_from_form() -> UserDetails:
    role = request.form.get("role", "")
    if role not in Role._value2member_map_:
        raise RuleError("请选择有效的角色。", field="role")
    return UserDetails(
        username=form_text("username", 64),
        display_name=form_text("display_name", 100),
        role=Role(role),
        department_id=form_int("department_id", label="单位"),
        email=form_text("email", 254) or None,
        is_principal=bool(request.form.get("is_principal")),
        is_active=request.form.get("is_active", "1") == "1",
    )


def _tell_correction(details: UserDetails, user: User) -> None:
    note = email_note(details.email, user)
    if note:
        flash(note, "info")


@blueprint.route("/users")
@roles_required(Role.COORDINATOR)
def users() -> str:
    session = db_session()
    return render_template(
        "admin/users.html",
        users=session.scalars(
            select(User)
            .where(in_own_organisation(User.organisation_id, current_user))
            .options(selectinload(User.department))
            .order_by(User.id)
        ).all(),
        departments=session.scalars(
            select(Department)
            .where(in_own_organisation(Department.organisation_id, current_user))
            .order_by(Department.id)
        ).all(),
        roles=ROLE_WORDS,
    )


@blueprint.route("/users", methods=["POST"])
@roles_required(Role.COORDINATOR)
@refills("admin.users")
def create_user() -> Response:
    details = _details_from_form()
    user = add_user(db_session(), current_user.organisation_id, details, form_text("password", 200))
    flash(f"已添加用户 {user.display_name}。", "info")
    _tell_correction(details, user)
    return redirect(url_for("admin.users"))


@blueprint.route("/users/<int:user_id>", methods=["POST"])
@roles_required(Role.COORDINATOR)
@refills("admin.users")
def edit_user(user_id: int) -> Response:
    session = db_session()
    user = get_or_404(session, User, user_id)
    details = _details_from_form()
    update_user(session, user, details, form_text("password", 200))
    flash(f"已保存用户 {user.display_name}。", "info")
    _tell_correction(details, user)
    return redirect(url_for("admin.users"))


@blueprint.route("/departments")
@roles_required(Role.COORDINATOR)
def departments() -> str:
    session = db_session()
    return render_template(
        "admin/departments.html",
        departments=session.scalars(
            select(Department)
            .where(in_own_organisation(Department.organisation_id, current_user))
            .options(selectinload(Department.members), selectinload(Department.leader))
            .order_by(Department.id)
        ).all(),
        leaders=session.scalars(
            select(User)
            .where(
                in_own_organisation(User.organisation_id, current_user),
                User.role.in_([Role.LEADER, Role.COORDINATOR]),
                User.is_active,
            )
            .order_by(User.id)
        ).all(),
    )


def _leader_from_form() -> User | None:
    leader_id = form_int("leader_id", label="分管领导")
    leader = db_session().get(User, leader_id) if leader_id else None
    if leader_id and leader is None:
        raise RuleError("所选分管领导不存在。", field="leader_id")
    return leader


@blueprint.route("/departments", methods=["POST"])
@roles_required(Role.COORDINATOR)
@refills("admin.departments")
def create_department() -> Response:
    organisation_id = current_user.organisation_id
    department = add_department(db_session(), organisation_id, form_text("name", 100), _leader_from_form())
    flash(f"已添加单位 {department.name}。", "info")
    return redirect(url_for("admin.departments"))


@blueprint.route("/departments/<int:department_id>", methods=["POST"])
@roles_required(Role.COORDINATOR)
@refills("admin.departments")
def edit_department(department_id: int) -> Response:
    session = db_session()
    department = get_or_404(session, Department, department_id)
    set_leader(session, department, _leader_from_form())
    flash(f"已保存单位 {department.name}。", "info")
    return redirect(url_for("admin.departments"))
