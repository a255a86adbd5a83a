"""What was done under one plan item, told as a report tells it: each task's progress entries in date
order in one sentence (joined by ；), with the same work done again and again said once
(按季度公开…，全年共4次), the same work on several areas said once for all of them
(公开政策法规与解读、财务收支情况、重大项目建设信息), and no tallies of tasks or evidence files
(those go to the annex table).

A figure an entry already states (化解矛盾纠纷47起) is not stated again by the figures sentence; its
comparison with last year is put right after it in the entry's own sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.reports.citing import cite, clause, full_width
from tracker.reports.draft import SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.patterns import Patterns
from tracker.reports.records import EntryRecord, ItemRecord, TaskRecord
from tracker.reports.views import is_area
from tracker.reports.year_figures import YearFigure

_PERIOD_WORDS = re.compile(
    r"(?:第?[一二三四1-4１-４]季度|[上下]半年|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份|底|初|中旬|上旬|下旬)?"
    r"|年初|年中|年底|春季|秋季|春节前|本月|本季度|本学期|春季学期|秋季学期)"
)
_LOOSE_PUNCTUATION = re.compile(r"^[，、；：\s]+|[，、；：\s]+$")
_DOUBLED = re.compile(r"([，、；])[，、；]+")
_HOLE = "\x00"


@dataclass
class Unit:
    """One sentence of work: an entry, entries repeating the same work, or the same work on areas."""

    task: TaskRecord
    text: str
    refs: list[SourceRef]
    count: int = 1
    areas: list[str] = field(default_factory=list)


@lru_cache(maxsize=4096)
def repeat_key(text: str) -> str:
    """An entry's text without its period (第一季度, 3月, 下半年): entries with the same key did the
    same work in different periods."""
    cleaned = _DOUBLED.sub(r"\1", _PERIOD_WORDS.sub("", full_width(text).strip()))
    return _LOOSE_PUNCTUATION.sub("", clause(cleaned))


def _entry_refs(index: YearIndex, entry: EntryRecord) -> list[SourceRef]:
    files = index.evidence_of_entry.get(entry.id, ())
    return [SourceRef("entry", entry.id), *(SourceRef("evidence", file.id) for file in files)]


def _task_units(index: YearIndex, task: TaskRecord) -> list[Unit]:
    groups: dict[str, list[EntryRecord]] = {}
    for entry in index.entries_of_task.get(task.id, ()):
        groups.setdefault(repeat_key(entry.text), []).append(entry)
    units = []
    for key, entries in groups.items():
        refs = [ref for entry in entries for ref in _entry_refs(index, entry)]
        text = key if len(entries) > 1 else clause(full_width(entries[0].text.strip()))
        units.append(Unit(task, text, refs, len(entries)))
    return units


def _merge_areas(units: list[Unit]) -> list[Unit]:
    """Single entries of several area tasks that say the same with their own area's name merged into
    one unit naming them all, at the place of the first."""
    merged: list[Unit] = []
    by_template: dict[str, Unit] = {}
    for unit in units:
        title = clause(unit.task.title)
        if unit.count == 1 and is_area(title) and title in unit.text:
            template = unit.text.replace(title, _HOLE, 1)
            first = by_template.get(template)
            if first is not None:
                first.areas.append(title)
                first.refs.extend(unit.refs)
                continue
            unit.areas = [title]
            by_template[template] = unit
        merged.append(unit)
    for template, unit in by_template.items():
        if len(unit.areas) > 1:
            unit.text = template.replace(_HOLE, "、".join(unit.areas))
    return merged


def _state_figures(
    text: str, figures: list[YearFigure], stated: set[int], comparisons: dict[int, str]
) -> str:
    """Cited `text` with the (cited) comparison of each figure it states put right after the figure."""
    for figure in figures:
        if figure.indicator.id in stated or figure.said not in text:
            continue
        found = re.search(rf"(?<![\d.．]){re.escape(figure.said)}", text)  # 11场 does not state 1场
        if found is None:
            continue
        stated.add(figure.indicator.id)
        if figure.indicator.id in comparisons:
            text = text[: found.end()] + "，" + comparisons[figure.indicator.id] + text[found.end() :]
    return text


def work_sentences(
    index: YearIndex,
    item: ItemRecord,
    tasks: list[TaskRecord],
    patterns: Patterns,
    figures: list[YearFigure],
    comparisons: dict[int, str],
) -> tuple[list[tuple[int | None, str]], set[int]]:
    """The item's work as cited sentences (without their 。), each with the task it tells of (None
    for the same work on several areas), and the indicators they already state."""
    units = _merge_areas([unit for task in tasks for unit in _task_units(index, task)])
    stated: set[int] = set()
    told: list[tuple[int | None, str]] = []
    for unit in units:
        body = _state_figures(cite(unit.text, *unit.refs), figures, stated, comparisons)
        if unit.count > 1:
            body = patterns.fill("work.repeated", 进展=body, 次数=cite(unit.count, *unit.refs))
        owner = None if len(unit.areas) > 1 else unit.task.id
        continues = bool(told) and owner is not None and told[-1][0] == owner
        title = clause(unit.task.title)
        named = not unit.areas and is_area(title) and title not in unit.text
        if named and not continues and not index.is_own_task(item, unit.task):
            body = patterns.fill("work.area", 事项=cite(title, SourceRef("task", unit.task.id)), 进展=body)
        if continues:
            told[-1] = (owner, f"{clause(told[-1][1])}；{clause(body)}")
        else:
            told.append((owner, body))
    return told, stated
