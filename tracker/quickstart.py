"""`tracker quickstart`: the product on the embedded default, ready to look at.

It brings the database to the latest schema, imports and confirms the demo plan the project ships
(`tracker.demo.plan`) and prints its tasks. Run again, it finds the plan already there and only prints.
"""

from __future__ import annotations

import click

from tracker.cli import Runtime, pass_runtime
from tracker.demo.plan import describe_tasks, ensure_demo_plan
from tracker.migrate import upgrade
from tracker.plans.parsing import OwnerKeywords


@click.command("quickstart")
@pass_runtime
def quickstart(runtime: Runtime) -> None:
    """初始化数据库，导入并确认示例计划，列出生成的任务。"""
    runtime.database  # noqa: B018  (creates var/ for the SQLite default)
    upgrade(runtime.settings.database_url)
    with runtime.unit_of_work() as session:
        plan = ensure_demo_plan(session, OwnerKeywords.load(runtime.settings.owner_keywords))
        lines = describe_tasks(session, plan)
    click.echo("\n".join(lines))
