"""Bar charts as plain numbers for the bars the templates draw: no chart library, nothing to fetch.

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
    tone: str  # css class: baseline, target, actual


@dataclass(frozen=True)
class ProgressBar:
    """One row of a completion chart: the bar is the mean progress (进度), split into what its
    closed tasks (办结) give and what the open ones have reached; overdue is a thin line beneath."""

    label: str
    done_share: float
    open_share: float
    overdue_share: float
    text: str
    overdue_text: str | None


def progress_bar(row: Completion) -> ProgressBar:
    total = row.total or 1
    done_share = row.done / total
    progress = min(max(row.mean_percent / 100, 0.0), 1.0)
    return ProgressBar(
        row.label,
        done_share,
        max(progress - done_share, 0.0),
        row.overdue / total,
        f"进度 {round(row.mean_percent)}% · 办结 {row.done}/{row.total}",
        f"逾期 {row.overdue}" if row.overdue else None,
    )


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
