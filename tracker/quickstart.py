"""`tracker quickstart`: the product on the embedded default, ready to look at.

It brings the database to the latest schema, imports the demo plan the project ships (a fictional
town's report, `tracker/demo/`), confirms it and prints the tasks. Run again, it finds the plan already
there and only prints. Each step is a small function so the command can grow (serving the site).
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.orm import Session

from tracker.cli import Runtime, pass_runtime
from tracker.migrate import upgrade
from tracker.plans.importing import confirm_plan, find_duplicate, import_plan, plan_tasks
from tracker.plans.models import Plan, PlanStatus
from tracker.plans.parsing import OwnerKeywords
from tracker.tasks.models import Task

DEMO_PLAN = Path(__file__).resolve().parent / "demo" / "qinghe_2025_report.txt"


def upgrade_database(runtime: Runtime) -> None:
    runtime.database  # noqa: B018  (creates var/ for the SQLite default)
    upgrade(runtime.settings.database_url)


def demo_plan(session: Session, runtime: Runtime) -> Plan:
    """The demo plan, imported and confirmed on first use."""
    data = DEMO_PLAN.read_bytes()
    plan = find_duplicate(session, data)
    if plan is None:
        keywords = OwnerKeywords.load(runtime.settings.owner_keywords)
        plan = import_plan(session, data=data, filename=DEMO_PLAN.name, owner_keywords=keywords)
    if plan.status is PlanStatus.DRAFT:
        confirm_plan(session, plan)
    return plan


def describe_tasks(plan: Plan, tasks: list[Task]) -> list[str]:
    lines = [f"计划 #{plan.id}「{plan.title}」（{plan.year}年度）共 {len(tasks)} 项任务："]
    for task in tasks:
        lead = task.lead_department.name if task.lead_department else "待定"
        due = "长期" if task.ongoing else (task.deadline.isoformat() if task.deadline else "未定")
        lines.append(f"  #{task.id} {task.title}（牵头：{lead}；时限：{due}）")
    return lines


@click.command("quickstart")
@pass_runtime
def quickstart(runtime: Runtime) -> None:
    """初始化数据库，导入并确认示例计划，列出生成的任务。"""
    upgrade_database(runtime)
    with runtime.unit_of_work() as session:
        plan = demo_plan(session, runtime)
        lines = describe_tasks(plan, plan_tasks(session, plan))
    click.echo("\n".join(lines))
