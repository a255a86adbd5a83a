"""三、存在的不足和原因, at the level of a report to a superior: per plan area, the work not finished
and the work finished only after an extension, named together, and last year's shortcomings not yet
rectified (with what is being done about them); then the causes, taken from the records — each
unfinished task's reason, the reasons of approved extensions, why a shortcoming is not rectified yet.
Deadlines, overdue days and percentages are the annex table's, not this section's.

Continuing work (长期, 常态化, recurring) is never a shortfall: it goes on by nature.
"""

from __future__ import annotations

from tracker.reports.citing import cite, clause, gap, sentences_text, split_paragraphs
from tracker.reports.draft import Section, SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.patterns import Patterns, heading_sentence
from tracker.reports.records import ItemRecord, ShortcomingRecord, TaskRecord
from tracker.reports.views import area_name, run_in_parts

NAMED = 3
"""How many works a sentence names before it says 等."""


def is_unfinished(task: TaskRecord) -> bool:
    return not task.done and not task.continuing


def is_late(index: YearIndex, task: TaskRecord) -> bool:
    return task.done and bool(index.approved_extensions_of_task.get(task.id))


def task_refs(tasks: list[TaskRecord]) -> list[SourceRef]:
    return [SourceRef("task", task.id) for task in tasks]


def named(tasks: list[TaskRecord]) -> str:
    """A、B、C等: the works, each cited by its task."""
    names = [cite(clause(task.title), SourceRef("task", task.id)) for task in tasks[:NAMED]]
    more = [SourceRef("task", task.id) for task in tasks[NAMED:]]
    return "、".join(names) + (cite("等", *more) if more else "")


def shortcoming_sentence(short: ShortcomingRecord, patterns: Patterns) -> str:
    ref = SourceRef("shortcoming", short.id)
    problem = cite(clause(short.text), ref)
    if short.state == "in_progress" and short.measures:
        return patterns.fill("problems.in_progress", 问题=problem, 整改措施=cite(clause(short.measures), ref))
    return patterns.fill("problems.open", 问题=problem)


def _area_body(
    index: YearIndex, item: ItemRecord, patterns: Patterns, shortcomings: list[ShortcomingRecord]
) -> list[str]:
    tasks = index.tasks_under(item)
    unfinished = [task for task in tasks if is_unfinished(task)]
    late = [task for task in tasks if is_late(index, task)]
    area = cite(area_name(item), SourceRef("item", item.id))
    whole_area = cite(area_name(item), SourceRef("item", item.id), *task_refs(unfinished))
    pieces = []
    if unfinished and all(index.is_own_task(item, task) for task in unfinished):
        pieces.append(patterns.fill("problems.unfinished_area", 方面=whole_area))
    elif unfinished:
        pieces.append(patterns.fill("problems.unfinished", 方面=area, 事项=named(unfinished)))
    if late:
        pieces.append(patterns.fill("problems.late", 方面=area, 事项=named(late)))
    pieces.extend(shortcoming_sentence(short, patterns) for short in shortcomings)
    return pieces


def _causes(index: YearIndex, tasks: list[TaskRecord], shortcomings: list[ShortcomingRecord]) -> list[str]:
    """Each recorded cause once, in the order the problems were told."""
    found: dict[str, list[SourceRef]] = {}
    for task in tasks:
        if task.unfinished_reason and not task.done:
            found.setdefault(clause(task.unfinished_reason.strip()), []).append(SourceRef("task", task.id))
        for extension in index.approved_extensions_of_task.get(task.id, ()):
            found.setdefault(clause(extension.reason.strip()), []).append(
                SourceRef("extension", extension.id)
            )
    for short in shortcomings:
        if short.cause:
            found.setdefault(clause(short.cause.strip()), []).append(SourceRef("shortcoming", short.id))
    return [cite(cause, *refs) for cause, refs in found.items() if cause]


def compose_problems(
    index: YearIndex, patterns: Patterns, related: dict[int | None, list[ShortcomingRecord]]
) -> Section:
    heading = heading_sentence(patterns, "heading.problems", SourceRef("plan", index.plan.id))
    open_ones = {key: [short for short in shorts if not short.rectified] for key, shorts in related.items()}
    bodies, told_tasks = [], []
    for item in index.top_items:
        pieces = _area_body(index, item, patterns, open_ones.get(item.id, []))
        if pieces:
            bodies.append((f"problem-{item.id}", item.id, sentences_text(pieces)))
            told_tasks.extend(t for t in index.tasks_under(item) if is_unfinished(t) or is_late(index, t))
    for short in open_ones.get(None, []):
        bodies.append(
            (f"problem-shortcoming-{short.id}", None, sentences_text([shortcoming_sentence(short, patterns)]))
        )
    if not bodies:
        plan_ref = SourceRef("plan", index.plan.id)
        done = [SourceRef("task", task.id) for task in index.tasks.values()] or [plan_ref]
        none = patterns.fill("problems.none", 年度=cite(index.plan.year, *done))
        return Section("problems", "三、", heading, split_paragraphs(sentences_text([none])), ())
    shortcomings = [short for shorts in open_ones.values() for short in shorts]
    causes = _causes(index, told_tasks, shortcomings)
    if causes:
        closing = patterns.fill("problems.causes", 原因="；".join(causes))
    else:
        refs = [SourceRef("task", task.id) for task in told_tasks] or [SourceRef("plan", index.plan.id)]
        closing = gap("问题原因（可在任务页填写“未完成原因”，或在整改页填写“尚未整改到位的原因”）", *refs)
    return Section(
        "problems", "三、", heading, (), run_in_parts(bodies), split_paragraphs(sentences_text([closing]))
    )
