"""How values look on a page: status, role and light words, exact decimals, file sizes, dates, times.

Dates read as people write them and as a task's history says them (2026年3月31日, `chinese_date`),
times in TRACKER_TIMEZONE after the same date. Values a machine reads again — `<input type=date>`,
CSV and xlsx exports, the API — stay ISO and never pass through here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask, current_app

from tracker import clock
from tracker.accounts.directory import ROLE_WORDS
from tracker.accounts.models import Role
from tracker.board.lights import LIGHT_WORDS, Light, Thresholds, light_for
from tracker.plans.models import RECTIFICATION_WORDS, RectificationState
from tracker.reports.figures import chinese_date
from tracker.tasks.models import (
    INDICATOR_KIND_WORDS,
    STATUS_WORDS,
    ExtensionStatus,
    IndicatorKind,
    Task,
    TaskStatus,
)
from tracker.tasks.overdue import is_continuing

EXTENSION_WORDS = {
    ExtensionStatus.PENDING: "待审批",
    ExtensionStatus.APPROVED: "已批准",
    ExtensionStatus.REFUSED: "未批准",
}


def number(value: Decimal | int | None) -> str:
    """12.0000 → 12, 97.9000 → 97.9; None → —."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def file_size(size_bytes: int) -> str:
    """35 → 35 B, 52 000 → 50.8 KB, 3 500 000 → 3.3 MB: a small scan is not "0.0 KB"."""
    if size_bytes < 1024:
        return f"{size_bytes} B"
    if size_bytes < 1024 * 1024:
        return f"{size_bytes / 1024:.1f} KB"
    return f"{size_bytes / 1024 / 1024:.1f} MB"


def task_light(task: Task) -> Light:
    settings = current_app.extensions["luoshi"]["settings"]
    continuing = is_continuing(ongoing=task.ongoing, recurrence=task.recurrence)
    today, thresholds = clock.today(settings), Thresholds.from_settings(settings)
    return light_for(task.deadline, task.status, today, thresholds, continuing=continuing)


def cn_date(value: date | None) -> str:
    """2026年3月31日; — for no date. A stamp is `local_time`'s: its day depends on the time zone."""
    if isinstance(value, datetime):
        raise TypeError("cn_date takes a date; show a stamp with local_time")
    return chinese_date(value) if value is not None else "—"


def local_time(value: datetime | None) -> str:
    """2026年3月31日 14:05 in TRACKER_TIMEZONE."""
    if value is None:
        return ""
    settings = current_app.extensions["luoshi"]["settings"]
    local = value.astimezone(clock.zone(settings))
    return f"{chinese_date(local)} {local:%H:%M}"


def register_formatting(app: Flask) -> None:
    app.jinja_env.filters.update(
        status_word=lambda status: STATUS_WORDS.get(status, str(status)),
        extension_word=lambda status: EXTENSION_WORDS.get(status, str(status)),
        role_word=lambda role: ROLE_WORDS.get(Role(role), str(role)),
        light_word=lambda light: LIGHT_WORDS.get(light, ""),
        rectification_word=lambda state: RECTIFICATION_WORDS[RectificationState(state)],
        indicator_kind_word=lambda kind: INDICATOR_KIND_WORDS[IndicatorKind(kind)],
        number=number,
        file_size=file_size,
        cn_date=cn_date,
        local_time=local_time,
    )
    app.jinja_env.globals.update(task_light=task_light, Role=Role, TaskStatus=TaskStatus)
