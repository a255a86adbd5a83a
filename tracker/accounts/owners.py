"""Who may be a task's 责任人, and which units exist: one rule for review, the task page, the API and
plan confirmation alike.

The 责任人 answers for a task and files its progress, so it must be someone who can: an active
person of the lead unit (牵头单位) whose role files progress (a 责任人, or a coordinator who belongs to
that unit). A 分管领导 supervises and decides extensions but files nothing; a viewer changes nothing;
either would be left with a task and no form to act on it. A unit is one the town has set up; a name
nobody has set up (a typo, a unit of another town's document) is refused with the list of such names,
and becomes a unit only when a coordinator creates it on purpose (新建单位).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from tracker.accounts.models import Department, Role, User
from tracker.errors import RuleError

OWNER_ROLES = frozenset({Role.OWNER, Role.COORDINATOR})
"""Roles that file progress and close tasks (`tracker.accounts.permissions`)."""
ROLE_REASONS = {
    Role.LEADER: "是分管领导（审批延期、督办，不填报进展）",
    Role.VIEWER: "是查看者（只能查看）",
}


def owner_refusal(owner: User, lead: Department | None) -> str | None:
    """Why `owner` cannot be the 责任人 of a task led by `lead`; None when they can."""
    name = owner.display_name
    if not owner.is_active:
        return f"「{name}」的账号已停用，不能担任责任人。"
    if owner.role not in OWNER_ROLES:
        return f"「{name}」{ROLE_REASONS.get(owner.role, '不能填报进展')}，不能担任责任人。"
    if lead is None:
        return "请先确定牵头单位：责任人须为牵头单位的成员。"
    if owner.department_id != lead.id:
        unit = owner.department.name if owner.department is not None else "未分配单位"
        return f"「{name}」属于{unit}，不是牵头单位{lead.name}的成员；责任人须为牵头单位的成员。"
    return None


def check_owner(owner: User | None, lead: Department | None, field: str = "owner_id") -> None:
    """Refuse (`RuleError` naming `field`) an owner who cannot answer for a task led by `lead`."""
    if owner is None:
        return
    refusal = owner_refusal(owner, lead)
    if refusal is not None:
        raise RuleError(refusal, field=field)


def may_be_owner(person: User) -> bool:
    """Offered as a 责任人 at all (of their own unit): active, in a unit, with a role that files."""
    return person.is_active and person.department_id is not None and person.role in OWNER_ROLES


@dataclass(frozen=True)
class UnitChoice:
    """A unit and the people who may be 责任人 of its tasks, for the pickers."""

    id: int
    name: str
    owners: tuple[User, ...]


def unit_choices(session: Session, organisation_id: int) -> list[UnitChoice]:
    """Every unit of the organisation (in the order they were set up) with its possible 责任人: what
    pickers offer."""
    units = session.scalars(
        select(Department)
        .where(Department.organisation_id == organisation_id)
        .options(selectinload(Department.members))
        .order_by(Department.id)
    )
    return [
        UnitChoice(unit.id, unit.name, tuple(person for person in unit.members if may_be_owner(person)))
        for unit in units
    ]


def _named(organisation_id: int, names: list[str]) -> ColumnElement[bool]:
    """The criterion for the units of one organisation carrying one of `names` (another town's
    司法所 is not this town's)."""
    return (Department.organisation_id == organisation_id) & Department.name.in_(names)


def unknown_unit_names(session: Session, organisation_id: int, names: Iterable[str]) -> list[str]:
    """The names among `names` that no unit of the organisation carries, in the order given."""
    wanted = list(dict.fromkeys(name for name in names if name))
    if not wanted:
        return []
    known = set(session.scalars(select(Department.name).where(_named(organisation_id, wanted))))
    return [name for name in wanted if name not in known]


def units_named(
    session: Session, organisation_id: int, names: Iterable[str], field: str | None = None
) -> dict[str, Department]:
    """The organisation's units with these names; `RuleError` listing every name none carries."""
    wanted = list(dict.fromkeys(name for name in names if name))
    found = {
        unit.name: unit for unit in session.scalars(select(Department).where(_named(organisation_id, wanted)))
    }
    missing = [name for name in wanted if name not in found]
    if missing:
        raise RuleError(unknown_units_message(missing), field=field)
    return found


def unknown_units_message(names: list[str]) -> str:
    listed = "、".join(f"「{name}」" for name in names)
    return f"单位{listed}尚未建立：请从列表中选择现有单位，或先点“新建单位”建立它。"
