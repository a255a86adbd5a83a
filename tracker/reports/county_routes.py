"""Reports up the chain: a town submits its year draft to its county (and may withdraw it), and the
county reads each town's draft and a summary of the towns' figures (page and .xlsx).

The county pages (/county/reports…) exist only for people of a county: anyone else gets 404, as for a
page that does not exist. Which towns they read is the scope rule's (`tracker.organisations.scope`).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, send_file, url_for
from flask_login import login_required

from tracker.county.access import watches_towns
from tracker.organisations.models import Organisation
from tracker.organisations.scope import is_visible, towns_in_scope
from tracker.plans.lifecycle import plan_years
from tracker.plans.models import Plan, PlanStatus
from tracker.reports.county_export import summary_xlsx
from tracker.reports.county_summary import county_summary
from tracker.reports.loading import ReportError, plan_for_year
from tracker.reports.models import ReportRun
from tracker.reports.pattern_store import load_patterns
from tracker.reports.routes import draft_of, sources_json
from tracker.reports.runs import result_file
from tracker.reports.submissions import (
    TownDraft,
    current_submission,
    mark_read,
    submit,
    town_draft,
    town_drafts,
    withdraw,
)
from tracker.spreadsheets import XLSX_MIMETYPE
from tracker.web.boundary import app_settings, db_session, writing_session
from tracker.web.forms import refills
from tracker.web.helpers import form_int, form_text, get_or_404, me, today
from tracker.web.inputs import MAX_YEAR, MIN_YEAR, query_int

blueprint = Blueprint("county_reports", __name__)


def _town_plan(year: int) -> Plan:
    try:
        return plan_for_year(db_session(), me().organisation_id, year)
    except ReportError as error:
        abort(404, description=str(error))


@blueprint.post("/reports/<int:year>/submission")
@login_required
@refills("reports.index")
def submit_draft(year: int) -> Response:
    """提交县级: the town's newest finished draft file (its id is on the form) goes up to the county."""
    session, plan = db_session(), _town_plan(year)
    run = get_or_404(session, ReportRun, form_int("run_id", required=True, label="草稿文件") or 0)
    submit(session, plan, run, by=me())
    flash(f"{year}年度报告草稿已提交县级。县级阅读前可以撤回。", "info")
    return redirect(url_for("reports.index", year=year))


@blueprint.post("/reports/<int:year>/submission/withdraw")
@login_required
@refills("reports.index")
def withdraw_draft(year: int) -> Response:
    session, plan = db_session(), _town_plan(year)
    submission = current_submission(session, plan.id)
    if submission is None:
        abort(409, description=f"{year}年度报告草稿没有待撤回的提交。")
    withdraw(session, submission, by=me(), reason=form_text("reason", 2000))
    flash(f"已撤回{year}年度报告草稿，状态恢复为起草中。", "info")
    return redirect(url_for("reports.index", year=year))


def _county_person() -> None:
    """The county pages are the county's: for anyone else they do not exist (404); in the county,
    those who watch its towns read them (`permissions.can_watch_towns`), others are refused (403)."""
    person = me()
    if not person.organisation.is_county:
        abort(404)
    if not watches_towns(person):
        abort(403, description="只有县级法治办、分管领导和查看人员可以查看各镇报告。")


def _year(towns: list[Organisation]) -> tuple[list[int], int]:
    years = plan_years(db_session(), [town.id for town in towns], Plan.status == PlanStatus.CONFIRMED)
    chosen = query_int("year", low=MIN_YEAR, high=MAX_YEAR)
    return years, chosen or (years[0] if years else today().year)


@blueprint.get("/county/reports/")
@login_required
def county_index() -> str:
    _county_person()
    session = db_session()
    towns = towns_in_scope(session, me())
    years, year = _year(towns)
    drafts = town_drafts(session, towns, year)
    return render_template(
        "reports/county_index.html",
        years=years,
        year=year,
        drafts=drafts,
        summary=county_summary(session, drafts, today()),
    )


@blueprint.get("/county/reports/<int:year>/summary.xlsx")
@login_required
def county_summary_xlsx(year: int) -> Response:
    _county_person()
    session = db_session()
    drafts = town_drafts(session, towns_in_scope(session, me()), year)
    data = summary_xlsx(county_summary(session, drafts, today()))
    response = Response(data, mimetype=XLSX_MIMETYPE)
    response.headers.set("Content-Disposition", "attachment", filename=f"{year}年度各镇报告指标汇总.xlsx")
    return response


def _visible_town(town_id: int) -> Organisation:
    session = db_session()
    town = session.get(Organisation, town_id)
    if town is None or town.is_county or not is_visible(session, me(), town.id):
        abort(404)
    return town


def _note_reading(state: TownDraft) -> None:
    if state.submission is not None and state.submission.read_at is None:
        with writing_session() as session:
            mark_read(session, state.submission.id, by=me())


@blueprint.get("/county/reports/<int:year>/towns/<int:town_id>")
@login_required
def county_town(year: int, town_id: int) -> str:
    """One town's draft as of today, read-only, with its status; opening a submitted draft is the
    county's reading of it (the town can no longer withdraw it)."""
    _county_person()
    session, town = db_session(), _visible_town(town_id)
    state = town_draft(session, town, year)
    if state.plan is None:
        abort(404, description=f"{town.name}{state.note}。")
    _note_reading(state)
    draft = draft_of(state.plan, load_patterns(session, town.id))
    return render_template(
        "reports/county_town.html", year=year, state=state, draft=draft, sources=sources_json(draft)
    )


@blueprint.get("/county/reports/<int:year>/towns/<int:town_id>/submitted")
@login_required
def county_town_file(year: int, town_id: int) -> Response:
    """The file the town submitted, exactly as it was generated."""
    _county_person()
    session, town = db_session(), _visible_town(town_id)
    state = town_draft(session, town, year)
    if state.submission is None:
        abort(404, description=f"{town.name}尚未提交{year}年度报告草稿。")
    run = session.get_one(ReportRun, state.submission.run_id)
    path = result_file(run, app_settings().var_dir)
    if path is None:
        abort(404, description="提交的草稿文件已不存在，请联系该镇重新生成并提交。")
    _note_reading(state)
    return send_file(path, as_attachment=True, download_name=f"{town.name}{run.result_name or path.name}")
