"""The coordinator's weekly summary, sent on the first working day of each week (pure).

A town's coordinators get their town's figures; a county's get their towns' together, each town's
own line beside them. A real coordinator's figures leave the demo out, a demo coordinator's are the
demo's alone (`tracker.demo.audience`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tracker.demo.audience import hears_of
from tracker.reminders.rules import DayRules, TaskFacts

LISTED_TASKS = 30
"""How many overdue and due tasks the summary names; the totals count them all."""


@dataclass
class WeeklySummary:
    total: int = 0
    done: int = 0
    """已办结"""
    in_progress: int = 0
    """推进中"""
    pending: int = 0
    """未开始"""
    overdue: int = 0
    red: int = 0
    due_this_week: int = 0
    unassigned: int = 0
    overdue_tasks: list[tuple[TaskFacts, int]] = field(default_factory=list)
    """The longest overdue first, with their working days overdue."""
    due_tasks: list[tuple[TaskFacts, int]] = field(default_factory=list)
    """Due within the next five working days, soonest first, with their working days left."""
    towns: list[tuple[int, WeeklySummary]] = field(default_factory=list)
    """A county's: each of its towns (id) with the town's own figures, most red first."""


def is_summary_day(rules: DayRules) -> bool:
    return rules.index.first_workday_of_week(rules.day) == rules.day


def summarise_week(rules: DayRules, tasks: Sequence[TaskFacts], done: int = 0) -> WeeklySummary:
    """The figures of `tasks`, and of `done` more tasks already done that the caller did not read
    (the cycle reads open tasks only and counts the done ones in the database)."""
    summary = WeeklySummary(total=len(tasks) + done, done=done)
    overdue: list[tuple[TaskFacts, int]] = []
    due: list[tuple[TaskFacts, int]] = []
    for task in tasks:
        if task.done:
            summary.done += 1
            continue
        if task.started:
            summary.in_progress += 1
        else:
            summary.pending += 1
        if task.owner_id is None:
            summary.unassigned += 1
        if task.deadline is None or task.continuing:
            continue
        if task.deadline < rules.day:
            late = rules.overdue_workdays(task.deadline)
            if late > 0:
                overdue.append((task, late))
                summary.red += late > rules.th.top_after_days
            continue
        if task.deadline <= rules.index.last:
            left = rules.index.between(rules.day, rules.index.last_workday_on_or_before(task.deadline))
            if left <= 5:
                due.append((task, left))
    summary.overdue = len(overdue)
    summary.due_this_week = len(due)
    summary.overdue_tasks = sorted(overdue, key=lambda pair: (-pair[1], pair[0].id))[:LISTED_TASKS]
    summary.due_tasks = sorted(due, key=lambda pair: (pair[1], pair[0].id))[:LISTED_TASKS]
    return summary


def summaries_of(
    rules: DayRules,
    tasks: Iterable[TaskFacts],
    done: Mapping[tuple[int | None, bool], int],
    coordinators: Iterable[int],
) -> dict[int, WeeklySummary]:
    """Coordinator id → the summary they get: the open ones of `tasks` (a done task among them, read
    for a change the day announces, is already counted) and `done`, the done ones per (town, demo).
    Each town's figures are worked out once, however many coordinators share them, and the tasks
    are grouped by town in one pass (a province holds a thousand towns)."""
    org = rules.org
    of_town: dict[tuple[int | None, bool], list[TaskFacts]] = defaultdict(list)
    for task in tasks:
        if not task.done:
            of_town[task.organisation_id, task.demo].append(task)
    towns_of: dict[int, list[int]] = defaultdict(list)
    for town, county in org.county_of.items():
        towns_of[county].append(town)
    towns: dict[tuple[int | None, bool], WeeklySummary] = {}
    counties: dict[tuple[int, bool], WeeklySummary] = {}

    def heard(town: int | None, demo: bool) -> list[TaskFacts]:
        return [task for kind in (False, True) if hears_of(demo, kind) for task in of_town[town, kind]]

    def town_summary(town: int | None, demo: bool) -> WeeklySummary:
        """The town's figures as a demo or a real coordinator hears of them."""
        if (town, demo) not in towns:
            finished = sum(done.get((town, kind), 0) for kind in (False, True) if hears_of(demo, kind))
            towns[town, demo] = summarise_week(rules, heard(town, demo), finished)
        return towns[town, demo]

    def county_summary(county: int, demo: bool) -> WeeklySummary:
        if (county, demo) not in counties:
            lines = [(town, town_summary(town, demo)) for town in sorted(towns_of[county])]
            theirs = [task for town, _ in lines for task in heard(town, demo)]
            summary = summarise_week(rules, theirs, sum(line.done for _, line in lines))
            summary.towns = sorted(lines, key=lambda line: (-line[1].red, -line[1].overdue, line[0]))
            counties[county, demo] = summary
        return counties[county, demo]

    summaries: dict[int, WeeklySummary] = {}
    for coordinator in coordinators:
        demo, organisation = coordinator in org.demo_people, org.organisation_of.get(coordinator)
        if organisation is not None and organisation in towns_of:
            summaries[coordinator] = county_summary(organisation, demo)
        else:
            summaries[coordinator] = town_summary(organisation, demo)
    return summaries
