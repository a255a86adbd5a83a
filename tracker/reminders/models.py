"""The outbox (one `Delivery` per recipient, day and kind of mail), the cycle log and preferences."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.accounts.models import User
from tracker.clock import stamp
from tracker.db import Base, enum_column
from tracker.organisations.models import copied_organisation


class MailKind(enum.StrEnum):
    DAILY = "daily"  # the day's digest: every reminder and notice for one person
    WEEKLY = "weekly"  # the coordinator's summary on the first working day of the week
    EXTENSION_REQUEST = "extension_request"  # a 延期申请 to decide, sent within minutes
    EXTENSION_DECISION = "extension_decision"  # its answer, to the owner, within minutes


MAIL_KIND_WORDS = {
    MailKind.DAILY: "每日提醒",
    MailKind.WEEKLY: "每周汇总",
    MailKind.EXTENSION_REQUEST: "延期申请待审批",
    MailKind.EXTENSION_DECISION: "延期申请结果",
}
"""How the outbox page and `tracker reminders due` name each kind of mail."""

NOTICE_KINDS = frozenset({MailKind.EXTENSION_REQUEST, MailKind.EXTENSION_DECISION})
"""Mail about one extension request (`Delivery.extension_request_id`), sent as soon as it happens."""


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENDING = "sending"  # claimed by a worker until `lease_until`
    SENT = "sent"
    FAILED = "failed"  # gave up after the configured number of tries; retried by hand
    DROPPED = "dropped"  # a notice whose request was decided before it left: never sent, reason kept


_DIGEST = text("extension_request_id IS NULL")
_NOTICE = text("extension_request_id IS NOT NULL")


class Delivery(Base):
    """One email to one person: a digest for one day and kind, decided in the same transaction as the
    cycle, or a notice about one extension request (`NOTICE_KINDS`).

    The unique keys make a second decision for the same day, or a second notice of the same kind about
    the same request to the same person, impossible to store; the status, lease and claim token make
    sure two workers never send the same row at once.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        Index(
            "uq_deliveries_digest",
            "recipient_id",
            "day",
            "kind",
            unique=True,
            sqlite_where=_DIGEST,
            postgresql_where=_DIGEST,
        ),
        Index(
            "uq_deliveries_notice",
            "recipient_id",
            "kind",
            "extension_request_id",
            unique=True,
            sqlite_where=_NOTICE,
            postgresql_where=_NOTICE,
        ),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = copied_organisation("users", "recipient_id")
    """The recipient's organisation, copied: a town's mail is listed to that town only."""
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[MailKind] = mapped_column(enum_column(MailKind))
    to_address: Mapped[str] = mapped_column(String(254))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    """What the mail says, as decided (for the outbox page and `tracker reminders due`)."""
    message_id: Mapped[str] = mapped_column(String(200))
    """Deterministic (kind, day, recipient): a repeat after a crash carries the same Message-ID."""
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=stamp)
    lease_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    sent_at: Mapped[datetime | None]
    extension_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("extension_requests.id", ondelete="CASCADE")
    )
    """The request a notice is about: a request notice is dropped, unsent, once it is decided."""

    recipient: Mapped[User] = relationship()


class DeliveryMessage(Base):
    """The whole email of a delivery, rendered when the day was decided and never changed.

    Kept apart from `Delivery` so that claiming and marking rows (small updates, many per batch)
    never rewrite the message, and so that a repeat is byte for byte the same mail."""

    __tablename__ = "delivery_messages"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReminderCycle(Base):
    """The record that a day's cycle ran: its primary key lets exactly one of two beats decide a day.

    `audit_watermark` is the newest audit event committed when the cycle read the trail. It is not
    where the next cycle starts reading: an id is taken when a row is inserted, so a transaction
    still open at that moment may commit a lower id afterwards. The cycle after next starts there
    (no transaction stays open across a whole cycle), and `NoticedEvent` keeps the events between
    from being noticed twice.
    """

    __tablename__ = "reminder_cycles"

    day: Mapped[date] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=stamp)
    audit_watermark: Mapped[int] = mapped_column(default=0)
    deliveries: Mapped[int] = mapped_column(default=0)


class NoticedEvent(Base):
    """An audit event (an assignment, a new deadline, an extension request or decision) whose notice
    the cycle of `day` has decided; written in the same transaction as that day's outbox."""

    __tablename__ = "reminder_noticed_events"

    audit_event_id: Mapped[int] = mapped_column(
        ForeignKey("audit_events.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date]


class ReminderPreference(Base):
    """What a person has paused: due-soon reminders and the weekly summary. Escalations never pause."""

    __tablename__ = "reminder_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    pause_due_soon: Mapped[bool] = mapped_column(default=False)
    pause_weekly: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)
