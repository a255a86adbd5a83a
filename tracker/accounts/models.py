"""Departments (责任单位) and the people in them, with the role that decides what each may do."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.audit import Audited
from tracker.clock import stamp
from tracker.db import Base, enum_column
from tracker.organisations.models import Organisation


class Role(enum.StrEnum):
    """What a person may do: see `tracker.accounts.permissions` for the rules."""

    COORDINATOR = "coordinator"  # 法治办/司法所: imports, assigns, may do everything
    LEADER = "leader"  # 分管领导: copied on escalations, approves extensions
    OWNER = "owner"  # 责任人: files progress, closes the tasks of their unit
    VIEWER = "viewer"  # e.g. the county inspector: reads everything, changes nothing


class Department(Audited, Base):
    """A 责任单位 (党政办, 司法所, 综合行政执法办…), supervised by one 分管领导."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    """Unique within the organisation: two towns both have a 司法所."""
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    organisation: Mapped[Organisation] = relationship()
    leader: Mapped[User | None] = relationship(foreign_keys=[leader_id])
    members: Mapped[list[User]] = relationship(
        back_populates="department", foreign_keys="User.department_id", order_by="User.id"
    )


class User(Audited, Base):
    __tablename__ = "users"
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"password_hash"})

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    username: Mapped[str] = mapped_column(String(64), unique=True)
    """Unique in the whole installation: people sign in by it, before anyone knows their town."""
    display_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.OWNER)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    is_principal: Mapped[bool] = mapped_column(default=False)
    """主要负责人 (党委书记/镇长): the top of the escalation ladder."""
    is_active: Mapped[bool] = mapped_column(default=True)
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    """A demo account (`tracker.demo.people`): mailed only about the demo, removed with it."""
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    organisation: Mapped[Organisation] = relationship()
    department: Mapped[Department | None] = relationship(
        back_populates="members", foreign_keys=[department_id]
    )

    # Flask-Login's user protocol, spelled out so that the model itself does not depend on Flask.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class SessionVersion(Base):
    """How many times a person's sessions were ended (sign-out, new password, deactivation): a
    session cookie is honoured only while it carries the current number (`tracker.accounts.sessions`).
    Kept apart from `users` so that signing out neither rewrites the directory nor its audit trail."""

    __tablename__ = "session_versions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class TokenPurpose(enum.StrEnum):
    API = "api"  # a bearer token for /api/v1
    CALENDAR = "calendar"  # the secret in a personal iCal feed URL


class AccessToken(Audited, Base):
    """A secret a person hands to a program (API client, calendar app) instead of their password.

    Only the SHA-256 of the secret is kept: the secret is shown once, when it is made, and a leaked
    database does not let anyone act as its owners. `prefix` lets people tell their tokens apart.
    """

    __tablename__ = "access_tokens"
    __audit_exclude__: ClassVar[frozenset[str]] = frozenset({"token_hash"})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(enum_column(TokenPurpose))
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed sign-in, kept for the throttle window (by user name and by address)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=stamp, index=True)
