"""一、主要举措和成效: one part per plan area (top-level item), in the plan's order and numbering style,
in the voice of a report to a superior: what was done (the progress entries, summarised), the year's
figures with their verbs and last year's for comparison, continuing work said to go on, and last
year's shortcomings rectified under the area. Nothing is invented: where the records say nothing, a
【待补充】 marker says what is missing.
"""

from __future__ import annotations

from tracker.reports.citing import cite, clause, gap, sentences_text, split_paragraphs
from tracker.reports.draft import Paragraph, Part, Section, Sentence, SourceRef
from tracker.reports.figures import chinese_date
from tracker.reports.index import YearIndex
from tracker.reports.numbering import Numbering
from tracker.reports.patterns import Patterns, heading_sentence
from tracker.reports.records import ItemRecord, ShortcomingRecord, TaskRecord
from tracker.reports.views import short_problem, without_adverbs
from tracker.reports.work import work_sentences
from tracker.reports.year_figures import CUMULATIVE, STOCK, YearFigure, year_figure


def comparison_text(figure: YearFigure, patterns: Patterns) -> str | None:
    """比上年增加5场, 与上年（60余次）基本持平…, cited by the figure's records."""
    compared = figure.comparison
    if compared is None:
        return None
    return patterns.fill(
        f"compare.{compared.change.value}",
        差额=cite(compared.difference, *figure.refs) if compared.difference else None,
        上年数量=cite(compared.baseline, figure.refs[0]),
    )


def figure_text(figure: YearFigure, patterns: Patterns, scope: str) -> str:
    name, amount = cite(figure.name, figure.refs[0]), cite(str(figure.quantity), *figure.refs)
    kind = figure.indicator.kind
    pattern = (
        "figure.cumulative" if kind == CUMULATIVE else "figure.stock" if kind == STOCK else "figure.rate"
    )
    return patterns.fill(pattern, 指标=name, 数量=amount, 范围=cite(scope, figure.refs[0]) if scope else None)


def figures_sentence(figures: list[YearFigure], patterns: Patterns, scope: str) -> str | None:
    """The figures the entries did not state, in one sentence: 全年共化解矛盾纠纷47起，比上年…"""
    if not figures:
        return None
    said = []
    for figure in figures:
        comparison = comparison_text(figure, patterns)
        said.append(figure_text(figure, patterns, scope) + (f"，{comparison}" if comparison else ""))
    joiner = "；" if any(figure.comparison for figure in figures) else "，"
    lead = patterns.fill("figures.lead") if figures[0].indicator.kind == CUMULATIVE else ""
    return lead + joiner.join(said)


def rectified_sentence(short: ShortcomingRecord, patterns: Patterns) -> str:
    ref = SourceRef("shortcoming", short.id)
    return patterns.fill(
        "achievements.rectified",
        问题=cite(short_problem(short.text), ref),
        整改措施=cite(clause(short.measures or ""), ref),
        日期=cite(chinese_date(short.on), ref) if short.on else None,
    )


def _gaps(index: YearIndex, tasks: list[TaskRecord], figures_missing: list[str]) -> list[str]:
    """Markers for what the records should hold about work that was done or goes on."""
    found = []
    for task in tasks:
        if task.id in index.entries_of_task:
            continue
        if task.continuing:
            found.append(gap(f"“{clause(task.title)}”本年度的开展情况", SourceRef("task", task.id)))
        elif task.done:
            found.append(gap(f"“{clause(task.title)}”的完成情况", SourceRef("task", task.id)))
    return found + figures_missing


def _continuing(index: YearIndex, item: ItemRecord, task: TaskRecord, patterns: Patterns) -> str | None:
    """将长期坚持、常态化推进: said of continuing work, after what it did this year."""
    if not task.continuing:
        return None
    title = without_adverbs(item.title if index.is_own_task(item, task) else task.title)
    return patterns.fill("achievements.continuing", 事项=cite(title, SourceRef("task", task.id)))


def _body(
    index: YearIndex,
    item: ItemRecord,
    patterns: Patterns,
    shortcomings: list[ShortcomingRecord],
    scope: str,
    warnings: list[str],
) -> list[str]:
    tasks = index.tasks_under(item)
    figures, missing = [], []
    for indicator in index.indicators_under(item):
        figure = year_figure(index, indicator, warnings)
        if figure is not None:
            figures.append(figure)
        elif indicator.baseline_value is not None or indicator.target is not None:
            missing.append(gap(f"指标“{indicator.name}”本年度的数据", SourceRef("indicator", indicator.id)))
    comparisons = {f.indicator.id: text for f in figures if (text := comparison_text(f, patterns))}
    told, stated = work_sentences(index, item, tasks, patterns, figures, comparisons)
    figures_of: dict[int | None, list[YearFigure]] = {}
    for figure in figures:
        if figure.indicator.id not in stated:
            task = index.task_of_item.get(figure.indicator.plan_item_id)
            figures_of.setdefault(task.id if task else None, []).append(figure)
    last = {owner: position for position, (owner, _sentence) in enumerate(told)}
    pieces: list[str | None] = []
    for position, (owner, sentence) in enumerate(told):
        pieces.append(sentence)
        if owner is not None and last[owner] == position:
            pieces.append(figures_sentence(figures_of.pop(owner, []), patterns, scope))
            pieces.append(_continuing(index, item, index.tasks[owner], patterns))
    pieces.append(figures_sentence([f for rest in figures_of.values() for f in rest], patterns, scope))
    pieces.extend(rectified_sentence(short, patterns) for short in shortcomings if short.rectified)
    if not any(pieces):
        return [
            gap(
                f"“{clause(item.title or item.text)}”本年度的工作举措和成效（没有进展记录）",
                SourceRef("item", item.id),
            )
        ]
    return [piece for piece in pieces if piece] + _gaps(index, tasks, missing)


def _lead(item: ItemRecord, marker: str, numbering: Numbering) -> Sentence:
    title = clause(item.title or item.text)
    ending = "。" if numbering is Numbering.RUN_IN else ""
    return Sentence(f"{marker}{title}{ending}", (SourceRef("item", item.id),))


def _part(
    key: str, item_id: int | None, marker: str, lead: Sentence, body: str, numbering: Numbering
) -> Part:
    paragraphs = split_paragraphs(body)
    if numbering is not Numbering.RUN_IN:
        return Part(key, marker, numbering.level, paragraphs, lead, item_id)
    first = Paragraph((lead, *paragraphs[0].sentences)) if paragraphs else Paragraph((lead,))
    return Part(key, marker, 0, (first, *paragraphs[1:]), None, item_id)


def compose_achievements(
    index: YearIndex,
    patterns: Patterns,
    numbering: Numbering,
    related: dict[int | None, list[ShortcomingRecord]],
    scope: str,
    warnings: list[str],
) -> Section:
    plan_ref = SourceRef("plan", index.plan.id)
    heading = heading_sentence(
        patterns, "heading.achievements", plan_ref, 年度=cite(index.plan.year, plan_ref)
    )
    parts = []
    for position, item in enumerate(index.top_items, start=1):
        body = _body(index, item, patterns, related.get(item.id, []), scope, warnings)
        marker = numbering.marker(position)
        lead = _lead(item, marker, numbering)
        parts.append(_part(f"achievement-{item.id}", item.id, marker, lead, sentences_text(body), numbering))
    unplaced = [short for short in related.get(None, []) if short.rectified]
    if unplaced:
        marker = numbering.marker(len(parts) + 1)
        title = clause(patterns.fill("achievements.rectification_part"))
        lead = Sentence(f"{marker}{title}{'。' if numbering is Numbering.RUN_IN else ''}", (plan_ref,))
        body = sentences_text([rectified_sentence(short, patterns) for short in unplaced])
        parts.append(_part("achievement-rectification", None, marker, lead, body, numbering))
    return Section("achievements", "一、", heading, (), tuple(parts))
