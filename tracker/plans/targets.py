"""Indicator suggestions for a plan item: the figure its own words set as a target (培育“法律明白人”
60名以上 → 法律明白人, 名, 60) and, when the report gave one, last year's figure under the same name,
with the kind the wording proposes: a standing total where the report says 现有/共有 (全镇现有“法律
明白人”32名), a rate for a …率 or a percentage (调解成功率达97.9%), else a count of the year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tracker.plans.models import Baseline, Plan, PlanItem
from tracker.plans.parsing.baselines import find_baselines
from tracker.tasks.models import IndicatorKind


@dataclass(frozen=True)
class IndicatorSuggestion:
    name: str
    unit: str
    target: Decimal | None
    baseline: Baseline | None
    kind: IndicatorKind = IndicatorKind.CUMULATIVE


_STOCK_WORDS = re.compile(r"现有|共有|现存|总数|总人数|保有|拥有|在册|在岗")
_CONTEXT_CHARS = 16


def propose_kind(name: str, unit: str, before: str = "") -> IndicatorKind:
    """The kind a figure's wording proposes: 比率 for a rate, 现有 when the words just before it say
    the figure is what there is now (现有/共有…), else 累计 (a count of the year)."""
    if unit in ("%", "％") or name.endswith("率"):
        return IndicatorKind.RATE
    clause = re.split(r"[。；;，,]", before[-_CONTEXT_CHARS:])[-1]
    if _STOCK_WORDS.search(clause + name):
        return IndicatorKind.STOCK
    return IndicatorKind.CUMULATIVE


def baseline_kind(plan: Plan, baseline: Baseline) -> IndicatorKind:
    """`propose_kind` for a baseline, read from the report's own words before the figure."""
    start = baseline.span_start or 0
    return propose_kind(
        baseline.name, baseline.unit, plan.source_text[max(0, start - _CONTEXT_CHARS) : start]
    )


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
        kind = baseline_kind(plan, baseline) if baseline else propose_kind(figure.name, figure.unit)
        return IndicatorSuggestion(figure.name, figure.unit, figure.value, baseline, kind)
    for baseline in plan.baselines:
        if baseline.name in item.text:
            return IndicatorSuggestion(
                baseline.name, baseline.unit, None, baseline, baseline_kind(plan, baseline)
            )
    return None


def proposed_kind(plan: Plan, baseline: Baseline | None) -> IndicatorKind:
    """The kind of an indicator added without one: what its baseline's wording proposes, else 累计."""
    return baseline_kind(plan, baseline) if baseline is not None else IndicatorKind.CUMULATIVE
