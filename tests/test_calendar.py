"""Working days follow the State Council's schedule where chinesecalendar knows it, Mon–Fri beyond."""

import logging
from datetime import date

import pytest

from tracker import calendar


def test_spring_festival_2026_is_off_and_its_adjusted_saturdays_are_on() -> None:
    assert not calendar.is_workday(date(2026, 2, 17))  # 春节 (正月初一)
    assert calendar.holiday_name(date(2026, 2, 17)) == "春节"
    assert calendar.is_workday(date(2026, 2, 14))  # 调休 Saturday
    assert calendar.is_workday(date(2026, 2, 28))  # 调休 Saturday


def test_national_day_week_2026_is_off_and_the_make_up_saturday_is_on() -> None:
    assert not any(calendar.is_workday(date(2026, 10, day)) for day in range(1, 8))
    assert calendar.is_workday(date(2026, 10, 10))
    assert calendar.holiday_name(date(2026, 10, 1)) == "国庆节"


def test_counting_working_days_skips_holidays_and_counts_adjusted_days() -> None:
    # From Friday 2026-09-25 the next working days are 9-28, 9-29, 9-30, then 10-08 after 国庆.
    assert calendar.add_workdays(date(2026, 9, 25), 4) == date(2026, 10, 8)
    assert calendar.add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)
    assert calendar.workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    assert calendar.next_workday(date(2026, 10, 3)) == date(2026, 10, 8)


def test_years_beyond_the_official_schedule_fall_back_to_weekdays_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert not calendar.covers(2099)
    with caplog.at_level(logging.WARNING, logger="tracker.calendar"):
        assert calendar.is_workday(date(2099, 1, 1))  # a Thursday; New Year unknown, so a working day
        assert not calendar.is_workday(date(2099, 1, 3))  # Saturday
    assert "2099年的法定节假日安排未知，工作日暂按周一至周五计算" in caplog.text  # then the cause in English


def test_from_december_on_next_years_working_days_are_in_view() -> None:
    assert calendar.years_in_view(date(2026, 11, 30)) == (2026,)
    assert calendar.years_in_view(date(2026, 12, 1)) == (2026, 2027)


def test_a_year_entered_by_hand_is_used_where_the_package_stops() -> None:
    assert calendar.is_workday(date(2027, 1, 1))  # asked (and cached) before the schedule is known
    new_year = calendar.EnteredYear(
        2027, off={date(2027, 1, 1): "元旦", date(2027, 2, 8): "春节"}, work={date(2027, 2, 20): "春节"}
    )
    calendar.install_entered([new_year])
    assert calendar.source(2027) == calendar.Source.ENTERED and calendar.covers(2027)
    assert not calendar.is_workday(date(2027, 1, 1)) and calendar.holiday_name(date(2027, 1, 1)) == "元旦"
    assert calendar.is_workday(date(2027, 2, 20))  # a 调休 Saturday
    assert not calendar.is_workday(date(2027, 1, 2))  # an ordinary Saturday stays off
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert calendar.fallback_reason(2027) is None
    calendar.install_entered([])
    assert calendar.is_workday(date(2027, 1, 1)) and calendar.source(2027) == calendar.Source.FALLBACK


def test_the_fallback_is_explained_in_words_and_the_package_always_wins() -> None:
    reason = calendar.fallback_reason(2099)
    assert reason is not None and reason.startswith("2099年的法定节假日和调休安排尚未录入")
    assert "暂按周一至周五计算" in reason and "tracker holidays set" in reason
    calendar.install_entered([calendar.EnteredYear(2026, off={date(2026, 3, 2): "误录"})])
    assert calendar.source(2026) == calendar.Source.PACKAGE and calendar.is_workday(date(2026, 3, 2))
