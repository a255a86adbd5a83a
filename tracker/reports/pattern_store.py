"""The coordinator's sentence patterns in the database: read them over the shipped ones, save a new
one only when it is a usable pattern and the current year's draft still comes out right with it, and
go back to the shipped one.

A pattern of 下一年度主要安排 must keep that section importable as next year's plan: saving one
writes the section with it and parses it back, and refuses it when the items do not come back the
same.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.plans.errors import PlanError
from tracker.plans.models import Plan, PlanStatus
from tracker.plans.parsing import parse_document
from tracker.reports.arrangements import arrangement_document
from tracker.reports.composition import compose_draft
from tracker.reports.draft import Section
from tracker.reports.loading import load_year
from tracker.reports.models import ReportPattern
from tracker.reports.patterns import PATTERN_BY_NAME, PatternError, Patterns, check_pattern
from tracker.reports.records import YearRecords


def load_patterns(session: Session, organisation_id: int) -> Patterns:
    """The organisation's own patterns over the shipped ones: each town words its own report."""
    rows = session.execute(
        select(ReportPattern.name, ReportPattern.body).where(ReportPattern.organisation_id == organisation_id)
    )
    return Patterns({row.name: row.body for row in rows})


def latest_confirmed_plan(session: Session, organisation_id: int) -> Plan | None:
    """The plan whose draft the wording page previews: the organisation's current year's."""
    return session.scalar(
        select(Plan)
        .where(Plan.status == PlanStatus.CONFIRMED, Plan.organisation_id == organisation_id)
        .order_by(Plan.year.desc(), Plan.id.desc())
        .limit(1)
    )


def _shape(section: Section) -> list[tuple[str | None, int]]:
    """The items 下一年度主要安排 imports as: each top item's marker and its number of children."""
    try:
        parsed = parse_document(arrangement_document(section)[0].encode("utf-8"), "arrangements.txt")
    except PlanError as error:
        raise PatternError(f"用这个句式写成的下一年度主要安排无法再导入为计划：{error.message}") from error
    return [(item.marker, len(item.children)) for item in parsed.items]


def check_round_trip(records: YearRecords, candidate: Patterns) -> None:
    """Refuse arrangements that would not import again as the same items as the shipped patterns
    give: the same top items, each with the same number of parts."""
    wanted = _shape(compose_draft(records, Patterns()).section("arrangements"))
    got = _shape(compose_draft(records, candidate).section("arrangements"))
    if got != wanted:
        raise PatternError(
            f"用这个句式写成的下一年度主要安排再导入时得到{len(got)}个事项、"
            f"{sum(children for _marker, children in got)}个分项（应为{len(wanted)}个事项、"
            f"{sum(children for _marker, children in wanted)}个分项）；"
            "请保留“确保……年底前完成”“常态化推进”这类说法，不要在句中加“一是”“二是”这样的序号。"
        )


def save_pattern(
    session: Session,
    *,
    organisation_id: int,
    name: str,
    body: str,
    as_of: date,
    now: datetime,
    user_id: int | None = None,
) -> ReportPattern:
    """Store a coordinator's pattern for their organisation after checking it, and after composing
    the current year's draft with it (and, for 下一年度主要安排, reading that section back as a plan)."""
    body = check_pattern(name, body)
    candidate = load_patterns(session, organisation_id).with_override(name, body)
    plan = latest_confirmed_plan(session, organisation_id)
    if plan is not None:
        records = load_year(session, plan, as_of)
        compose_draft(records, candidate)
        if PATTERN_BY_NAME[name].arrangement:
            check_round_trip(records, candidate)
    row = _stored(session, organisation_id, name)
    if row is None:
        row = ReportPattern(
            organisation_id=organisation_id, name=name, body=body, updated_at=now, updated_by_id=user_id
        )
        session.add(row)
    else:
        row.body, row.updated_at, row.updated_by_id = body, now, user_id
    session.flush()
    return row


def _stored(session: Session, organisation_id: int, name: str) -> ReportPattern | None:
    return session.scalar(
        select(ReportPattern).where(
            ReportPattern.organisation_id == organisation_id, ReportPattern.name == name
        )
    )


def reset_pattern(session: Session, *, organisation_id: int, name: str) -> bool:
    """Go back to the shipped pattern; whether there was one of the coordinator's to remove."""
    row = _stored(session, organisation_id, name)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
