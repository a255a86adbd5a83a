"""三色督办 lights count working days, as the reminder mail does, with the mail's own thresholds."""

from datetime import date, timedelta

import pytest

from tracker import calendar
from tracker.board.lights import Light, Thresholds, light_for, overdue_workdays
from tracker.config import Settings
from tracker.reminders.cycle import thresholds as reminder_thresholds
from tracker.reminders.rules import Colour, DayRules, Organisation, TaskFacts, index_for
from tracker.tasks.models import TaskStatus

TODAY = date(2026, 3, 2)  # a Monday, a week after 春节 (2-15..2-23 off, 2-14 and 2-28 worked)


@pytest.mark.parametrize(
    ("deadline", "status", "light"),
    [
        (date(2026, 3, 12), TaskStatus.PENDING, Light.NONE),  # 8 working days away
        (date(2026, 3, 11), TaskStatus.PENDING, Light.BLUE),  # 7 working days away
        (TODAY, TaskStatus.IN_PROGRESS, Light.BLUE),
        (date(2026, 2, 28), TaskStatus.PENDING, Light.ORANGE),  # a worked Saturday
        (date(2026, 2, 10), TaskStatus.PENDING, Light.ORANGE),  # 20 days ago, but 10 working days
        (date(2026, 2, 9), TaskStatus.PENDING, Light.RED),  # 11 working days
        (date(2026, 1, 10), TaskStatus.DONE, Light.NONE),
        (None, TaskStatus.PENDING, Light.NONE),
    ],
)
def test_three_colour_lights_in_working_days(deadline, status, light) -> None:  # type: ignore[no-untyped-def]
    assert light_for(deadline, status, TODAY, Thresholds()) == light


def test_continuing_work_is_never_lit() -> None:
    light = light_for(date(2026, 1, 10), TaskStatus.PENDING, TODAY, Thresholds(), continuing=True)
    assert light == Light.NONE


def test_the_lights_take_the_reminder_settings() -> None:
    settings = Settings.from_env(
        {"TRACKER_REMINDER_DUE_SOON_DAYS": "3,1", "TRACKER_REMINDER_TOP_AFTER_DAYS": "2"}
    )
    thresholds = Thresholds.from_settings(settings)
    assert thresholds == Thresholds(due_soon_days=3, red_overdue_days=2)
    assert light_for(date(2026, 3, 6), TaskStatus.PENDING, TODAY, thresholds) == Light.NONE  # 4 days
    assert light_for(date(2026, 2, 26), TaskStatus.PENDING, TODAY, thresholds) == Light.RED  # 3 days


def test_the_retired_light_settings_are_refused_naming_their_replacement() -> None:
    with pytest.raises(ValueError) as refused:
        Settings.from_env({"TRACKER_LIGHT_RED_OVERDUE_DAYS": "15"})
    assert "TRACKER_LIGHT_RED_OVERDUE_DAYS 已不再使用" in str(refused.value)
    assert "请改设 TRACKER_REMINDER_TOP_AFTER_DAYS" in str(refused.value)


def test_a_weekend_right_after_the_deadline_is_overdue_by_no_working_day() -> None:
    saturday = date(2026, 3, 7)
    assert light_for(date(2026, 3, 6), TaskStatus.PENDING, saturday, Thresholds()) == Light.ORANGE
    assert overdue_workdays(date(2026, 3, 6), saturday) == 0
    assert overdue_workdays(date(2026, 2, 10), TODAY) == 10


def test_on_every_working_day_of_the_year_the_board_is_red_exactly_when_the_mail_is() -> None:
    """The board's 橙/红 against the colour of the overdue mail the cycle would send, for every
    deadline of the previous 40 days, on every working day of 2026."""
    settings = Settings()
    board, mail = Thresholds.from_settings(settings), reminder_thresholds(settings)
    day = date(2026, 1, 5)
    while day.year == 2026:
        if calendar.is_workday(day):
            deadlines = [day - timedelta(days=n) for n in range(1, 41)]
            tasks = [TaskFacts(n, "任务", deadline, owner_id=1) for n, deadline in enumerate(deadlines)]
            rules = DayRules(day, index_for(day, tasks, calendar.is_workday), Organisation(), mail)
            for task in tasks:
                (reminder,) = rules.deadline_reminders(task)
                light = light_for(task.deadline, TaskStatus.PENDING, day, board)
                assert (light, reminder.colour) in {(Light.ORANGE, Colour.ORANGE), (Light.RED, Colour.RED)}
                assert reminder.workdays == overdue_workdays(task.deadline, day)
        day += timedelta(days=1)
