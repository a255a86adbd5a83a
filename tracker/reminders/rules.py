"""Who is reminded of what on a given day: pure functions of tasks, people, changes and the calendar.

No database and no clock here: the cycle hands in plain values (`TaskFacts`, `Organisation`, the
changes since the last cycle) and a `WorkdayIndex` built from `tracker.calendar`, and gets back
`Reminder` values. The same functions serve the worker, `tracker reminders due` and the tests.

三色督办 as the issue sets it (thresholds configurable through `Thresholds`):
- 蓝 due soon: 7, 3 and 1 working days before the deadline, to the 责任人, co-operating units copied;
- 橙 overdue: every working day to the 责任人; after 3 working days also to the unit's 分管领导;
- 红 after 10 working days overdue: also to the 主要负责人 and the coordinators.

A task nobody has been named for still reaches someone: what would go to its 责任人 goes to the lead
unit's 分管领导, or, when the unit has none (or there is no lead unit yet), to the coordinators who
assign tasks, marked `unassigned` so the mail says why.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

from tracker.demo import audience
from tracker.reminders.periods import current_period
from tracker.reminders.workdays import IsWorkday, WorkdayIndex


class ReminderKind(enum.StrEnum):
    ASSIGNMENT = "assignment"  # a task got an owner or a new deadline
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PROGRESS_DUE = "progress_due"  # 进度填报: nothing filed yet in this month/quarter
    EXTENSION_REQUEST = "extension_request"  # 延期申请, to the 分管领导
    EXTENSION_DECISION = "extension_decision"  # the leader's answer, to the owner


PAUSABLE_KINDS = frozenset({ReminderKind.DUE_SOON, ReminderKind.PROGRESS_DUE})
"""What a person may pause; overdue escalations and notices about their own tasks never pause."""


UNASSIGNED: Mapping[str, str] = MappingProxyType({"unassigned": "1"})
"""The detail of a reminder sent in place of a missing 责任人."""


class Colour(enum.StrEnum):
    RED = "red"
    ORANGE = "orange"
    BLUE = "blue"
    NOTICE = "notice"  # assignments and extensions: news, not a warning


class Capacity(enum.StrEnum):
    """Why a person receives a reminder: the digest says it in words (您是责任人, 配合单位…)."""

    OWNER = "owner"
    SUPPORT = "support"
    LEADER = "leader"
    PRINCIPAL = "principal"
    COORDINATOR = "coordinator"


class TaskFacts(NamedTuple):
    """One task as the rules see it. A named tuple rather than a frozen dataclass: the decision builds
    one per task of the installation (150,000 in a province), and a frozen dataclass sets each field
    through `object.__setattr__`, several times slower."""

    id: int
    title: str
    deadline: date | None
    owner_id: int | None
    lead_department_id: int | None = None
    support_department_ids: tuple[int, ...] = ()
    period: str | None = None
    """`month`, `quarter`, `term` or `year` for recurring and ongoing tasks (进度填报)."""
    last_progress_on: date | None = None
    """The newest progress entry's date; `facts.load_tasks` reads it for tasks with a `period` only,
    the only ones 进度填报 asks it of."""
    done: bool = False
    started: bool = False
    """推进中 (in progress) rather than 未开始: the weekly summary counts them apart."""
    continuing: bool = False
    """长期/常态化/recurring work (`tracker.tasks.overdue.is_continuing`): reminded to file progress
    each period, never due soon or overdue."""
    demo: bool = False
    """A task of the shipped demo plan: only demo accounts hear of it (`Organisation.demo_people`)."""
    organisation_id: int | None = None
    """The town the task is of: only its own coordinators and 主要负责人 hear of it."""


@dataclass(frozen=True)
class Organisation:
    leader_of: Mapping[int, int] = field(default_factory=dict)
    """Department id → its 分管领导's user id."""
    members_of: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    principals: tuple[int, ...] = ()
    coordinators: tuple[int, ...] = ()
    demo_people: frozenset[int] = frozenset()
    """The demo accounts: the only ones mailed about demo tasks, so a real 主要负责人 or coordinator
    added to a site that still holds the demo never gets its escalations or its weekly figures."""

    organisation_of: Mapping[int, int] = field(default_factory=dict)
    """Coordinator's or 主要负责人's user id → their town, or their county (`tracker.organisations`)."""
    county_of: Mapping[int, int] = field(default_factory=dict)
    """Town id → its county's id, for the towns that have one: a county's coordinators' weekly
    summary covers its towns."""
    names: Mapping[int, str] = field(default_factory=dict)
    """Organisation id → its name, as the county's summary lists its towns."""

    def hears_of(self, recipient_id: int, task: TaskFacts) -> bool:
        return audience.hears_of(recipient_id in self.demo_people, task.demo)

    def coordinators_of(self, task: TaskFacts) -> tuple[int, ...]:
        """The coordinators of the task's own town: a town's escalations and unassigned work are
        never another town's (nor the county's, which reads them on its board)."""
        return self._coordinators_by_town.get(task.organisation_id, ())

    def principals_of(self, task: TaskFacts) -> tuple[int, ...]:
        """The task's town's 主要负责人."""
        return self._principals_by_town.get(task.organisation_id, ())

    @cached_property
    def _coordinators_by_town(self) -> dict[int | None, tuple[int, ...]]:
        """Built once per decision: a province holds thousands of coordinators, and each red task
        asks for its own town's few."""
        return _by_town(self.coordinators, self.organisation_of)

    @cached_property
    def _principals_by_town(self) -> dict[int | None, tuple[int, ...]]:
        return _by_town(self.principals, self.organisation_of)


def _by_town(people: Iterable[int], organisation_of: Mapping[int, int]) -> dict[int | None, tuple[int, ...]]:
    """Town id → these people of it, in their given order (None: people of no town)."""
    towns: dict[int | None, list[int]] = {}
    for person in people:
        towns.setdefault(organisation_of.get(person), []).append(person)
    return {town: tuple(ids) for town, ids in towns.items()}


@dataclass(frozen=True, slots=True)
class TaskChange:
    """From the audit trail since the last cycle: the task got a (new) owner and/or deadline."""

    task_id: int
    owner_changed: bool = False
    deadline_changed: bool = False


@dataclass(frozen=True, slots=True)
class ExtensionChange:
    """An extension request filed (`pending`) or decided (`approved`/`refused`) since the last cycle."""

    task_id: int
    request_id: int
    status: str
    requested_deadline: date
    requested_by_id: int | None = None
    still_pending: bool = True
    """Whether the request is still undecided now: a filing decided since is not announced."""
    event_id: int = 0
    """The audit event the change comes from."""


@dataclass(frozen=True)
class Thresholds:
    due_soon_days: tuple[int, ...] = (7, 3, 1)
    leader_after_days: int = 3
    top_after_days: int = 10


EMPTY_DETAIL: Mapping[str, str] = MappingProxyType({})


class Reminder(NamedTuple):
    """One reason to mail one person about one task. A named tuple for the same reason as
    `TaskFacts`: a province's day decides over a hundred thousand of them."""

    recipient_id: int
    kind: ReminderKind
    task_id: int
    colour: Colour
    capacity: Capacity
    workdays: int | None = None
    """Working days left (due soon, progress) or overdue (overdue)."""
    detail: Mapping[str, str] = EMPTY_DETAIL


# Enum members looked up once: Python 3.11 answers `Colour.RED` through a descriptor, and the day's
# rules named one several times for each of a province's overdue tasks.
DUE_SOON, OVERDUE, PROGRESS_DUE = ReminderKind.DUE_SOON, ReminderKind.OVERDUE, ReminderKind.PROGRESS_DUE
RED, ORANGE, BLUE = Colour.RED, Colour.ORANGE, Colour.BLUE
OWNER, SUPPORT, LEADER = Capacity.OWNER, Capacity.SUPPORT, Capacity.LEADER
PRINCIPAL, COORDINATOR = Capacity.PRINCIPAL, Capacity.COORDINATOR


def leader_of(task: TaskFacts, organisation: Organisation) -> int | None:
    """The 分管领导 of the task's lead unit, if it has both."""
    return organisation.leader_of.get(task.lead_department_id) if task.lead_department_id else None


def index_for(day: date, tasks: Iterable[TaskFacts], is_workday: IsWorkday) -> WorkdayIndex:
    """A `WorkdayIndex` wide enough for every question the day's rules ask about `tasks`."""
    earliest = min((task.deadline for task in tasks if task.deadline is not None), default=day)
    first = max(min(earliest, day) - timedelta(days=7), day - timedelta(days=3660))
    return WorkdayIndex(first, day + timedelta(days=200), is_workday)


class DayRules:
    """The rules for one day, with the calendar questions answered once for all tasks."""

    def __init__(self, day: date, index: WorkdayIndex, organisation: Organisation, thresholds: Thresholds):
        self.day = day
        self.index = index
        self.org = organisation
        self.th = thresholds
        self._due_soon = self._due_soon_deadlines()
        self._overdue: dict[date, int] = {}

    def _due_soon_deadlines(self) -> dict[date, int]:
        """Deadline date → working days left, for the days that are due-soon thresholds today.

        A deadline on a holiday counts as the working day before it, so the dates after a threshold
        working day up to the next working day share its count."""
        targets: dict[date, int] = {}
        for count in self.th.due_soon_days:
            workday = self.day
            for _ in range(count):
                workday += timedelta(days=1)
                while not self.index.is_workday(workday):
                    workday += timedelta(days=1)
            targets[workday] = count
            following = workday + timedelta(days=1)
            while following <= self.index.last and not self.index.is_workday(following):
                targets[following] = count
                following += timedelta(days=1)
        return targets

    def overdue_workdays(self, deadline: date) -> int:
        known = self._overdue.get(deadline)
        if known is None:
            known = self.index.between(max(deadline, self.index.first), self.day)
            self._overdue[deadline] = known
        return known

    def deadline_reminders(self, task: TaskFacts) -> Iterator[Reminder]:
        """Due soon (蓝) and overdue (橙/红) for one open task with a deadline; continuing work has
        none (`tracker.tasks.overdue`)."""
        deadline = task.deadline
        if deadline is None or task.done or task.continuing:
            return
        if deadline >= self.day:
            left = self._due_soon.get(deadline)
            if left is not None:
                yield from self._due_soon_to(task, left)
            return
        late = self.overdue_workdays(deadline)
        if late > 0:
            yield from self._overdue_to(task, late)

    def _leader_of(self, task: TaskFacts) -> int | None:
        return leader_of(task, self.org)

    def answering_for(self, task: TaskFacts) -> list[tuple[int, Capacity]]:
        """Who answers for the task: its 责任人; without one, the lead unit's 分管领导; without
        either, the coordinators, whose job it is to name someone."""
        if task.owner_id is not None:
            return [(task.owner_id, OWNER)]
        leader = self._leader_of(task)
        if leader is not None:
            return [(leader, LEADER)]
        return [(coordinator, COORDINATOR) for coordinator in self.org.coordinators_of(task)]

    def _due_soon_to(self, task: TaskFacts, left: int) -> Iterator[Reminder]:
        detail = UNASSIGNED if task.owner_id is None else EMPTY_DETAIL
        for person, capacity in self.answering_for(task):
            yield Reminder(person, DUE_SOON, task.id, BLUE, capacity, left, detail)
        for department_id in task.support_department_ids:
            for member in self.org.members_of.get(department_id, ()):
                yield Reminder(member, DUE_SOON, task.id, BLUE, SUPPORT, left)

    def _overdue_to(self, task: TaskFacts, late: int) -> Iterator[Reminder]:
        colour = RED if late > self.th.top_after_days else ORANGE
        kind = OVERDUE
        # Nobody answers for an unassigned task, so its leader (or the coordinators) hear from day one.
        detail = UNASSIGNED if task.owner_id is None else EMPTY_DETAIL
        for person, capacity in self.answering_for(task):
            yield Reminder(person, kind, task.id, colour, capacity, late, detail)
        leader = self._leader_of(task)
        if leader is not None and late > self.th.leader_after_days:
            yield Reminder(leader, kind, task.id, colour, LEADER, late)
        if colour is RED:
            for principal in self.org.principals_of(task):
                yield Reminder(principal, kind, task.id, colour, PRINCIPAL, late)
            for coordinator in self.org.coordinators_of(task):
                yield Reminder(coordinator, kind, task.id, colour, COORDINATOR, late)

    def progress_reminders(self, task: TaskFacts) -> Iterator[Reminder]:
        """进度填报: a recurring or ongoing task with nothing filed in its current period, nudged
        at the due-soon thresholds before the period ends."""
        if task.period is None or task.done:
            return
        start, end, label = current_period(task.period, self.day)
        if task.last_progress_on is not None and task.last_progress_on >= start:
            return
        end = min(end, self.index.last)
        left = self.index.between(self.day, self.index.last_workday_on_or_before(end))
        if left in self.th.due_soon_days:
            detail = {"period": label, "period_end": end.isoformat()}
            if task.owner_id is None:
                detail.update(UNASSIGNED)
            for person, capacity in self.answering_for(task):
                yield Reminder(person, PROGRESS_DUE, task.id, BLUE, capacity, left, detail)

    def notices(
        self,
        tasks_by_id: Mapping[int, TaskFacts],
        changes: Sequence[TaskChange],
        extensions: Sequence[ExtensionChange],
    ) -> Iterator[Reminder]:
        """Assignment and extension notices for what changed since the last cycle."""
        for change in changes:
            task = tasks_by_id.get(change.task_id)
            if task is None or task.done or task.owner_id is None:
                continue
            what = ",".join(
                name
                for name, flag in (("owner", change.owner_changed), ("deadline", change.deadline_changed))
                if flag
            )
            detail = {"changed": what}
            yield Reminder(
                task.owner_id, ReminderKind.ASSIGNMENT, task.id, Colour.NOTICE, Capacity.OWNER, None, detail
            )
        for extension in extensions:
            task = tasks_by_id.get(extension.task_id)
            if task is not None:
                yield from extension_notices(task, extension, self.org)


def extension_notices(
    task: TaskFacts, extension: ExtensionChange, organisation: Organisation
) -> Iterator[Reminder]:
    """Who hears of an extension request or its decision: a filing goes to the lead unit's 分管领导
    (or, without one, the coordinators), unless it has been decided since — a request already
    decided is never announced as 请审批; a decision goes to the 责任人 (or whoever asked). The same
    for the daily digest and the immediate notices (`tracker.reminders.notices`)."""
    detail = {
        "status": extension.status,
        "requested_deadline": extension.requested_deadline.isoformat(),
        "request_id": str(extension.request_id),
    }
    if extension.status == "pending":
        if not extension.still_pending:
            return
        leader = leader_of(task, organisation)
        deciders = (leader,) if leader is not None else organisation.coordinators_of(task)
        for decider in deciders:
            yield Reminder(
                decider, ReminderKind.EXTENSION_REQUEST, task.id, Colour.NOTICE, Capacity.LEADER, None, detail
            )
        return
    asker = task.owner_id or extension.requested_by_id
    if asker is not None:
        yield Reminder(
            asker, ReminderKind.EXTENSION_DECISION, task.id, Colour.NOTICE, Capacity.OWNER, None, detail
        )


def decide_day(
    rules: DayRules,
    tasks: Sequence[TaskFacts],
    changes: Sequence[TaskChange] = (),
    extensions: Sequence[ExtensionChange] = (),
) -> list[Reminder]:
    """Every reminder of the day, at most one per recipient, kind and task (the first reason wins);
    a demo task's only to demo accounts."""
    seen: set[tuple[int, ReminderKind, int]] = set()
    decided: list[Reminder] = []
    demo = {task.id: task for task in tasks if task.demo}

    def keep(reminders: Iterable[Reminder]) -> None:
        for reminder in reminders:
            key = (reminder.recipient_id, reminder.kind, reminder.task_id)
            task = demo.get(reminder.task_id)
            if task is not None and not rules.org.hears_of(reminder.recipient_id, task):
                continue
            if key not in seen:
                seen.add(key)
                decided.append(reminder)

    for task in tasks:
        if task.done:
            continue
        if task.deadline is not None:
            keep(rules.deadline_reminders(task))
        if task.period is not None:
            keep(rules.progress_reminders(task))
    if changes or extensions:
        keep(rules.notices({task.id: task for task in tasks}, changes, extensions))
    return decided
