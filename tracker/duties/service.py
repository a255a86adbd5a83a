"""Keeping the register: add a line, remove one, read a year's lines. Coordinators only; every change
is in the audit trail (the model is audited)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.permissions import Person, can_assign
from tracker.duties.models import DUTY_KIND_WORDS, DutyKind, DutyRecord
from tracker.errors import RuleError, require

MAX_TEXT = 300
KIND_BY_WORD = {word: kind for kind, word in DUTY_KIND_WORDS.items()}


def parse_kind(raw: str) -> DutyKind:
    """A kind given as its Chinese name (常务会议学法 …) or its stored value (study …)."""
    raw = (raw or "").strip()
    if raw in KIND_BY_WORD:
        return KIND_BY_WORD[raw]
    if raw in DutyKind._value2member_map_:
        return DutyKind(raw)
    raise RuleError(f"事项类别「{raw[:20]}」无效，应为：{'、'.join(DUTY_KIND_WORDS.values())}。")


def add_duty(
    session: Session, *, held_on: date, kind: DutyKind, text: str, by: Person, now: datetime, today: date
) -> DutyRecord:
    """One register line, or a refusal saying what is wrong with it."""
    require(can_assign(by), "只有法治办（协调人）可以登记履职事项。")
    text = " ".join(text.split())
    if not text:
        raise RuleError("请用一句话写明事项内容。")
    if len(text) > MAX_TEXT:
        raise RuleError(f"事项内容不能超过 {MAX_TEXT} 字，请用一句话概括。")
    if held_on > today:
        raise RuleError("事项日期不能晚于今天。")
    record = DutyRecord(held_on=held_on, kind=kind, text=text, created_at=now, created_by_id=by.id)
    session.add(record)
    session.flush()
    return record


def remove_duty(session: Session, record: DutyRecord, *, by: Person) -> None:
    require(can_assign(by), "只有法治办（协调人）可以删除履职事项。")
    session.delete(record)
    session.flush()


def duties_of_year(session: Session, year: int) -> list[DutyRecord]:
    """The year's lines by date, then in the order they were entered."""
    return list(
        session.scalars(
            select(DutyRecord)
            .where(DutyRecord.held_on >= date(year, 1, 1), DutyRecord.held_on <= date(year, 12, 31))
            .order_by(DutyRecord.held_on, DutyRecord.id)
        )
    )
