"""Every table of the product, loaded in one place so that `Base.metadata` is complete.

Alembic's environment, the migration check and the tests import this module; features import only the
models they use.
"""

from tracker.accounts.models import Department, Role, User
from tracker.audit import AuditEvent
from tracker.db import Base
from tracker.plans.models import Baseline, Plan, PlanItem, PlanStatus, Shortcoming, plan_item_owners
from tracker.tasks.models import (
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    Indicator,
    IndicatorIncrement,
    ProgressEntry,
    Task,
    TaskStatus,
)

__all__ = [
    "AuditEvent",
    "Base",
    "Baseline",
    "Department",
    "Evidence",
    "ExtensionRequest",
    "ExtensionStatus",
    "Indicator",
    "IndicatorIncrement",
    "Plan",
    "PlanItem",
    "PlanStatus",
    "ProgressEntry",
    "Role",
    "Shortcoming",
    "Task",
    "TaskStatus",
    "User",
    "plan_item_owners",
]
