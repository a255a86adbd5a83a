"""Import a plan document as a draft, and confirm a reviewed draft into tasks.

Services over a `Session`: they add and flush, never commit, so the CLI command or web request that
calls them keeps the whole import (or confirmation) in one transaction.
"""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import Department, User
from tracker.accounts.owners import owner_refusal, units_named, unknown_unit_names
from tracker.clock import stamp
from tracker.plans.errors import DuplicatePlanError, PlanStateError
from tracker.plans.models import Baseline, Plan, PlanItem, PlanStatus, Shortcoming
from tracker.plans.parsing import OwnerKeywords, ParsedItem, ParsedPlan, parse_document
from tracker.tasks.models import Task

log = logging.getLogger(__name__)

TITLE_MAX = 300
HEADING_MAX = 300
MARKER_MAX = 20
PHRASE_MAX = 50


def _clip(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


def find_duplicate(session: Session, organisation_id: int, data: bytes) -> Plan | None:
    """The organisation's plan imported from the same bytes (another town's copy is no duplicate)."""
    digest = hashlib.sha256(data).hexdigest()
    return session.scalar(
        select(Plan).where(Plan.organisation_id == organisation_id, Plan.source_sha256 == digest)
    )


def add_parsed_items(
    plan: Plan, items: list[ParsedItem], parent: PlanItem | None, counter: list[int]
) -> None:
    """Parsed items (and their children) as the plan's PlanItems, numbered depth-first from `counter`."""
    for parsed in items:
        item = PlanItem(
            parent=parent,
            position=counter[0],
            marker=_clip(parsed.marker, MARKER_MAX),
            title=parsed.title,
            text=parsed.text,
            span_start=parsed.span[0],
            span_end=parsed.span[1],
            category=parsed.category,
            lead_units=list(parsed.lead_units),
            support_units=list(parsed.support_units),
            owners_suggested=parsed.owners_suggested,
            deadline=parsed.deadline,
            deadline_phrase=_clip(parsed.deadline_phrase, PHRASE_MAX),
            deadline_suggested=parsed.deadline_suggested,
            recurrence=parsed.recurrence.to_dict() if parsed.recurrence else None,
            ongoing=parsed.ongoing,
        )
        plan.items.append(item)
        counter[0] += 1
        add_parsed_items(plan, parsed.children, item, counter)


def store_parsed_plan(
    session: Session,
    parsed: ParsedPlan,
    *,
    organisation_id: int,
    data: bytes,
    filename: str,
    created_by: User | None = None,
) -> Plan:
    """A draft Plan of the organisation holding the parsed items, baselines and shortcomings, with
    the source verbatim."""
    plan = Plan(
        organisation_id=organisation_id,
        year=parsed.plan_year,
        title=_clip(parsed.title, TITLE_MAX),
        status=PlanStatus.DRAFT,
        source_filename=_clip(filename, 255),
        source_bytes=data,
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_text=parsed.text,
        section_heading=_clip(parsed.section_heading, HEADING_MAX),
        section_start=parsed.section_span[0],
        section_end=parsed.section_span[1],
        warnings=list(parsed.warnings),
        skipped=[skipped.to_dict() for skipped in parsed.skipped],
        created_by_id=created_by.id if created_by else None,
    )
    session.add(plan)
    add_parsed_items(plan, parsed.items, None, [0])
    for position, baseline in enumerate(parsed.baselines):
        plan.baselines.append(
            Baseline(
                position=position,
                name=_clip(baseline.name, 200),
                value=Decimal(baseline.value),
                qualifier=baseline.qualifier,
                unit=baseline.unit,
                year=baseline.year,
                span_start=baseline.span[0],
                span_end=baseline.span[1],
            )
        )
    for position, shortcoming in enumerate(parsed.shortcomings):
        plan.shortcomings.append(
            Shortcoming(
                position=position,
                text=shortcoming.text,
                span_start=shortcoming.span[0],
                span_end=shortcoming.span[1],
            )
        )
    session.flush()
    return plan


def directory_keywords(
    session: Session, organisation_id: int, table: OwnerKeywords | None = None
) -> OwnerKeywords:
    """The keyword table as an organisation uses it: only the departments of its directory, each
    also found by its own name. Every suggestion of a unit (import, 添加事项, 作为事项加入) goes through
    it, so a unit the installation does not have is never suggested."""
    names = list(
        session.scalars(
            select(Department.name)
            .where(Department.organisation_id == organisation_id)
            .order_by(Department.id)
        )
    )
    return (table or OwnerKeywords.load()).within(names)


def _refuse_duplicate(session: Session, organisation_id: int, data: bytes) -> None:
    existing = find_duplicate(session, organisation_id, data)
    if existing is not None:
        raise DuplicatePlanError(
            f"该文件已经导入过（计划 #{existing.id}「{existing.title}」），不能重复导入。",
            existing_plan_id=existing.id,
        )


def import_plan(
    session: Session,
    *,
    organisation_id: int,
    data: bytes,
    filename: str,
    created_by: User | None = None,
    plan_year: int | None = None,
    owner_keywords: OwnerKeywords | None = None,
) -> Plan:
    """Parse `data` and store it as a draft plan of the organisation (the importer's);
    DuplicatePlanError if it imported the same bytes already, PlanInputError (with a Chinese
    message) if they are no plan."""
    _refuse_duplicate(session, organisation_id, data)
    keywords = directory_keywords(session, organisation_id, owner_keywords)
    parsed = parse_document(data, filename, plan_year=plan_year, owner_keywords=keywords)
    try:
        with session.begin_nested():
            plan = store_parsed_plan(
                session,
                parsed,
                organisation_id=organisation_id,
                data=data,
                filename=filename,
                created_by=created_by,
            )
    except IntegrityError:  # the same bytes stored meanwhile by a concurrent import
        _refuse_duplicate(session, organisation_id, data)
        raise
    log.info("imported plan %s (%s, %d items) from %s", plan.id, plan.year, len(plan.items), filename)
    return plan


def plan_tasks(session: Session, plan: Plan) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.plan_id == plan.id).order_by(Task.id)))


def leaf_items(plan: Plan) -> list[PlanItem]:
    """The items that become tasks: those without children, in outline order."""
    parents = {item.parent_id for item in plan.items if item.parent_id is not None}
    return [item for item in plan.items if item.id not in parents]


def _confirmable(session: Session, plan: Plan, leaves: list[PlanItem]) -> dict[str, Department]:
    """The units the leaves name, after checking the plan can become tasks as reviewed: every unit
    set up, every 责任人 able to answer for their item (`tracker.accounts.owners`). Refused with
    the list of what to fix, so the coordinator sees every problem at once, not one per attempt."""
    names = {name for item in leaves for name in [*item.lead_units, *item.support_units] if name}
    unknown = unknown_unit_names(session, plan.organisation_id, sorted(names))
    if unknown:
        where = {
            name: [item.title for item in leaves if name in (*item.lead_units, *item.support_units)]
            for name in unknown
        }
        listed = "；".join(f"「{name}」（{_titles(where[name])}）" for name in unknown)
        raise PlanStateError(
            f"以下单位尚未建立，计划不能确认：{listed}。请在事项中改为现有单位，或在审核页点“新建单位”建立。"
        )
    departments = units_named(session, plan.organisation_id, names)
    refusals = [
        f"「{item.title}」：{refusal}" for item in leaves if (refusal := _owner_refusal(item, departments))
    ]
    if refusals:
        raise PlanStateError("以下事项的责任人不符合要求，计划不能确认：" + "；".join(refusals))
    return departments


def _owner_refusal(item: PlanItem, departments: dict[str, Department]) -> str | None:
    if item.owner is None:
        return None
    return owner_refusal(item.owner, departments.get(item.lead_units[0]) if item.lead_units else None)


def _titles(titles: list[str], shown: int = 3) -> str:
    more = f"等 {len(titles)} 项" if len(titles) > shown else ""
    return "、".join(titles[:shown]) + more


def confirm_plan(session: Session, plan: Plan, *, confirmed_by: User | None = None) -> list[Task]:
    """Create one Task per leaf item (title, timing, units and 责任人 copied) and mark the plan
    confirmed; PlanStateError if it was confirmed already, has no items, names a unit nobody has set
    up or a 责任人 who cannot answer for their item."""
    if plan.status is PlanStatus.CONFIRMED:
        raise PlanStateError(f"计划 #{plan.id}「{plan.title}」已经确认过，不能重复确认。")
    leaves = leaf_items(plan)
    if not leaves:
        raise PlanStateError(f"计划 #{plan.id}「{plan.title}」中没有任何事项，无法确认。")
    departments = _confirmable(session, plan, leaves)
    tasks = []
    for item in leaves:
        units = list(dict.fromkeys([*item.lead_units, *item.support_units]))
        task = Task(
            plan_id=plan.id,
            organisation_id=plan.organisation_id,
            plan_item=item,
            title=item.title,
            lead_department=departments[units[0]] if units else None,
            support_departments=[departments[name] for name in units[1:]],
            owner=item.owner,
            deadline=item.deadline,
            recurrence=item.recurrence,
            ongoing=item.ongoing,
        )
        session.add(task)
        tasks.append(task)
    plan.status = PlanStatus.CONFIRMED
    plan.confirmed_at = stamp()
    plan.confirmed_by_id = confirmed_by.id if confirmed_by else None
    session.flush()
    note = f"确认计划，生成 {len(tasks)} 项任务"
    audit.record(session, "plan.confirmed", plan, changes={"tasks": len(tasks)}, note=note)
    session.flush()
    return tasks
