"""Indexes the board needs on other features' tables.

The board pages through a plan's tasks in outline order; with this index PostgreSQL walks the plan's
items in `position` order and stops after one page, instead of sorting every task of the plan.
"""

from sqlalchemy import Index

from tracker.plans.models import PlanItem

plan_outline_index = Index("ix_plan_items_plan_id_position", PlanItem.plan_id, PlanItem.position)
