"""Every table of the product, loaded in one place so that `Base.metadata` is complete.

Alembic's environment, the migration check and the tests import this module; features import only the
models they use.
"""

from tracker.accounts.models import AccessToken, Department, LoginFailure, Role, TokenPurpose, User
from tracker.audit import AuditEvent
from tracker.board.models import BoardVersion
from tracker.db import Base
from tracker.health.models import Heartbeat
from tracker.holidays.models import DayKind, HolidayDay, HolidayYear
from tracker.plans.models import Baseline, Plan, PlanItem, PlanStatus, Shortcoming, plan_item_owners
from tracker.reminders.models import (
    Delivery,
    DeliveryMessage,
    NoticedEvent,
    ReminderCycle,
    ReminderPreference,
)
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
    "BoardVersion",
    "DayKind",
    "Delivery",
    "DeliveryMessage",
    "Department",
    "Evidence",
    "ExtensionRequest",
    "ExtensionStatus",
    "Heartbeat",
    "HolidayDay",
    "HolidayYear",
    "Indicator",
    "IndicatorIncrement",
    "LoginFailure",
    "NoticedEvent",
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
