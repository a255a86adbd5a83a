"""What each source of a sentence is, in words a coordinator recognises, and where to look at it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from tracker.duties.models import DUTY_KIND_WORDS
from tracker.plans.models import RECTIFICATION_WORDS as STATE_WORDS_BY_ENUM
from tracker.reports.draft import SourceInfo, SourceRef
from tracker.reports.figures import chinese_date
from tracker.reports.index import YearIndex
from tracker.reports.quantities import Quantity
from tracker.tasks.models import INDICATOR_KIND_WORDS

STATUS_WORDS = {"pending": "未开始", "in_progress": "推进中", "done": "办结"}
EXTENSION_WORDS = {"pending": "待审批", "approved": "已批准", "refused": "未批准"}
RECTIFICATION_WORDS = {state.value: word for state, word in STATE_WORDS_BY_ENUM.items()}
DUTY_WORDS = {kind.value: word for kind, word in DUTY_KIND_WORDS.items()}
KIND_WORDS = {kind.value: word for kind, word in INDICATOR_KIND_WORDS.items()}


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
    deadline = "长期坚持" if task.ongoing else chinese_date(task.deadline) if task.deadline else "未定"
    detail = f"状态：{STATUS_WORDS.get(task.status, task.status)}；期限：{deadline}；进度：{task.percent}%"
    return SourceInfo(ref, f"任务：{_excerpt(task.title, 60)}", detail, f"/tasks/{task.id}")


def _entry(index: YearIndex, ref: SourceRef) -> SourceInfo:
    entry = index.entries[ref.id]
    return SourceInfo(
        ref, f"进展 {chinese_date(entry.entry_date)}", _excerpt(entry.text), f"/tasks/{entry.task_id}"
    )


def _increment(index: YearIndex, ref: SourceRef) -> SourceInfo:
    increment = index.increments[ref.id]
    indicator = index.indicators[increment.indicator_id]
    entry = index.entries[increment.entry_id]
    value = str(Quantity(increment.amount, indicator.unit, increment.qualifier))
    said = (
        f"+{value}"
        if indicator.kind == "cumulative"
        else f"{value}{'（全年）' if increment.full_year else ''}"
    )
    return SourceInfo(
        ref,
        f"指标数据：{indicator.name} {said}",
        f"{chinese_date(entry.entry_date)} 进展：{_excerpt(entry.text, 60)}",
        f"/tasks/{entry.task_id}",
    )


def _indicator(index: YearIndex, ref: SourceRef) -> SourceInfo:
    indicator = index.indicators[ref.id]
    detail = "无上年基数"
    if indicator.baseline_value is not None:
        year = f"{indicator.baseline_year}年" if indicator.baseline_year else "上年"
        baseline = str(Quantity(indicator.baseline_value, indicator.unit, indicator.baseline_qualifier))
        detail = f"{year}基数：{baseline}"
    kind = KIND_WORDS.get(indicator.kind, indicator.kind)
    return SourceInfo(
        ref, f"{kind}指标：{indicator.name}（{indicator.unit}）", detail, f"/plans/{index.plan.id}"
    )


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
    state = RECTIFICATION_WORDS.get(shortcoming.state, shortcoming.state)
    detail = _excerpt(shortcoming.text)
    if shortcoming.measures:
        detail += f"\n整改措施：{_excerpt(shortcoming.measures, 80)}"
    if shortcoming.evidence_count:
        detail += f"\n佐证材料{shortcoming.evidence_count}份"
    href = f"/plans/{index.plan.id}/rectification#shortcoming-{shortcoming.id}"
    return SourceInfo(ref, f"上年度查摆问题（{state}）", detail, href)


def _duty(index: YearIndex, ref: SourceRef) -> SourceInfo:
    line = next(line for line in index.records.duties if line.id == ref.id)
    kind = DUTY_WORDS.get(line.kind, line.kind)
    return SourceInfo(
        ref,
        f"履职登记（{kind}）{chinese_date(line.held_on)}",
        _excerpt(line.text),
        f"/duties?year={line.held_on.year}",
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
    "duty": _duty,
}


class DescribedSources(Mapping[SourceRef, SourceInfo]):
    """Every source of the draft, described when it is first looked at: a year of 20,000 figures
    need not be described to write a Word file, only to show the preview."""

    def __init__(self, index: YearIndex, refs: Iterable[SourceRef]) -> None:
        self._index = index
        self._known = frozenset(refs)
        self._described: dict[SourceRef, SourceInfo] = {}

    def __getitem__(self, ref: SourceRef) -> SourceInfo:
        if ref not in self._known:
            raise KeyError(ref)
        info = self._described.get(ref)
        if info is None:
            info = self._described[ref] = _DESCRIBERS[ref.kind](self._index, ref)
        return info

    def __iter__(self) -> Iterator[SourceRef]:
        return iter(sorted(self._known, key=lambda ref: (ref.kind, ref.id)))

    def __len__(self) -> int:
        return len(self._known)

    def __contains__(self, ref: object) -> bool:
        return ref in self._known


def describe_sources(index: YearIndex, refs: Iterable[SourceRef]) -> Mapping[SourceRef, SourceInfo]:
    return DescribedSources(index, refs)
