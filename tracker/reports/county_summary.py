"""The county's summary of its towns' year figures, indicator by indicator, from the towns' own drafts.

Each town's figure is computed exactly as its draft computes it (`year_figure` over the town's loaded
year), so a county number is the towns' draft numbers put together, never a second reckoning:

- towns that share an indicator name (same unit, same kind) make one row;
- 累计 and 现有 figures are added up (an approximate part makes the total approximate: 10余场 + 5场
  = 15余场, `quantities.total`); a 比率 is never added: the row lists each town's rate;
- every figure keeps its sources: the town, the task and the progress entries it was made of;
- a figure that cannot be put together (only one town has the indicator; the towns count it in
  different units or kinds; nothing was recorded this year; the town has no confirmed plan) is listed
  among the figures left out, with the reason. Nothing is dropped without a word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from tracker.organisations.models import Organisation
from tracker.reports.draft import SourceInfo, SourceRef
from tracker.reports.index import YearIndex
from tracker.reports.loading import load_year
from tracker.reports.quantities import Quantity, total
from tracker.reports.sources import KIND_WORDS, describe_sources
from tracker.reports.submissions import TownDraft
from tracker.reports.year_figures import RATE, YearFigure, year_figure


@dataclass(frozen=True)
class TownFigure:
    """One town's figure of an indicator, as its draft states it, with where it came from."""

    town: Organisation
    figure: YearFigure
    task: SourceInfo | None
    """The task the indicator belongs to (its plan item's task), if the item has one."""
    entries: tuple[SourceInfo, ...]
    """The recorded values the figure is made of: entry date, excerpt, link to the task."""

    @property
    def name(self) -> str:
        return self.figure.indicator.name.strip()

    @property
    def unit(self) -> str:
        return self.figure.indicator.unit

    @property
    def kind(self) -> str:
        return self.figure.indicator.kind


@dataclass(frozen=True)
class SummaryRow:
    name: str
    unit: str
    kind: str
    figures: tuple[TownFigure, ...]
    total: Quantity | None
    """The towns' figures added up; None for a rate, which is listed town by town."""

    @property
    def kind_word(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class LeftOut:
    """A figure (or a whole town) the summary does not add up, and why."""

    town: str
    indicator: str
    figure: str
    reason: str
    href: str | None = None


@dataclass(frozen=True)
class CountySummary:
    year: int
    rows: tuple[SummaryRow, ...]
    left_out: tuple[LeftOut, ...]


def _town_figures(
    session: Session, draft: TownDraft, as_of: date, left_out: list[LeftOut]
) -> list[TownFigure]:
    """The town's figures as its draft computes them; indicators without data go to `left_out`."""
    assert draft.plan is not None
    index = YearIndex(load_year(session, draft.plan, as_of))
    found = []
    for indicator in sorted(index.indicators.values(), key=lambda indicator: indicator.id):
        figure = year_figure(index, indicator, [])
        if figure is None:
            href = f"/plans/{draft.plan.id}"
            left_out.append(LeftOut(draft.town.name, indicator.name, "—", "本年度没有记录数据", href))
            continue
        task = index.task_of_item.get(indicator.plan_item_id)
        task_ref = (SourceRef("task", task.id),) if task else ()
        sources = describe_sources(index, (*figure.refs, *task_ref))
        entries = tuple(sources[ref] for ref in figure.refs if ref.kind == "increment")
        found.append(TownFigure(draft.town, figure, sources[task_ref[0]] if task_ref else None, entries))
    return found


def _why_not_together(figures: Sequence[TownFigure]) -> str | None:
    towns = {figure.town.id for figure in figures}
    if len(towns) < 2:
        return f"只有{figures[0].town.name}有此指标，没有可汇总的同名指标"
    units = {figure.unit for figure in figures}
    if len(units) > 1:
        said = "，".join(f"{figure.town.name}按“{figure.unit}”" for figure in figures)
        return f"各镇计量单位不同（{said}），不能相加"
    kinds = {figure.kind for figure in figures}
    if len(kinds) > 1:
        said = "，".join(
            f"{figure.town.name}为{KIND_WORDS.get(figure.kind, figure.kind)}" for figure in figures
        )
        return f"各镇指标类型不同（{said}），不能相加"
    return None


def _row(figures: Sequence[TownFigure]) -> SummaryRow:
    first = figures[0]
    summed = None
    if first.kind != RATE:
        quantities = [figure.figure.quantity for figure in figures]
        summed = total(
            sum((quantity.value for quantity in quantities), Decimal(0)),
            {quantity.qualifier for quantity in quantities if quantity.qualifier},
            first.unit,
        )
    return SummaryRow(first.name, first.unit, first.kind, tuple(figures), summed)


def county_summary(session: Session, drafts: Sequence[TownDraft], as_of: date) -> CountySummary:
    """The summary of the towns whose drafts are `drafts` (one year), figures as of `as_of`."""
    year = drafts[0].year if drafts else as_of.year
    left_out: list[LeftOut] = []
    by_name: dict[str, list[TownFigure]] = defaultdict(list)
    for draft in drafts:
        if draft.plan is None:
            left_out.append(LeftOut(draft.town.name, "（全部指标）", "—", draft.note))
            continue
        for figure in _town_figures(session, draft, as_of, left_out):
            by_name[figure.name].append(figure)
    rows = []
    for name in sorted(by_name):
        figures = by_name[name]
        reason = _why_not_together(figures)
        if reason is None:
            rows.append(_row(figures))
            continue
        for figure in figures:
            href = figure.task.href if figure.task else None
            left_out.append(LeftOut(figure.town.name, name, str(figure.figure.quantity), reason, href))
    return CountySummary(year, tuple(rows), tuple(left_out))
