"""四、下一年度主要安排: next year's draft plan, from the work carried over (unfinished, and continuing
work whether done or not) and the shortcomings not yet rectified, item by item in this year's order.

It is written as 一是/二是 paragraphs under a heading the plan parser recognises
(X年度推进法治政府建设的主要安排), so the same text imports again as next year's plan (see
`tracker.reports.rollover`): an item's title, then its unfinished areas in one list (包括A、B等方面,
which the parser splits by area), its continuing areas likewise, each other task as a sentence of its
own, and each open shortcoming (切实整改…的问题). Continuing work says 常态化推进, never a deadline.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.reports.citing import cite, clause, sentences_text, split_paragraphs
from tracker.reports.draft import Section, Sentence, SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.patterns import Patterns
from tracker.reports.records import ItemRecord, ShortcomingRecord, TaskRecord
from tracker.reports.views import is_area, run_in_parts, short_problem, states_its_deadline

HEADING = "{year}年度推进法治政府建设的主要安排"
"""Fixed, not a pattern: the plan parser finds next year's plan by this heading."""


def is_carried(task: TaskRecord) -> bool:
    """Unfinished work goes on next year, and so does work that recurs or never ends."""
    return not task.done or task.continuing


def _cited(task: TaskRecord) -> str:
    return cite(clause(task.title), SourceRef("task", task.id))


def _task_sentence(task: TaskRecord, patterns: Patterns, next_year: str) -> str:
    if task.continuing:
        return patterns.fill("arrangements.continuing", 事项=_cited(task))
    if states_its_deadline(task.title):
        return _cited(task)  # 5月底前组织…: next year's May, not 确保…年底前完成 after it
    return patterns.fill("arrangements.carried", 事项=_cited(task), 下一年度=next_year)


def _item_body(
    index: YearIndex,
    patterns: Patterns,
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
    title = cite(clause(item.title or item.text), SourceRef("item", item.id))
    if own and all(task.continuing for task in own):
        pieces = [patterns.fill("arrangements.continuing", 事项=title)]
    elif own and not states_its_deadline(item.title or item.text):
        pieces = [patterns.fill("arrangements.carried", 事项=title, 下一年度=next_year)]
    else:
        pieces = [title]
    unfinished_areas = [_cited(task) for task in areas if not task.continuing]
    continuing_areas = [_cited(task) for task in areas if task.continuing]
    if unfinished_areas:
        pieces.append(
            patterns.fill("arrangements.areas", 事项="、".join(unfinished_areas), 下一年度=next_year)
        )
    if continuing_areas:
        pieces.append(patterns.fill("arrangements.recurring_areas", 事项="、".join(continuing_areas)))
    pieces.extend(_task_sentence(task, patterns, next_year) for task in others if task not in areas)
    pieces.extend(_shortcoming_sentence(short, patterns, next_year) for short in shortcomings)
    return sentences_text(pieces)


def _shortcoming_sentence(short: ShortcomingRecord, patterns: Patterns, next_year: str) -> str:
    problem = cite(short_problem(short.text), SourceRef("shortcoming", short.id))
    return patterns.fill("arrangements.shortcoming", 问题=problem, 下一年度=next_year)


def compose_arrangements(
    index: YearIndex, patterns: Patterns, issuer: str, related: dict[int | None, list[ShortcomingRecord]]
) -> Section:
    plan_ref = SourceRef("plan", index.plan.id)
    next_year = cite(index.plan.year + 1, plan_ref)
    heading = Sentence(HEADING.format(year=index.plan.year + 1), (plan_ref,))
    open_ones = {key: [short for short in shorts if not short.rectified] for key, shorts in related.items()}
    bodies: list[tuple[str, int | None, str]] = []
    for item in index.top_items:
        body = _item_body(index, patterns, item, next_year, open_ones.get(item.id, []))
        if body is not None:
            bodies.append((f"arrangement-{item.id}", item.id, body))
    for short in open_ones.get(None, []):
        body = sentences_text([_shortcoming_sentence(short, patterns, next_year)])
        bodies.append((f"arrangement-shortcoming-{short.id}", None, body))
    if bodies:
        issuer_text = cite(issuer, plan_ref) if issuer else None
        intro = sentences_text([patterns.fill("arrangements.intro", 下一年度=next_year, 单位=issuer_text)])
    else:
        intro = sentences_text([patterns.fill("arrangements.none", 年度=cite(index.plan.year, plan_ref))])
    return Section("arrangements", "四、", heading, split_paragraphs(intro), run_in_parts(bodies))


@dataclass(frozen=True)
class Piece:
    """One sentence of the arrangements written as a plan: where it is and what it came from."""

    start: int
    end: int
    sources: tuple[SourceRef, ...]


def arrangement_document(section: Section) -> tuple[str, list[Piece]]:
    """The arrangements as a plan document (the heading line, then one line per paragraph), with
    where each sentence landed in it."""
    text = section.heading.text + "\n"
    pieces: list[Piece] = []
    for paragraph in section.paragraphs():
        for sentence in paragraph.sentences:
            pieces.append(Piece(len(text), len(text) + len(sentence.text), sentence.sources))
            text += sentence.text
        text += "\n"
    return text, pieces
