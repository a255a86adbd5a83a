"""The demo county: 鹤溪县 and three towns under it, each with its units, people, a plan of the current
year and some progress, so that the county's pages (towns side by side, a red town, 督办) have
something to show. `tracker demo county` sets it up and the tests use it (the `demo_county`
fixture); the embedded default and `tracker quickstart` never do, and stay one town.

The towns and their coordinators are set up through the provisioning import's own service
(`provision_towns`), the other people with `add_user`, progress with `file_progress`, so the demo is
checked like a county's real data. The three towns differ on purpose: 松岭镇 is on time, 柳塘镇 has
tasks a few days overdue, 石门镇 has tasks weeks overdue (red). Deadlines are counted from `today`, so
the picture is the same whenever the demo is set up. Every account and plan is marked as demo data
(`is_demo`): mailed only among themselves, removed by `tracker demo remove`. Names are made up.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.directory import UserDetails, add_user, department_named, set_leader
from tracker.accounts.models import Role, User
from tracker.demo.people import DEMO_PASSWORD, as_demo_person
from tracker.organisations.models import Organisation
from tracker.organisations.provisioning import TownLine, TownsFile, UnitLine, provision_towns
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.tasks.evidence import EvidenceStore
from tracker.tasks.models import Task
from tracker.tasks.progress import ProgressReport, file_progress

DEMO_COUNTY = "鹤溪县"
UNITS = ("司法所", "党政办", "综合行政执法办")
DEMO_MAIL = "demo.luoshi.example"


@dataclass(frozen=True)
class DemoTown:
    name: str
    prefix: str
    """Of its people's user names: songling_fzb, songling_fenguan…"""
    overdue_days: int
    """How far past their deadline its late tasks are (0: none is late)."""


DEMO_TOWNS = (
    DemoTown("松岭镇", "songling", 0),
    DemoTown("柳塘镇", "liutang", 5),
    DemoTown("石门镇", "shimen", 30),
)

TASKS = (
    # (title, lead unit, days from today to the deadline, or None: late by the town's overdue_days)
    ("开展民法典进村（社区）宣讲活动", "司法所", None),
    ("完成行政执法案卷评查", "综合行政执法办", None),
    ("落实重大行政决策合法性审查", "党政办", 40),
    ("组织年度领导干部学法考试", "党政办", 75),
    ("推进镇村法律顾问全覆盖", "司法所", 120),
)


@dataclass(frozen=True)
class DemoLogin:
    organisation: str
    username: str
    display_name: str
    role: Role


def demo_county_file() -> TownsFile:
    """The county's towns, units and coordinators, as a filled-in provisioning workbook would give."""
    towns = tuple(
        TownLine(
            row,
            DEMO_COUNTY,
            town.name,
            f"{town.name}法治办",
            f"{town.prefix}_fzb",
            _mail(f"{town.prefix}_fzb"),
        )
        for row, town in enumerate(DEMO_TOWNS, start=2)
    )
    units = tuple(
        UnitLine(row, town.name, unit)
        for row, (town, unit) in enumerate(((t, u) for t in DEMO_TOWNS for u in UNITS), start=2)
    )
    return TownsFile(towns, units)


def _mail(username: str) -> str:
    return f"{username}@{DEMO_MAIL}"


def _person(
    session: Session,
    organisation_id: int,
    username: str,
    name: str,
    role: Role,
    unit_id: int | None = None,
    *,
    principal: bool = False,
) -> User:
    details = UserDetails(username, name, role, unit_id, _mail(username), is_principal=principal)
    user = add_user(session, organisation_id, details, DEMO_PASSWORD)
    user.is_demo = True
    return user


def ensure_demo_county(session: Session, store: EvidenceStore, today: date) -> list[DemoLogin]:
    """Set up the demo county unless it is there already; the logins of its people either way."""
    from tracker.cli import OPERATOR  # here: tracker.cli imports the demo's commands, which import this

    county = session.scalar(select(Organisation).where(Organisation.name == DEMO_COUNTY))
    if county is None:
        provision_towns(session, demo_county_file(), by=OPERATOR, password=lambda: DEMO_PASSWORD)
        county = session.scalars(select(Organisation).where(Organisation.name == DEMO_COUNTY)).one()
        _county_people(session, county)
        for town in DEMO_TOWNS:
            _town(session, town, store, today)
        session.flush()
    return demo_logins(session, county)


def _county_people(session: Session, county: Organisation) -> None:
    _person(session, county.id, "hexi_fzb", "鹤溪县法治办", Role.COORDINATOR)
    _person(session, county.id, "hexi_lingdao", "县分管领导", Role.LEADER)
    _person(session, county.id, "hexi_ducha", "县督察组", Role.VIEWER)


def _town(session: Session, demo: DemoTown, store: EvidenceStore, today: date) -> None:
    town = session.scalars(select(Organisation).where(Organisation.name == demo.name)).one()
    coordinator = session.scalars(select(User).where(User.username == f"{demo.prefix}_fzb")).one()
    coordinator.is_demo = True
    leader = _person(session, town.id, f"{demo.prefix}_fenguan", f"{demo.name}分管领导", Role.LEADER)
    _person(session, town.id, f"{demo.prefix}_zhenzhang", f"{demo.name}镇长", Role.LEADER, principal=True)
    owners = {}
    for index, unit_name in enumerate(UNITS, start=1):
        unit = department_named(session, town.id, unit_name)
        set_leader(session, unit, leader)
        owners[unit_name] = _person(
            session, town.id, f"{demo.prefix}_zr{index}", f"{demo.name}{unit_name}责任人", Role.OWNER, unit.id
        )
    plan, area = _plan(session, town, today)
    for position, (title, unit_name, days) in enumerate(TASKS, start=1):
        due = today + timedelta(days=days) if days is not None else today - timedelta(days=demo.overdue_days)
        item = PlanItem(plan=plan, parent=area, position=position, title=title, text=title)
        owner = owners[unit_name]
        task = Task(
            plan_id=plan.id,
            plan_item=item,
            title=title,
            deadline=due,
            owner=owner,
            lead_department_id=owner.department_id,
        )
        session.add(task)
        session.flush()
        if days is None and demo.overdue_days == 0:  # the town on time has done its early work
            report = ProgressReport(f"{title}：已按计划完成。", today - timedelta(days=3), 100)
        else:
            report = ProgressReport(f"{title}：已制定方案，正在推进。", today - timedelta(days=10), 30)
        with as_demo_person(owner):
            file_progress(session, task, report, by=owner, today=today, store=store, max_upload_bytes=0)


def _plan(session: Session, town: Organisation, today: date) -> tuple[Plan, PlanItem]:
    """The town's confirmed demo plan of the year, with its one area (推进依法行政) for the tasks."""
    title = f"{town.name}{today.year}年度法治政府建设工作要点（演示）"
    plan = Plan(
        organisation=town,
        year=today.year,
        title=title,
        status=PlanStatus.CONFIRMED,
        source_filename="演示计划.txt",
        source_bytes=title.encode(),
        source_sha256=hashlib.sha256(title.encode()).hexdigest(),
        source_text=title,
        is_demo=True,
    )
    area = PlanItem(plan=plan, position=0, marker="一、", title="推进依法行政", text="推进依法行政")
    session.add_all((plan, area))
    session.flush()
    return plan, area


def demo_logins(session: Session, county: Organisation) -> list[DemoLogin]:
    """Every demo account of the county and its towns, county first (for the terminal)."""
    members = [county.id, *(town.id for town in county.towns)]
    names = {county.id: county.name, **{town.id: town.name for town in county.towns}}
    users = session.scalars(
        select(User).where(User.organisation_id.in_(members), User.is_demo.is_(True)).order_by(User.id)
    )
    ordered = sorted(users, key=lambda user: (members.index(user.organisation_id), user.id))
    return [
        DemoLogin(names[user.organisation_id], user.username, user.display_name, user.role)
        for user in ordered
    ]
