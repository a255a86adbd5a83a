"""存在的问题: for each plan item, its tasks that are overdue, unfinished or were extended, and the
shortcomings of last year that are not rectified yet; shortcomings that belong to no item follow.
Parts run in as 一是/二是, the way reports list their problems."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.reports.citing import cite, one_sentence, split_paragraphs
from tracker.reports.draft import Section, SourceRef
from tracker.reports.figures import chinese_date
from tracker.reports.index import YearIndex
from tracker.reports.records import ExtensionRecord, ShortcomingRecord, TaskRecord
from tracker.reports.relating import relate_shortcomings
from tracker.reports.tally import cited_count, task_refs
from tracker.reports.views import ItemView, cited_shortcomings, item_view, run_in_parts
from tracker.reports.wording import Wording


@dataclass(frozen=True)
class ExtensionView:
    deadline: str
    previous: str
    reason: str


@dataclass(frozen=True)
class Problem:
    """A task that is not done, or was done only after an approved extension."""

    task: str
    kind: str
    """`overdue`, `unfinished`, `not_started` (no progress entry at all) or `extended` (done late)."""
    deadline: str | None
    overdue_days: str | None
    percent: str
    percent_value: int
    latest: str | None
    extension: ExtensionView | None


def is_problem(index: YearIndex, task: TaskRecord) -> bool:
    """Unfinished work (continuing work goes on by nature and is no problem), or work done late."""
    unfinished = not task.done and not (task.ongoing or task.recurring)
    return unfinished or bool(index.approved_extensions_of_task.get(task.id))


def _extension_view(extension: ExtensionRecord) -> ExtensionView:
    ref = SourceRef("extension", extension.id)
    previous = chinese_date(extension.previous_deadline) if extension.previous_deadline else "未定期限"
    return ExtensionView(
        cite(chinese_date(extension.requested_deadline), ref),
        cite(previous, ref),
        cite(extension.reason, ref),
    )


def _problem(index: YearIndex, task: TaskRecord) -> Problem:
    ref = SourceRef("task", task.id)
    entries = index.entries_of_task.get(task.id, [])
    extensions = index.approved_extensions_of_task.get(task.id)
    if task.done:
        kind = "extended"
    elif index.is_overdue(task):
        kind = "overdue"
    else:
        kind = "unfinished" if entries else "not_started"
    overdue_days = (index.as_of - task.deadline).days if kind == "overdue" and task.deadline else None
    latest = entries[-1] if entries else None
    return Problem(
        task=cite(task.title, ref),
        kind=kind,
        deadline=cite(chinese_date(task.deadline), ref) if task.deadline else None,
        overdue_days=cite(overdue_days, ref) if overdue_days is not None else None,
        percent=cite(task.percent, ref),
        percent_value=task.percent,
        latest=cite(latest.text, SourceRef("entry", latest.id)) if latest else None,
        extension=_extension_view(extensions[-1]) if extensions else None,
    )


def _item_body(
    index: YearIndex,
    wording: Wording,
    view: ItemView,
    problems: list[TaskRecord],
    shortcomings: list[ShortcomingRecord],
) -> str:
    unfinished = task_refs([task for task in problems if not task.done])
    told = [_problem(index, task) for task in problems]
    return wording.render(
        "problems.item",
        view.category,
        item=view,
        as_of=chinese_date(index.as_of),
        unfinished=cited_count(unfinished, unfinished),
        unfinished_count=len(unfinished),
        problems=[problem for problem in told if problem.kind != "not_started" or problem.extension],
        not_started=[
            problem.task for problem in told if problem.kind == "not_started" and not problem.extension
        ],
        shortcomings=cited_shortcomings(shortcomings),
    )


def compose_problems(index: YearIndex, wording: Wording) -> Section:
    plan_ref = SourceRef("plan", index.plan.id)
    heading = one_sentence(wording.render("problems.heading", year=cite(index.plan.year, plan_ref)))
    related = relate_shortcomings(index)
    bodies = []
    for item in index.top_items:
        problems = [task for task in index.tasks_under(item) if is_problem(index, task)]
        shortcomings = related.get(item.id, [])
        if problems or shortcomings:
            bodies.append(
                (
                    f"problem-{item.id}",
                    item.id,
                    _item_body(index, wording, item_view(item), problems, shortcomings),
                )
            )
    if related.get(None):
        body = wording.render("problems.shortcomings", shortcomings=cited_shortcomings(related[None]))
        bodies.append(("problem-shortcomings", None, body))
    parts = run_in_parts(bodies)
    intro = ()
    if not parts:
        rectified = [SourceRef("shortcoming", short.id) for short in index.shortcomings.values()]
        all_tasks = task_refs(list(index.tasks.values()))
        intro = split_paragraphs(
            wording.render(
                "problems.none",
                task_total=cited_count(all_tasks, [plan_ref]),
                shortcoming_total=cited_count(rectified, [plan_ref]) if rectified else None,
            )
        )
    return Section("problems", "二、", heading, intro, parts)
