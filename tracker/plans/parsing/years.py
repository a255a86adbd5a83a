"""Which year a plan is for, judged as a clerk would and said out loud when it is a guess.

In order: the year the person gave; the year the plan part's own heading names (六、2026年度…主要安排,
二、2025年工作安排); a heading elsewhere that announces a year's work; the title (a report on 2025 plans
2026, a 政府工作报告 given in 2026 plans 2026, a 2026年工作要点 is for 2026); the document's date (a
落款 or 印发 date late in a year plans the next); a year in the file name; the years the plan part
itself names. Ranges and far targets (《纲要（2021—2035年）》, 到2035年, “十五五”) never set it.
"""

from __future__ import annotations

import re

from tracker.plans.parsing.lines import Line
from tracker.plans.parsing.numerals import plain_years, years_in

_SESSION_REPORT = re.compile(r"政府工作报告|管委会工作报告|管理委员会工作报告|常委会工作报告")
_ANNOUNCING = re.compile(r"安排|计划|要点|打算|重点工作|工作重点|主要任务|重点任务|工作任务")
_LOOKING_BACK = re.compile(r"回顾|总结|成效|情况|完成|做了")
_HEADING_WORDS = 40
_DATE = re.compile(
    r"^[—\-－\s]*((?:19|20)[0-9]{2})\s*年\s*([0-9]{1,2})\s*月(?:\s*[0-9]{1,2}\s*日)?\s*(?:印发|在|$)"
)
_LATE_MONTH = 10
"""A plan dated from October on is for the next year (it is written ahead of the year it plans)."""
_FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def announced_year(lines: list[Line]) -> int | None:
    """The latest year that a heading-like line announces work for (二、2026年工作安排), not one that
    looks back (一、2025年工作回顾)."""
    found = []
    for line in lines:
        words = re.split(r"[。：:！!]", line.text, maxsplit=1)[0]
        if len(words) > _HEADING_WORDS or not _ANNOUNCING.search(words) or _LOOKING_BACK.search(words):
            continue
        found.extend(plain_years(words))
    return max(found) if found else None


_YEAR_RANGE = re.compile(r"((?:19|20)[0-9]{2})[ \t]*年?[ \t]*[—–\-－~～至到][ \t]*(?:19|20)[0-9]{2}")
"""A range of years (2026—2028年, whose first year carries no 年)."""


def title_year(title: str, kind: str) -> int | None:
    """A report on a year plans the next one, except the reports given at a session (政府工作报告),
    which plan the year they are given in; a plan's title names its own (first) year."""
    if kind == "plan":
        named = [*years_in(title), *(int(first) for first in _YEAR_RANGE.findall(title))]
        return min(named) if named else None
    named = plain_years(title)
    if not named:
        return None
    year = max(named)
    return year if _SESSION_REPORT.search(title) or kind != "report" else year + 1


def dated_year(lines: list[Line]) -> int | None:
    """The plan year implied by the document's own date (落款, 印发, ——2026年1月26日在…会议上)."""
    for line in lines:
        match = _DATE.match(line.text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            return year + 1 if month >= _LATE_MONTH else year
    return None


def file_year(filename: str | None) -> int | None:
    match = _FILE_YEAR.search(filename or "")
    return int(match.group(1)) if match else None


def text_year(text: str, looks_back: bool) -> int | None:
    """From the years a text names: a report plans the year after the one it names most; a plan is
    for the first year it names (its deadlines start there: 2023年底前…，2025年底前…)."""
    named = plain_years(text)
    if not named:
        return None
    if looks_back:
        return max(set(named), key=named.count) + 1
    return min(named)
