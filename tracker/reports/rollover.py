"""Rollover: next year's draft plan, made from this year's 下一年度主要安排 (unfinished and continuing
work, open shortcomings), linked to what it continues, and measured against this year's results.

The arrangements are written out as a plan document (heading, lead-in, 一是/二是 paragraphs) and
imported through the plan importer, exactly as a coordinator would upload it, so the new plan is
whatever the parser reads from that text. Then:
- each imported item is linked to the item of this year it continues (`PlanItem.carried_from_id`),
  found through the sources of the sentences its span covers;
- it is offered the unit that actually led that work this year (the task's 牵头单位), before the
  units the old item only suggested;
- this year's figures (the year's total, latest standing total or rate of each indicator) become
  next year's baselines (`Baseline`, year = this year), and every linked item gets the indicators of
  the item it continues, of the same kind, with this year's figure as its baseline.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import User
from tracker.plans.errors import PlanError
from tracker.plans.importing import import_plan
from tracker.plans.models import Baseline, Plan
from tracker.reports.arrangements import Piece, arrangement_document
from tracker.reports.citing import clause
from tracker.reports.composition import compose_draft
from tracker.reports.draft import SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.loading import ReportError, load_year, plan_for_year
from tracker.reports.pattern_store import load_patterns
from tracker.reports.records import YearRecords
from tracker.reports.year_figures import YearFigure, year_figure
from tracker.tasks.models import Indicator, IndicatorKind


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


def _led_by(index: YearIndex, origin: int) -> list[str]:
    """The units that led the work of `origin` this year: its tasks' 牵头单位, else the units the
    item named."""
    item = index.items[origin]
    leads = [task.lead_unit for task in index.tasks_under(item) if task.lead_unit]
    return list(dict.fromkeys(leads)) or list(item.lead_units)


def _link_items(plan: Plan, pieces: list[Piece], records: YearRecords) -> dict[int, int]:
    """Link each imported item to the item it continues; new item id → old item id."""
    index = YearIndex(records)
    items = index.items
    links: dict[int, int] = {}
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
        links[item.id] = origin
        units = _led_by(index, origin)
        if units:
            item.lead_units = units
            item.support_units = [unit for unit in items[origin].support_units if unit not in units]
            item.owners_suggested = True
            _drop_warning(plan, f"「{item.title}」未能确定责任单位，请在审核时指定。")
    return links


def _drop_warning(plan: Plan, warning: str) -> None:
    """The importer's warning that an item has no unit (the parser's wording) no longer holds once
    the unit that led the work is offered."""
    if warning in plan.warnings:
        plan.warnings = [kept for kept in plan.warnings if kept != warning]


def _results(records: YearRecords) -> dict[int, YearFigure]:
    """This year's figure of every indicator that has one, by indicator id."""
    index, ignored = YearIndex(records), []
    found = (year_figure(index, indicator, ignored) for indicator in records.indicators)
    return {figure.indicator.id: figure for figure in found if figure is not None}


def _carry_figures(session: Session, plan: Plan, records: YearRecords, links: dict[int, int]) -> int:
    """This year's results as next year's baselines, and the linked items' indicators measured
    against them; the number of baselines made."""
    results = _results(records)
    baselines: dict[int, Baseline] = {}
    for position, figure in enumerate(results.values()):
        quantity = figure.quantity
        baselines[figure.indicator.id] = Baseline(
            plan=plan,
            position=position,
            name=figure.indicator.name[:200],
            value=quantity.value,
            qualifier=quantity.qualifier,
            unit=quantity.unit,
            year=records.plan.year,
        )
    session.add_all(baselines.values())
    session.flush()
    of_item: dict[int, list[int]] = {}
    for indicator in records.indicators:
        of_item.setdefault(indicator.plan_item_id, []).append(indicator.id)
    indicators = {indicator.id: indicator for indicator in records.indicators}
    for new_id, old_id in links.items():
        for indicator_id in of_item.get(old_id, ()):
            old, baseline = indicators[indicator_id], baselines.get(indicator_id)
            session.add(
                Indicator(
                    plan_item_id=new_id,
                    name=old.name,
                    unit=old.unit,
                    kind=IndicatorKind(old.kind),
                    target=old.target,
                    baseline_id=baseline.id if baseline else None,
                    baseline_value=baseline.value if baseline else None,
                    baseline_qualifier=baseline.qualifier if baseline else None,
                    baseline_year=records.plan.year if baseline else None,
                )
            )
    session.flush()
    return len(baselines)


def roll_over(
    session: Session, *, organisation_id: int, from_year: int, as_of: date, user: User | None = None
) -> Plan:
    """Create the organisation's next year's draft plan from its `from_year` confirmed plan; refused
    when it was already rolled over or when nothing is left to carry."""
    source = plan_for_year(session, organisation_id, from_year)
    existing = session.scalar(select(Plan).where(Plan.rolled_over_from_id == source.id).limit(1))
    if existing is not None:
        raise ReportError(
            f"{from_year}年度计划已结转为{existing.year}年度计划草稿（编号{existing.id}），不能重复结转。"
        )
    records = load_year(session, source, as_of)
    section = compose_draft(records, load_patterns(session, source.organisation_id)).section("arrangements")
    if not section.parts:
        raise ReportError(f"{from_year}年度计划任务均已办结，没有需要结转的事项。")
    document, pieces = arrangement_document(section)
    try:
        plan = import_plan(
            session,
            organisation_id=source.organisation_id,
            data=document.encode("utf-8"),
            filename=f"{from_year + 1}年度主要安排（由{from_year}年度结转）.txt",
            created_by=user,
        )
    except PlanError as error:
        raise ReportError(f"结转生成的计划无法导入：{error.message}") from error
    plan.rolled_over_from_id = source.id
    links = _link_items(plan, pieces, records)
    carried = _carry_figures(session, plan, records, links)
    session.flush()
    note = f"由{from_year}年度计划（编号{source.id}）结转，{from_year}年度数据{carried}项作为基线"
    audit.record(session, "plan.rolled_over", plan, note=note)
    return plan
