"""Filing progress (进度填报): a dated entry with text, percent, indicator increments and evidence.

Increments add to `Indicator.actual` with an SQL `actual = actual + amount`, so two people filing at
the same moment both count; the entry, its increments, its evidence and the task's new percent are
written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tracker.accounts.permissions import Person, can_add_progress
from tracker.errors import RuleError, require
from tracker.tasks.access import task_units
from tracker.tasks.evidence import EvidenceStore, Upload, attach_evidence
from tracker.tasks.models import Indicator, IndicatorIncrement, ProgressEntry, Task, TaskStatus

MAX_TEXT = 5000


@dataclass(frozen=True)
class ProgressReport:
    """What a person files; `increments` maps indicator id → amount (讲座 2 场 → {7: Decimal(2)})."""

    text: str
    entry_date: date
    percent: int | None = None
    increments: dict[int, Decimal] = field(default_factory=dict)
    uploads: tuple[Upload, ...] = ()


def parse_amount(raw: str | None, field: str | None = None) -> Decimal | None:
    """A person's number as an exact decimal; empty means "nothing to add"."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise RuleError(
            f"「{raw[:20]}」不是有效的数字，请填写阿拉伯数字（如 3 或 2.5）。", field=field
        ) from None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal(10) ** 11:
        raise RuleError("指标增量必须是大于 0 的数字。", field=field)
    return amount


def task_indicators(session: Session, task: Task) -> list[Indicator]:
    return list(
        session.scalars(
            select(Indicator).where(Indicator.plan_item_id == task.plan_item_id).order_by(Indicator.id)
        )
    )


def _check(report: ProgressReport, task: Task, today: date) -> None:
    if task.status == TaskStatus.DONE:
        raise RuleError("该任务已办结，不能再填报进展。")
    if not report.text.strip():
        raise RuleError("请填写进展情况。", field="text")
    if len(report.text) > MAX_TEXT:
        raise RuleError(f"进展情况不能超过 {MAX_TEXT} 字。", field="text")
    if report.percent is not None and not 0 <= report.percent <= 100:
        raise RuleError("完成比例须在 0 到 100 之间。", field="percent")
    if report.entry_date > today:
        raise RuleError("进展日期不能晚于今天。", field="entry_date")


def file_progress(
    session: Session,
    task: Task,
    report: ProgressReport,
    *,
    by: Person,
    today: date,
    store: EvidenceStore,
    max_upload_bytes: int,
) -> ProgressEntry:
    """Record `report` on `task` for `by`, or refuse it whole."""
    require(can_add_progress(by, task_units(task)), "只有牵头单位、配合单位或法治办可以填报该任务的进展。")
    _check(report, task, today)
    indicators = {indicator.id: indicator for indicator in task_indicators(session, task)}
    unknown = set(report.increments) - set(indicators)
    if unknown:
        raise RuleError("所填指标不属于该任务。")

    entry = ProgressEntry(
        task=task,
        author_id=by.id,
        entry_date=report.entry_date,
        text=report.text.strip(),
        percent=report.percent,
    )
    session.add(entry)
    for indicator_id, amount in sorted(report.increments.items()):
        entry.increments.append(IndicatorIncrement(indicator_id=indicator_id, amount=amount))
        session.execute(
            update(Indicator)
            .where(Indicator.id == indicator_id)
            .values(actual=Indicator.actual + amount)
            .execution_options(synchronize_session=False)
        )
        session.expire(indicators[indicator_id], ["actual"])
    if report.percent is not None:
        task.percent = report.percent
    if task.status == TaskStatus.PENDING:
        task.status = TaskStatus.IN_PROGRESS
    session.flush()
    attach_evidence(
        session,
        store,
        task,
        list(report.uploads),
        uploaded_by_id=by.id,
        entry=entry,
        max_bytes=max_upload_bytes,
    )
    return entry
