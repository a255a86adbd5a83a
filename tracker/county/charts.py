"""A town's progress over the year as a small line chart, drawn by the template as inline SVG.

Pure geometry: monthly values in, coordinates out. Every town's chart has the same scale (January to
December, 0 to 100%), so twenty small charts side by side compare at a glance; the county's line is
drawn behind each town's for the same reason. Nothing is fetched or run in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 320, 130
"""The viewBox; the template shows it at the width of its card, text scaling with it."""
LEFT, RIGHT, TOP, BOTTOM = 34, 308, 10, 104
"""The plot area inside the viewBox: room for the percent labels left and month labels below."""
MONTH_LABELS = (1, 4, 7, 10, 12)
PERCENT_LINES = (0, 50, 100)


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class TrendChart:
    town: list[Point]
    county: list[Point]
    months: list[Tick]
    """x of each labelled month."""
    percents: list[Tick]
    """y of each horizontal line (0, 50, 100%)."""
    summary: str
    """What the chart says, in words, for its accessible label and for a reader without the image."""

    @property
    def town_points(self) -> str:
        return _points(self.town)

    @property
    def county_points(self) -> str:
        return _points(self.county)


def _points(points: Sequence[Point]) -> str:
    return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in points)


def month_x(month: int) -> float:
    return LEFT + (RIGHT - LEFT) * (month - 1) / 11


def percent_y(percent: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * min(max(percent, 0.0), 100.0) / 100


def trend_chart(
    name: str, months: Sequence[int], town: Sequence[float], county: Sequence[float]
) -> TrendChart:
    """`town`'s and the county's mean progress at the end of each of `months` as chart points."""
    words = "，".join(f"{month}月 {round(value)}%" for month, value in zip(months, town, strict=True))
    return TrendChart(
        town=[Point(month_x(m), percent_y(v)) for m, v in zip(months, town, strict=True)],
        county=[Point(month_x(m), percent_y(v)) for m, v in zip(months, county, strict=True)],
        months=[Tick(month_x(m), f"{m}月") for m in MONTH_LABELS],
        percents=[Tick(percent_y(p), f"{p}%") for p in PERCENT_LINES],
        summary=f"{name}各月末平均进度：{words or '本年尚无数据'}",
    )
