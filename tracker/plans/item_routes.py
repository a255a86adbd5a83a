"""Edits of a draft plan's items on the review page, each a POST from a CSRF-protected form, for the
coordinator only. A refused edit comes back as the review page with that item's form filled in and
the message beside the field (`tracker.web.forms.refills`), with a 4xx; the request's transaction is
rolled back, so nothing is half-done."""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from tracker.accounts.directory import add_department
from tracker.accounts.models import Role, User
from tracker.plans.bulk import BulkChanges, assign_items
from tracker.plans.errors import PlanInputError
from tracker.plans.forms import (
    ActionForm,
    AddItemForm,
    IndicatorForm,
    ItemForm,
    PlanYearForm,
    SkippedForm,
    SplitForm,
)
from tracker.plans.models import Baseline, Plan, PlanItem
from tracker.plans.page import baseline_choices
from tracker.plans.parsing.owners import split_units
from tracker.plans.plan_year import change_plan_year
from tracker.plans.review import (
    IndicatorInput,
    ItemChanges,
    accept_suggestions,
    add_indicator,
    add_item,
    delete_indicator,
    delete_item,
    fold_children,
    merge_with_next,
    split_item,
    update_item,
)
from tracker.plans.routes import blueprint, load_item, load_plan, owner_keywords
from tracker.plans.skipped_text import add_skipped_as_item
from tracker.plans.targets import proposed_kind
from tracker.tasks.indicators import parse_kind, set_indicator_kind
from tracker.tasks.models import INDICATOR_KIND_WORDS, Indicator
from tracker.web.boundary import db_session
from tracker.web.forms import fields_of, refills, validated
from tracker.web.guards import roles_required
from tracker.web.helpers import form_date, form_int, form_text, me

log = logging.getLogger(__name__)


def _done(plan: Plan, message: str, anchor: str = "") -> Response:
    flash(message, "info")
    return redirect(url_for("plans.review", plan_id=plan.id) + anchor, 303)


FormClass = type[ItemForm] | type[SplitForm] | type[IndicatorForm]


def _submitted(
    plan_id: int, item_id: int, form_class: FormClass, suffix: str = ""
) -> tuple[Plan, PlanItem, Any]:
    """The plan, the item and its submitted form (named with the item's prefix, as the page renders it)."""
    plan = load_plan(plan_id)
    item = load_item(plan, item_id)
    form = form_class(prefix=f"i{item.id}{suffix}")
    if isinstance(form, IndicatorForm):
        form.baseline_id.choices = baseline_choices(plan)
    return plan, item, validated(form)


def _user(user_id: int, field: str) -> User | None:
    if not user_id:
        return None
    user = db_session().get(User, user_id)
    if user is None or not user.is_active:
        raise PlanInputError("所选责任人不存在或已停用。", field=field)
    return user


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def update(plan_id: int, item_id: int) -> Response:
    plan, item, form = _submitted(plan_id, item_id, ItemForm)
    changes = ItemChanges(
        title=form.title.data or "",
        category=form.category.data or "",
        lead_units=split_units(form.lead_units.data or ""),
        support_units=split_units(form.support_units.data or ""),
        owner=_user(form.owner_id.data or 0, form.owner_id.name),
        deadline=form.deadline.data,
        every=form.every.data or None,
        ongoing=bool(form.ongoing.data),
    )
    with fields_of(form):
        update_item(db_session(), plan, item, changes)
    return _done(plan, f"已保存「{item.title}」。", f"#item-{item.id}")


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>/split")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def split(plan_id: int, item_id: int) -> Response:
    plan, item, form = _submitted(plan_id, item_id, SplitForm, "-split")
    with fields_of(form):
        second = split_item(db_session(), plan, item, form.at.data or "")
    return _done(plan, f"已拆分为「{item.title}」和「{second.title}」。")


def _button(plan_id: int, item_id: int) -> tuple[Plan, PlanItem]:
    plan = load_plan(plan_id)
    validated(ActionForm())
    return plan, load_item(plan, item_id)


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>/merge")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def merge(plan_id: int, item_id: int) -> Response:
    plan, item = _button(plan_id, item_id)
    merged = merge_with_next(db_session(), plan, item)
    return _done(plan, f"已合并到「{merged.title}」。", f"#item-{item.id}")


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>/fold")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def fold(plan_id: int, item_id: int) -> Response:
    plan, item = _button(plan_id, item_id)
    folded = fold_children(db_session(), plan, item)
    return _done(
        plan, f"已将 {folded} 个下级事项并入「{item.title}」，它将作为一项任务。", f"#item-{item.id}"
    )


@blueprint.post("/plans/<int:plan_id>/skipped")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def add_skipped(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    form = validated(SkippedForm())
    added = add_skipped_as_item(db_session(), plan, form.start.data, form.end.data, owner_keywords())
    return _done(plan, f"已将原文中的一段文字加入为事项「{added.title}」。")


@blueprint.post("/plans/<int:plan_id>/year")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def set_year(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    form = validated(PlanYearForm())
    with fields_of(form):
        moved = change_plan_year(db_session(), plan, form.year.data)
    return _done(plan, f"计划年度已改为 {plan.year} 年，{moved} 个事项的时限随之调整。")


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>/delete")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def remove(plan_id: int, item_id: int) -> Response:
    plan, item = _button(plan_id, item_id)
    title = item.title
    return _done(plan, f"已删除「{title}」及其下级共 {delete_item(db_session(), plan, item)} 项。")


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>/accept")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def accept(plan_id: int, item_id: int) -> Response:
    plan, item = _button(plan_id, item_id)
    accept_suggestions(db_session(), plan, item)
    return _done(plan, f"已接受「{item.title}」的建议值。", f"#item-{item.id}")


@blueprint.post("/plans/<int:plan_id>/accept")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def accept_all(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    return _done(plan, f"已接受 {accept_suggestions(db_session(), plan)} 个事项的建议值。")


@blueprint.post("/plans/<int:plan_id>/items")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def add(plan_id: int) -> Response:
    plan = load_plan(plan_id)
    form = validated(AddItemForm())
    parent = load_item(plan, form.parent_id.data) if form.parent_id.data else None
    added = add_item(db_session(), plan, form.title.data or "", parent, owner_keywords())
    return _done(plan, f"已添加「{added.title}」。")


@blueprint.post("/plans/<int:plan_id>/items/<int:item_id>/indicators")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def add_target(plan_id: int, item_id: int) -> Response:
    plan, item, form = _submitted(plan_id, item_id, IndicatorForm, "-ind")
    baseline = db_session().get(Baseline, form.baseline_id.data) if form.baseline_id.data else None
    with fields_of(form):
        kind = parse_kind(form.kind.data) if form.kind.data else proposed_kind(plan, baseline)
        given = IndicatorInput(form.name.data or "", form.unit.data or "", form.target.data, baseline, kind)
        added = add_indicator(db_session(), plan, item, given)
    return _done(plan, f"已为「{item.title}」添加指标「{added.name}」。", f"#item-{item.id}")


@blueprint.post("/plans/<int:plan_id>/indicators/<int:indicator_id>/delete")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def remove_target(plan_id: int, indicator_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    indicator = db_session().get(Indicator, indicator_id)
    if indicator is None:
        abort(404)
    item = load_item(plan, indicator.plan_item_id)
    delete_indicator(db_session(), plan, indicator)
    return _done(plan, "已删除指标。", f"#item-{item.id}")


@blueprint.post("/plans/<int:plan_id>/items/bulk")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def bulk_assign(plan_id: int) -> Response:
    """批量设置: one lead unit, 责任人 or deadline for every ticked item, by the same rule as one by one."""
    plan = load_plan(plan_id)
    validated(ActionForm())
    chosen = {int(value) for value in request.form.getlist("item_ids") if value.isdigit()}
    items = [item for item in plan.items if item.id in chosen]
    lead = split_units(form_text("lead_units", 500))
    bulk = BulkChanges(
        lead_units=lead or None,
        owner=_user(form_int("owner_id", label="责任人") or 0, "owner_id"),
        deadline=form_date("deadline", label="完成时限"),
    )
    changed = assign_items(db_session(), plan, items, bulk)
    return _done(plan, f"已为 {changed} 个事项统一设置。")


@blueprint.post("/plans/<int:plan_id>/units")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def add_unit(plan_id: int) -> Response:
    """新建单位: a unit the plan names but the town has not set up, created on purpose (the page asks
    first); its 分管领导 and people are then set on the admin pages."""
    plan = load_plan(plan_id)
    validated(ActionForm())
    unit = add_department(db_session(), plan.organisation_id, form_text("name", 100))
    return _done(plan, f"已新建单位「{unit.name}」；请在“管理 › 责任单位”中指定分管领导，并为其添加人员。")


@blueprint.post("/plans/<int:plan_id>/indicators/<int:indicator_id>/kind")
@roles_required(Role.COORDINATOR)
@refills("plans.review")
def target_kind(plan_id: int, indicator_id: int) -> Response:
    plan = load_plan(plan_id)
    validated(ActionForm())
    indicator = db_session().get(Indicator, indicator_id)
    if indicator is None:
        abort(404)
    item = load_item(plan, indicator.plan_item_id)
    set_indicator_kind(db_session(), indicator, parse_kind(request.form.get("kind", "")), by=me())
    return _done(
        plan,
        f"指标「{indicator.name}」的类型已改为{INDICATOR_KIND_WORDS[indicator.kind]}。",
        f"#item-{item.id}",
    )
