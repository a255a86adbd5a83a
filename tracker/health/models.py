"""One row per background component (`beat`, `worker`): when it last showed it was alive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base


class Heartbeat(Base):
    """Written by beat on its scheduler ticks and by a worker when it runs the heartbeat task.

    Not audited: it changes every minute and says nothing a person decided."""

    __tablename__ = "heartbeats"

    component: Mapped[str] = mapped_column(String(20), primary_key=True)
    seen_at: Mapped[datetime]
    detail: Mapped[str] = mapped_column(String(200), default="")
