"""A plan's life after import: a draft can be deleted; a confirmed plan is archived when its year is
over (out of the boards, 待我处理 and reminders, kept whole for the record and the 台账) and can be
brought back. What is "active" — the plans whose tasks people work on — is said here once.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker import audit
from tracker.accounts.permissions import Person, can_administer
from tracker.clock import stamp
from tracker.errors import require
from tracker.plans.errors import PlanStateError
from tracker.plans.models import Plan, PlanStatus


def is_active() -> ColumnElement[bool]:
    """A confirmed plan that is not archived: its tasks are on boards, in 待我处理 and in mail."""
    return (Plan.status == PlanStatus.CONFIRMED) & Plan.archived_at.is_(None)


def active_plan_ids() -> Select[tuple[int]]:
    """For `Task.plan_id.in_(…)`: a handful of rows, so the task indexes still do the work."""
    return select(Plan.id).where(is_active())


def plan_years(session: Session, organisation_ids: Collection[int], which: ColumnElement[bool]) -> list[int]:
    """The years of these organisations' plans that `which` keeps (`is_active()`, or confirmed
    ones), newest first: what a page's year menu offers."""
    query = (
        select(Plan.year)
        .where(which, Plan.organisation_id.in_(organisation_ids))
        .distinct()
        .order_by(Plan.year.desc())
    )
    return list(session.scalars(query))


def delete_draft(session: Session, plan: Plan, *, by: Person) -> str:
    """Delete a plan still under review (its items, figures and problems go with it); returns its
    title. A confirmed plan is never deleted: its tasks and their record stay; archive it instead."""
    require(can_administer(by), "只有法治办（协调人）可以删除计划。")
    if plan.status is not PlanStatus.DRAFT:
        raise PlanStateError(f"计划「{plan.title}」已确认并生成任务，不能删除；年度结束后可以归档。")
    title = plan.title
    audit.record(session, "plan.deleted", plan, note=f"{plan.year}年度「{title}」（{plan.source_filename}）")
    session.delete(plan)
    session.flush()
    return title


def archive_plan(session: Session, plan: Plan, *, by: Person) -> None:
    """Take a confirmed plan out of daily work; everything it holds stays readable."""
    require(can_administer(by), "只有法治办（协调人）可以归档计划。")
    if plan.status is not PlanStatus.CONFIRMED:
        raise PlanStateError("只有已确认的计划可以归档；草稿可以直接删除。")
    if plan.archived_at is not None:
        raise PlanStateError(f"计划「{plan.title}」已经归档。")
    plan.archived_at = stamp()
    session.flush()
    audit.record(session, "plan.archived", plan)


def restore_plan(session: Session, plan: Plan, *, by: Person) -> None:
    """Bring an archived plan back into the boards, 待我处理 and reminders."""
    require(can_administer(by), "只有法治办（协调人）可以取消归档。")
    if plan.archived_at is None:
        raise PlanStateError(f"计划「{plan.title}」没有归档。")
    plan.archived_at = None
    session.flush()
    audit.record(session, "plan.restored", plan)
