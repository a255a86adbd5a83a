"""The coordinator's wording templates in the database: read them over the shipped defaults, save a
new one only when it composes a draft without error, and go back to the default."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.plans.models import Plan, PlanStatus
from tracker.reports.composition import compose_draft
from tracker.reports.loading import load_year
from tracker.reports.models import ReportWording
from tracker.reports.wording import SPEC_BY_NAME, Wording, WordingError, compile_template

MAX_TEMPLATE_CHARS = 20_000


def load_wording(session: Session) -> Wording:
    rows = session.execute(select(ReportWording.name, ReportWording.category, ReportWording.body))
    return Wording({(row.name, row.category): row.body for row in rows if row.name in SPEC_BY_NAME})


def latest_confirmed_plan(session: Session) -> Plan | None:
    return session.scalar(
        select(Plan)
        .where(Plan.status == PlanStatus.CONFIRMED)
        .order_by(Plan.year.desc(), Plan.id.desc())
        .limit(1)
    )


def check_template(name: str, category: str, body: str) -> None:
    """Refuse a template the settings page must not store: unknown, too long or not compiling."""
    spec = SPEC_BY_NAME.get(name)
    if spec is None:
        raise WordingError(f"没有名为“{name}”的措辞模板。")
    if category and not spec.per_category:
        raise WordingError(f"模板“{spec.label}”不区分类别。")
    if len(body) > MAX_TEMPLATE_CHARS:
        raise WordingError(f"模板过长（{len(body)}字），最多{MAX_TEMPLATE_CHARS}字。")
    compile_template(name, body)


def save_wording(
    session: Session, *, name: str, category: str, body: str, as_of: date, user_id: int | None = None
) -> ReportWording:
    """Store a coordinator's template after composing the latest confirmed plan's draft with it, so a
    template that fails on real records is refused with the reason instead of breaking generation."""
    category = category.strip()
    check_template(name, category, body)
    candidate = load_wording(session).with_override(name, category, body)
    plan = latest_confirmed_plan(session)
    if plan is not None:
        compose_draft(load_year(session, plan, as_of), candidate)
    row = session.scalar(
        select(ReportWording).where(ReportWording.name == name, ReportWording.category == category)
    )
    if row is None:
        row = ReportWording(name=name, category=category, body=body, updated_by_id=user_id)
        session.add(row)
    else:
        row.body, row.updated_by_id = body, user_id
    session.flush()
    return row


def reset_wording(session: Session, *, name: str, category: str) -> bool:
    """Go back to the shipped default; whether there was an override to remove."""
    row = session.scalar(
        select(ReportWording).where(ReportWording.name == name, ReportWording.category == category.strip())
    )
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
