"""Numbers, dates and ordinals as an official report writes them: 12场, 97.9%, 2026年12月31日, 三是."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import cn2an


def amount(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 12.0000 → 12, 97.90 → 97.9."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def quantity(value: Decimal, unit: str, qualifier: str | None = None) -> str:
    """A figure with its unit: 32名, 10余场, 97.9%."""
    return f"{amount(value)}{qualifier or ''}{unit}"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_number(number: int) -> str:
    """一, 十, 十一, 二十一: the numerals of 一是 and （一）."""
    return str(cn2an.an2cn(number))
