"""主要举措和成效: one part per top-level plan item, in the plan's order and numbering style, saying
what was done (progress entries), the year's figures (sums of recorded increments, against last
year's baseline) and how far its tasks got. An item without any record says so."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tracker.reports.citing import cite, clause, one_sentence, split_paragraphs
from tracker.reports.draft import Paragraph, Part, Section, Sentence, SourceRef
from tracker.reports.figures import amount, quantity
from tracker.reports.index import YearIndex
from tracker.reports.numbering import Numbering
from tracker.reports.records import IndicatorRecord, ItemRecord, TaskRecord
from tracker.reports.tally import Tally
from tracker.reports.views import item_view
from tracker.reports.wording import Wording


@dataclass(frozen=True)
class WorkLine:
    """What one task's progress entries say, in date order."""

    task: str
    entries: tuple[str, ...]
    evidence: str | None
    own: bool
    """The task says what the plan item says (see `YearIndex.is_own_task`): its title is the part's."""


@dataclass(frozen=True)
class Figure:
    """One indicator's total for the year: the sum of its recorded increments, and the change
    against last year's baseline when there is one."""

    name: str
    total: str
    unit: str
    baseline: str | None
    change: str | None
    change_word: str | None
    change_unit: str


def _work_line(index: YearIndex, item: ItemRecord, task: TaskRecord) -> WorkLine | None:
    entries = index.entries_of_task.get(task.id)
    if not entries:
        return None
    texts = tuple(
        cite(
            entry.text,
            SourceRef("entry", entry.id),
            *(SourceRef("evidence", evidence.id) for evidence in index.evidence_of_entry.get(entry.id, ())),
        )
        for entry in entries
    )
    evidence_refs = [
        SourceRef("evidence", evidence.id) for evidence in index.evidence_of_task.get(task.id, ())
    ]
    evidence = cite(len(evidence_refs), *evidence_refs) if evidence_refs else None
    return WorkLine(
        cite(task.title, SourceRef("task", task.id)), texts, evidence, index.is_own_task(item, task)
    )


def _figure(index: YearIndex, indicator: IndicatorRecord, warnings: list[str]) -> Figure | None:
    increments = index.increments_of_indicator.get(indicator.id)
    if not increments:
        return None
    if indicator.unit == "%" and len(increments) > 1:
        warnings.append(
            f"指标“{indicator.name}”以百分比计，已填报{len(increments)}次，百分比不能相加，未写入草稿。"
        )
        return None
    refs = [SourceRef("indicator", indicator.id), *(SourceRef("increment", inc.id) for inc in increments)]
    total = sum((increment.amount for increment in increments), Decimal(0))
    baseline = change = change_word = None
    if indicator.baseline_value is not None:
        baseline_text = quantity(indicator.baseline_value, indicator.unit, indicator.baseline_qualifier)
        baseline = cite(baseline_text, refs[0])
        difference = total - indicator.baseline_value
        change_word = "增加" if difference > 0 else "减少" if difference < 0 else "持平"
        change = cite(amount(abs(difference)), *refs) if difference else None
    return Figure(
        name=cite(indicator.name, refs[0]),
        total=cite(amount(total), *refs),
        unit=indicator.unit,
        baseline=baseline,
        change=change,
        change_word=change_word,
        change_unit="个百分点" if indicator.unit == "%" else indicator.unit,
    )


def _lead(item: ItemRecord, marker: str, numbering: Numbering) -> Sentence:
    title = clause(item.title or item.text)
    ending = "。" if numbering is Numbering.RUN_IN else ""
    return Sentence(f"{marker}{title}{ending}", (SourceRef("item", item.id),))


def _part(
    index: YearIndex,
    wording: Wording,
    item: ItemRecord,
    marker: str,
    numbering: Numbering,
    warnings: list[str],
) -> Part:
    tasks = index.tasks_under(item)
    work = [line for task in tasks if (line := _work_line(index, item, task)) is not None]
    figures = [
        fig for ind in index.indicators_under(item) if (fig := _figure(index, ind, warnings)) is not None
    ]
    body = wording.render(
        "achievements.item",
        item.category,
        item=item_view(item),
        work=work,
        figures=figures,
        tally=Tally.of(tasks, SourceRef("item", item.id)),
        has_record=bool(work or figures),
        year=cite(index.plan.year, SourceRef("plan", index.plan.id)),
    )
    paragraphs = split_paragraphs(body)
    lead = _lead(item, marker, numbering)
    if numbering is not Numbering.RUN_IN:
        return Part(f"achievement-{item.id}", marker, numbering.level, paragraphs, lead, item.id)
    first = Paragraph((lead, *paragraphs[0].sentences)) if paragraphs else Paragraph((lead,))
    return Part(f"achievement-{item.id}", marker, 0, (first, *paragraphs[1:]), None, item.id)


def compose_achievements(
    index: YearIndex, wording: Wording, numbering: Numbering, warnings: list[str]
) -> Section:
    plan_ref = SourceRef("plan", index.plan.id)
    year = cite(index.plan.year, plan_ref)
    heading = one_sentence(wording.render("achievements.heading", year=year))
    parts = tuple(
        _part(index, wording, item, numbering.marker(position), numbering, warnings)
        for position, item in enumerate(index.top_items, start=1)
    )
    return Section("achievements", "一、", heading, (), parts)
