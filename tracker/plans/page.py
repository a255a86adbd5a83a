"""What the review page shows: the item tree with a form per item, the highlighted source, the
figures and problems, and the people who can be made 责任人. Built in a fixed number of queries,
whatever the size of the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import get_template_attribute, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from wtforms import SelectChoice

from tracker.accounts.owners import unit_choices
from tracker.plans.forms import (
    KIND_CHOICES,
    ActionForm,
    AddItemForm,
    IndicatorForm,
    ItemForm,
    PlanYearForm,
    SplitForm,
)
from tracker.plans.highlight import Mark, highlighted
from tracker.plans.importing import plan_tasks
from tracker.plans.models import Plan, PlanItem, PlanStatus
from tracker.plans.parsing.actions import sentences
from tracker.plans.parsing.owners import split_units
from tracker.plans.rendering import EVERY
from tracker.plans.review import Outline, indicators_by_item, outline_of
from tracker.plans.skipped_text import SkippedStretch, skipped_stretches
from tracker.plans.targets import suggest_indicator
from tracker.tasks.models import Indicator
from tracker.web.forms import form_state

SPLIT_HINT_CHARS = 12


@dataclass
class ItemView:
    item: PlanItem
    depth: int
    children: list[ItemView]
    indicators: list[Indicator]
    task_id: int | None = None
    forms: dict[str, Any] = field(default_factory=dict)


def split_hint(item: PlanItem) -> str:
    """The start of the item's second sentence: where a split most likely goes."""
    parts = sentences(item.text, 0, len(item.text))
    return item.text[parts[1][0] : parts[1][0] + SPLIT_HINT_CHARS] if len(parts) > 1 else ""


def _typed(endpoint: str, key: str | None = None, **arguments: int) -> Any:
    """What was typed into the form posting to `endpoint` (with `key`), when that form was just
    refused; else None (the form shows the stored values)."""
    state = form_state(url_for(endpoint, **arguments), key)
    return state.values if state.refilled else None


def _item_forms(plan: Plan, item: PlanItem) -> dict[str, Any]:
    prefix = f"i{item.id}"
    every = (item.recurrence or {}).get("every", "") if not item.ongoing else ""
    ids = {"plan_id": plan.id, "item_id": item.id}
    edit = ItemForm(
        formdata=_typed("plans.update", **ids),
        prefix=prefix,
        data={
            "title": item.title,
            "category": item.category,
            "lead_units": "、".join(item.lead_units),
            "support_units": "、".join(item.support_units),
            "owner_id": item.owner.id if item.owner else 0,
            "deadline": item.deadline,
            "every": every,
            "ongoing": item.ongoing,
        },
    )
    suggestion = suggest_indicator(plan, item)
    indicator = IndicatorForm(
        formdata=_typed("plans.add_target", **ids),
        prefix=f"{prefix}-ind",
        data={
            "name": suggestion.name if suggestion else "",
            "unit": suggestion.unit if suggestion else "",
            "target": suggestion.target if suggestion else None,
            "baseline_id": suggestion.baseline.id if suggestion and suggestion.baseline else 0,
            "kind": suggestion.kind.value if suggestion else "cumulative",
        },
    )
    indicator.baseline_id.choices = baseline_choices(plan)
    split = SplitForm(
        formdata=_typed("plans.split", **ids), prefix=f"{prefix}-split", data={"at": split_hint(item)}
    )
    return {"edit": edit, "indicator": indicator, "split": split}


def baseline_choices(plan: Plan) -> list[SelectChoice]:
    choices = [SelectChoice(0, "（不设基线）")]
    for baseline in plan.baselines:
        value = format(baseline.value.normalize(), "f")
        choices.append(
            (
                baseline.id,
                f"{baseline.name}：{value}{baseline.qualifier or ''}{baseline.unit}（{baseline.year}年）",
            )
        )
    return choices


def _views(
    plan: Plan, outline: Outline, depth: int, context: dict[str, Any], editable: bool
) -> list[ItemView]:
    views = []
    for item, children in outline:
        view = ItemView(
            item, depth, _views(plan, children, depth + 1, context, editable), context["indicators"][item.id]
        )
        view.task_id = context["tasks"].get(item.id)
        if editable:
            view.forms = _item_forms(plan, item)
        views.append(view)
    return views


def _skipped_marks(plan: Plan, stretches: list[SkippedStretch], editable: bool) -> list[Mark]:
    """Each skipped stretch greyed, followed by its reason and (on a draft) 作为事项加入."""
    note = get_template_attribute("plans/_item.html", "skipped_note")
    return [
        Mark(stretch.start, stretch.end, number, 1, "skipped", note(stretch, plan, editable))
        for number, stretch in enumerate(stretches, start=1)
    ]


def _marks(plan: Plan) -> list[Mark]:
    depth: dict[int, int] = {}
    marks = []
    for item in plan.items:  # in position order: parents before their children
        depth[item.id] = depth[item.parent_id] + 1 if item.parent_id in depth else 1
        if item.span_start is not None and item.span_end is not None:
            marks.append(Mark(item.span_start, item.span_end, item.id, depth[item.id]))
    for shortcoming in plan.shortcomings:
        if shortcoming.span_start is not None and shortcoming.span_end is not None:
            marks.append(Mark(shortcoming.span_start, shortcoming.span_end, shortcoming.id, 1, "problem"))
    return marks


def review_page(session: Session, plan: Plan, *, may_edit: bool, full: bool) -> dict[str, Any]:
    """The template context of `plans/review.html`."""
    editable = may_edit and plan.status is PlanStatus.DRAFT
    session.execute(  # items with their 责任人, figures and problems in one query each, not one per item
        select(Plan)
        .where(Plan.id == plan.id)
        .options(
            selectinload(Plan.items).selectinload(PlanItem.owner),
            selectinload(Plan.baselines),
            selectinload(Plan.shortcomings),
        )
    ).scalar_one()
    tasks = {task.plan_item_id: task.id for task in plan_tasks(session, plan)}
    context: dict[str, Any] = {"indicators": indicators_by_item(session, plan), "tasks": tasks}
    units = unit_choices(session, plan.organisation_id) if may_edit else []
    stretches = skipped_stretches(plan)
    has_section = plan.section_start is not None and plan.section_end is not None and not full
    lo, hi = (plan.section_start, plan.section_end) if has_section else (0, len(plan.source_text))
    # the closing words, an annex of the year's work and the footer after the plan's last item too
    hi = max([hi or 0, *(stretch.end for stretch in stretches), *(item.span_end or 0 for item in plan.items)])
    pending = sum(1 for item in plan.items if item.owners_suggested or item.deadline_suggested)
    return {
        "plan": plan,
        "items": _views(plan, outline_of(plan), 1, context, editable),
        "source": highlighted(
            plan.source_text, _marks(plan) + _skipped_marks(plan, stretches, editable), lo or 0, hi
        ),
        "skipped": stretches,
        "full": not has_section,
        "editable": editable,
        "may_edit": may_edit,
        "pending": pending,
        "leaves": len(plan.items)
        - len({item.parent_id for item in plan.items if item.parent_id is not None}),
        "action": ActionForm(formdata=None),
        "add_form": AddItemForm(formdata=_typed("plans.add", "top", plan_id=plan.id)),
        "year_form": PlanYearForm(
            formdata=_typed("plans.set_year", plan_id=plan.id), data={"year": plan.year}
        ),
        "every_words": EVERY,
        "units": units,
        "unknown_units": _unknown_units({unit.name for unit in units}) if editable else None,
        "kind_choices": KIND_CHOICES,
    }


def _unknown_units(known: set[str]) -> Any:
    """For the template: the names in a typed or stored list of units that no unit carries."""

    def unknown(names: str | list[str]) -> list[str]:
        listed = split_units(names) if isinstance(names, str) else names
        return [name for name in dict.fromkeys(listed) if name and name not in known]

    return unknown
