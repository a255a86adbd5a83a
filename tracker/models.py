"""Every table of the product, loaded in one place so that `Base.metadata` is complete.

Alembic's environment, the migration check and the tests import this module; features import only the
models they use.
"""

from tracker.accounts.models import AccessToken, Department, LoginFailure, Role, TokenPurpose, User
from tracker.audit import AuditEvent
from tracker.board import models as _board_indexes  # noqa: F401  (indexes on plan_items)
from tracker.db import Base
from tracker.health.models import Heartbeat
from tracker.plans.models import Baseline, Plan, PlanItem, PlanStatus, Shortcoming, plan_item_owners
from tracker.reminders.models import Delivery, DeliveryMessage, ReminderCycle, ReminderPreference
from tracker.reports.models import ReportRun, ReportWording
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
    "AccessToken",
    "AuditEvent",
    "Base",
    "Baseline",
    "Delivery",
    "DeliveryMessage",
    "Department",
    "Evidence",
    "ExtensionRequest",
    "ExtensionStatus",
    "Heartbeat",
    "Indicator",
    "IndicatorIncrement",
    "LoginFailure",
    "Plan",
    "PlanItem",
    "PlanStatus",
    "ProgressEntry",
    "ReminderCycle",
    "ReminderPreference",
    "ReportRun",
    "ReportWording",
    "Role",
    "Shortcoming",
    "Task",
    "TaskStatus",
    "TokenPurpose",
    "User",
    "plan_item_owners",
]
