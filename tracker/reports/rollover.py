"""Rollover: next year's draft plan, made from this year's 下一年度主要安排 (unfinished and recurring
tasks, open shortcomings) and linked to the items it carries over.

The arrangements are written out as a plan document (heading, lead-in, 一是/二是 paragraphs) and
imported through the plan importer, exactly as a coordinator would upload it, so the new plan is
whatever the parser reads from that text. Each imported item is then linked to the item of this
year it came from (`PlanItem.carried_from_id`), found through the sources of the sentences its span
covers, and keeps that item's units as suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import User
from tracker.plans.errors import PlanError
from tracker.plans.importing import import_plan
from tracker.plans.models import Plan
from tracker.reports.citing import clause
from tracker.reports.composition import compose_draft
from tracker.reports.draft import Section, SourceRef
from tracker.reports.loading import ReportError, load_year, plan_for_year
from tracker.reports.records import YearRecords
from tracker.reports.wording_store import load_wording


@dataclass(frozen=True)
class Piece:
    """One sentence of the written plan: where it is in the text and what it came from."""

    start: int
    end: int
    sources: tuple[SourceRef, ...]


def arrangement_document(section: Section) -> tuple[str, list[Piece]]:
    """The arrangements as a plan document: the heading line, then one line per paragraph."""
    text = section.heading.text + "\n"
    pieces: list[Piece] = []
    paragraphs = [*section.intro, *(paragraph for part in section.parts for paragraph in part.paragraphs)]
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            pieces.append(Piece(len(text), len(text) + len(sentence.text), sentence.sources))
            text += sentence.text
        text += "\n"
    return text, pieces


def _origin(title: str, refs: list[SourceRef], records: YearRecords) -> int | None:
    """The item an imported item carries over: the task it names (the only one its text cites, or the
    one whose title it bears, as an area out of a list), else the plan item its text cites."""
    tasks = {task.id: task for task in records.tasks}
    named = list(dict.fromkeys(tasks[ref.id] for ref in refs if ref.kind == "task"))
    if len(named) > 1:
        named = [task for task in named if clause(task.title) == clause(title)]
    if len(named) == 1:
        return named[0].plan_item_id
    items = [ref.id for ref in refs if ref.kind == "item"]
    return items[0] if items else None


def _link_items(plan: Plan, pieces: list[Piece], records: YearRecords) -> None:
    items = {item.id: item for item in records.items}
    lead_unit_of_item = {task.plan_item_id: task.lead_unit for task in records.tasks if task.lead_unit}
    for item in plan.items:
        if item.span_start is None or item.span_end is None:
            continue
        refs = [
            ref
            for piece in pieces
            if piece.start < item.span_end and piece.end > item.span_start
            for ref in piece.sources
        ]
        origin = _origin(item.title, refs, records)
        if origin is None and item.parent is not None:
            origin = item.parent.carried_from_id  # rectifying a shortcoming that was grouped under the item
        if origin is None:
            continue
        item.carried_from_id = origin
        units = list(items[origin].lead_units) or (
            [lead_unit_of_item[origin]] if origin in lead_unit_of_item else []
        )
        if units:
            item.lead_units = units
            item.support_units = list(items[origin].support_units)
            item.owners_suggested = True


def roll_over(session: Session, *, from_year: int, as_of: date, user: User | None = None) -> Plan:
    """Create next year's draft plan from `from_year`'s confirmed plan; refused when it was already
    rolled over or when nothing is left to carry."""
    source = plan_for_year(session, from_year)
    existing = session.scalar(select(Plan).where(Plan.rolled_over_from_id == source.id).limit(1))
    if existing is not None:
        raise ReportError(
            f"{from_year}年度计划已结转为{existing.year}年度计划草稿（编号{existing.id}），不能重复结转。"
        )
    records = load_year(session, source, as_of)
    section = compose_draft(records, load_wording(session)).section("arrangements")
    if not section.parts:
        raise ReportError(f"{from_year}年度计划任务均已办结，没有需要结转的事项。")
    document, pieces = arrangement_document(section)
    try:
        plan = import_plan(
            session,
            data=document.encode("utf-8"),
            filename=f"{from_year + 1}年度主要安排（由{from_year}年度结转）.txt",
            created_by=user,
        )
    except PlanError as error:
        raise ReportError(f"结转生成的计划无法导入：{error.message}") from error
    plan.rolled_over_from_id = source.id
    _link_items(plan, pieces, records)
    session.flush()
    audit.record(session, "plan.rolled_over", plan, note=f"由{from_year}年度计划（编号{source.id}）结转")
    return plan
