"""What a person has paused. Only due-soon reminders and the weekly summary can be paused."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.reminders.models import ReminderPreference
from tracker.reminders.unsubscribe import PAUSABLE


def preference_of(session: Session, user_id: int) -> ReminderPreference:
    """The stored preference, or an unsaved default one (nothing paused)."""
    stored = session.get(ReminderPreference, user_id)
    return stored or ReminderPreference(user_id=user_id, pause_due_soon=False, pause_weekly=False)


def set_paused(session: Session, user_id: int, what: str, paused: bool) -> ReminderPreference:
    if what not in PAUSABLE:
        raise ValueError(f"{what!r} cannot be paused")
    preference = preference_of(session, user_id)
    setattr(preference, f"pause_{what}", paused)
    session.add(preference)
    session.flush()
    return preference
