"""Factories for reminder tests: tasks with owners, units and deadlines, in the test's transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.orm import Session

from tracker.accounts.models import Department, User
from tracker.organisations.service import sole_organisation
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.models import Task


@pytest.fixture
def make_plan(session: Session) -> Callable[..., Plan]:
    """A confirmed plan: tasks exist only in one, and only an active plan's are reminded of."""

    def make(year: int = 2026) -> Plan:
        text = f"{year}年度推进法治政府建设的主要安排 #{session.info.setdefault('plans', 0)}"
        session.info["plans"] += 1
        plan = Plan(
            organisation_id=sole_organisation(session).id,
            year=year,
            title=f"{year}年度法治政府建设主要安排",
            source_filename="plan.txt",
            source_bytes=text.encode(),
            source_sha256=hashlib.sha256(text.encode()).hexdigest(),
            source_text=text,
            status=PlanStatus.CONFIRMED,
        )
        session.add(plan)
        session.flush()
        return plan

    return make


@pytest.fixture
def make_task(session: Session, make_plan: Callable[..., Plan]) -> Callable[..., Task]:
    plans: list[Plan] = []

    def make(
        title: str,
        deadline: date | None,
        owner: User | None = None,
        lead: Department | None = None,
        support: tuple[Department, ...] = (),
        **fields: object,
    ) -> Task:
        if not plans:
            plans.append(make_plan())
        plan = plans[0]
        item = PlanItem(plan=plan, title=title, text=title, position=len(plan.items))
        task = Task(
            plan_id=plan.id,
            plan_item=item,
            title=title,
            deadline=deadline,
            owner=owner,
            lead_department=lead,
            support_departments=list(support),
            **fields,
        )
        session.add(task)
        session.flush()
        return task

    return make
