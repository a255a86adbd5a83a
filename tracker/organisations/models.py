"""A county (县) or a town (镇): the organisation every department, person, plan and task belongs to."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import ForeignKey, String, text
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column, relationship

from tracker.audit import Audited
from tracker.clock import stamp
from tracker.db import Base, enum_column


class OrgKind(enum.StrEnum):
    COUNTY = "county"  # 县: 依法治县办/司法局, watches its towns
    TOWN = "town"  # 镇: tracks its own plan


ORG_KIND_WORDS = {OrgKind.COUNTY: "县", OrgKind.TOWN: "镇"}

HOME_TOWN_NAME = "本镇"
"""The town a single-town installation is: migration 0016 put every earlier row under it."""


class Organisation(Audited, Base):
    """A county with its towns under it (`parent`), or a town alone (no parent), as an installation
    of one town is. Names are unique: people and commands name organisations."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    """A town's county; None for a county and for a town without one."""
    created_at: Mapped[datetime] = mapped_column(default=stamp)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id], back_populates="towns")
    towns: Mapped[list[Organisation]] = relationship(back_populates="parent", order_by="Organisation.id")

    @property
    def is_county(self) -> bool:
        return self.kind is OrgKind.COUNTY


def organisation_of(table: str, key: str) -> Callable[[DefaultExecutionContext], int]:
    """A column default for rows whose organisation is another row's: a task's is its plan's, a
    delivery's its recipient's. Denormalised so that scope filters need no join; the copy is taken
    from the row it depends on when the row is inserted, so it cannot disagree with it. A creator
    that has the organisation at hand (confirming a plan into tasks) passes it and saves the query."""
    statement = text(f"SELECT organisation_id FROM {table} WHERE id = :id")

    def default(context: DefaultExecutionContext) -> int:
        key_value = context.get_current_parameters()[key]
        organisation_id = context.connection.scalar(statement, {"id": key_value})
        if organisation_id is None:
            raise ValueError(f"no {table} row {key_value} to take the organisation from")
        return int(organisation_id)

    return default


def copied_organisation(table: str, key: str) -> MappedColumn[int]:
    """The `organisation_id` column of a row whose organisation is the one of the `table` row its
    `key` points to (`organisation_of`): indexed for the scope filters, never a town deleted under it."""
    return mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True, default=organisation_of(table, key)
    )
