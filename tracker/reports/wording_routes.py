"""The wording page `/reports/wording` (coordinators): every sentence pattern of the draft in plain
Chinese with its placeholders (〔事项〕〔数量〕…), changed one at a time, previewed on the current
year's draft before saving, checked when saved (`tracker.reports.pattern_store`), and put back to
the shipped one on request."""

from __future__ import annotations

import logging
from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from tracker.accounts.models import Role
from tracker.clock import now, today
from tracker.reports.draft import Draft
from tracker.reports.forms import ConfirmForm, PatternForm
from tracker.reports.pattern_store import latest_confirmed_plan, load_patterns, reset_pattern, save_pattern
from tracker.reports.patterns import (
    PATTERN_BY_NAME,
    PLACEHOLDER_HELP,
    SPECS,
    PatternError,
    Patterns,
    PatternSpec,
    check_pattern,
    placeholders,
)
from tracker.reports.routes import draft_of, sources_json
from tracker.web.boundary import app_settings, db_session
from tracker.web.guards import roles_required

log = logging.getLogger(__name__)
blueprint = Blueprint("wording", __name__, url_prefix="/reports/wording")


def _pieces(body: str) -> list[tuple[str, bool]]:
    """The pattern as text and placeholders, for showing placeholders as marked chips."""
    pieces, rest = [], body
    for name in placeholders(body):
        before, _, rest = rest.partition(f"〔{name}〕")
        pieces.extend([(before, False), (name, True)])
    return [*pieces, (rest, False)]


@blueprint.get("/")
@roles_required(Role.COORDINATOR)
def index() -> str:
    patterns = load_patterns(db_session(), current_user.organisation_id)
    rows = [(spec, _pieces(patterns.body(spec.name)), patterns.is_overridden(spec.name)) for spec in SPECS]
    sections = [(section, list(group)) for section, group in groupby(rows, key=lambda row: row[0].section)]
    return render_template("reports/wording_index.html", sections=sections)


def _preview(spec: PatternSpec, patterns: Patterns, body: str) -> tuple[Draft | None, str | None]:
    """The current year's draft with `body` in place of the pattern, or why `body` cannot be used."""
    try:
        body = check_pattern(spec.name, body)
    except PatternError as refusal:
        return None, str(refusal)
    plan = latest_confirmed_plan(db_session(), current_user.organisation_id)
    return (draft_of(plan, patterns.with_override(spec.name, body)) if plan else None), None


def _save(spec: PatternSpec, body: str) -> str | None:
    """Store the pattern; None when saved, else the reason it was refused."""
    settings = app_settings()
    try:
        save_pattern(
            db_session(),
            organisation_id=current_user.organisation_id,
            name=spec.name,
            body=body,
            as_of=today(settings),
            now=now(settings),
            user_id=current_user.id,
        )
    except PatternError as refusal:
        log.info("pattern %s refused: %s", spec.name, refusal)
        return str(refusal)
    return None


@blueprint.route("/<name>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def edit(name: str) -> str | Response | tuple[str, int]:
    spec = PATTERN_BY_NAME.get(name) or abort(404)
    patterns = load_patterns(db_session(), current_user.organisation_id)
    draft, error = None, None
    if request.method == "POST":
        form = PatternForm()
        body = form.body.data or ""
        if not form.validate():
            error = "；".join(message for messages in form.errors.values() for message in messages)
        elif request.form.get("action") == "save":
            error = _save(spec, body)
            if error is None:
                flash(f"已保存句式“{spec.section} · {spec.label}”。", "info")
                return redirect(url_for("wording.index"))
        else:
            draft, error = _preview(spec, patterns, body)
    else:
        form = PatternForm(data={"body": patterns.body(name)})
    page = render_template(
        "reports/wording_edit.html",
        spec=spec,
        form=form,
        allowed=[(word, PLACEHOLDER_HELP[word], word in spec.required) for word in sorted(spec.allowed)],
        default=_pieces(spec.default),
        overridden=patterns.is_overridden(name),
        error=error,
        draft=draft,
        sources=sources_json(draft) if draft else {},
        confirm_form=ConfirmForm(),
    )
    return (page, 400) if error else page


@blueprint.post("/<name>/reset")
@roles_required(Role.COORDINATOR)
def reset(name: str) -> Response:
    spec = PATTERN_BY_NAME.get(name) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if reset_pattern(db_session(), organisation_id=current_user.organisation_id, name=name):
        flash(f"句式“{spec.section} · {spec.label}”已恢复为系统默认。", "info")
    return redirect(url_for("wording.index"))
