"""`/admin/towns`: a county coordinator sets up the county's towns, their units and coordinators from
the provisioning workbook (`tracker.organisations.provisioning`), and downloads its template.

A successful import is answered with the page itself (not a redirect), since it shows each new
coordinator's initial password once and nothing else keeps it; a refused file comes back through
`refills` with every bad line listed above the form and nothing written.
"""

from __future__ import annotations

import io

from flask import Blueprint, render_template, request, send_file
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from tracker.accounts.models import Department, Role, User
from tracker.errors import RuleError
from tracker.organisations.models import Organisation
from tracker.organisations.provisioning import Provisioned, check_may_provision, provision_towns
from tracker.organisations.scope import in_scope
from tracker.organisations.towns_workbook import TEMPLATE_FILENAME, read_towns_workbook, template_bytes
from tracker.spreadsheets import XLSX_MIMETYPE
from tracker.web.boundary import db_session
from tracker.web.forms import refills
from tracker.web.guards import roles_required
from tracker.web.helpers import me

blueprint = Blueprint("organisations", __name__, url_prefix="/admin")

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


def _page(done: Provisioned | None = None) -> str:
    session = db_session()
    check_may_provision(session, me(), me().role)
    towns = session.scalars(
        select(Organisation)
        .where(Organisation.parent_id == current_user.organisation_id)
        .order_by(Organisation.id)
    ).all()
    units = dict(
        session.execute(
            select(Department.organisation_id, func.count())
            .where(in_scope(Department.organisation_id, me()))
            .group_by(Department.organisation_id)
        ).all()
    )
    coordinators = session.execute(
        select(User.organisation_id, User.display_name, User.username)
        .where(in_scope(User.organisation_id, me()), User.role == Role.COORDINATOR, User.is_active)
        .order_by(User.id)
    ).all()
    return render_template(
        "organisations/towns.html", towns=towns, units=units, coordinators=coordinators, done=done
    )


@blueprint.get("/towns")
@roles_required(Role.COORDINATOR)
def page() -> str:
    return _page()


@blueprint.get("/towns/template.xlsx")
@roles_required(Role.COORDINATOR)
def template() -> Response:
    check_may_provision(db_session(), me(), me().role)
    return send_file(
        io.BytesIO(template_bytes()), XLSX_MIMETYPE, as_attachment=True, download_name=TEMPLATE_FILENAME
    )


@blueprint.post("/towns/import")
@roles_required(Role.COORDINATOR)
@refills("organisations.page")
def upload() -> str:
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        raise RuleError("请选择填好的导入模板（.xlsx 文件）。", field="workbook")
    with upload.stream as stream:
        data = stream.read(MAX_WORKBOOK_BYTES + 1)
    if len(data) > MAX_WORKBOOK_BYTES:
        raise RuleError("文件超过 5 MB，不像是镇与单位导入模板，请检查。", field="workbook")
    done = provision_towns(db_session(), read_towns_workbook(data), by=me(), role=me().role)
    return _page(done)
