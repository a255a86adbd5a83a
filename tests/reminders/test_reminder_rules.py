"""Who is reminded of what, and on which days: the pure rules over the real 2026 calendar.

2026 as the State Council set it (and chinesecalendar knows it): 春节 off 2-15..2-23 with the
Saturdays 2-14 and 2-28 worked; 中秋 off 9-25..9-27 and 国庆 off 10-1..10-7, with Sunday 9-20 and
Saturday 10-10 worked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from tracker import calendar
from tracker.reminders.rules import (
    Capacity,
    Colour,
    DayRules,
    ExtensionChange,
    Organisation,
    Reminder,
    ReminderKind,
    TaskChange,
    TaskFacts,
    Thresholds,
    decide_day,
    index_for,
)

OWNER, LEADER, SUPPORTER, PRINCIPAL, COORDINATOR = 1, 2, 3, 4, 5
LEAD_UNIT, SUPPORT_UNIT = 10, 20
ORG = Organisation(
    leader_of={LEAD_UNIT: LEADER},
    members_of={LEAD_UNIT: (OWNER,), SUPPORT_UNIT: (SUPPORTER,)},
    principals=(PRINCIPAL,),
    coordinators=(COORDINATOR,),
)


def task(deadline: date | None, **changes: object) -> TaskFacts:
    values: dict[str, object] = {
        "id": 7,
        "title": "开展法治宣传教育",
        "deadline": deadline,
        "owner_id": OWNER,
        "lead_department_id": LEAD_UNIT,
        "support_department_ids": (SUPPORT_UNIT,),
    }
    values.update(changes)
    return TaskFacts(**values)  # type: ignore[arg-type]


def rules_for(day: date, tasks: Sequence[TaskFacts], org: Organisation = ORG) -> DayRules:
    return DayRules(day, index_for(day, tasks, calendar.is_workday), org, Thresholds())


def decide(
    day: date, tasks: Sequence[TaskFacts], org: Organisation = ORG, **notices: object
) -> list[Reminder]:
    return decide_day(rules_for(day, tasks, org), tasks, **notices)  # type: ignore[arg-type]


def working_days(first: date, last: date) -> list[date]:
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return [day for day in days if calendar.is_workday(day)]


def reminded_days(facts: TaskFacts, first: date, last: date, recipient: int = OWNER) -> dict[date, Reminder]:
    """The cycle days (working days only) on which `recipient` hears about the task."""
    found = {}
    for day in working_days(first, last):
        for reminder in decide(day, [facts]):
            if reminder.recipient_id == recipient:
                found[day] = reminder
    return found


def test_due_soon_counts_working_days_across_the_spring_festival() -> None:
    reminded = reminded_days(task(date(2026, 2, 27)), date(2026, 1, 20), date(2026, 2, 27))
    # 7 working days before Friday 2-27: back over the whole holiday, past the worked Saturday 2-14.
    assert sorted(reminded) == [date(2026, 2, 11), date(2026, 2, 24), date(2026, 2, 26)]
    assert [reminded[day].workdays for day in sorted(reminded)] == [7, 3, 1]
    assert {reminder.colour for reminder in reminded.values()} == {Colour.BLUE}
    assert {reminder.kind for reminder in reminded.values()} == {ReminderKind.DUE_SOON}


def test_an_adjusted_saturday_is_a_reminder_day_like_any_other() -> None:
    reminded = reminded_days(task(date(2026, 2, 26)), date(2026, 2, 1), date(2026, 2, 26))
    assert date(2026, 2, 14) in reminded  # 调休 Saturday: 2-24, 2-25, 2-26 are the 3 working days left
    assert reminded[date(2026, 2, 14)].workdays == 3


def test_a_deadline_on_a_holiday_counts_as_the_working_day_before_it() -> None:
    # 10-03 is inside 国庆: the work must be done by Wednesday 9-30.
    reminded = reminded_days(task(date(2026, 10, 3)), date(2026, 9, 1), date(2026, 10, 3))
    assert sorted(reminded) == [date(2026, 9, 20), date(2026, 9, 24), date(2026, 9, 29)]
    assert date(2026, 9, 20).weekday() == 6  # the worked Sunday before 中秋


def test_no_mail_is_decided_on_holidays_and_plain_weekends() -> None:
    assert not calendar.is_workday(date(2026, 10, 5))
    assert not calendar.is_workday(date(2026, 2, 17))
    assert not calendar.is_workday(date(2026, 3, 7))  # an ordinary Saturday
    assert all(not calendar.is_workday(day) for day in (date(2026, 10, day) for day in range(1, 8)))


def test_co_operating_units_are_copied_on_due_soon_reminders() -> None:
    reminders = decide(date(2026, 2, 26), [task(date(2026, 2, 27))])
    assert {(r.recipient_id, r.capacity) for r in reminders} == {
        (OWNER, Capacity.OWNER),
        (SUPPORTER, Capacity.SUPPORT),
    }


def test_overdue_escalates_by_working_days_after_national_day() -> None:
    facts = task(date(2026, 9, 30))
    owner = reminded_days(facts, date(2026, 9, 30), date(2026, 10, 23))
    leader = reminded_days(facts, date(2026, 9, 30), date(2026, 10, 23), recipient=LEADER)
    principal = reminded_days(facts, date(2026, 9, 30), date(2026, 10, 23), recipient=PRINCIPAL)
    coordinator = reminded_days(facts, date(2026, 9, 30), date(2026, 10, 23), recipient=COORDINATOR)
    # Every working day to the owner, starting the first working day after 国庆 (10-08), the worked
    # Saturday 10-10 included.
    assert sorted(owner) == working_days(date(2026, 10, 8), date(2026, 10, 23))
    assert owner[date(2026, 10, 10)].workdays == 3
    assert owner[date(2026, 10, 8)].colour is Colour.ORANGE
    # After 3 working days (8, 9, 10) the 分管领导 too, from Monday 10-12.
    assert min(leader) == date(2026, 10, 12)
    # After 10 working days, red, and the 主要负责人 and coordinator join from 10-21.
    assert min(principal) == min(coordinator) == date(2026, 10, 21)
    assert owner[date(2026, 10, 20)].colour is Colour.ORANGE
    assert owner[date(2026, 10, 21)].colour is Colour.RED
    assert owner[date(2026, 10, 21)].workdays == 11


def test_done_tasks_and_tasks_without_deadline_are_left_alone() -> None:
    assert decide(date(2026, 10, 21), [task(date(2026, 9, 30), done=True)]) == []
    assert decide(date(2026, 10, 21), [task(None)]) == []


def test_an_unassigned_overdue_task_goes_to_its_leader_from_the_first_day() -> None:
    reminders = decide(date(2026, 10, 8), [task(date(2026, 9, 30), owner_id=None)])
    assert [(r.recipient_id, r.capacity) for r in reminders] == [(LEADER, Capacity.LEADER)]
    assert reminders[0].detail == {"unassigned": "1"}


def who(reminders: Sequence[Reminder]) -> list[tuple[int, ReminderKind, Capacity, bool]]:
    return [(r.recipient_id, r.kind, r.capacity, r.detail.get("unassigned") == "1") for r in reminders]


def test_due_soon_without_a_owner_goes_to_the_units_leader_or_else_the_coordinators() -> None:
    day = date(2026, 3, 12)  # Friday 3-13 is one working day away
    unassigned = task(date(2026, 3, 13), owner_id=None)
    assert who(decide(day, [unassigned])) == [
        (LEADER, ReminderKind.DUE_SOON, Capacity.LEADER, True),
        (SUPPORTER, ReminderKind.DUE_SOON, Capacity.SUPPORT, False),
    ]
    no_leader = Organisation(members_of=ORG.members_of, coordinators=(COORDINATOR, 6))
    assert who(decide(day, [unassigned], no_leader))[:2] == [
        (COORDINATOR, ReminderKind.DUE_SOON, Capacity.COORDINATOR, True),
        (6, ReminderKind.DUE_SOON, Capacity.COORDINATOR, True),
    ]
    no_unit = task(date(2026, 3, 13), owner_id=None, lead_department_id=None, support_department_ids=())
    assert who(decide(day, [no_unit])) == [(COORDINATOR, ReminderKind.DUE_SOON, Capacity.COORDINATOR, True)]


def test_progress_without_a_owner_is_asked_of_the_units_leader() -> None:
    ongoing = task(None, period="quarter", owner_id=None)
    reminded = reminded_days(ongoing, date(2026, 9, 1), date(2026, 9, 30), recipient=LEADER)
    assert sorted(reminded) == [date(2026, 9, 20), date(2026, 9, 24), date(2026, 9, 29)]
    assert reminded[date(2026, 9, 29)].kind is ReminderKind.PROGRESS_DUE
    assert reminded[date(2026, 9, 29)].detail == {
        "period": "2026年第三季度",
        "period_end": "2026-09-30",
        "unassigned": "1",
    }


def test_an_overdue_task_without_owner_or_leader_reaches_the_coordinators_at_once() -> None:
    no_leader = Organisation(members_of=ORG.members_of, coordinators=(COORDINATOR,))
    reminders = decide(date(2026, 10, 8), [task(date(2026, 9, 30), owner_id=None)], no_leader)
    assert who(reminders) == [(COORDINATOR, ReminderKind.OVERDUE, Capacity.COORDINATOR, True)]


def test_one_reminder_per_person_kind_and_task_even_in_two_capacities() -> None:
    org = Organisation(leader_of={LEAD_UNIT: OWNER}, coordinators=(OWNER,), principals=(OWNER,))
    reminders = decide(date(2026, 10, 21), [task(date(2026, 9, 30))], org)
    assert [(r.recipient_id, r.capacity) for r in reminders] == [(OWNER, Capacity.OWNER)]


def test_thresholds_are_configurable() -> None:
    facts = [task(date(2026, 3, 13))]
    day = date(2026, 3, 11)
    rules = DayRules(day, index_for(day, facts, calendar.is_workday), ORG, Thresholds(due_soon_days=(2,)))
    assert [(r.recipient_id, r.workdays) for r in decide_day(rules, facts)] == [(OWNER, 2), (SUPPORTER, 2)]
    assert decide(day, facts) == []


def test_progress_is_asked_for_before_a_quarter_ends_with_nothing_filed() -> None:
    ongoing = task(None, period="quarter")
    reminded = reminded_days(ongoing, date(2026, 9, 1), date(2026, 9, 30))
    # Q3 ends 9-30: 7, 3 and 1 working days before it.
    assert sorted(reminded) == [date(2026, 9, 20), date(2026, 9, 24), date(2026, 9, 29)]
    assert reminded[date(2026, 9, 29)].kind is ReminderKind.PROGRESS_DUE
    assert reminded[date(2026, 9, 29)].detail["period"] == "2026年第三季度"
    filed = task(None, period="quarter", last_progress_on=date(2026, 7, 15))
    assert reminded_days(filed, date(2026, 9, 1), date(2026, 9, 30)) == {}


def test_monthly_tasks_report_every_month() -> None:
    monthly = task(None, period="month", last_progress_on=date(2026, 1, 20))
    reminded = reminded_days(monthly, date(2026, 2, 1), date(2026, 2, 28))
    assert sorted(reminded) == [date(2026, 2, 12), date(2026, 2, 25), date(2026, 2, 27)]
    assert reminded[date(2026, 2, 27)].detail["period"] == "2026年2月"


def test_assignment_notices_go_to_the_current_owner() -> None:
    facts = [task(date(2026, 12, 31)), task(date(2026, 12, 31), id=8, done=True)]
    changes = [TaskChange(7, owner_changed=True), TaskChange(8, deadline_changed=True)]
    reminders = decide(date(2026, 3, 2), facts, changes=changes)
    assert [(r.recipient_id, r.kind, r.task_id) for r in reminders] == [(OWNER, ReminderKind.ASSIGNMENT, 7)]
    assert reminders[0].detail == {"changed": "owner"}
    assert reminders[0].colour is Colour.NOTICE


def test_extension_requests_go_to_the_leader_and_decisions_to_the_owner() -> None:
    facts = [task(date(2026, 6, 30))]
    request = ExtensionChange(7, 3, "pending", date(2026, 7, 31), OWNER)
    decision = ExtensionChange(7, 3, "approved", date(2026, 7, 31), OWNER)
    reminders = decide(date(2026, 6, 10), facts, extensions=[request, decision])
    assert [(r.recipient_id, r.kind) for r in reminders] == [
        (LEADER, ReminderKind.EXTENSION_REQUEST),
        (OWNER, ReminderKind.EXTENSION_DECISION),
    ]
    assert reminders[1].detail["status"] == "approved"
    leaderless = Organisation(coordinators=(COORDINATOR,))
    routed = decide(date(2026, 6, 10), facts, leaderless, extensions=[request])
    assert [(r.recipient_id, r.kind) for r in routed] == [(COORDINATOR, ReminderKind.EXTENSION_REQUEST)]


def test_years_the_calendar_does_not_cover_fall_back_to_weekdays() -> None:
    assert not calendar.covers(2027)
    reminded = reminded_days(task(date(2027, 1, 8)), date(2027, 1, 1), date(2027, 1, 8))
    assert sorted(reminded) == [date(2027, 1, 5), date(2027, 1, 7)]
    # 2027-01-01, a Friday, is unknown to the calendar and so a working day: 7 before Tuesday 1-12.
    assert reminded_days(task(date(2027, 1, 12)), date(2027, 1, 1), date(2027, 1, 12)).keys() == {
        date(2027, 1, 1),
        date(2027, 1, 7),
        date(2027, 1, 11),
    }
