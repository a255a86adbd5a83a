"""The people and units of the town hall: creating and changing users and departments.

Shared by the admin pages and the `tracker user add` / `tracker dept add` commands, so both check the
same things and say the same thing when something is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.addresses import check_display_name, check_email, has_control_characters
from tracker.accounts.models import Department, Role, User
from tracker.accounts.passwords import set_password
from tracker.accounts.sessions import end_sessions
from tracker.errors import RuleError

ROLE_WORDS = {
    Role.COORDINATOR: "法治办（协调人）",
    Role.LEADER: "分管领导",
    Role.OWNER: "责任人",
    Role.VIEWER: "查看者（督察）",
}


@dataclass(frozen=True)
class UserDetails:
    username: str
    display_name: str
    role: Role
    department_id: int | None = None
    email: str | None = None
    is_principal: bool = False
    is_active: bool = True


def department_named(session: Session, organisation_id: int, name: str) -> Department:
    """The organisation's unit of that name (each town has its own 司法所)."""
    department = session.scalar(
        select(Department).where(
            Department.organisation_id == organisation_id, Department.name == name.strip()
        )
    )
    if department is None:
        raise RuleError(f"找不到单位「{name}」。")
    return department


def user_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise RuleError(f"找不到用户「{username}」。")
    return user


def add_department(
    session: Session, organisation_id: int, name: str, leader: User | None = None
) -> Department:
    """A unit of the organisation (the creating coordinator's, or the one a command names)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise RuleError("单位名称不能为空，且不超过 100 字。", field="name")
    clash = select(Department.id).where(
        Department.organisation_id == organisation_id, Department.name == name
    )
    if session.scalar(clash) is not None:
        raise RuleError(f"单位「{name}」已存在。", field="name")
    department = Department(organisation_id=organisation_id, name=name)
    session.add(department)
    session.flush()
    set_leader(session, department, leader)
    return department


def set_leader(session: Session, department: Department, leader: User | None) -> None:
    if leader is not None and leader.role not in (Role.LEADER, Role.COORDINATOR):
        raise RuleError(f"「{leader.display_name}」不是分管领导，不能分管单位。", field="leader_id")
    if leader is not None and leader.organisation_id != department.organisation_id:
        raise RuleError(f"「{leader.display_name}」不属于本单位所在的机构，不能分管它。", field="leader_id")
    department.leader = leader
    session.flush()


def _checked(
    session: Session, organisation_id: int, details: UserDetails, existing: User | None
) -> UserDetails:
    """`details` as they are kept (trimmed, the address corrected), or a `RuleError` saying why not."""
    username = details.username.strip()
    if not username or len(username) > 64 or has_control_characters(username) or " " in username:
        raise RuleError("用户名不能为空，不含空格或控制字符，且不超过 64 个字符。", field="username")
    display_name = check_display_name(details.display_name)
    email = check_email(details.email).address if (details.email or "").strip() else None
    clash = session.scalar(select(User).where(User.username == username))
    if clash is not None and clash is not existing:
        raise RuleError(f"用户名「{details.username}」已被使用。", field="username")
    if details.department_id is not None:
        department = session.get(Department, details.department_id)
        if department is None or department.organisation_id != organisation_id:
            raise RuleError("所选单位不存在。", field="department_id")
    return replace(details, username=username, display_name=display_name, email=email)


def email_note(typed: str | None, user: User) -> str | None:
    """What to tell the person who typed `typed` when the address kept differs from it."""
    if not typed or not typed.strip() or user.email is None:
        return None
    return check_email(typed).note()


def _apply(user: User, details: UserDetails) -> None:
    user.username = details.username
    user.display_name = details.display_name
    user.role = details.role
    user.department_id = details.department_id
    user.email = details.email
    user.is_principal = details.is_principal
    user.is_active = details.is_active


def add_user(session: Session, organisation_id: int, details: UserDetails, password: str) -> User:
    """A person of the organisation (the creating coordinator's, or the one a command names); their
    unit, if any, is one of its units."""
    details = _checked(session, organisation_id, details, None)
    user = User(organisation_id=organisation_id)
    _apply(user, details)
    try:
        set_password(user, password)
    except ValueError as error:
        raise RuleError(str(error), field="password") from None
    session.add(user)
    session.flush()
    return user


def update_user(session: Session, user: User, details: UserDetails, new_password: str = "") -> User:
    """Change a person; a new password or a deactivation also ends every session they have."""
    details = _checked(session, user.organisation_id, details, user)
    deactivated = user.is_active and not details.is_active
    _apply(user, details)
    if new_password:
        try:
            set_password(user, new_password)
        except ValueError as error:
            raise RuleError(str(error), field="password") from None
    session.flush()
    if new_password or deactivated:
        end_sessions(session, user.id)
    return user
