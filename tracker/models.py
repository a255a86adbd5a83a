"""Every table of the product, loaded in one place so that `Base.metadata` is complete.

Alembic's environment, the migration check and the tests import this module; features import only the
models they use.
"""

from tracker.accounts.models import (
    AccessToken,
    Department,
    LoginFailure,
    Role,
    SessionVersion,
    TokenPurpose,
    User,
)
from tracker.audit import AuditEvent
from tracker.board.models import BoardVersion
from tracker.db import Base
from tracker.duban.models import Duban, DubanTask
from tracker.duties.models import DutyKind, DutyRecord
from tracker.health.models import Heartbeat
from tracker.holidays.models import DayKind, HolidayDay, HolidayYear
from tracker.organisations.models import Organisation, OrgKind
from tracker.plans.models import (
    Baseline,
    Plan,
    PlanItem,
    PlanStatus,
    RectificationState,
    Shortcoming,
    plan_item_owners,
)
from tracker.rectification.models import RectificationEvidence
from tracker.reminders.models import (
    Delivery,
    DeliveryMessage,
    NoticedEvent,
    ReminderCycle,
    ReminderPreference,
)
from tracker.reports.models import ReportPattern, ReportRun, ReportSubmission
from tracker.tasks.models import (
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    Indicator,
    IndicatorIncrement,
    IndicatorKind,
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
    "Duban",
    "DubanTask",
    "DutyKind",
    "DutyRecord",
    "Evidence",
    "ExtensionRequest",
    "ExtensionStatus",
    "Heartbeat",
    "HolidayDay",
    "HolidayYear",
    "Indicator",
    "IndicatorIncrement",
    "IndicatorKind",
    "LoginFailure",
    "NoticedEvent",
    "OrgKind",
    "Organisation",
    "Plan",
    "PlanItem",
    "PlanStatus",
    "ProgressEntry",
    "RectificationEvidence",
    "RectificationState",
    "ReminderCycle",
    "ReminderPreference",
    "ReportPattern",
    "ReportRun",
    "ReportSubmission",
    "Role",
    "SessionVersion",
    "Shortcoming",
    "Task",
    "TaskStatus",
    "TokenPurpose",
    "User",
    "plan_item_owners",
]
