"""Read a year's holiday schedule from the lines of the State Council's notice (pure).

Each year the 国务院办公厅 publishes one notice with one line per holiday, which a coordinator can
paste as it stands, e.g. (dates invented here):

    一、元旦：1月1日（周五）至3日（周日）放假，共3天。
    二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。

A line names the holiday before the colon, the days off as a date or a span (`至`, the second date
may leave out the month) followed by 放假, and the 调休 working days as dates followed by 上班. Dates
may also be written 2027-02-06. Everything in brackets is a note, except a weekday (周五, 星期五),
which is checked against the date: a wrong year or a typo shows at once. Other lines (the notice's
opening and closing words) are listed as not read, never dropped silently.

The result is checked as the notice always is: all seven holidays once each, the stated number of
days (共N天) equal to the span, 调休 working days on weekends only and never also a day off, every
date inside the year. Every problem is reported with its line, all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.calendar import EnteredYear

HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
"""The seven statutory holidays every notice gives, in its order."""
_WEEKDAYS = "一二三四五六日"
_NAME = "|".join(HOLIDAYS)
_LINE = re.compile(
    rf"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．])?\s*(?P<names>(?:{_NAME})(?:\s*[、和与]\s*(?:{_NAME}))*)"
    r"\s*[：:]\s*(?P<rest>.*)$"
)
_NOTE = r"(?:\s*[（(](?P<{0}note>[^）)]*)[）)])?"
_ISO = r"(?P<{0}iy>\d{{4}})-(?P<{0}im>\d{{1,2}})-(?P<{0}id>\d{{1,2}})"
_YEAR = r"(?:(?P<{0}y>\d{{4}})\s*年\s*)?"
_FULL_DATE = "(?:" + _YEAR + r"(?P<{0}m>\d{{1,2}})\s*月\s*(?P<{0}d>\d{{1,2}})\s*日|" + _ISO + ")"
_END_DATE = "(?:(?:" + _YEAR + r"(?P<{0}m>\d{{1,2}})\s*月\s*)?(?P<{0}d>\d{{1,2}})\s*日|" + _ISO + ")"
"""The second date of a span may leave out the year and month (1月1日至3日)."""
_SPAN = re.compile(
    _FULL_DATE.format("a")
    + _NOTE.format("a")
    + r"(?:\s*(?:至|到|～|~|—|－)\s*"
    + _END_DATE.format("b")
    + _NOTE.format("b")
    + ")?"
)
_ONE_DATE = re.compile(_FULL_DATE.format("a") + _NOTE.format("a"))
_STATED = re.compile(r"(?:共|放假)\s*(\d{1,2})\s*天")
_WEEKDAY_NOTE = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")


@dataclass(frozen=True)
class Holiday:
    """One line of the notice: a holiday's days off and its 调休 working days."""

    name: str
    first: date
    last: date
    work: tuple[date, ...] = ()

    @property
    def days_off(self) -> list[date]:
        return [self.first + timedelta(days=offset) for offset in range((self.last - self.first).days + 1)]


@dataclass
class Notice:
    """What was read: the holidays in the notice's order, the lines not read, and the problems."""

    year: int
    holidays: list[Holiday] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def schedule(self) -> EnteredYear:
        off = {day: holiday.name for holiday in self.holidays for day in holiday.days_off}
        work = {day: holiday.name for holiday in self.holidays for day in holiday.work}
        return EnteredYear(self.year, off, work)


class _LineProblem(ValueError):
    pass


def _weekday_word(day: date) -> str:
    return f"周{_WEEKDAYS[day.weekday()]}"


def _date(match: re.Match[str], prefix: str, year: int, month: int | None = None) -> date:
    """The date a span or list matched, in `year` unless it names its own; the month of the span's
    first date when the second leaves it out (至3日)."""
    group = match.groupdict()
    if group.get(f"{prefix}iy"):
        parts = (int(group[f"{prefix}iy"]), int(group[f"{prefix}im"]), int(group[f"{prefix}id"]))
    else:
        named_year = group.get(f"{prefix}y")
        named_month = group.get(f"{prefix}m")
        parts = (
            int(named_year) if named_year else year,
            int(named_month) if named_month else (month or 0),
            int(group[f"{prefix}d"]),
        )
    try:
        day = date(*parts)
    except ValueError:
        raise _LineProblem(f"{parts[1]}月{parts[2]}日不是有效的日期") from None
    if day.year != year:
        raise _LineProblem(f"{day.isoformat()} 不在{year}年内，只能录入{year}年的日期")
    note = group.get(f"{prefix}note") or ""
    stated = _WEEKDAY_NOTE.search(note)
    if stated:
        written = "日" if stated.group(1) == "天" else stated.group(1)
        if _WEEKDAYS[day.weekday()] != written:
            raise _LineProblem(
                f"{day.month}月{day.day}日是{_weekday_word(day)}，原文写的是周{written}：请核对年份和日期"
            )
    return day


def _holiday(name: str, rest: str, year: int) -> Holiday:
    first = last = None
    work: list[date] = []
    stated: int | None = None
    for sentence in re.split(r"[。；;]", rest):
        if "上班" in sentence and "放假" not in sentence:
            work.extend(_date(found, "a", year) for found in _ONE_DATE.finditer(sentence))
            if not work:
                raise _LineProblem("“上班”前没有读到日期")
        elif "放假" in sentence:
            if first is not None:
                raise _LineProblem("一行只能有一段放假日期")
            span = _SPAN.search(sentence)
            if span is None:
                raise _LineProblem("“放假”前没有读到日期")
            first = _date(span, "a", year)
            last = _date(span, "b", year, first.month) if span.group("bd") or span.group("bid") else first
            counted = _STATED.search(sentence)
            stated = int(counted.group(1)) if counted else None
    if first is None or last is None:
        raise _LineProblem("没有读到放假日期（应写作“1月1日至3日放假”）")
    if last < first:
        raise _LineProblem(f"放假的结束日期 {last.isoformat()} 早于开始日期 {first.isoformat()}")
    holiday = Holiday(name, first, last, tuple(work))
    if stated is not None and stated != len(holiday.days_off):
        raise _LineProblem(
            f"原文写共{stated}天，{first.month}月{first.day}日至{last.month}月{last.day}日是"
            f"{len(holiday.days_off)}天"
        )
    for day in work:
        if day.weekday() < 5:
            raise _LineProblem(f"调休上班的 {day.month}月{day.day}日是{_weekday_word(day)}，应是周末")
    return holiday


def _check_year(notice: Notice) -> None:
    """Problems only the whole year shows: a holiday missing or twice, days claimed twice."""
    named = [name for holiday in notice.holidays for name in holiday.name.split("、")]
    missing = [name for name in HOLIDAYS if name not in named]
    twice = sorted({name for name in named if named.count(name) > 1}, key=HOLIDAYS.index)
    if missing:
        notice.problems.append(f"通知应有七个节日，缺少：{'、'.join(missing)}")
    if twice:
        notice.problems.append(f"重复的节日：{'、'.join(twice)}")
    seen: dict[date, str] = {}
    for holiday in notice.holidays:
        for day in holiday.days_off:
            if day in seen:
                notice.problems.append(f"{day.month}月{day.day}日同时属于{seen[day]}和{holiday.name}的假期")
            seen[day] = holiday.name
    for holiday in notice.holidays:
        for day in holiday.work:
            if day in seen:
                notice.problems.append(f"{day.month}月{day.day}日既是放假日又是调休上班日（{holiday.name}）")


def read_notice(year: int, text: str) -> Notice:
    """The holidays of `year` from the notice's lines; `problems` is empty when it can be used."""
    notice = Notice(year)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            notice.unread.append(line)
            continue
        name = "、".join(re.split(r"\s*[、和与]\s*", match.group("names")))
        try:
            notice.holidays.append(_holiday(name, match.group("rest"), year))
        except _LineProblem as problem:
            notice.problems.append(f"第{number}行（{name}）：{problem}")
    if not notice.holidays and not notice.problems:
        notice.problems.append("没有读到任何节日。每个节日一行，例如：一、元旦：1月1日至3日放假，共3天。")
    elif not notice.problems:
        _check_year(notice)
    return notice
