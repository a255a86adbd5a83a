"""Figures as a report states them, approximate ones included (10余场, 近百人, 约3万元, 20件以上), and
how this year's figure compares with last year's without pretending an approximate figure is exact.

"10余场" means somewhat more than ten: 15 is more (多于上年的10余场), 58 against "60余次" is about the
same (与上年（60余次）基本持平), and neither is ever subtracted as if it were a count. Only two exact
figures give a difference (比上年增加5场); a rate's difference is in 百分点.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

LOWER_BOUNDS = ("余", "多", "以上")
"""Qualifiers meaning "more than": the figure is its lower end."""
AROUND = ("约",)
BELOW = ("近",)
QUALIFIERS = (*LOWER_BOUNDS, *AROUND, *BELOW)
TOLERANCE = Decimal("0.1")
"""An approximate figure stands for a range a tenth of its number wide (10余 → 10 to 11), and two
ranges closer than a tenth of last year's number (at least one unit, or 0.1 of a rate) are 基本持平.
Further apart, this year's figure is 多于 or 少于 last year's as it was stated — never by a
difference, which only two exact figures have."""


def amount(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 12.0000 → 12, 97.90 → 97.9."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    qualifier: str | None = None

    @property
    def exact(self) -> bool:
        return not self.qualifier

    def bounds(self) -> tuple[Decimal, Decimal]:
        """The range the figure stands for: 10余 is 10 to 11, 近100 is 90 to 100, 约10 is 9 to 11."""
        value, spread = self.value, self.value * TOLERANCE
        if self.qualifier in LOWER_BOUNDS:
            return value, value + spread
        if self.qualifier in BELOW:
            return value - spread, value
        if self.qualifier in AROUND:
            return value - spread, value + spread
        return value, value

    def __str__(self) -> str:
        number, qualifier = amount(self.value), self.qualifier or ""
        if qualifier in AROUND or qualifier in BELOW:
            return f"{qualifier}{number}{self.unit}"
        if qualifier == "以上":
            return f"{number}{self.unit}以上"
        return f"{number}{qualifier}{self.unit}"


def total(value: Decimal, qualifiers: set[str], unit: str) -> Quantity:
    """The sum of a year's increments, given as their sum and the approximation words they carry:
    exact only when no part is approximate; "约" when any part is about, else the "more than" word
    the parts share (余 when they differ)."""
    if not qualifiers:
        return Quantity(value, unit)
    if qualifiers & {*AROUND, *BELOW}:
        return Quantity(value, unit, "约")
    return Quantity(value, unit, next(iter(qualifiers)) if len(qualifiers) == 1 else "余")


class Change(enum.StrEnum):
    """How this year's figure stands against last year's: each has a sentence pattern."""

    MORE = "more"  # 比上年增加〔差额〕
    LESS = "less"  # 比上年减少〔差额〕
    SAME = "same"  # 与上年持平
    RATE_UP = "rate_up"  # 比上年提高〔差额〕个百分点
    RATE_DOWN = "rate_down"  # 比上年降低〔差额〕个百分点
    APPROX_MORE = "approx_more"  # 多于上年的〔上年数量〕
    APPROX_LESS = "approx_less"  # 少于上年的〔上年数量〕
    APPROX_HIGHER = "approx_higher"  # 高于上年的〔上年数量〕 (a rate)
    APPROX_LOWER = "approx_lower"  # 低于上年的〔上年数量〕 (a rate)
    APPROX_SAME = "approx_same"  # 与上年（〔上年数量〕）基本持平


@dataclass(frozen=True)
class Comparison:
    change: Change
    difference: str | None
    """The exact difference (5场, 0.3), only when both figures are exact."""
    baseline: str
    """Last year's figure as stated (10余场)."""


def compare(current: Quantity, baseline: Quantity, *, rate: bool = False) -> Comparison:
    """This year against last year: a difference between exact figures (in 百分点 for a rate),
    otherwise more, less or about the same, with last year's figure as it was stated."""
    stated = str(baseline)
    if current.exact and baseline.exact:
        difference = current.value - baseline.value
        if not difference:
            return Comparison(Change.SAME, None, stated)
        text = amount(abs(difference)) + ("" if rate else current.unit)
        if rate:
            return Comparison(Change.RATE_UP if difference > 0 else Change.RATE_DOWN, text, stated)
        return Comparison(Change.MORE if difference > 0 else Change.LESS, text, stated)
    low, high = current.bounds()
    base_low, base_high = baseline.bounds()
    margin = max(baseline.value * TOLERANCE, Decimal("0.1") if rate else Decimal(1))
    if low - base_high > margin:
        return Comparison(Change.APPROX_HIGHER if rate else Change.APPROX_MORE, None, stated)
    if base_low - high > margin:
        return Comparison(Change.APPROX_LOWER if rate else Change.APPROX_LESS, None, stated)
    return Comparison(Change.APPROX_SAME, None, stated)
