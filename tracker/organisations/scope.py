"""The one rule of who sees which organisation's rows; every query of a page, API route, export, mail
listing, report and command goes through it.

- a town's people see their town;
- a county's people see the county and every town under it;
- the server's operator (`tracker` commands, `organisation_id` None) sees every organisation.

A row outside a person's scope is answered exactly as a row that does not exist (404), so nobody can
learn from an error which ids another town uses. What a person may *change* among the rows they see
is `tracker.accounts.permissions`'s to say.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.orm import Session, object_session
from werkzeug.exceptions import NotFound

from tracker.organisations.models import Organisation


class Member(Protocol):
    """The part of a person (a `User`, the CLI's operator) the rule looks at."""

    @property
    def organisation_id(self) -> int | None: ...


class Owned(Protocol):
    """A row that belongs to one organisation (department, person, plan, task, report run…)."""

    @property
    def organisation_id(self) -> int: ...


OwnedT = TypeVar("OwnedT", bound=Owned)


def _visible_ids_query(person: Member) -> Select[tuple[int]]:
    """The ids of the organisations `person` sees, as a query: their own and the towns under it."""
    own = person.organisation_id
    query = select(Organisation.id)
    if own is None:
        return query
    return query.where(or_(Organisation.id == own, Organisation.parent_id == own))


def visible_organisation_ids(session: Session, person: Member) -> list[int]:
    """The organisations whose rows `person` sees, in id order (a town's people: one id)."""
    return list(session.scalars(_visible_ids_query(person).order_by(Organisation.id)))


def in_scope(column: Any, person: Member) -> ColumnElement[bool]:
    """A criterion for `.where(…)` keeping the rows whose organisation `column` is one `person` sees."""
    if person.organisation_id is None:
        return true()
    return column.in_(_visible_ids_query(person))


def is_visible(session: Session, person: Member, organisation_id: int) -> bool:
    own = person.organisation_id
    if own is None or own == organisation_id:
        return True
    return organisation_id in visible_organisation_ids(session, person)


def require_visible(person: Member, row: OwnedT | None) -> OwnedT:
    """`row` if `person` sees its organisation; NotFound (404) if not, or if there is no row, so that
    another town's row and a missing one are indistinguishable."""
    if row is None:
        raise NotFound()
    session = object_session(row)
    if session is None:
        raise RuntimeError("require_visible needs a row loaded in a session")
    if not is_visible(session, person, row.organisation_id):
        raise NotFound()
    return row
