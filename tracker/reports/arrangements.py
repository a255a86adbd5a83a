"""下一年度主要安排: next year's draft plan, from the tasks carried over (not done, or recurring and
ongoing work) and the shortcomings still open, item by item in this year's order.

It is written as 一是/二是 paragraphs under a heading the plan parser recognises
(X年度推进法治政府建设的主要安排), so the same text imports again as next year's plan; see
`tracker.reports.rollover`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.reports.citing import cite, one_sentence, split_paragraphs
from tracker.reports.draft import Section, SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.records import ItemRecord, ShortcomingRecord, TaskRecord
from tracker.reports.relating import relate_shortcomings
from tracker.reports.tally import cited_count, task_refs
from tracker.reports.views import cited_shortcomings, is_area, item_view, run_in_parts
from tracker.reports.wording import Wording


@dataclass(frozen=True)
class Carried:
    """A carried task written as a sentence of its own (an action with its own verb)."""

    task: str
    recurring: bool


def is_carried(task: TaskRecord) -> bool:
    """Unfinished work goes on next year, and so does work that recurs or never ends."""
    return not task.done or task.recurring or task.ongoing


def _recurs(task: TaskRecord) -> bool:
    return task.recurring or task.ongoing


def _cited(task: TaskRecord) -> str:
    return cite(task.title, SourceRef("task", task.id))


def _item_body(
    index: YearIndex,
    wording: Wording,
    item: ItemRecord,
    next_year: str,
    shortcomings: list[ShortcomingRecord],
) -> str | None:
    carried = [task for task in index.tasks_under(item) if is_carried(task)]
    if not carried and not shortcomings:
        return None
    own = [task for task in carried if index.is_own_task(item, task)]
    others = [task for task in carried if task not in own]
    areas = [task for task in others if is_area(task.title)]
    view = item_view(item)
    return wording.render(
        "arrangements.item",
        view.category,
        item=view,
        item_carried=bool(own),
        item_recurring=bool(own) and all(_recurs(task) for task in own),
        next_year=next_year,
        areas=[_cited(task) for task in areas if not _recurs(task)],
        recurring_areas=[_cited(task) for task in areas if _recurs(task)],
        actions=[Carried(_cited(task), _recurs(task)) for task in others if task not in areas],
        shortcomings=cited_shortcomings(shortcomings),
    )


def compose_arrangements(index: YearIndex, wording: Wording, issuer: str) -> Section:
    plan_ref = SourceRef("plan", index.plan.id)
    next_year = cite(index.plan.year + 1, plan_ref)
    heading = one_sentence(wording.render("arrangements.heading", next_year=next_year))
    related = relate_shortcomings(index)
    bodies: list[tuple[str, int | None, str]] = []
    for item in index.top_items:
        body = _item_body(index, wording, item, next_year, related.get(item.id, []))
        if body is not None:
            bodies.append((f"arrangement-{item.id}", item.id, body))
    if related.get(None):
        body = wording.render(
            "arrangements.shortcomings", next_year=next_year, shortcomings=cited_shortcomings(related[None])
        )
        bodies.append(("arrangement-shortcomings", None, body))
    parts = run_in_parts(bodies)
    if parts:
        intro = split_paragraphs(wording.render("arrangements.intro", next_year=next_year, issuer=issuer))
    else:
        all_tasks = task_refs(list(index.tasks.values()))
        intro = split_paragraphs(
            wording.render("arrangements.none", task_total=cited_count(all_tasks, [plan_ref]))
        )
    return Section("arrangements", "三、", heading, intro, parts)
