"""Recording the 整改 of a shortcoming, and finding those nobody has started on.

The coordinator (法治办) keeps the record: the measures (整改措施), the state (未整改 → 整改中 →
已整改), the day that state was reached, why it is not rectified yet, the plan area it belongs to,
and evidence files. Each change is one audited event (`shortcoming.rectification_recorded`) besides
the column changes the audit trail records by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.permissions import Person, can_assign
from tracker.errors import RuleError, choose, require
from tracker.plans.lifecycle import is_active
from tracker.plans.models import (
    RECTIFICATION_WORDS,
    Plan,
    PlanItem,
    RectificationState,
    Shortcoming,
)
from tracker.rectification.models import RectificationEvidence
from tracker.tasks.evidence import EvidenceStore, Upload, store_uploads

MAX_MEASURES = 2000
MAX_CAUSE = 1000


@dataclass(frozen=True)
class Rectification:
    """What the coordinator records about one shortcoming."""

    state: RectificationState
    measures: str = ""
    on: date | None = None
    cause: str = ""
    plan_item_id: int | None = None


def parse_state(raw: str) -> RectificationState:
    """A state given as 未整改/整改中/已整改 or as its stored value (open, in_progress, done)."""
    return choose(raw, RECTIFICATION_WORDS, "整改状态", field="state")


def _check(shortcoming: Shortcoming, given: Rectification, today: date) -> None:
    measures = given.measures.strip()
    if len(measures) > MAX_MEASURES:
        raise RuleError(f"整改措施不能超过 {MAX_MEASURES} 字。", field="measures")
    if len(given.cause.strip()) > MAX_CAUSE:
        raise RuleError(f"原因不能超过 {MAX_CAUSE} 字。", field="cause")
    if given.state is not RectificationState.OPEN and not measures:
        raise RuleError(f"状态为“{RECTIFICATION_WORDS[given.state]}”时，请填写整改措施。", field="measures")
    if given.state is RectificationState.DONE and given.on is None:
        raise RuleError("已整改的问题请填写整改完成日期。", field="on")
    if given.on is not None and given.on > today:
        raise RuleError("整改日期不能晚于今天。", field="on")


def _area(session: Session, shortcoming: Shortcoming, item_id: int | None) -> int | None:
    if item_id is None:
        return None
    item = session.get(PlanItem, item_id)
    if item is None or item.plan_id != shortcoming.plan_id or item.parent_id is not None:
        raise RuleError("所属方面必须是该计划的一个事项（一是、二是……）。", field="plan_item_id")
    return item.id


def record_rectification(
    session: Session, shortcoming: Shortcoming, given: Rectification, *, by: Person, today: date
) -> Shortcoming:
    """Apply `given` to `shortcoming`, or refuse it whole."""
    require(can_assign(by), "只有法治办（协调人）可以登记整改情况。")
    _check(shortcoming, given, today)
    area = _area(session, shortcoming, given.plan_item_id)
    before = shortcoming.rectification_state
    shortcoming.rectification_state = given.state
    shortcoming.rectification_measures = given.measures.strip() or None
    shortcoming.rectification_date = given.on
    shortcoming.rectification_cause = (
        None if given.state is RectificationState.DONE else given.cause.strip() or None
    )
    shortcoming.plan_item_id = area
    session.flush()
    words = RECTIFICATION_WORDS[before], RECTIFICATION_WORDS[given.state]
    note = (
        f"整改状态：{words[0]} → {words[1]}" if before is not given.state else f"整改情况更新（{words[1]}）"
    )
    audit.record(session, "shortcoming.rectification_recorded", shortcoming, note=note)
    session.flush()
    return shortcoming


def attach_rectification_evidence(
    session: Session,
    store: EvidenceStore,
    shortcoming: Shortcoming,
    uploads: list[Upload],
    *,
    by: Person,
    max_bytes: int,
) -> list[RectificationEvidence]:
    """Check every file first, then store them all: one bad file means none is kept."""
    require(can_assign(by), "只有法治办（协调人）可以上传整改佐证材料。")
    if not uploads:
        raise RuleError("请选择要上传的佐证材料。", field="evidence")
    stored = [
        RectificationEvidence(shortcoming_id=shortcoming.id, plan_id=shortcoming.plan_id, **fields)
        for fields in store_uploads(session, store, uploads, uploaded_by_id=by.id, max_bytes=max_bytes)
    ]
    session.add_all(stored)
    session.flush()
    return stored


def evidence_of(session: Session, shortcoming_ids: list[int]) -> dict[int, list[RectificationEvidence]]:
    """Each shortcoming's evidence files, oldest first, in one query."""
    found: dict[int, list[RectificationEvidence]] = {short_id: [] for short_id in shortcoming_ids}
    if shortcoming_ids:
        query = (
            select(RectificationEvidence)
            .where(RectificationEvidence.shortcoming_id.in_(shortcoming_ids))
            .order_by(RectificationEvidence.id)
        )
        for evidence in session.scalars(query):
            found[evidence.shortcoming_id].append(evidence)
    return found


def awaiting_rectification() -> Select[tuple[Shortcoming]]:
    """Shortcomings of active plans (`tracker.plans.lifecycle.is_active`) that nobody has started to
    rectify (未整改, no measures): what a coordinator's 待我处理 lists. A query, so that a caller can
    count or page it."""
    return (
        select(Shortcoming)
        .join(Plan, Plan.id == Shortcoming.plan_id)
        .where(
            is_active(),
            Shortcoming.rectification_state == RectificationState.OPEN,
            Shortcoming.rectification_measures.is_(None),
        )
        .order_by(Plan.year.desc(), Shortcoming.plan_id, Shortcoming.position, Shortcoming.id)
    )
