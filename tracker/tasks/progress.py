"""Filing progress (进度填报): a dated entry with text, percent, indicator increments and evidence.

Increments add to `Indicator.actual` with an SQL `actual = actual + amount`, so two people filing at
the same moment both count; the entry, its increments, its evidence and the task's new percent are
written together or not at all.

The percent is a value, not a sum, so two people filing from pages loaded at 30% could silently
replace each other's. The form carries the task's version and the percent it showed (`Seen`): when
the percent changed in between and the filer asks for another one, the entry is still kept (with
the percent its author gave), but the task's percent is left as the other person set it and the filer
is told, with both values (`PercentConflict`), to settle it with one click (`settle_percent`). The
same holds when two filings meet at the same instant on PostgreSQL (the later UPDATE finds a newer
version): the later one's entry is kept and it is told, never a 409.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.accounts.permissions import Person, can_add_progress
from tracker.errors import RuleError, require
from tracker.tasks.access import task_units
from tracker.tasks.assignment import check_version
from tracker.tasks.evidence import EvidenceStore, Upload, attach_evidence
from tracker.tasks.models import Indicator, IndicatorIncrement, ProgressEntry, Task, TaskStatus

MAX_TEXT = 5000
_AMOUNT = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,4})?")


@dataclass(frozen=True)
class Seen:
    """The task as the form showed it: its version and its percent then."""

    version_id: int
    percent: int


@dataclass(frozen=True)
class ProgressReport:
    """What a person files; `increments` maps indicator id → amount (讲座 2 场 → {7: Decimal(2)})."""

    text: str
    entry_date: date
    percent: int | None = None
    increments: dict[int, Decimal] = field(default_factory=dict)
    uploads: tuple[Upload, ...] = ()
    seen: Seen | None = None
    """None (an API call that sends no version): the percent is applied unless a filing meets it."""


@dataclass(frozen=True)
class PercentConflict:
    """The filer asked for `yours`, but the percent had become `current` meanwhile (by `by`)."""

    yours: int
    current: int
    by: str | None = None

    def message(self) -> str:
        who = f"（{self.by}填报）" if self.by else ""
        return (
            f"在您打开本页之后，完成比例已被改为 {self.current}%{who}。您的进展已保存，"
            f"但您填写的 {self.yours}% 没有覆盖它；如以您的为准，请点“改为 {self.yours}%”。"
        )


@dataclass(frozen=True)
class FiledProgress:
    entry: ProgressEntry
    conflict: PercentConflict | None = None


def parse_amount(raw: str | None, field: str | None = None) -> Decimal | None:
    """A person's number as an exact decimal in ASCII digits; empty means "nothing to add"."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        if not _AMOUNT.fullmatch(raw):
            raise InvalidOperation(raw)  # Decimal itself also takes "1e3", "٣" and "NaN"
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
) -> FiledProgress:
    """Record `report` on `task` for `by`, or refuse it whole; a percent changed meanwhile is left
    as it is and reported (`FiledProgress.conflict`)."""
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
    session.flush()
    conflict = _update_task(session, task, report)
    attach_evidence(
        session,
        store,
        task,
        list(report.uploads),
        uploaded_by_id=by.id,
        entry=entry,
        max_bytes=max_upload_bytes,
    )
    return FiledProgress(entry, conflict)


def _changes(task: Task, percent: int | None) -> dict[str, object]:
    changes: dict[str, object] = {}
    if percent is not None and percent != task.percent:
        changes["percent"] = percent
    if task.status == TaskStatus.PENDING:
        changes["status"] = TaskStatus.IN_PROGRESS
    return changes


def _update_task(session: Session, task: Task, report: ProgressReport) -> PercentConflict | None:
    """Apply the filing's percent (and 推进中) to the task unless the percent changed since the form
    was made; the UPDATE checks the version, so a filing that meets another at the same instant
    finds out too (in a savepoint, keeping the entry)."""
    seen, wanted = report.seen, report.percent
    moved = seen is not None and task.version_id != seen.version_id and task.percent != seen.percent
    if wanted is not None and wanted != task.percent and moved:
        return _left_as_it_is(session, task, wanted)
    changes = _changes(task, wanted)
    if not changes:
        return None
    try:
        with session.begin_nested():
            for name, value in changes.items():
                setattr(task, name, value)
            session.flush()
    except StaleDataError:
        session.refresh(task)
        return _left_as_it_is(session, task, wanted)
    return None


def _left_as_it_is(session: Session, task: Task, wanted: int | None) -> PercentConflict | None:
    """Keep the stored percent (the conflict, if `wanted` differs); a 未开始 task still becomes
    推进中, since the entry is progress either way."""
    if task.status == TaskStatus.PENDING:
        task.status = TaskStatus.IN_PROGRESS
        session.flush()
    if wanted is None or wanted == task.percent:
        return None
    return PercentConflict(yours=wanted, current=task.percent, by=_last_setter(session, task))


def _last_setter(session: Session, task: Task) -> str | None:
    """Who filed the percent the task holds now (the latest entry that gave it), for the message."""
    latest = session.scalar(
        select(ProgressEntry)
        .where(ProgressEntry.task_id == task.id, ProgressEntry.percent == task.percent)
        .order_by(ProgressEntry.id.desc())
        .limit(1)
    )
    return latest.author.display_name if latest is not None and latest.author is not None else None


def percent_conflict_of(session: Session, task: Task, entry_id: int, by: Person) -> PercentConflict | None:
    """The conflict `by`'s entry `entry_id` still has with the task's percent, if any (for the task
    page after a filing): gone once the percent is settled either way."""
    entry = session.get(ProgressEntry, entry_id)
    if entry is None or entry.task_id != task.id or entry.author_id != by.id or entry.percent is None:
        return None
    if entry.percent == task.percent:
        return None
    return PercentConflict(yours=entry.percent, current=task.percent, by=_last_setter(session, task))


def settle_percent(session: Session, task: Task, percent: int, *, by: Person, version_id: int) -> None:
    """The filer's one click after a conflict: the task takes `percent` after all, if nothing
    changed again since the page showed the conflict (else 409, with the page to look again)."""
    require(
        can_add_progress(by, task_units(task)), "只有牵头单位、配合单位或法治办可以修改该任务的完成比例。"
    )
    if task.status == TaskStatus.DONE:
        raise RuleError("该任务已办结，不能再修改完成比例。")
    if not 0 <= percent <= 100:
        raise RuleError("完成比例须在 0 到 100 之间。", field="percent")
    check_version(task, version_id)
    task.percent = percent
    session.flush()
