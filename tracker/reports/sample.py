"""A synthetic plan year of any size (confirmed plan, tasks, entries with increments, an extension,
shortcomings), for the report benchmark and the tests that check the draft's cost does not grow
with the number of tasks. Nothing in the product's own flow calls it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from tracker.plans.models import Plan, PlanItem, PlanStatus, Shortcoming
from tracker.reports.figures import chinese_number
from tracker.tasks.models import (
    ExtensionRequest,
    ExtensionStatus,
    Indicator,
    IndicatorIncrement,
    ProgressEntry,
    Task,
    TaskStatus,
)

_STATUSES = (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.PENDING, TaskStatus.DONE)


def _plan(organisation_id: int, year: int) -> Plan:
    text = f"{year}年度推进法治政府建设的主要安排\n一是开展普法教育。"
    return Plan(
        organisation_id=organisation_id,
        year=year,
        title=f"示例镇{year - 1}年法治政府建设年度报告",
        status=PlanStatus.CONFIRMED,
        source_filename="sample.txt",
        source_bytes=text.encode("utf-8"),
        source_sha256=hashlib.sha256(text.encode("utf-8") + secrets.token_bytes(8)).hexdigest(),
        source_text=text,
    )


def _entries(task: Task, indicators: list[Indicator], count: int, year: int, seed: int) -> None:
    for number in range(count):
        entry = ProgressEntry(
            entry_date=date(year, 1, 1) + timedelta(days=(number * 37 + seed) % 360),
            text=f"第{number + 1}次进展：开展法治讲座1场，覆盖群众40人次。",
        )
        entry.increments = [
            IndicatorIncrement(indicator=indicators[0], amount=Decimal(1)),
            IndicatorIncrement(indicator=indicators[1], amount=Decimal(40)),
        ]
        task.progress_entries.append(entry)


def add_sample_year(
    session: Session,
    *,
    organisation_id: int,
    tasks: int,
    entries_per_task: int,
    items: int = 10,
    year: int = 2026,
) -> Plan:
    """A confirmed plan of the organisation of `items` top-level items sharing `tasks` leaf tasks,
    each with `entries_per_task` progress entries adding 1 场 and 40 人次 to its item's two
    indicators."""
    plan = _plan(organisation_id, year)
    session.add(plan)
    session.flush()
    tops = [
        PlanItem(
            plan=plan,
            position=number * (tasks + 1),
            marker=f"（{chinese_number(number + 1)}）",
            title=f"示例工作{number + 1}",
            text=f"推进示例工作{number + 1}，加强法治宣传教育。",
        )
        for number in range(items)
    ]
    session.add_all(tops)
    session.flush()
    indicators = {
        top.id: [
            Indicator(
                plan_item_id=top.id,
                name="开展法治讲座",
                unit="场",
                baseline_value=Decimal(10),
                baseline_qualifier="余",
                baseline_year=year - 1,
            ),
            Indicator(
                plan_item_id=top.id,
                name="覆盖",
                unit="人次",
                baseline_value=Decimal(800),
                baseline_year=year - 1,
            ),
        ]
        for top in tops
    }
    session.add_all([indicator for pair in indicators.values() for indicator in pair])
    for number in range(tasks):
        top = tops[number % items]
        leaf = PlanItem(
            plan=plan,
            parent_id=top.id,
            position=top.position + 1 + number,
            title=f"示例任务{number + 1}",
            text=f"完成示例任务{number + 1}。",
        )
        task = Task(
            plan_id=plan.id,
            organisation_id=organisation_id,
            plan_item=leaf,
            title=f"示例任务{number + 1}",
            status=_STATUSES[number % 4],
            deadline=date(year, 1 + number % 12, 28),
            percent=(number * 7) % 100,
        )
        session.add(task)
        _entries(task, indicators[top.id], entries_per_task, year, number)
        if number == 1:
            task.extension_requests.append(
                ExtensionRequest(
                    previous_deadline=date(year, 2, 28),
                    requested_deadline=date(year, 6, 30),
                    reason="等待上级部署。",
                    status=ExtensionStatus.APPROVED,
                )
            )
    session.add_all(
        [
            Shortcoming(plan=plan, position=0, text="普法宣传的吸引力尚需增强。"),
            Shortcoming(plan=plan, position=1, text="执法监督机制有待细化。"),
        ]
    )
    session.flush()
    return plan
