"""Reading a year's schedule from the lines of the State Council's notice, and refusing what is wrong."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from tests.holidays.notices import NOTICE_2025, NOTICE_2026, NOTICE_2027
from tracker.holidays.notice import read_notice


def _workdays(schedule, year: int) -> set[date]:  # type: ignore[no-untyped-def]
    day, found = date(year, 1, 1), set()
    while day.year == year:
        if day in schedule.work or (day not in schedule.off and day.weekday() < 5):
            found.add(day)
        day += timedelta(days=1)
    return found


@pytest.mark.parametrize(("year", "text"), [(2025, NOTICE_2025), (2026, NOTICE_2026)])
def test_a_pasted_notice_gives_the_same_working_days_as_the_official_calendar(year: int, text: str) -> None:
    notice = read_notice(year, text)
    assert notice.problems == []
    official = {day for day in _workdays(notice.schedule(), year) if chinese_calendar.is_workday(day)}
    assert _workdays(notice.schedule(), year) == official
    every_official_workday = {
        date(year, 1, 1) + timedelta(days=n)
        for n in range(365)
        if chinese_calendar.is_workday(date(year, 1, 1) + timedelta(days=n))
    }
    assert official == every_official_workday


def test_holidays_keep_their_names_and_the_notices_own_words_are_listed_as_not_read() -> None:
    notice = read_notice(2025, NOTICE_2025)
    schedule = notice.schedule()
    assert schedule.off[date(2025, 1, 29)] == "春节" and schedule.work[date(2025, 2, 8)] == "春节"
    assert schedule.off[date(2025, 10, 6)] == "国庆节、中秋节"
    assert [h.name for h in notice.holidays][:2] == ["元旦", "春节"]
    assert notice.unread == [
        "国务院办公厅关于2025年部分节假日安排的通知（测试用文字）",
        "各节日安排如下：",
        "请各单位安排好值班。",
    ]


def test_dates_typed_as_numbers_and_spans_across_months_are_read() -> None:
    text = NOTICE_2027.replace("一、元旦：1月1日（周五）至3日（周日）", "元旦: 2027-01-01至2027-01-03")
    text = text.replace("五、端午节：6月9日（周三）放假，共1天。", "5. 端午节：6月9日至6月9日放假")
    notice = read_notice(2027, text)
    assert notice.problems == []
    assert {date(2027, 1, 1), date(2027, 1, 3), date(2027, 6, 9)} <= set(notice.schedule().off)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            ("1月1日（周五）", "1月1日（周四）"),
            "第1行（元旦）：1月1日是周五，原文写的是周四：请核对年份和日期",
        ),
        (
            ("共9天", "共8天"),
            "第2行（春节）：原文写共8天，2月5日至2月13日是9天",
        ),
        (
            ("2月20日（周六）上班", "2月19日上班"),
            "第2行（春节）：调休上班的 2月19日是周五，应是周末",
        ),
        (
            ("七、国庆节", "七、中秋节"),
            ["通知应有七个节日，缺少：国庆节", "重复的节日：中秋节"],
        ),
        (
            ("1月1日（周五）至3日（周日）", "12月31日至1月3日"),
            "第1行（元旦）：放假的结束日期 2027-01-03 早于开始日期 2027-12-31",
        ),
        (
            ("4月3日（周六）至5日", "4月3日（周六）至4月31日"),
            "第3行（清明节）：4月31日不是有效的日期",
        ),
        (
            ("9月15日（周三）放假", "2026年9月15日放假"),
            "第6行（中秋节）：2026-09-15 不在2027年内，只能录入2027年的日期",
        ),
        (
            ("9月26日（周日）、10月9日（周六）上班", "10月2日（周六）上班"),
            "10月2日既是放假日又是调休上班日（国庆节）",
        ),
        (
            ("六、中秋节：9月15日（周三）放假，共1天。\n", ""),
            "通知应有七个节日，缺少：中秋节",
        ),
        (
            ("三、清明节：4月3日（周六）", "三、清明节：4月5日"),
            "第3行（清明节）：原文写共3天，4月5日至4月5日是1天",
        ),
    ],
)
def test_mistakes_are_refused_with_their_line(change: tuple[str, str], problem: str | list[str]) -> None:
    assert change[0] in NOTICE_2027
    notice = read_notice(2027, NOTICE_2027.replace(*change))
    assert notice.problems == (problem if isinstance(problem, list) else [problem])


def test_overlapping_holidays_and_text_without_holidays_are_refused() -> None:
    overlapping = NOTICE_2027.replace("9月15日（周三）放假", "10月1日（周五）放假")
    assert read_notice(2027, overlapping).problems == ["10月1日同时属于中秋节和国庆节的假期"]
    assert read_notice(2027, "放假安排另行通知").problems == [
        "没有读到任何节日。每个节日一行，例如：一、元旦：1月1日至3日放假，共3天。"
    ]
    assert read_notice(2027, "一、元旦：另行通知。").problems == [
        "第1行（元旦）：没有读到放假日期（应写作“1月1日至3日放假”）"
    ]
