"""Adding and finding organisations, for `tracker org` and the provisioning of a county's towns."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.errors import RuleError
from tracker.organisations.models import Organisation, OrgKind


def organisation_named(session: Session, name: str) -> Organisation:
    organisation = session.scalar(select(Organisation).where(Organisation.name == name.strip()))
    if organisation is None:
        raise RuleError(f"找不到机构「{name.strip()}」。", field="org")
    return organisation


def sole_organisation(session: Session) -> Organisation:
    """The organisation of an installation that has only one (a single town, as the embedded default
    is). With several, nothing can be made without saying whose it is: refused, never guessed."""
    organisations = list(session.scalars(select(Organisation).order_by(Organisation.id).limit(2)))
    if len(organisations) != 1:
        raise RuleError("本系统有多个机构（或尚无机构），请用 --org 指明机构名称。", field="org")
    return organisations[0]


def organisation_for_command(session: Session, name: str | None) -> Organisation:
    """What `--org NAME` names, or the only organisation when the option is left out."""
    return organisation_named(session, name) if name else sole_organisation(session)


def add_organisation(
    session: Session, name: str, kind: OrgKind, parent: Organisation | None = None
) -> Organisation:
    """A county, or a town (under its county when `parent` is given). A county has no parent, and a
    town's parent is a county: the tree is two levels, as the rule of who sees what assumes."""
    name = name.strip()
    if not name or len(name) > 100:
        raise RuleError("机构名称不能为空，且不超过 100 字。", field="name")
    if session.scalar(select(Organisation.id).where(Organisation.name == name)) is not None:
        raise RuleError(f"机构「{name}」已存在。", field="name")
    if kind is OrgKind.COUNTY and parent is not None:
        raise RuleError("县级机构不能隶属于其他机构。", field="parent")
    if parent is not None and not parent.is_county:
        raise RuleError(f"「{parent.name}」不是县级机构，镇不能隶属于它。", field="parent")
    organisation = Organisation(name=name, kind=kind, parent=parent)
    session.add(organisation)
    session.flush()
    return organisation


def all_organisations(session: Session) -> list[Organisation]:
    """Counties first, each followed by its towns, then the towns without a county."""
    rows = list(session.scalars(select(Organisation).order_by(Organisation.id)))
    counties = [row for row in rows if row.is_county]
    ordered = [member for county in counties for member in (county, *county.towns)]
    return ordered + [row for row in rows if row not in ordered]
