"""The reporting periods of recurring and ongoing tasks (进度填报): month, quarter, term, year."""

from __future__ import annotations

import calendar
from datetime import date


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def current_period(kind: str, day: date) -> tuple[date, date, str]:
    """(first day, last day, Chinese label) of the `kind` period holding `day`.

    Terms follow the school year the plans speak of (每学期): spring from 3月1日, autumn from 9月1日.
    Ongoing tasks (长期坚持/常态化) check in quarterly; an unknown kind is treated as a quarter too.
    """
    year, month = day.year, day.month
    if kind == "month":
        return date(year, month, 1), _month_end(year, month), f"{year}年{month}月"
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31), f"{year}年"
    if kind == "term":
        if 3 <= month <= 8:
            return date(year, 3, 1), date(year, 8, 31), f"{year}年春季学期"
        start_year = year if month >= 9 else year - 1
        return date(start_year, 9, 1), _month_end(start_year + 1, 2), f"{start_year}年秋季学期"
    quarter = (month - 1) // 3
    first_month = quarter * 3 + 1
    return (
        date(year, first_month, 1),
        _month_end(year, first_month + 2),
        f"{year}年第{'一二三四'[quarter]}季度",
    )
