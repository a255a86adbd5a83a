"""Assigning several reviewed items at once (批量设置): the same lead unit, 责任人 or deadline for every
item ticked on the review page.

Each item is changed through `update_item`, so the units must exist and the 责任人 must belong to the
item's lead unit exactly as when items are edited one by one; one item that breaks the rule refuses
the whole batch, named in the message, and nothing is changed (the request rolls back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.errors import RuleError
from tracker.plans.errors import PlanInputError
from tracker.plans.models import Plan, PlanItem
from tracker.plans.parsing.categories import OTHER
from tracker.plans.review import ItemChanges, update_item

BULK_FIELDS = {"lead_units", "support_units", "owner_id", "deadline"}
"""Fields of the batch form; a refusal about any other field of an item is named beside no field."""


@dataclass(frozen=True)
class BulkChanges:
    """What to set on every chosen item; None leaves that part of each item as it is."""

    lead_units: list[str] | None = None
    owner: User | None = None
    deadline: date | None = None

    @property
    def empty(self) -> bool:
        return self.lead_units is None and self.owner is None and self.deadline is None


def _changes_for(item: PlanItem, bulk: BulkChanges) -> ItemChanges:
    every = (item.recurrence or {}).get("every") if not item.ongoing else None
    deadline = bulk.deadline if bulk.deadline is not None else item.deadline
    return ItemChanges(
        title=item.title,
        category=item.category or OTHER,
        lead_units=bulk.lead_units if bulk.lead_units is not None else list(item.lead_units),
        support_units=list(item.support_units),
        owner=bulk.owner if bulk.owner is not None else item.owner,
        deadline=deadline,
        every=every,
        ongoing=item.ongoing and bulk.deadline is None,
    )


def assign_items(session: Session, plan: Plan, items: list[PlanItem], bulk: BulkChanges) -> int:
    """Apply `bulk` to `items` (all of `plan`); returns how many were changed."""
    if not items:
        raise PlanInputError("请先勾选要批量设置的事项。")
    if bulk.empty:
        raise PlanInputError("请填写要统一设置的牵头单位、责任人或完成时限（留空的项保持不变）。")
    for item in items:
        if item.plan_id != plan.id:
            raise PlanInputError("所选事项不属于这个计划。")
        try:
            update_item(session, plan, item, _changes_for(item, bulk))
        except RuleError as error:
            field = error.field if error.field in BULK_FIELDS else None
            raise PlanInputError(f"「{item.title}」：{error.message}", field=field) from None
    return len(items)
