"""The demo town hall: its units (named as the plan parser's owner table names them) and one person
per role, each with a printed login. Running it twice changes nothing."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.directory import UserDetails, add_department, add_user, set_leader
from tracker.accounts.models import Department, Role, User
from tracker.audit import Actor, acting_as

DEMO_PASSWORD = "luoshi-demo-2026"


def as_demo_person(person: User) -> AbstractContextManager[Actor]:
    """Write the demo's records as `person` would have: its tasks' history then reads 「石门镇司法所责任人
    填报了进展」 beside the entry that person is the author of, as a real year's does, rather than
    crediting the command that wrote the demo with every step of the story."""
    return acting_as(Actor(person.username, person.id))


DEMO_DEPARTMENTS = ("司法所", "党政办", "综合行政执法办")


@dataclass(frozen=True)
class DemoPerson:
    username: str
    display_name: str
    role: Role
    department: str | None


DEMO_PEOPLE = (
    DemoPerson("fazhiban", "李协调（法治办）", Role.COORDINATOR, "司法所"),
    DemoPerson("fenguan", "王分管（分管领导）", Role.LEADER, "党政办"),
    DemoPerson("sifasuo", "张责任（司法所）", Role.OWNER, "司法所"),
    DemoPerson("dangzhengban", "陈责任（党政办）", Role.OWNER, "党政办"),
    DemoPerson("ducha", "赵督察（县督察组）", Role.VIEWER, None),
)


def _department(session: Session, organisation_id: int, name: str) -> Department:
    existing = session.scalar(
        select(Department).where(Department.organisation_id == organisation_id, Department.name == name)
    )
    return existing or add_department(session, organisation_id, name)


def ensure_demo_people(session: Session, organisation_id: int) -> list[DemoPerson]:
    """Create whatever of the organisation's demo units and people is missing; the leader supervises
    every unit."""
    departments = {name: _department(session, organisation_id, name) for name in DEMO_DEPARTMENTS}
    users: dict[str, User] = {}
    for person in DEMO_PEOPLE:
        user = session.scalar(select(User).where(User.username == person.username))
        if user is None:
            department_id = departments[person.department].id if person.department else None
            details = UserDetails(
                person.username,
                person.display_name,
                person.role,
                department_id,
                f"{person.username}@demo.luoshi.example",
            )
            user = add_user(session, organisation_id, details, DEMO_PASSWORD)
            user.is_demo = True  # mailed only about the demo; `tracker demo remove` removes it
        users[person.username] = user
    for department in departments.values():
        if department.leader_id is None:
            set_leader(session, department, users["fenguan"])
    return list(DEMO_PEOPLE)
