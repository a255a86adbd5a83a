"""The county's figures of its towns, each one grouped query over every town at once.

A county of twenty towns with 150 tasks each is 3,000 tasks: the board asks the database seven
questions whatever the number of towns (their plans' years, the towns, the counts by town, by town
and plan area, the longest overdue of each town, the progress filed by month, the closings), never
one per town. Every query keeps to the person's scope (`tracker.organisations.scope`) and to the
active plans of the year shown (`tracker.plans.lifecycle`): an archived plan is last year's record,
not work to watch.

The counts are the board's and the dashboard's: lights by `tracker.board.lights` (蓝 临期, 橙 逾期,
红 严重逾期), overdue and mean progress by `tracker.dashboard.figures.completion_columns`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, extract, func, select
from sqlalchemy.orm import Session, aliased

from tracker.accounts.models import Department, User
from tracker.board.lights import Light, Thresholds, light_for
from tracker.board.queries import LIT, light_condition
from tracker.dashboard.figures import Completion, completion_columns, joined_to_top_item
from tracker.organisations.scope import Member, towns_in_scope
from tracker.plans.lifecycle import is_active, plan_years
from tracker.plans.models import Plan, PlanItem
from tracker.tasks.models import ProgressEntry, Task, TaskStatus
from tracker.tasks.overdue import overdue_clause

OVERDUE_PER_TOWN = 5
"""The longest overdue tasks listed under each town; the rest are a link to the town's board."""


@dataclass(frozen=True)
class Town:
    id: int
    name: str


@dataclass(frozen=True)
class TownFigures:
    """One town's row: its tasks (active plans of the year), 办结, mean progress and lights."""

    town: Town
    completion: Completion
    lights: dict[Light, int]


@dataclass(frozen=True)
class Area:
    """A plan area (计划事项: a top-level item), matched across towns by its title, with each town's
    completion in it (None: the town's plan has no such area)."""

    label: str
    by_town: list[Completion | None]


@dataclass(frozen=True)
class OverdueLine:
    id: int
    title: str
    deadline: date
    lead_unit: str | None
    owner: str | None
    light: Light


@dataclass
class CountyBoard:
    year: int
    years: list[int]
    """The years of the towns' active plans, for the year picker."""
    towns: list[TownFigures]
    areas: list[Area]
    overdue: dict[int, list[OverdueLine]]
    """Each town's longest overdue tasks, at most `OVERDUE_PER_TOWN` (how many in all: its row)."""
    months: list[int]
    """The months of the year shown so far (1 … this month; all twelve for a past year)."""
    trends: dict[int, list[float]] = field(default_factory=dict)
    """Each town's mean progress at the end of each month of `months` (this month: as of today)."""
    county_trend: list[float] = field(default_factory=list)
    """The same over all the towns' tasks together."""

    @property
    def total(self) -> Completion:
        """All towns together, each task weighing the same."""
        rows = [row.completion for row in self.towns]
        total = sum(row.total for row in rows)
        mean = sum(row.mean_percent * row.total for row in rows) / total if total else 0.0
        return Completion(
            "全县", total, sum(row.done for row in rows), sum(row.overdue for row in rows), mean
        )

    @property
    def total_lights(self) -> dict[Light, int]:
        return {light: sum(row.lights[light] for row in self.towns) for light in LIT}


@dataclass(frozen=True)
class Watch:
    """What the county's board is asked: which towns (the person's, read through the scope rule by
    `towns_in_scope`, so the queries below need no scope of their own), which year, on which day
    (with which light thresholds, in which time zone)."""

    towns: tuple[Town, ...]
    year: int
    today: date
    thresholds: Thresholds
    zone: ZoneInfo

    def tasks(self) -> list[ColumnElement[bool]]:
        """The tasks the county's board counts: the towns' tasks in the active plans of the year."""
        plans = select(Plan.id).where(is_active(), Plan.year == self.year)
        return [
            Task.organisation_id.in_([town.id for town in self.towns]),
            Task.plan_id.in_(plans),
        ]


def town_figures(session: Session, watch: Watch) -> list[TownFigures]:
    """Every town's counts in one grouped pass; a town without tasks shows zeros, never vanishes."""
    lit = [func.count().filter(light_condition(light, watch.today, watch.thresholds)) for light in LIT]
    rows = session.execute(
        select(Task.organisation_id, *completion_columns(watch.today), *lit)
        .where(*watch.tasks())
        .group_by(Task.organisation_id)
    )
    found = {row[0]: row[1:] for row in rows}
    figures = []
    for town in watch.towns:
        total, done, overdue, mean, *lights = found.get(town.id, (0, 0, 0, 0, 0, 0, 0))
        completion = Completion(town.name, int(total), int(done), int(overdue), float(mean))
        counts = {light: int(count) for light, count in zip(LIT, lights, strict=True)}
        figures.append(TownFigures(town, completion, counts))
    return figures


def areas(session: Session, watch: Watch) -> list[Area]:
    """Completion by town and plan area. Towns write their plans from the county's, so an area is
    matched across towns by its title (its marker, 一是 or （一）, may differ); areas come in the
    order of the first plan that has them."""
    statement, top = joined_to_top_item(select().select_from(Task))
    top_id = top.label("top_id")
    grouped = (
        statement.add_columns(Task.organisation_id.label("town_id"), top_id, *completion_columns(watch.today))
        .where(*watch.tasks())
        .group_by(Task.organisation_id, top_id)
        .subquery()
    )
    rows = session.execute(
        select(grouped.c.town_id, PlanItem.marker, PlanItem.title, *list(grouped.c)[2:])
        .join(grouped, grouped.c.top_id == PlanItem.id)
        .order_by(PlanItem.plan_id, PlanItem.position)
    )
    column = {town.id: index for index, town in enumerate(watch.towns)}
    by_title: dict[str, tuple[str, list[Completion | None]]] = {}
    for town_id, marker, title, total, done, overdue, mean in rows:
        key = title.strip()
        label, cells = by_title.setdefault(key, (f"{marker or ''}{key}", [None] * len(watch.towns)))
        cells[column[town_id]] = Completion(label, int(total), int(done), int(overdue), float(mean))
    return [Area(label, cells) for label, cells in by_title.values()]


def longest_overdue(session: Session, watch: Watch) -> dict[int, list[OverdueLine]]:
    """Each town's `OVERDUE_PER_TOWN` longest overdue tasks, ranked by the database per town."""
    lead, owner = aliased(Department), aliased(User)
    rank = func.row_number().over(partition_by=Task.organisation_id, order_by=(Task.deadline, Task.id))
    ranked = (
        select(
            Task.organisation_id,
            Task.id,
            Task.title,
            Task.deadline,
            Task.status,
            lead.name.label("lead_unit"),
            owner.display_name.label("owner"),
            rank.label("rank"),
        )
        .outerjoin(lead, Task.lead_department_id == lead.id)
        .outerjoin(owner, Task.owner_id == owner.id)
        .where(*watch.tasks(), overdue_clause(watch.today))
        .subquery()
    )
    rows = session.execute(
        select(ranked)
        .where(ranked.c.rank <= OVERDUE_PER_TOWN)
        .order_by(ranked.c.organisation_id, ranked.c.rank)
    )
    lines: dict[int, list[OverdueLine]] = {town.id: [] for town in watch.towns}
    for row in rows:
        light = light_for(row.deadline, row.status, watch.today, watch.thresholds)
        lines[row.organisation_id].append(
            OverdueLine(row.id, row.title, row.deadline, row.lead_unit, row.owner, light)
        )
    return lines


def months_of(year: int, today: date) -> list[int]:
    """The months of `year` that have begun by `today`."""
    if year < today.year:
        return list(range(1, 13))
    return list(range(1, today.month + 1)) if year == today.year else []


def monthly_progress(session: Session, watch: Watch, months: Sequence[int]) -> dict[int, dict[int, float]]:
    """Each task's progress at the end of each of `months` (`months_of` the year), summed by town:
    {town: {month: sum of percents}} — per task, 100 from the month it was closed (办结, in the town's time
    zone), before that the percent of its latest progress entry dated up to the month's end, 0
    before its first. Two queries: the latest entry of each task and month (ranked by the
    database), and the closed tasks' closing moments."""
    year = watch.year
    if not months:
        return {}
    last_day = min(date(year, 12, 31), watch.today)  # an entry dated ahead (a typo) counts once its day comes
    month = extract("month", ProgressEntry.entry_date)
    latest_first = (ProgressEntry.entry_date.desc(), ProgressEntry.id.desc())
    rank = func.row_number().over(partition_by=(ProgressEntry.task_id, month), order_by=latest_first)
    ranked = (
        select(
            Task.organisation_id,
            ProgressEntry.task_id,
            month.label("month"),
            ProgressEntry.percent,
            rank.label("rank"),
        )
        .join(Task, Task.id == ProgressEntry.task_id)
        .where(
            *watch.tasks(),
            ProgressEntry.percent.is_not(None),
            ProgressEntry.entry_date.between(date(year, 1, 1), last_day),
        )
        .subquery()
    )
    filed: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for town_id, task_id, month_number, percent in session.execute(
        select(ranked.c.organisation_id, ranked.c.task_id, ranked.c.month, ranked.c.percent).where(
            ranked.c.rank == 1
        )
    ):
        filed[(town_id, task_id)][int(month_number)] = int(percent)
    closed: dict[tuple[int, int], int] = {}
    for town_id, task_id, closed_at in session.execute(
        select(Task.organisation_id, Task.id, Task.closed_at).where(
            *watch.tasks(), Task.status == TaskStatus.DONE, Task.closed_at.is_not(None)
        )
    ):
        closed[(town_id, task_id)] = _closing_month(closed_at, year, watch.zone)
    sums: dict[int, dict[int, float]] = {town.id: dict.fromkeys(months, 0.0) for town in watch.towns}
    for key in filed.keys() | closed.keys():
        reached, closing, entries = 0, closed.get(key, 13), filed.get(key, {})
        for m in months:
            reached = entries.get(m, reached)
            sums[key[0]][m] += 100.0 if m >= closing else float(reached)
    return sums


def _closing_month(closed_at: datetime, year: int, zone: ZoneInfo) -> int:
    """The month of `year` a task was closed in, locally (0: before the year, 13: after it)."""
    local = closed_at.astimezone(zone)  # a UTCDateTime column: always aware
    if local.year != year:
        return 0 if local.year < year else 13
    return local.month


def trends(
    figures: Sequence[TownFigures], sums: dict[int, dict[int, float]], months: Sequence[int], *, live: bool
) -> tuple[dict[int, list[float]], list[float]]:
    """Mean progress by town and month (and over all towns), from `monthly_progress`'s sums. When
    the year is this year (`live`), its last month is today's figure, the one the table shows, so
    the line ends where the town's row says."""
    by_town: dict[int, list[float]] = {}
    totals = [0.0] * len(months)
    for row in figures:
        count = row.completion.total
        line = [sums.get(row.town.id, {}).get(m, 0.0) / count if count else 0.0 for m in months]
        if live and line:
            line[-1] = row.completion.mean_percent
        by_town[row.town.id] = line
        for index, value in enumerate(line):
            totals[index] += value * count
    everyone = sum(row.completion.total for row in figures)
    return by_town, [value / everyone if everyone else 0.0 for value in totals]


def county_board(
    session: Session,
    person: Member,
    year: int | None,
    today: date,
    thresholds: Thresholds,
    zone: ZoneInfo,
) -> CountyBoard:
    """The whole page's figures for `person`: the year asked if the towns have active plans of it,
    else this year if they do, else their newest."""
    towns = tuple(Town(town.id, town.name) for town in towns_in_scope(session, person))
    years = plan_years(session, [town.id for town in towns], is_active())
    if year not in years:
        year = today.year if today.year in years or not years else years[0]
    watch = Watch(towns, year, today, thresholds, zone)
    figures = town_figures(session, watch)
    months = months_of(year, today)
    sums = monthly_progress(session, watch, months)
    by_town, county_line = trends(figures, sums, months, live=year == today.year)
    return CountyBoard(
        year=year,
        years=years,
        towns=figures,
        areas=areas(session, watch),
        overdue=longest_overdue(session, watch),
        months=months,
        trends=by_town,
        county_trend=county_line,
    )
