"""When an item is due, from the way plans say it, in the plan year.

One-off deadlines (6月底前, 年底前, 上半年, 第三季度, 12月4日, 国家宪法日…) take the latest date an item
names; recurring work (每月, 每季度, 每学期…) lists every due date of the year; ongoing work (长期坚持,
持续推进, 常态化) gets quarterly check-ins instead of a deliverable. Nothing said: the year's last day,
with no phrase, so the review page can mark it as a default to confirm.
"""

from __future__ import annotations

import calendar as month_calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tracker import calendar
from tracker.plans.parsing.actions import ACTION_VERBS
from tracker.plans.parsing.numerals import ascii_digits, small_hanzi
from tracker.plans.parsing.result import Recurrence

_MONTH = r"(?P<m>1[0-2]|0?[1-9]|１[０-２]|０?[１-９]|十[一二]?|[一二三四五六七八九])"
_DAY = (
    r"(?P<d>[12][0-9]|3[01]|0?[1-9]|[１２][０-９]|３[０１]|０?[１-９]"
    r"|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
)
_YEAR = r"(?:(?P<y>(?:19|20)[0-9]{2})\s*年\s*)?"
_UNTIL = r"(?:前|之前|以前|止|为止)?"

FIXED_DAYS = {
    "国家宪法日": (12, 4),
    "全国法制宣传日": (12, 4),
    "宪法宣传周": (12, 7),
    "民法典宣传月": (5, 31),
    "全民国家安全教育日": (4, 15),
    "国家安全教育日": (4, 15),
    "国际禁毒日": (6, 26),
    "消费者权益保护日": (3, 15),
    "世界知识产权日": (4, 26),
    "知识产权宣传周": (4, 26),
    "防灾减灾日": (5, 12),
    "安全生产月": (6, 30),
    "12·4": (12, 4),
    "4·15": (4, 15),
    "6·26": (6, 26),
    "3·15": (3, 15),
}
_FIXED = re.compile("|".join(re.escape(name) for name in sorted(FIXED_DAYS, key=len, reverse=True)))
_FULL_DATE = re.compile(_YEAR + _MONTH + r"\s*月\s*" + _DAY + r"\s*[日号]" + _UNTIL)
_NUMERIC_DATE = re.compile(
    r"(?P<y>20[0-9]{2})[.\-/／．](?P<m>1[0-2]|0?[1-9])[.\-/／．](?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])"
)
_MONTH_DATE = re.compile(
    _YEAR + r"(?<![0-9个每])" + _MONTH + r"\s*(?:月份|月)\s*(?P<q>底|末|中旬|上旬|下旬|初|中)?" + _UNTIL
)
_YEAR_END = re.compile(
    r"(?:(?P<y>20[0-9]{2})\s*(?:年\s*(?=年)|(?=年[底末内终])))?(?:年底前|年底|年末|年内|年度内|本年度|全年|年终)"
)
_BY_YEAR = re.compile(
    r"(?:到|至|截至)(?P<y>20[0-9]{2})\s*年(?:底|末)?(?![0-9一二三四五六七八九十]{1,2}\s*月)"
)
"""A target year (到2023年，培育…): the work is due by that year's end."""
_HALF = re.compile(r"(?:(?P<y>20[0-9]{2})\s*年\s*)?(?P<h>上半年|年中|下半年)")
_QUARTER = re.compile(r"(?<!每)(?<!每个)(?:第)?(?P<q>[一二三四1-4])\s*季度(?!\s*一次)")
_BEFORE_HANZI_MONTH = set("年于在至到从自前止，,、；;：:（(") | {"\n", " ", "\u3000"}
_HOLIDAY = re.compile(r"(?P<h>春节|国庆节|国庆|五一|劳动节|元旦)(?:前|之前|以前)")
_RECURRENCE = (
    ("week", re.compile(r"每周|每星期|每个星期|按周")),
    ("month", re.compile(r"每月|每个月|按月|逐月|月度")),
    ("quarter", re.compile(r"每季度?|每个季度|按季度?|逐季|季度性|一季度一次")),
    ("half_year", re.compile(r"每半年|半年一次")),
    ("term", re.compile(r"每学期|每个学期|学期初|开学初|开学季|每年开学")),
    ("year", re.compile(r"每年度?|一年一次")),
)
_ONGOING = re.compile(
    r"长期(?:坚持|开展|推进|实施|执行|保持|抓好)|^\s*长期\s*$|持续推进|持续开展|持续抓好|常态化|常抓不懈|经常性"
    r"|贯穿全年|不间断|久久为功"
)
"""长期 alone is ongoing only as a whole deadline cell: in running text it qualifies a noun (长期护理保险,
超长期特别国债, 长期资本)."""
_DOES = re.compile(
    ACTION_VERBS.pattern
    + r"|通报|召开|开学|举办|报告|汇报|调度|会商|研判|巡查|排查|走访|听取|测评|轮训|至少|不少于|不低于|定期"
    r"|[均都要须应末底初]|[0-9一二两三四五六七八九十]+\s*[次场期批轮]"
)
"""What follows a cycle word in recurring work (每月报送, 每季度末, 每年组织一次, 每周1次): a rate
(每人每月2375元), a programme's name (“每周半天计划”) or a capacity (每年混凝土产能…) is none."""
_QUARTER_ENDS = ((3, 31), (6, 30), (9, 30), (12, 31))


@dataclass(frozen=True)
class Timing:
    deadline: date
    phrase: str | None
    recurrence: Recurrence | None = None
    ongoing: bool = False


def default_timing(plan_year: int) -> Timing:
    return Timing(date(plan_year, 12, 31), None)


def _month_end(year: int, month: int) -> date:
    return date(year, month, month_calendar.monthrange(year, month)[1])


def _number(text: str | None) -> int | None:
    if not text:
        return None
    text = ascii_digits(text)
    return int(text) if text.isdigit() else small_hanzi(text)


def _year(match: re.Match[str], plan_year: int) -> int:
    year = match.groupdict().get("y")
    return int(year) if year else plan_year


def _safe_date(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month or 0, day or 0)
    except ValueError:
        return None


def _spring_festival_eve(year: int) -> date | None:
    if not calendar.covers(year):
        return None
    day = date(year, 1, 1)
    while day.month <= 3:
        if calendar.holiday_name(day) == "春节":
            return day - timedelta(days=1)
        day += timedelta(days=1)
    return None


def _holiday(name: str, year: int) -> date | None:
    if name == "春节":
        return _spring_festival_eve(year)
    month, day = {"国庆节": (9, 30), "国庆": (9, 30), "五一": (4, 30), "劳动节": (4, 30), "元旦": (12, 31)}[
        name
    ]
    return date(year, month, day)


def _month_date(match: re.Match[str], year: int) -> date | None:
    month = _number(match.group("m"))
    if month is None or not 1 <= month <= 12:
        return None
    day = {"中旬": 20, "中": 20, "上旬": 10, "初": 10}.get(match.group("q") or "")
    return date(year, month, day) if day else _month_end(year, month)


def _standalone(text: str, match: re.Match[str]) -> bool:
    """A month in Chinese numerals must start a phrase: 统一月度 holds no 一月."""
    month = match.groupdict().get("m")
    if not month or month[0].isdigit() or match.groupdict().get("y") or match.start() == 0:
        return True
    return text[match.start() - 1] in _BEFORE_HANZI_MONTH


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], int], date | None]], ...] = (
    (_FIXED, lambda m, y: date(y, *FIXED_DAYS[m.group()])),
    (_FULL_DATE, lambda m, y: _safe_date(y, _number(m.group("m")), _number(m.group("d")))),
    (_NUMERIC_DATE, lambda m, y: _safe_date(y, int(m.group("m")), int(m.group("d")))),
    (_HOLIDAY, lambda m, y: _holiday(m.group("h"), y)),
    (_MONTH_DATE, _month_date),
    (_YEAR_END, lambda m, y: date(y, 12, 31)),
    (_BY_YEAR, lambda m, y: date(y, 12, 31)),
    (_HALF, lambda m, y: date(y, 6, 30) if m.group("h") in ("上半年", "年中") else date(y, 12, 31)),
    (_QUARTER, lambda m, y: date(y, *_QUARTER_ENDS[(_number(m.group("q")) or 4) - 1])),
)
"""Longer spellings first, so 12月4日 is not also 12月."""
_DATE_HINT = re.compile(r"[月日年季节号周·]|国庆|五一|元旦|20[0-9]{2}[.\-/／．]")
"""Something every phrase above holds: text without it names no date, and the nine readers are spared."""


def _dates(text: str, plan_year: int) -> list[tuple[date, str]]:
    """Every (date, phrase) the text names, each stretch of it read once."""
    found: list[tuple[date, str]] = []
    if not _DATE_HINT.search(text):
        return found
    taken: list[tuple[int, int]] = []
    for pattern, read in _READERS:
        for match in pattern.finditer(text):
            if any(match.start() < b and a < match.end() for a, b in taken) or not _standalone(text, match):
                continue
            day = read(match, _year(match, plan_year))
            if day is not None:
                found.append((day, match.group().strip()))
                taken.append((match.start(), match.end()))
    return found


def due_dates(every: str, plan_year: int, at_term_start: bool = False) -> tuple[date, ...]:
    """The due dates of recurring work inside the plan year (terms begin about 3月1日 and 9月1日)."""
    if every == "week":
        first_friday = date(plan_year, 1, 1) + timedelta(days=(4 - date(plan_year, 1, 1).weekday()) % 7)
        return tuple(d for d in (first_friday + timedelta(weeks=n) for n in range(53)) if d.year == plan_year)
    if every == "month":
        return tuple(_month_end(plan_year, month) for month in range(1, 13))
    if every == "quarter":
        return tuple(date(plan_year, month, day) for month, day in _QUARTER_ENDS)
    if every == "half_year":
        return (date(plan_year, 6, 30), date(plan_year, 12, 31))
    if every == "term":
        ends = ((3, 31), (9, 30)) if at_term_start else ((6, 30), (12, 31))
        return tuple(date(plan_year, month, day) for month, day in ends)
    return (date(plan_year, 12, 31),)


def _recurs(text: str, match: re.Match[str]) -> bool:
    """The cycle word says how often the work is done, not a rate, a name or a capacity."""
    before = text[: match.start()]
    if before.rfind("“") > before.rfind("”") or before[-2:-1] == "每":
        return False
    rest = text[match.end() : match.end() + 8].lstrip(" \t\u3000")
    return not rest or rest[0] in "，,。；;）)、\n" or bool(_DOES.match(rest))


def _recurrence(text: str, plan_year: int) -> tuple[Recurrence, str] | None:
    for every, pattern in _RECURRENCE:
        match = next((found for found in pattern.finditer(text) if _recurs(text, found)), None)
        if match:
            at_start = bool(re.search(r"开学|学期初", text))
            return Recurrence(every, due_dates(every, plan_year, at_start)), match.group()
    return None


def find_timing(text: str, plan_year: int) -> Timing | None:
    """The timing the text states, or None when it states none."""
    dates = _dates(text, plan_year)
    recurring = _recurrence(text, plan_year)
    ongoing = _ONGOING.search(text)
    if not dates and recurring is None and ongoing is None:
        return None
    if dates:
        deadline, phrase = max(dates, key=lambda found: found[0])
    else:
        deadline = date(plan_year, 12, 31)
        phrase = recurring[1] if recurring else ongoing.group()  # type: ignore[union-attr]
    if recurring is not None:
        return Timing(deadline, phrase, recurring[0])
    if ongoing is not None and not dates:
        return Timing(deadline, phrase, Recurrence("quarter", due_dates("quarter", plan_year), True), True)
    return Timing(deadline, phrase)
