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

from tracker.organisations.models import Organisation, OrgKind


class Member(Protocol):
    """The part of a person (a `User`, the CLI's operator) the rule looks at."""

    @property
    def organisation_id(self) -> int | None: ...


RowT = TypeVar("RowT")


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


def towns_in_scope(session: Session, person: Member) -> list[Organisation]:
    """The towns `person` sees, in the order they were added: a county's people, the county's towns
    (the county's board and its reports list them); a town's people, their own."""
    query = select(Organisation).where(in_scope(Organisation.id, person), Organisation.kind == OrgKind.TOWN)
    return list(session.scalars(query.order_by(Organisation.id)))


def in_own_organisation(column: Any, person: Member) -> ColumnElement[bool]:
    """A criterion keeping the rows of the person's own organisation: what waits for them to do
    (待我处理) is their own organisation's, while what they may read reaches further (`in_scope`)."""
    if person.organisation_id is None:
        return true()
    return column == person.organisation_id  # type: ignore[no-any-return]


def is_visible(session: Session, person: Member, organisation_id: int) -> bool:
    own = person.organisation_id
    if own is None or own == organisation_id:
        return True
    return organisation_id in visible_organisation_ids(session, person)


def owning_organisation_id(session: Session, row: object) -> int:
    """The organisation a row belongs to: its own column (departments, people, plans, tasks, runs,
    duty lines, mail), else its task's (evidence, extension requests, entries) or its plan's (items,
    figures, problems, their evidence), else its plan item's plan's (indicators)."""
    from tracker.plans.models import Plan, PlanItem
    from tracker.tasks.models import Task

    if (own := getattr(row, "organisation_id", None)) is not None:
        return int(own)
    if (task_id := getattr(row, "task_id", None)) is not None:
        parent = select(Task.organisation_id).where(Task.id == task_id)
    elif (plan_id := getattr(row, "plan_id", None)) is not None:
        parent = select(Plan.organisation_id).where(Plan.id == plan_id)
    elif (item_id := getattr(row, "plan_item_id", None)) is not None:
        parent = (
            select(Plan.organisation_id)
            .join(PlanItem, PlanItem.plan_id == Plan.id)
            .where(PlanItem.id == item_id)
        )
    else:
        raise TypeError(f"{type(row).__name__} belongs to no organisation")
    return int(session.scalars(parent).one())


def require_visible(person: Member, row: RowT | None) -> RowT:
    """`row` if `person` sees its organisation; NotFound (404) if not, or if there is no row, so that
    another town's row and a missing one are indistinguishable."""
    visible_organisation_of(person, row)
    assert row is not None
    return row


def visible_organisation_of(person: Member, row: object | None) -> int:
    """The organisation of `row` when `person` sees it (`require_visible`'s rule), for a caller that
    goes on to ask what the person may change there without looking it up again."""
    if row is None:
        raise NotFound()
    session = object_session(row)
    if session is None:
        raise RuntimeError("require_visible needs a row loaded in a session")
    organisation_id = owning_organisation_id(session, row)
    if not is_visible(session, person, organisation_id):
        raise NotFound()
    return organisation_id
