"""Dates and ordinals as an official report writes them: 2026年12月31日, 3月10日, 三是."""

from __future__ import annotations

from datetime import date

import cn2an


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def chinese_number(number: int) -> str:
    """一, 十, 十一, 二十一: the numerals of 一是 and （一）."""
    return str(cn2an.an2cn(number))
