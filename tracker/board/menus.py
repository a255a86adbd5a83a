"""The board's filter menus: the active plans, every unit, every 责任人, read in one query.

Three small lists that every board request shows; one round trip to the database instead of three
is a sizeable share of a page that must answer in a few milliseconds. A county's person sees every
town's units, so units are named with their town (`tracker.organisations.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, bindparam, cast, literal_column, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker.accounts.models import Department, Role, User
from tracker.organisations.labels import UnitOfTown, unit_menu
from tracker.organisations.models import Organisation
from tracker.plans.lifecycle import is_active
from tracker.plans.models import Plan


@dataclass(frozen=True)
class PlanChoice:
    id: int
    year: int
    title: str

    @property
    def label(self) -> str:
        return f"{self.year} · {self.title}"


@dataclass(frozen=True)
class Menus:
    plans: list[PlanChoice]
    """The active plans (`tracker.plans.lifecycle`), newest year first."""
    units: list[tuple[int, str]]
    """(id, label), town by town; labelled with the town when the menu holds several towns'."""
    people: list[tuple[int, str]]
    """The people who can be 责任人 (owners), in the order they were added."""

    def preferred_plan(self) -> PlanChoice | None:
        """The plan whose figures the dashboard shows when none is asked for: the newest active one
        (the board and the calendar show every active plan instead)."""
        return self.plans[0] if self.plans else None


def _menu(name: str) -> ColumnElement[str]:
    return literal_column(f"'{name}'").label("menu")


_NONE = cast(null(), Integer)
_NO_TOWN = cast(null(), String)
_OWNERS = bindparam("owners", expanding=True)
_MENUS = union_all(
    select(_menu("plan"), Plan.id, Plan.title, Plan.year, _NONE, _NO_TOWN).where(
        is_active(), Plan.organisation_id.in_(_OWNERS)
    ),
    select(_menu("unit"), Department.id, Department.name, _NONE, Organisation.id, Organisation.name)
    .join(Organisation, Organisation.id == Department.organisation_id)
    .where(Department.organisation_id.in_(_OWNERS)),
    select(_menu("person"), User.id, User.display_name, _NONE, _NONE, _NO_TOWN).where(
        User.role == Role.OWNER, User.organisation_id.in_(_OWNERS)
    ),
)
"""Built once: SQLAlchemy compiles it once per process; the organisations are its one parameter."""


def filter_menus(session: Session, organisation_ids: list[int]) -> Menus:
    """The menus of the organisations shown (`tracker.organisations.scope` decides which a person
    sees)."""
    plans: list[PlanChoice] = []
    units: list[UnitOfTown] = []
    people: list[tuple[int, str]] = []
    rows = session.execute(_MENUS, {"owners": organisation_ids})
    for kind, id_, label, year, organisation_id, town in rows:
        if kind == "plan":
            plans.append(PlanChoice(id_, year, label))
        elif kind == "unit":
            units.append(UnitOfTown(id_, label, organisation_id, town))
        else:
            people.append((id_, label))
    return Menus(
        plans=sorted(plans, key=lambda plan: (-plan.year, -plan.id)),
        units=unit_menu(units),
        people=sorted(people),
    )
