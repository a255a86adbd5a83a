"""The board's filter menus: the active plans, every unit, every 责任人, read in one query.

Three small lists that every board request shows; one round trip to the database instead of three
is a sizeable share of a page that must answer in a few milliseconds. A county's person sees every
town's plans, units and people, so each is named with its town (`tracker.organisations.labels`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, cast, literal_column, null, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tracker.accounts.models import Department, Role, User
from tracker.organisations.labels import OfTown, labelled, town_by_town
from tracker.organisations.models import Organisation
from tracker.plans.lifecycle import is_active
from tracker.plans.models import Plan


@dataclass(frozen=True)
class PlanChoice:
    id: int
    year: int
    name: str
    """The plan's title, followed by its town's when the menu holds several towns' plans."""

    @property
    def label(self) -> str:
        return f"{self.year} · {self.name}"


@dataclass(frozen=True)
class Menus:
    plans: list[PlanChoice]
    """The active plans (`tracker.plans.lifecycle`), newest year first."""
    units: list[tuple[int, str]]
    """(id, label), town by town; labelled with the town when the menu holds several towns'."""
    people: list[tuple[int, str]]
    """The people who can be 责任人 (owners), as the units: town by town, in the order they were
    added, labelled with the town when the menu holds several towns'."""

    def preferred_plan(self) -> PlanChoice | None:
        """The plan whose figures the dashboard shows when none is asked for: the newest active one
        (the board and the calendar show every active plan instead)."""
        return self.plans[0] if self.plans else None


def _menu(name: str) -> ColumnElement[str]:
    return literal_column(f"'{name}'").label("menu")


_NONE = cast(null(), Integer)
_OWNERS = bindparam("owners", expanding=True)
_MENUS = union_all(
    select(_menu("plan"), Plan.id, Plan.title, Plan.year, Organisation.id, Organisation.name)
    .join(Organisation, Organisation.id == Plan.organisation_id)
    .where(is_active(), Plan.organisation_id.in_(_OWNERS)),
    select(_menu("unit"), Department.id, Department.name, _NONE, Organisation.id, Organisation.name)
    .join(Organisation, Organisation.id == Department.organisation_id)
    .where(Department.organisation_id.in_(_OWNERS)),
    select(_menu("person"), User.id, User.display_name, _NONE, Organisation.id, Organisation.name)
    .join(Organisation, Organisation.id == User.organisation_id)
    .where(User.role == Role.OWNER, User.organisation_id.in_(_OWNERS)),
)
"""Built once: SQLAlchemy compiles it once per process; the organisations are its one parameter."""


def filter_menus(session: Session, organisation_ids: list[int]) -> Menus:
    """The menus of the organisations shown (`tracker.organisations.scope` decides which a person
    sees)."""
    years: dict[int, int] = {}
    choices: dict[str, list[OfTown]] = {"plan": [], "unit": [], "person": []}
    rows = session.execute(_MENUS, {"owners": organisation_ids})
    for kind, id_, name, year, organisation_id, town in rows:
        choices[kind].append(OfTown(id_, name, organisation_id, town))
        if kind == "plan":
            years[id_] = year
    newest_first = sorted(choices["plan"], key=lambda plan: (-years[plan.id], plan.organisation_id, -plan.id))
    return Menus(
        plans=[PlanChoice(id_, years[id_], name) for id_, name in labelled(newest_first)],
        units=town_by_town(choices["unit"]),
        people=town_by_town(choices["person"]),
    )
