"""Reviewing a draft plan before it becomes tasks: edit, split, merge, delete and add items; accept
suggestions; attach indicators. Services over a `Session` (add and flush, never commit).

The tree is handled as an outline (each item with its children, in order); every operation changes
the outline and then writes parents and depth-first positions back, so one ORDER BY keeps giving the
plan as it reads. Every change is in the audit trail: column changes by the `Audited` mixin, the
operations themselves as named events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tracker import audit
from tracker.accounts.models import User
from tracker.accounts.owners import check_owner, units_named
from tracker.plans.errors import PlanInputError, PlanStateError
from tracker.plans.importing import directory_keywords
from tracker.plans.models import Baseline, Plan, PlanItem, PlanStatus
from tracker.plans.parsing.actions import title_of
from tracker.plans.parsing.categories import CATEGORIES, OTHER, categorise
from tracker.plans.parsing.deadlines import due_dates
from tracker.plans.parsing.owners import OwnerKeywords
from tracker.plans.parsing.result import Recurrence
from tracker.tasks.models import Indicator, IndicatorKind

Outline = list[tuple[PlanItem, "Outline"]]
RECURRENCES = ("week", "month", "quarter", "term", "half_year", "year")
TITLE_MAX = 300
_CARRIED_ON_SPLIT = (
    "category",
    "lead_units",
    "support_units",
    "owners_suggested",
    "deadline",
    "deadline_phrase",
    "deadline_suggested",
    "recurrence",
    "ongoing",
)
"""What both halves of a split item keep: it was one piece of work, with one owner and timing."""


def editable(plan: Plan) -> None:
    if plan.status is PlanStatus.CONFIRMED:
        raise PlanStateError("计划已确认并生成任务，不能再修改事项；请在任务页面调整。")


def outline_of(plan: Plan) -> Outline:
    by_parent: dict[int | None, list[PlanItem]] = defaultdict(list)
    for item in plan.items:
        by_parent[item.parent_id].append(item)

    def build(parent_id: int | None) -> Outline:
        return [
            (item, build(item.id)) for item in sorted(by_parent[parent_id], key=lambda i: (i.position, i.id))
        ]

    return build(None)


def write_outline(plan: Plan, outline: Outline) -> None:
    """Write the outline back: parents and depth-first positions; the loaded collections are put in
    the same order, so the session reads the plan as the database will."""
    counter = 0

    def walk(entries: Outline, parent: PlanItem | None) -> None:
        nonlocal counter
        for item, children in entries:
            item.parent = parent
            item.position = counter
            counter += 1
            walk(children, item)
            item.children.sort(key=lambda child: child.position)

    walk(outline, None)
    plan.items.sort(key=lambda item: item.position)


def _find(outline: Outline, item: PlanItem) -> tuple[Outline, int] | None:
    for index, (candidate, children) in enumerate(outline):
        if candidate is item:
            return outline, index
        found = _find(children, item)
        if found is not None:
            return found
    return None


def _siblings(outline: Outline, item: PlanItem) -> tuple[Outline, int]:
    """The list holding `item` and its index there."""
    found = _find(outline, item)
    if found is None:
        raise PlanInputError("该事项不属于这个计划。")
    return found


def _subtree(entry: tuple[PlanItem, Outline]) -> list[PlanItem]:
    item, children = entry
    found = [item]
    for child in children:
        found.extend(_subtree(child))
    return found


@dataclass(frozen=True)
class ItemChanges:
    """What the review form says about one item."""

    title: str
    category: str
    lead_units: list[str]
    support_units: list[str]
    owner: User | None
    deadline: date | None
    every: str | None
    ongoing: bool


def _recurrence(every: str | None, ongoing: bool, year: int) -> dict[str, object] | None:
    if every:
        return Recurrence(every, due_dates(every, year)).to_dict()
    if ongoing:
        return Recurrence("quarter", due_dates("quarter", year), check_in=True).to_dict()
    return None


def update_item(session: Session, plan: Plan, item: PlanItem, changes: ItemChanges) -> None:
    """Apply a reviewed item; a suggestion that is changed is no longer a suggestion. Units must be
    units the town has set up, and the 责任人 a member of the (first) lead unit who files progress
    (`tracker.accounts.owners`): what review accepts, confirmation and the task page accept too."""
    editable(plan)
    title = changes.title.strip()
    if not title or len(title) > TITLE_MAX:
        raise PlanInputError(f"事项标题不能为空，且不超过 {TITLE_MAX} 个字。", field="title")
    if changes.category not in CATEGORIES:
        raise PlanInputError("请选择列表中的类别。", field="category")
    if changes.every is not None and changes.every not in RECURRENCES:
        raise PlanInputError("请选择列表中的周期。", field="every")
    deadline = changes.deadline
    if deadline is None and not changes.ongoing:
        if not changes.every:
            raise PlanInputError("请填写完成时限，或选择周期、长期坚持。", field="deadline")
        deadline = date(plan.year, 12, 31)
    units = (changes.lead_units, [unit for unit in changes.support_units if unit not in changes.lead_units])
    leads = units_named(session, plan.organisation_id, units[0], field="lead_units")
    units_named(session, plan.organisation_id, units[1], field="support_units")
    check_owner(changes.owner, leads.get(units[0][0]) if units[0] else None)
    if units != (item.lead_units, item.support_units):
        item.lead_units, item.support_units = list(units[0]), list(units[1])
        item.owners_suggested = False
    recurrence = _recurrence(changes.every, changes.ongoing, plan.year)
    if (deadline, recurrence, changes.ongoing) != (item.deadline, item.recurrence, item.ongoing):
        if deadline != item.deadline:
            item.deadline_phrase = None
        item.deadline, item.recurrence, item.ongoing = deadline, recurrence, changes.ongoing
        item.deadline_suggested = False
    if item.owner is not changes.owner:
        audit.record(
            session,
            "plan_item.owner_assigned",
            item,
            changes={"owner": [_username(item.owner), _username(changes.owner)]},
        )
        item.owner = changes.owner
    item.title, item.category = title, changes.category
    session.flush()


def _username(user: User | None) -> str | None:
    return user.username if user else None


def accept_suggestions(session: Session, plan: Plan, item: PlanItem | None = None) -> int:
    """Accept suggested owners and default deadlines (of one item, or of the whole plan)."""
    editable(plan)
    targets = [item] if item is not None else list(plan.items)
    accepted = [t for t in targets if t.owners_suggested or t.deadline_suggested]
    for target in accepted:
        target.owners_suggested = False
        target.deadline_suggested = False
    session.flush()
    if accepted:
        audit.record(session, "plan.suggestions_accepted", item or plan, changes={"items": len(accepted)})
    return len(accepted)


def split_item(session: Session, plan: Plan, item: PlanItem, at: str) -> PlanItem:
    """Cut a leaf item in two where the words `at` begin; the second part becomes the next item."""
    editable(plan)
    if item.children:
        raise PlanInputError("只能拆分没有下级事项的事项；请先拆分它的下级事项。")
    offset = item.text.find(at.strip()) if at.strip() else -1
    if offset <= 0:
        raise PlanInputError("拆分位置须是该事项正文中间的一段文字（第二项的开头）。", field="at")
    first, second = item.text[:offset].rstrip(), item.text[offset:].strip()
    new = PlanItem(title=title_of(second) or second[:TITLE_MAX], text=second)
    for name in _CARRIED_ON_SPLIT:
        value = getattr(item, name)
        setattr(new, name, list(value) if isinstance(value, list) else value)
    if item.span_start is not None:
        new.span_start, new.span_end = item.span_start + item.text.index(second, offset), item.span_end
        item.span_end = item.span_start + len(first)
    item.text = first
    outline = outline_of(plan)
    siblings, index = _siblings(outline, item)
    plan.items.append(new)
    siblings.insert(index + 1, (new, []))
    write_outline(plan, outline)
    session.flush()
    audit.record(session, "plan_item.split", item, changes={"new_item": new.id})
    return new


def fold_children(session: Session, plan: Plan, item: PlanItem) -> int:
    """合并为一项任务: the item's children (and theirs) fold into it, which becomes one task; their
    units, latest deadline, 责任人 and indicators go with it. Returns how many items were folded."""
    editable(plan)
    outline = outline_of(plan)
    siblings, index = _siblings(outline, item)
    folded = [found for child in siblings[index][1] for found in _subtree(child)]
    if not folded:
        raise PlanInputError("该事项没有下级事项，无需合并。")
    siblings[index] = (item, [])
    for other in folded:
        _absorb(plan, item, other)
    session.execute(
        Indicator.__table__.update()
        .where(Indicator.plan_item_id.in_([other.id for other in folded]))
        .values(plan_item_id=item.id)
    )
    audit.record(
        session,
        "plan_item.children_folded",
        item,
        changes={"folded_items": len(folded), "titles": [other.title for other in folded]},
    )
    item.children.clear()
    _drop(session, plan, folded, outline)
    return len(folded)


def merge_with_next(session: Session, plan: Plan, item: PlanItem) -> PlanItem:
    """Fold the next item at the same level into this one (text, units, timing, children, indicators)."""
    editable(plan)
    outline = outline_of(plan)
    siblings, index = _siblings(outline, item)
    if index + 1 >= len(siblings):
        raise PlanInputError("这是同级的最后一项，没有可合并的下一项。")
    other, other_children = siblings.pop(index + 1)
    siblings[index][1].extend(other_children)
    _absorb(plan, item, other)
    write_outline(plan, outline)
    session.execute(
        Indicator.__table__.update().where(Indicator.plan_item_id == other.id).values(plan_item_id=item.id)
    )
    audit.record(session, "plan_item.merged", item, changes={"merged_item": other.id, "title": other.title})
    plan.items.remove(other)
    session.delete(other)
    session.flush()
    return item


def _absorb(plan: Plan, item: PlanItem, other: PlanItem) -> None:
    if item.span_start is not None and other.span_start is not None:
        item.span_start = min(item.span_start, other.span_start)
        item.span_end = max(item.span_end or 0, other.span_end or 0)
        item.text = plan.source_text[item.span_start : item.span_end]
    else:
        item.text = f"{item.text}\n{other.text}"
    item.lead_units = list(dict.fromkeys([*item.lead_units, *other.lead_units]))
    item.support_units = [
        u for u in dict.fromkeys([*item.support_units, *other.support_units]) if u not in item.lead_units
    ]
    item.owners_suggested = item.owners_suggested and other.owners_suggested
    if other.deadline and (item.deadline is None or other.deadline > item.deadline):
        item.deadline, item.deadline_phrase = other.deadline, other.deadline_phrase
    item.recurrence = item.recurrence or other.recurrence
    item.ongoing = item.ongoing or other.ongoing
    item.owner = item.owner or other.owner


def delete_item(session: Session, plan: Plan, item: PlanItem) -> int:
    """Remove an item and everything under it; returns how many items went."""
    editable(plan)
    outline = outline_of(plan)
    siblings, index = _siblings(outline, item)
    doomed = _subtree(siblings.pop(index))
    audit.record(session, "plan_item.deleted", item, changes={"title": item.title, "items": len(doomed)})
    ids = [gone.id for gone in doomed]
    session.execute(delete(Indicator).where(Indicator.plan_item_id.in_(ids)))
    _drop(session, plan, doomed, outline)
    return len(doomed)


def _drop(session: Session, plan: Plan, gone: list[PlanItem], outline: Outline) -> None:
    """Delete `gone` (deepest first) and write back the outline they were taken out of."""
    for item in reversed(gone):
        plan.items.remove(item)
        session.delete(item)
    session.flush()
    write_outline(plan, outline)
    session.flush()


def add_item(
    session: Session, plan: Plan, title: str, parent: PlanItem | None, keywords: OwnerKeywords
) -> PlanItem:
    """A new item written by the reviewer, at the end of `parent`'s items (or of the plan)."""
    editable(plan)
    title = title.strip()
    if not title or len(title) > TITLE_MAX:
        raise PlanInputError(f"事项标题不能为空，且不超过 {TITLE_MAX} 个字。", field="title")
    suggestion = directory_keywords(session, plan.organisation_id, keywords).suggest(title, title)
    item = PlanItem(
        title=title,
        text=title,
        category=categorise(title, title) or (parent.category if parent else None) or OTHER,
        lead_units=[suggestion] if suggestion else list(parent.lead_units if parent else []),
        support_units=[],
        owners_suggested=bool(suggestion),
        deadline=date(plan.year, 12, 31),
        deadline_suggested=True,
        ongoing=False,
    )
    outline = outline_of(plan)
    if parent is None:
        outline.append((item, []))
    else:
        siblings, index = _siblings(outline, parent)
        siblings[index][1].append((item, []))
    plan.items.append(item)
    write_outline(plan, outline)
    session.flush()
    audit.record(session, "plan_item.added", item, changes={"title": title})
    return item


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    unit: str
    target: Decimal | None
    baseline: Baseline | None
    kind: IndicatorKind = IndicatorKind.CUMULATIVE


def add_indicator(session: Session, plan: Plan, item: PlanItem, given: IndicatorInput) -> Indicator:
    """An indicator for the item; name and unit default to those of the chosen baseline figure."""
    editable(plan)
    baseline = given.baseline
    if baseline is not None and baseline.plan_id != plan.id:
        raise PlanInputError("所选基线不属于这个计划。", field="baseline_id")
    name = given.name.strip() or (baseline.name if baseline else "")
    unit = given.unit.strip() or (baseline.unit if baseline else "")
    if not name or not unit:
        raise PlanInputError("请填写指标名称和单位（或选择一项上年度数据作为基线）。", field="name")
    if given.target is not None and given.target < 0:
        raise PlanInputError("目标值不能为负数。", field="target")
    indicator = Indicator(
        plan_item_id=item.id,
        name=name[:200],
        unit=unit[:20],
        target=given.target,
        baseline_id=baseline.id if baseline else None,
        baseline_value=baseline.value if baseline else None,
        baseline_qualifier=baseline.qualifier if baseline else None,
        baseline_year=baseline.year if baseline else None,
        kind=given.kind,
    )
    session.add(indicator)
    session.flush()
    return indicator


def delete_indicator(session: Session, plan: Plan, indicator: Indicator) -> None:
    editable(plan)
    session.delete(indicator)
    session.flush()


def indicators_by_item(session: Session, plan: Plan) -> dict[int, list[Indicator]]:
    """All indicators of the plan's items in one query."""
    found: dict[int, list[Indicator]] = defaultdict(list)
    item_ids = [item.id for item in plan.items]
    if item_ids:
        query = select(Indicator).where(Indicator.plan_item_id.in_(item_ids)).order_by(Indicator.id)
        for indicator in session.scalars(query):
            found[indicator.plan_item_id].append(indicator)
    return found
