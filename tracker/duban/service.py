"""Issuing a 督办: in one transaction each chosen town receives it as a task of its active plan for the
year, under the plan's 上级交办 area, with no unit and no 责任人 yet — the town's coordinator assigns it
as any task of theirs, so it waits in their 待我处理, and reminders follow once it has a 责任人.

A town without an active plan for the year has nowhere to hold the task: the whole 督办 is refused,
naming those towns, and nothing is written for the others either (the county re-issues it once the
town has confirmed its plan, or leaves that town out). The issue page says beforehand which towns
have no such plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import User
from tracker.accounts.permissions import can_issue_duban
from tracker.duban.models import AREA_TITLE, Duban, DubanTask
from tracker.errors import RuleError, require
from tracker.organisations.models import Organisation
from tracker.plans.lifecycle import is_active
from tracker.plans.models import Plan, PlanItem
from tracker.tasks.models import Task

MAX_TITLE = 300
MAX_TEXT = 5000
AREA_TEXT = "县级机构督办交办的事项。"


@dataclass(frozen=True)
class Order:
    """What the county's coordinator asks, as typed."""

    title: str
    text: str
    deadline: date | None
    requires_evidence: bool
    town_ids: tuple[int, ...]


@dataclass(frozen=True)
class TownChoice:
    """A town of the county as the issue form offers it: with the plan its task would go into."""

    id: int
    name: str
    plan: Plan | None


def issuing_county(session: Session, person: User) -> Organisation | None:
    """The county `person` may issue 督办 for, or None (a town's people, a county's non-coordinator)."""
    organisation = session.get(Organisation, person.organisation_id)
    in_county = organisation is not None and organisation.is_county
    return organisation if can_issue_duban(person, in_county=in_county) else None


def receiving_plans(session: Session, town_ids: list[int], year: int) -> dict[int, Plan]:
    """Each town's active plan of `year` (town id → plan): its own plan before the shipped demo, the
    later import if it imported one again."""
    plans = session.scalars(
        select(Plan)
        .where(Plan.organisation_id.in_(town_ids), Plan.year == year, is_active())
        .order_by(Plan.is_demo.desc(), Plan.id)
    )
    return {plan.organisation_id: plan for plan in plans}  # the last, i.e. the preferred, wins


def town_choices(session: Session, county: Organisation, year: int) -> list[TownChoice]:
    plans = receiving_plans(session, [town.id for town in county.towns], year)
    return [TownChoice(town.id, town.name, plans.get(town.id)) for town in county.towns]


def _checked(order: Order, today: date) -> tuple[str, str, date]:
    title = " ".join(order.title.split())
    text = order.text.strip()
    if not title:
        raise RuleError("请填写督办事项的标题。", field="title")
    if len(title) > MAX_TITLE:
        raise RuleError(f"标题不能超过 {MAX_TITLE} 字。", field="title")
    if len(text) > MAX_TEXT:
        raise RuleError(f"督办内容不能超过 {MAX_TEXT} 字。", field="text")
    if order.deadline is None:
        raise RuleError("请填写办理时限（截止日期）。", field="deadline")
    if order.deadline < today:
        raise RuleError("截止日期不能早于今天。", field="deadline")
    if not order.town_ids:
        raise RuleError("请至少选择一个镇。", field="town_ids")
    return title, text or title, order.deadline


def _area(session: Session, plan: Plan) -> PlanItem:
    """The plan's 上级交办 area, made (after everything the plan holds) the first time it is needed."""
    area = session.scalar(
        select(PlanItem).where(
            PlanItem.plan_id == plan.id, PlanItem.parent_id.is_(None), PlanItem.title == AREA_TITLE
        )
    )
    if area is None:
        area = PlanItem(plan=plan, position=_next_position(session, plan), title=AREA_TITLE, text=AREA_TEXT)
        session.add(area)
        session.flush()
    return area


def _next_position(session: Session, plan: Plan) -> int:
    last = session.scalar(select(func.max(PlanItem.position)).where(PlanItem.plan_id == plan.id))
    return 0 if last is None else last + 1


def issue_duban(session: Session, order: Order, *, by: User, today: date) -> Duban:
    """The 督办 and a task in each chosen town's plan, or a refusal before anything is written."""
    county = issuing_county(session, by)
    require(county is not None, "只有县级机构的法治办（协调人）可以下发督办。")
    assert county is not None
    title, text, deadline = _checked(order, today)
    towns = {town.id: town for town in county.towns}
    chosen = list(dict.fromkeys(order.town_ids))
    strangers = [town_id for town_id in chosen if town_id not in towns]
    if strangers:
        raise RuleError(f"所选的镇不属于{county.name}，请刷新页面后重新选择。", field="town_ids")
    plans = receiving_plans(session, chosen, today.year)
    planless = [towns[town_id].name for town_id in chosen if town_id not in plans]
    if planless:
        raise RuleError(
            f"以下镇没有{today.year}年度在办的计划，督办无法列入：{'、'.join(planless)}。"
            "请待其确认年度计划后再下发，或不选这些镇。",
            field="town_ids",
        )
    duban = Duban(
        organisation=county,
        year=today.year,
        title=title,
        text=text,
        deadline=deadline,
        requires_evidence=order.requires_evidence,
        created_by_id=by.id,
    )
    session.add(duban)
    for town_id in chosen:
        duban.towns.append(DubanTask(organisation_id=town_id, task=_task_in(session, plans[town_id], duban)))
    session.flush()
    audit.record(session, "duban.issued", duban, note=f"下发至 {'、'.join(towns[t].name for t in chosen)}")
    return duban


def _task_in(session: Session, plan: Plan, duban: Duban) -> Task:
    """The town's task: a plan item of its own under 上级交办, unassigned, with the county's deadline
    and evidence rule."""
    area = _area(session, plan)
    item = PlanItem(
        plan=plan,
        parent=area,
        position=_next_position(session, plan),
        title=duban.title,
        text=duban.text,
        deadline=duban.deadline,
    )
    session.add(item)
    task = Task(
        plan_id=plan.id,
        organisation_id=plan.organisation_id,
        plan_item=item,
        title=duban.title,
        deadline=duban.deadline,
        requires_evidence=duban.requires_evidence,
    )
    session.add(task)
    session.flush()
    return task
