"""An indicator's kind (累计/现有/比率), chosen on the plan review page, the task page or through the
API: what its entries record and how the report compares it with last year follow from it.

Changing the kind of an indicator that has entries keeps the entries and reads them again the new
way; the dashboard's `actual` is recomputed at once (a sum, or the latest value).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.permissions import Person, can_assign
from tracker.errors import choose, require
from tracker.tasks.models import (
    INDICATOR_KIND_WORDS,
    Indicator,
    IndicatorIncrement,
    IndicatorKind,
    ProgressEntry,
)

KIND_HELP = {
    IndicatorKind.CUMULATIVE: "全年各次相加（如讲座场次、调解件数）",
    IndicatorKind.STOCK: "填写当时的总数，取最新一次（如现有法律明白人人数）",
    IndicatorKind.RATE: "填写当时的比率，取全年数或最新一次，与上年比较百分点（如调解成功率）",
}


def parse_kind(raw: str) -> IndicatorKind:
    """A kind given as 累计/现有/比率 or as its stored value."""
    return choose(raw, INDICATOR_KIND_WORDS, "指标类型", field="kind")


def recompute_actual(session: Session, indicator: Indicator) -> None:
    """The dashboard's figure from the entries themselves: their sum, or the latest value (a rate's
    whole-year value first)."""
    values = (
        select(IndicatorIncrement.amount)
        .join(ProgressEntry, ProgressEntry.id == IndicatorIncrement.progress_entry_id)
        .where(IndicatorIncrement.indicator_id == indicator.id)
    )
    if indicator.kind is IndicatorKind.CUMULATIVE:
        total = session.scalar(
            select(func.coalesce(func.sum(IndicatorIncrement.amount), 0)).where(
                IndicatorIncrement.indicator_id == indicator.id
            )
        )
        indicator.actual = Decimal(total)
        return
    order = [ProgressEntry.entry_date.desc(), IndicatorIncrement.id.desc()]
    if indicator.kind is IndicatorKind.RATE:
        order.insert(0, IndicatorIncrement.full_year.desc())
    latest = session.scalar(values.order_by(*order).limit(1))
    indicator.actual = Decimal(latest) if latest is not None else Decimal(0)


def set_indicator_kind(
    session: Session, indicator: Indicator, kind: IndicatorKind, *, by: Person
) -> Indicator:
    require(can_assign(by), "只有法治办（协调人）可以更改指标类型。")
    if kind is not indicator.kind:
        before = INDICATOR_KIND_WORDS[indicator.kind]
        indicator.kind = kind
        recompute_actual(session, indicator)
        session.flush()
        audit.record(
            session,
            "indicator.kind_changed",
            indicator,
            note=f"指标“{indicator.name}”类型：{before} → {INDICATOR_KIND_WORDS[kind]}",
        )
        session.flush()
    return indicator
