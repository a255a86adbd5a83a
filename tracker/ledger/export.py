"""Build a plan's ledger zip: every evidence file, filed by plan item, and an index spreadsheet.

The index is CSV in UTF-8 with a byte-order mark, which Excel (and WPS) open as Chinese text without
an import dialog; that avoids adding a spreadsheet library for one sheet. Names inside the zip are
made here (item number, task id, evidence id, cleaned original name), never taken as given, so the
archive cannot write outside the folder it is unpacked into.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.plans.models import Plan, PlanItem
from tracker.tasks.evidence import EvidenceStore, clean_filename
from tracker.tasks.models import Evidence, ProgressEntry, Task

INDEX_NAME = "台账索引.csv"
INDEX_HEADER = ("计划事项", "任务", "日期", "说明", "文件名", "上传人", "压缩包内路径")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _safe(part: str, limit: int = 60) -> str:
    return _UNSAFE.sub("_", part).strip(" .")[:limit] or "_"


def ledger_rows(session: Session, plan: Plan) -> list[tuple[Evidence, Task, PlanItem, str, str]]:
    """Every evidence file of the plan in outline order, with its task, item, date and uploader."""
    rows = session.execute(
        select(Evidence, Task, PlanItem, ProgressEntry.entry_date, User.display_name)
        .join(Task, Evidence.task_id == Task.id)
        .join(PlanItem, Task.plan_item_id == PlanItem.id)
        .outerjoin(ProgressEntry, Evidence.progress_entry_id == ProgressEntry.id)
        .outerjoin(User, Evidence.uploaded_by_id == User.id)
        .where(Task.plan_id == plan.id)
        .order_by(PlanItem.position, Task.id, Evidence.id)
    )
    return [
        (evidence, task, item, (entry_date or evidence.uploaded_at.date()).isoformat(), uploader or "")
        for evidence, task, item, entry_date, uploader in rows
    ]


def write_ledger(session: Session, plan: Plan, store: EvidenceStore, target: IO[bytes]) -> int:
    """Write the zip to `target`; returns the number of files in it (besides the index)."""
    index = io.StringIO()
    writer = csv.writer(index)
    writer.writerow(INDEX_HEADER)
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for evidence, task, item, day, uploader in ledger_rows(session, plan):
            folder = _safe(f"{item.position + 1:03d}_{item.marker or ''}{item.title}", 40)
            name = f"{folder}/{task.id}-{evidence.id}-{_safe(clean_filename(evidence.original_name), 120)}"
            path = store.path_of(evidence)
            if path.exists():
                archive.write(path, name)
                count += 1
            else:
                name = f"（文件缺失）{name}"
            item_label = f"{item.marker or ''}{item.title}"
            writer.writerow(
                (
                    item_label,
                    task.title,
                    day,
                    evidence.description or "",
                    evidence.original_name,
                    uploader,
                    name,
                )
            )
        archive.writestr(INDEX_NAME, "\ufeff" + index.getvalue())
    return count
