"""The directory a test's town has: units are suggested only from an installation's own departments,
so a test that expects a suggestion puts the unit in its directory first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import Department
from tracker.organisations.service import sole_organisation

TOWN_DEPARTMENTS = ("党政办", "司法所", "综合行政执法办", "综治中心")
"""The directory of the seed's town as these tests set it up. Units are suggested only from an
installation's own departments, so what a test expects to be suggested must be in its directory."""


def ensure_departments(session: Session, names: tuple[str, ...] = TOWN_DEPARTMENTS) -> None:
    """The town's departments, added to the directory where missing (a test may have made some)."""
    have = set(session.scalars(select(Department.name)))
    session.add_all(
        Department(organisation_id=sole_organisation(session).id, name=name)
        for name in names
        if name not in have
    )
    session.flush()
