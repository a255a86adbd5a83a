"""Removing the shipped demo once the town works for real: the demo plan with everything on it, the
demo accounts, the register lines the demo wrote — in one transaction, audited, and never taking real
work with it.

What a town expects, and what this does:
- a demo account that still answers for real work — 责任人 of a real task, or 分管领导 of a unit with
  real tasks — would leave that work without anyone reminded: removal is refused, naming each such
  task or unit, until the coordinator reassigns it;
- a demo account whose name stands on real records (progress it filed, a plan it imported, a task it
  closed…) keeps that name on the record: the account is switched off (停用: no sign-in, no mail)
  instead of deleted; every other demo account is deleted;
- the units the demo set up stay: real people may already belong to them.
Mail already queued for a demo account goes with it, so no demo mail leaves after removal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import Department, User
from tracker.accounts.permissions import Person, can_administer
from tracker.audit import AuditEvent
from tracker.db import Base
from tracker.duties.models import DutyRecord
from tracker.errors import RuleError, require
from tracker.plans.models import Plan
from tracker.reminders.models import Delivery, DeliveryStatus
from tracker.tasks.models import Task

REMOVED = "demo.removed"
"""The audit action of a removal (`demo_was_removed`)."""
SHOWN = 5
"""How many tasks a refusal names per person (and how many more there are)."""

RECORD_WORDS = {
    "progress_entries": "进展",
    "evidence": "佐证材料",
    "extension_requests": "延期申请",
    "tasks": "办结记录",
    "plans": "导入或确认的计划",
    "duty_records": "履职登记",
    "holiday_years": "节假日安排",
    "report_patterns": "报告表述",
    "report_runs": "报告草稿",
    "rectification_evidence": "整改佐证材料",
}


class DemoRemovalRefused(RuleError):
    """Real work still hangs on a demo account, or there is no demo to remove: 409."""

    status = 409


@dataclass
class DemoPreview:
    """What removal would do, for the admin page and the CLI's question before it acts."""

    plans: list[Plan]
    tasks: int
    people: list[User]
    kept: dict[int, list[str]] = field(default_factory=dict)
    """Demo user id → the real records that carry their name: the account is switched off, not deleted."""
    blockers: list[str] = field(default_factory=list)
    """Real work a demo account still answers for: removal is refused while there is any."""
    leaderless: list[str] = field(default_factory=list)
    """Units without real tasks whose 分管领导 is a demo account: they are left without one."""

    @property
    def empty(self) -> bool:
        return not self.plans and not self.people

    def lines(self) -> list[str]:
        """The preview in plain Chinese, a line per fact."""
        lines = [
            f"演示计划：{plan.year}年度「{plan.title}」（{self.tasks} 项任务及其进展、佐证、整改）"
            for plan in self.plans
        ]
        for person in self.people:
            kept = self.kept.get(person.id)
            fate = f"停用（真实记录中有其{'、'.join(kept)}，保留姓名）" if kept else "删除"
            lines.append(f"演示账号：{person.display_name}（{person.username}）：{fate}")
        if self.leaderless:
            lines.append(f"以下单位将没有分管领导：{'、'.join(self.leaderless)}")
        lines.append("演示创建的责任单位保留（可能已有真实人员）。")
        return lines


def _demo_tasks(plan_ids: list[int]) -> Select[tuple[int]]:
    return select(Task.id).where(Task.plan_id.in_(plan_ids))


def _real_records(
    session: Session, user_ids: list[int], plan_ids: list[int], duty_ids: set[int]
) -> dict[int, list[str]]:
    """Demo user id → the kinds of real (non-demo) rows naming them in a column that would be emptied
    on deletion: every foreign key to users with ON DELETE SET NULL, wherever it is, so a table added
    later is covered too. The audit trail keeps names as text and is left out; so are 责任人 and
    分管领导, which are refusals of their own (`_blockers`)."""
    found: dict[int, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in ("audit_events", "departments"):
            continue
        for key in table.foreign_keys:
            column = key.parent
            if key.column.table.name != "users" or key.ondelete != "SET NULL" or column.name == "owner_id":
                continue
            demo_rows = []
            if "plan_id" in table.c:
                demo_rows.append(table.c.plan_id.in_(plan_ids))
            if "task_id" in table.c:
                demo_rows.append(table.c.task_id.in_(_demo_tasks(plan_ids)))
            if table.name == "plans":
                demo_rows.append(table.c.id.in_(plan_ids))
            if table.name == "duty_records":
                demo_rows.append(table.c.id.in_(duty_ids))
            query = select(column, func.count()).where(column.in_(user_ids)).group_by(column)
            for condition in demo_rows:
                query = query.where(~condition)
            for user_id, _count in session.execute(query):
                words = found.setdefault(user_id, [])
                word = RECORD_WORDS.get(table.name, table.name)
                if word not in words:
                    words.append(word)
    return found


def _blockers(session: Session, people: list[User], plan_ids: list[int]) -> tuple[list[str], list[str]]:
    """(refusals, units left without a 分管领导): real tasks a demo account answers for, and units with
    real tasks that a demo account supervises."""
    refusals: list[str] = []
    real = ~Task.plan_id.in_(plan_ids)
    for person in people:
        owned = session.execute(
            select(Task.id, Task.title).where(Task.owner_id == person.id, real).order_by(Task.id)
        ).all()
        if owned:
            named = "；".join(f"#{task_id} {title[:30]}" for task_id, title in owned[:SHOWN])
            more = f" 等 {len(owned)} 项" if len(owned) > SHOWN else ""
            refusals.append(
                f"{person.display_name} 是真实任务的责任人：{named}{more}。请先在任务页改派责任人。"
            )
    leaderless: list[str] = []
    demo_ids = [person.id for person in people]
    for unit in session.scalars(
        select(Department).where(Department.leader_id.in_(demo_ids)).order_by(Department.id)
    ):
        has_real = session.scalar(select(Task.id).where(Task.lead_department_id == unit.id, real).limit(1))
        if has_real is None:
            leaderless.append(unit.name)
            continue
        leader = next(person for person in people if person.id == unit.leader_id)
        refusals.append(
            f"{leader.display_name} 是「{unit.name}」的分管领导，该单位有真实任务："
            "请先在“责任单位”中指定真实的分管领导。"
        )
    return refusals, leaderless


def _demo_duty_ids(session: Session, people: list[User]) -> set[int]:
    """The register lines the demo wrote: by a demo account, word for word one of the demo's."""
    from tracker.demo.records import DEMO_DUTIES

    texts = {duty.text for duty in DEMO_DUTIES}
    rows = session.execute(
        select(DutyRecord.id, DutyRecord.text).where(DutyRecord.created_by_id.in_([p.id for p in people]))
    )
    return {duty_id for duty_id, text in rows if text in texts}


def demo_was_removed(session: Session) -> bool:
    """Whether a coordinator removed the demo: `tracker quickstart` (which `bootstrap.py run` becomes)
    then never sets it up again. The removal's audit event is the record of it."""
    return session.scalar(select(AuditEvent.id).where(AuditEvent.action == REMOVED).limit(1)) is not None


def preview_removal(session: Session) -> DemoPreview:
    plans = list(session.scalars(select(Plan).where(Plan.is_demo.is_(True)).order_by(Plan.id)))
    people = list(session.scalars(select(User).where(User.is_demo.is_(True)).order_by(User.id)))
    plan_ids = [plan.id for plan in plans]
    tasks = session.scalar(select(func.count()).select_from(Task).where(Task.plan_id.in_(plan_ids))) or 0
    blockers, leaderless = _blockers(session, people, plan_ids)
    kept = _real_records(session, [p.id for p in people], plan_ids, _demo_duty_ids(session, people))
    return DemoPreview(plans, tasks, people, kept, blockers, leaderless)


def remove_demo(session: Session, *, by: Person) -> DemoPreview:
    """Remove the demo (see the module's docstring); returns what was done. Refused, with nothing
    changed, while a demo account answers for real work or when there is no demo left."""
    require(can_administer(by), "只有法治办（协调人）可以移除演示数据。")
    preview = preview_removal(session)
    if preview.empty:
        raise DemoRemovalRefused("没有演示数据：演示计划和演示账号都已移除。")
    if preview.blockers:
        raise DemoRemovalRefused("演示账号仍承担真实工作，未移除任何数据：" + " ".join(preview.blockers))
    if getattr(by, "id", None) in {person.id for person in preview.people}:
        raise DemoRemovalRefused("您正在使用演示账号：请用真实的法治办账号登录后再移除演示数据。")
    demo_ids = [person.id for person in preview.people]
    duty_ids = _demo_duty_ids(session, preview.people)
    subject: Base = preview.plans[0] if preview.plans else preview.people[0]
    audit.record(session, REMOVED, subject, note="；".join(preview.lines()))
    session.execute(delete(DutyRecord).where(DutyRecord.id.in_(duty_ids)))
    session.execute(
        delete(Delivery).where(Delivery.recipient_id.in_(demo_ids), Delivery.status == DeliveryStatus.PENDING)
    )
    for plan in preview.plans:
        session.delete(plan)
    session.flush()
    for unit in session.scalars(select(Department).where(Department.leader_id.in_(demo_ids))):
        unit.leader_id = None
    for person in preview.people:
        if person.id in preview.kept:
            person.is_active = False
        else:
            session.delete(person)
    session.flush()
    return preview
