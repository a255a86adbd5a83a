"""What each source of a sentence is, in words a coordinator recognises, and where to look at it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tracker.reports.draft import SourceInfo, SourceRef
from tracker.reports.figures import amount, chinese_date, quantity
from tracker.reports.index import YearIndex

STATUS_WORDS = {"pending": "未开始", "in_progress": "推进中", "done": "办结"}
EXTENSION_WORDS = {"pending": "待审批", "approved": "已批准", "refused": "未批准"}


def _excerpt(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _plan(index: YearIndex, ref: SourceRef) -> SourceInfo:
    plan = index.plan
    return SourceInfo(ref, f"计划：{plan.title}", f"{plan.year}年度", f"/plans/{plan.id}")


def _item(index: YearIndex, ref: SourceRef) -> SourceInfo:
    item = index.items[ref.id]
    return SourceInfo(
        ref,
        f"计划事项 {item.marker or ''}".rstrip(),
        _excerpt(item.text or item.title),
        f"/plans/{index.plan.id}",
    )


def _task(index: YearIndex, ref: SourceRef) -> SourceInfo:
    task = index.tasks[ref.id]
    deadline = chinese_date(task.deadline) if task.deadline else ("长期坚持" if task.ongoing else "未定")
    detail = f"状态：{STATUS_WORDS.get(task.status, task.status)}；期限：{deadline}；进度：{task.percent}%"
    return SourceInfo(ref, f"任务：{_excerpt(task.title, 60)}", detail, f"/tasks/{task.id}")


def _entry(index: YearIndex, ref: SourceRef) -> SourceInfo:
    entry = index.entries[ref.id]
    return SourceInfo(
        ref, f"进展 {entry.entry_date.isoformat()}", _excerpt(entry.text), f"/tasks/{entry.task_id}"
    )


def _increment(index: YearIndex, ref: SourceRef) -> SourceInfo:
    increment = index.increments[ref.id]
    indicator = index.indicators[increment.indicator_id]
    entry = index.entries[increment.entry_id]
    return SourceInfo(
        ref,
        f"指标增量：{indicator.name} +{amount(increment.amount)}{indicator.unit}",
        f"{entry.entry_date.isoformat()} 进展：{_excerpt(entry.text, 60)}",
        f"/tasks/{entry.task_id}",
    )


def _indicator(index: YearIndex, ref: SourceRef) -> SourceInfo:
    indicator = index.indicators[ref.id]
    detail = "无上年基数"
    if indicator.baseline_value is not None:
        year = f"{indicator.baseline_year}年" if indicator.baseline_year else "上年"
        baseline = quantity(indicator.baseline_value, indicator.unit, indicator.baseline_qualifier)
        detail = f"{year}基数：{baseline}"
    return SourceInfo(ref, f"指标：{indicator.name}（{indicator.unit}）", detail, f"/plans/{index.plan.id}")


def _extension(index: YearIndex, ref: SourceRef) -> SourceInfo:
    extension = index.extensions[ref.id]
    previous = chinese_date(extension.previous_deadline) if extension.previous_deadline else "未定"
    label = f"延期申请（{EXTENSION_WORDS.get(extension.status, extension.status)}）：{previous} → "
    return SourceInfo(
        ref,
        label + chinese_date(extension.requested_deadline),
        _excerpt(extension.reason),
        f"/tasks/{extension.task_id}",
    )


def _evidence(index: YearIndex, ref: SourceRef) -> SourceInfo:
    evidence = index.evidence[ref.id]
    return SourceInfo(ref, f"佐证材料：{evidence.name}", "", f"/tasks/{evidence.task_id}")


def _shortcoming(index: YearIndex, ref: SourceRef) -> SourceInfo:
    shortcoming = index.shortcomings[ref.id]
    state = "已整改" if shortcoming.rectified else "尚未整改"
    return SourceInfo(
        ref, f"上年度查摆问题（{state}）", _excerpt(shortcoming.text), f"/plans/{index.plan.id}"
    )


_DESCRIBERS: dict[str, Callable[[YearIndex, SourceRef], SourceInfo]] = {
    "plan": _plan,
    "item": _item,
    "task": _task,
    "entry": _entry,
    "increment": _increment,
    "indicator": _indicator,
    "extension": _extension,
    "evidence": _evidence,
    "shortcoming": _shortcoming,
}


def describe_sources(index: YearIndex, refs: Iterable[SourceRef]) -> dict[SourceRef, SourceInfo]:
    return {
        ref: _DESCRIBERS[ref.kind](index, ref)
        for ref in sorted(set(refs), key=lambda ref: (ref.kind, ref.id))
    }
