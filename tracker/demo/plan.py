"""The demo plan: a fictional town's report (青禾镇, written for this project), imported and confirmed
so that the board, reminders and report have tasks to show on a fresh install."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from tracker.accounts.directory import add_department
from tracker.accounts.owners import unknown_unit_names
from tracker.plans.importing import confirm_plan, find_duplicate, import_plan, plan_tasks
from tracker.plans.models import Plan, PlanStatus
from tracker.plans.parsing import OwnerKeywords
from tracker.tasks.models import Task

DEMO_PLAN = Path(__file__).resolve().parent / "qinghe_2025_report.txt"


def ensure_demo_plan(
    session: Session, organisation_id: int, owner_keywords: OwnerKeywords | None = None
) -> Plan:
    """The organisation's demo plan, imported and confirmed on first use; found again (not
    re-imported) afterwards."""
    data = DEMO_PLAN.read_bytes()
    plan = find_duplicate(session, organisation_id, data)
    if plan is None:
        plan = import_plan(
            session,
            organisation_id=organisation_id,
            data=data,
            filename=DEMO_PLAN.name,
            owner_keywords=owner_keywords,
        )
    plan.is_demo = True  # its tasks stay out of real people's mail; `tracker demo remove` finds it
    if plan.status is PlanStatus.DRAFT:
        _set_up_named_units(session, plan)
        confirm_plan(session, plan)
    return plan


def _set_up_named_units(session: Session, plan: Plan) -> None:
    """The demo town has every unit its plan names (各村（社区）, 社会事务办…): created here on purpose,
    as a coordinator would with 新建单位, since confirming refuses a unit nobody has set up."""
    named = (name for item in plan.items for name in (*item.lead_units, *item.support_units))
    for name in unknown_unit_names(session, plan.organisation_id, named):
        add_department(session, plan.organisation_id, name)


def describe_tasks(session: Session, plan: Plan) -> list[str]:
    """Lines for the terminal: the plan and each of its tasks with its lead unit and deadline."""
    tasks: list[Task] = plan_tasks(session, plan)
    lines = [f"计划 #{plan.id}「{plan.title}」（{plan.year}年度）共 {len(tasks)} 项任务："]
    for task in tasks:
        lead = task.lead_department.name if task.lead_department else "待定"
        due = "长期" if task.ongoing else (task.deadline.isoformat() if task.deadline else "未定")
        lines.append(f"  #{task.id} {task.title}（牵头：{lead}；时限：{due}）")
    return lines
