"""Filing progress (进度填报): a dated entry with text, percent, indicator figures and evidence.

What an entry records for an indicator depends on the indicator's kind (`IndicatorKind`): a count of
the year (累计) takes how much this entry adds, a standing total (现有) the total as of the entry's
date, a rate (比率) the rate then (marked 全年 when it is the whole year's). Any of them may be
approximate (10余, 近100, 约3, 50以上): the qualifier is kept, so the report never subtracts it as if
it were exact.

A 累计 increment adds to `Indicator.actual` with an SQL `actual = actual + amount`, so two people
filing at the same moment both count; a 现有 or 比率 value becomes `actual` when it is the latest by
date. The entry, its figures, its evidence and the task's new percent are written together or not
at all.

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

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from tracker.accounts.permissions import Person, can_add_progress
from tracker.errors import RuleError, require
from tracker.tasks.access import task_units
from tracker.tasks.assignment import check_version
from tracker.tasks.evidence import EvidenceStore, Upload, attach_evidence
from tracker.tasks.models import (
    Indicator,
    IndicatorIncrement,
    IndicatorKind,
    ProgressEntry,
    Task,
    TaskStatus,
)

MAX_TEXT = 5000
QUALIFIERS = ("余", "多", "以上", "近", "约")
_FIGURE = re.compile(r"^(?P<before>近|约)?\s*(?P<number>[0-9０-９.．]+)\s*(?P<after>余|多|以上)?$")


@dataclass(frozen=True)
class IndicatorValue:
    """What an entry records for one indicator: an amount (an increment, a total or a rate, by the
    indicator's kind), its approximation word, and for a rate whether it is the whole year's."""

    amount: Decimal
    qualifier: str | None = None
    full_year: bool = False


@dataclass(frozen=True)
class Seen:
    """The task as the form showed it: its version and its percent then."""

    version_id: int
    percent: int


@dataclass(frozen=True)
class ProgressReport:
    """What a person files; `increments` maps indicator id → value (讲座 2 场 → {7: IndicatorValue(2)})."""

    text: str
    entry_date: date
    percent: int | None = None
    increments: dict[int, IndicatorValue] = field(default_factory=dict)
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


def parse_figure(
    raw: str | None, kind: IndicatorKind = IndicatorKind.CUMULATIVE, field: str | None = None
) -> IndicatorValue | None:
    """A person's figure (2, 10余, 近100, 97.9) as an exact decimal with its approximation word;
    empty means "nothing recorded". An increment must be above zero; a total or a rate may be zero.
    `field` names the form input a refusal belongs beside."""
    raw = (raw or "").strip().replace("％", "").rstrip("%").strip()
    if not raw:
        return None
    match = _FIGURE.match(raw)
    if match is None:
        raise RuleError(f"「{raw[:20]}」不是有效的数字（可写 12、10余、近100、50以上）。", field=field)
    number = match.group("number").translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise RuleError(
            f"「{raw[:20]}」不是有效的数字，请填写阿拉伯数字（如 3 或 2.5）。", field=field
        ) from None
    lowest = Decimal(0) if kind is not IndicatorKind.CUMULATIVE else Decimal("0.0001")
    if not amount.is_finite() or amount < lowest or amount >= Decimal(10) ** 11:
        message = "指标增量必须是大于 0 的数字。" if kind is IndicatorKind.CUMULATIVE else "数字不能为负数。"
        raise RuleError(message, field=field)
    return IndicatorValue(amount, match.group("before") or match.group("after"))


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
    for indicator_id, value in report.increments.items():
        _check_value(indicators[indicator_id], value)

    entry = ProgressEntry(
        task=task,
        author_id=by.id,
        entry_date=report.entry_date,
        text=report.text.strip(),
        percent=report.percent,
    )
    session.add(entry)
    for indicator_id, value in sorted(report.increments.items()):
        entry.increments.append(
            IndicatorIncrement(
                indicator_id=indicator_id,
                amount=value.amount,
                qualifier=value.qualifier,
                full_year=value.full_year,
            )
        )
        _update_actual(session, indicators[indicator_id], value, report.entry_date)
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


def _check_value(indicator: Indicator, value: IndicatorValue) -> None:
    field = f"increment-{indicator.id}"
    if value.qualifier is not None and value.qualifier not in QUALIFIERS:
        raise RuleError(
            f"「{value.qualifier}」不是约数的写法（可用：{'、'.join(QUALIFIERS)}）。", field=field
        )
    if indicator.kind is IndicatorKind.CUMULATIVE and value.amount <= 0:
        raise RuleError(f"指标「{indicator.name}」本次增加的数量必须大于 0。", field=field)
    if indicator.kind is IndicatorKind.RATE and indicator.unit == "%" and value.amount > 100:
        raise RuleError(f"指标「{indicator.name}」是百分比，不能超过 100。", field=field)
    if value.full_year and indicator.kind is not IndicatorKind.RATE:
        raise RuleError("只有比率指标可以标为全年数。", field=field)


def _update_actual(session: Session, indicator: Indicator, value: IndicatorValue, on: date) -> None:
    """Keep the dashboard's figure: a 累计 increment adds up in SQL; a 现有 or 比率 value replaces it
    when no other entry of the indicator is dated later."""
    if indicator.kind is IndicatorKind.CUMULATIVE:
        change = update(Indicator).values(actual=Indicator.actual + value.amount)
    else:
        later = (
            select(func.count())
            .select_from(IndicatorIncrement)
            .join(ProgressEntry, ProgressEntry.id == IndicatorIncrement.progress_entry_id)
            .where(IndicatorIncrement.indicator_id == indicator.id, ProgressEntry.entry_date > on)
        )
        if session.scalar(later):
            return
        change = update(Indicator).values(actual=value.amount)
    session.execute(change.where(Indicator.id == indicator.id).execution_options(synchronize_session=False))
    session.expire(indicator, ["actual"])
