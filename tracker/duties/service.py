"""Keeping the register: add a line, remove one, read a year's lines. Coordinators only; every change
is in the audit trail (the model is audited)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.permissions import Person, can_assign
from tracker.duties.models import DUTY_KIND_WORDS, DutyKind, DutyRecord
from tracker.errors import RuleError, choose, require

MAX_TEXT = 300


def parse_kind(raw: str) -> DutyKind:
    """A kind given as its Chinese name (常务会议学法 …) or its stored value (study …)."""
    return choose(raw, DUTY_KIND_WORDS, "事项类别", field="kind")


def add_duty(
    session: Session,
    *,
    organisation_id: int,
    held_on: date,
    kind: DutyKind,
    text: str,
    by: Person,
    now: datetime,
    today: date,
) -> DutyRecord:
    """One line of the organisation's register, or a refusal saying what is wrong with it."""
    require(can_assign(by), "只有法治办（协调人）可以登记履职事项。")
    text = " ".join(text.split())
    if not text:
        raise RuleError("请用一句话写明事项内容。", field="text")
    if len(text) > MAX_TEXT:
        raise RuleError(f"事项内容不能超过 {MAX_TEXT} 字，请用一句话概括。", field="text")
    if held_on > today:
        raise RuleError("事项日期不能晚于今天。", field="held_on")
    record = DutyRecord(
        organisation_id=organisation_id,
        held_on=held_on,
        kind=kind,
        text=text,
        created_at=now,
        created_by_id=by.id,
    )
    session.add(record)
    session.flush()
    return record


def remove_duty(session: Session, record: DutyRecord, *, by: Person) -> None:
    require(can_assign(by), "只有法治办（协调人）可以删除履职事项。")
    session.delete(record)
    session.flush()


def duties_of_year(session: Session, organisation_id: int, year: int) -> list[DutyRecord]:
    """The organisation's lines of the year by date, then in the order they were entered."""
    return list(
        session.scalars(
            select(DutyRecord)
            .where(
                DutyRecord.organisation_id == organisation_id,
                DutyRecord.held_on >= date(year, 1, 1),
                DutyRecord.held_on <= date(year, 12, 31),
            )
            .order_by(DutyRecord.held_on, DutyRecord.id)
        )
    )
