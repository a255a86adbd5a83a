"""Bar charts as plain numbers for the SVG the templates draw: no chart library, nothing to fetch.

Pure functions: values in, bar lengths (as a share of the widest bar) out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tracker.dashboard.figures import Completion, IndicatorFigure


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0..1 of the chart's width
    text: str
    tone: str  # css class: done, overdue, baseline, target, actual


def completion_bars(rows: list[Completion]) -> list[list[Bar]]:
    """Per row: the done share and the overdue share of its tasks, as stacked bars."""
    return [
        [
            Bar(row.label, row.share_done, f"{row.done}/{row.total} 办结", "done"),
            Bar(row.label, row.overdue / row.total if row.total else 0.0, f"{row.overdue} 逾期", "overdue"),
        ]
        for row in rows
    ]


def _number(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def indicator_bars(figure: IndicatorFigure) -> list[Bar]:
    """Baseline, target and actual on one scale, so "比上年" can be read off the lengths."""
    values = [v for v in (figure.baseline, figure.target, figure.actual) if v is not None]
    widest = max(values, default=Decimal(0)) or Decimal(1)
    qualifier = figure.baseline_qualifier or ""
    year = f"{figure.baseline_year}年" if figure.baseline_year else "上年"
    return [
        Bar(
            year, float((figure.baseline or 0) / widest), f"{_number(figure.baseline)}{qualifier}", "baseline"
        ),
        Bar("目标", float((figure.target or 0) / widest), _number(figure.target), "target"),
        Bar("已完成", float(figure.actual / widest), _number(figure.actual), "actual"),
    ]
