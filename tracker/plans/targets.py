"""Indicator suggestions for a plan item: the figure its own words set as a target (培育“法律明白人”
60名以上 → 法律明白人, 名, 60) and, when the report gave one, last year's figure under the same name."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tracker.plans.models import Baseline, Plan, PlanItem
from tracker.plans.parsing.baselines import find_baselines


@dataclass(frozen=True)
class IndicatorSuggestion:
    name: str
    unit: str
    target: Decimal | None
    baseline: Baseline | None


def _same_figure(name: str, unit: str, baseline: Baseline) -> bool:
    return baseline.unit == unit and (name in baseline.name or baseline.name in name)


def suggest_indicator(plan: Plan, item: PlanItem) -> IndicatorSuggestion | None:
    """The first target figure in the item's words, with its baseline; else the first baseline whose
    name the item mentions; else None."""
    if item.span_start is not None and item.span_end is not None:
        figures = find_baselines(plan.source_text, [(item.span_start, item.span_end)], plan.year)
    else:
        figures = find_baselines(item.text, [(0, len(item.text))], plan.year)
    if figures:
        figure = figures[0]
        baseline = next((b for b in plan.baselines if _same_figure(figure.name, figure.unit, b)), None)
        return IndicatorSuggestion(figure.name, figure.unit, figure.value, baseline)
    for baseline in plan.baselines:
        if baseline.name in item.text:
            return IndicatorSuggestion(baseline.name, baseline.unit, None, baseline)
    return None
