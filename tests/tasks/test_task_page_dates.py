"""Every date the task page shows reads as people write it and as the history says it (2026年6月30日),
every time of day in TRACKER_TIMEZONE; only the form fields keep ISO values, which the browser's date
picker reads."""

from __future__ import annotations

import dataclasses
import re
import secrets
from datetime import UTC, date, datetime

import pytest

from tracker.tasks.extensions import request_extension
from tracker.tasks.models import Evidence, ProgressEntry

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def settings(settings):  # type: ignore[no-untyped-def]
    """Asia/Tokyo: neither UTC nor the default zone, so a day shown in it can only come from the setting."""
    return dataclasses.replace(settings, timezone="Asia/Tokyo")


@pytest.fixture
def worked(town, session):  # type: ignore[no-untyped-def]
    """The town's task (due 2026-06-30) with an entry of 2026-02-27 whose photo was uploaded at
    16:30 UTC on 1 March — 01:30 on 2 March in Tokyo — and a pending request to move the deadline
    to 2026-08-31."""
    entry = ProgressEntry(task=town.task, author_id=town.owner.id, entry_date=date(2026, 2, 27), text="讲座")
    session.add(entry)
    session.flush()
    session.add(
        Evidence(
            task_id=town.task.id,
            entry=entry,
            original_name="现场照片.png",
            stored_name=secrets.token_hex(16),
            content_type="image/png",
            size_bytes=2048,
            sha256="0" * 64,
            uploaded_by_id=town.owner.id,
            uploaded_at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC),
        )
    )
    request_extension(
        session,
        town.task,
        by=town.owner,
        new_deadline=date(2026, 8, 31),
        reason="场地改造",
        today=date(2026, 3, 2),
    )
    session.flush()
    return town.task


def test_the_task_page_shows_dates_as_people_write_them(town, worked, sign_in) -> None:  # type: ignore[no-untyped-def]
    page = sign_in(town.coordinator).get(f"/tasks/{worked.id}").get_data(as_text=True)
    assert "<dt>截止日期</dt><dd>2026年6月30日</dd>" in page
    assert "<strong>2026年2月27日</strong>" in page  # the progress entry
    assert "2026年3月2日 01:30 上传" in page  # the photo, in the town's zone
    assert "申请将截止日期由 2026年6月30日 延至 2026年8月31日" in page
    assert "申请延期至2026年8月31日" in page  # the history, as before
    text = re.sub(r"<[^>]+>", " ", page)
    assert ISO_DATE.findall(text) == []
    assert 'name="deadline" value="2026-06-30"' in page  # what the date picker reads stays ISO


def test_other_pages_show_the_deadline_the_same_way(town, worked, sign_in) -> None:  # type: ignore[no-untyped-def]
    coordinator = sign_in(town.coordinator)
    for path in ("/", "/dashboard?overdue=1", "/inbox"):
        page = coordinator.get(path).get_data(as_text=True)
        assert ISO_DATE.findall(re.sub(r"<[^>]+>", " ", page)) == [], path
    leader_inbox = sign_in(town.leader).get("/inbox").get_data(as_text=True)
    assert "申请将截止日期由 2026年6月30日 延至 2026年8月31日" in leader_inbox
    assert "2026年6月30日" in coordinator.get("/").get_data(as_text=True)
