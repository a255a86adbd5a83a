"""Build a plan's ledger zip: every evidence file, filed by plan item, and an index of every task.

The index comes twice, with the same rows: `台账索引.xlsx` for Excel and WPS, and `台账索引.csv` (UTF-8
with a byte-order mark) for whatever else reads it; both through `tracker.spreadsheets`, which
neutralises cells a spreadsheet would run as formulas. It lists every task of the plan with the
board's task columns (牵头单位 … 最新进展) and one row per evidence file, or one row saying a task has
none, so an inspector sees at once what is missing. Names inside the zip are made here (item number,
task id, evidence id, cleaned original name), never taken as given, so the archive cannot write
outside the folder it is unpacked into.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.accounts.models import User
from tracker.board.export import TASK_COLUMNS, TaskLine, task_cells, task_lines
from tracker.board.lights import Thresholds
from tracker.plans.models import Plan, PlanItem
from tracker.spreadsheets import Cell, Column, csv_text, xlsx_bytes
from tracker.tasks.evidence import EvidenceStore, clean_filename
from tracker.tasks.models import Evidence, ProgressEntry, Task

INDEX_NAME = "台账索引"
INDEX_COLUMNS = (
    Column("计划事项", 24, wrap=True),
    Column("任务", 36, wrap=True),
    *TASK_COLUMNS,
    Column("材料日期", 12, "yyyy-mm-dd"),
    Column("材料说明", 30, wrap=True),
    Column("文件名", 24),
    Column("上传人", 10),
    Column("压缩包内路径", 40),
)
NO_EVIDENCE = "（无佐证材料）"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _safe(part: str, limit: int = 60) -> str:
    return _UNSAFE.sub("_", part).strip(" .")[:limit] or "_"


def evidence_by_task(session: Session, plan: Plan) -> dict[int, list[tuple[Evidence, PlanItem, date, str]]]:
    """Every evidence file of the plan by task, in the order filed, with its plan item, date (of its
    progress entry, else of the upload) and uploader."""
    rows = session.execute(
        select(Evidence, PlanItem, ProgressEntry.entry_date, User.display_name)
        .join(Task, Evidence.task_id == Task.id)
        .join(PlanItem, Task.plan_item_id == PlanItem.id)
        .outerjoin(ProgressEntry, Evidence.progress_entry_id == ProgressEntry.id)
        .outerjoin(User, Evidence.uploaded_by_id == User.id)
        .where(Task.plan_id == plan.id)
        .order_by(Evidence.id)
    )
    found: dict[int, list[tuple[Evidence, PlanItem, date, str]]] = {}
    for evidence, item, entry_date, uploader in rows:
        day = entry_date or evidence.uploaded_at.date()
        found.setdefault(evidence.task_id, []).append((evidence, item, day, uploader or ""))
    return found


def write_ledger(
    session: Session, plan: Plan, store: EvidenceStore, target: IO[bytes], today: date, thresholds: Thresholds
) -> int:
    """Write the zip to `target`; returns the number of files in it (besides the index)."""
    index: list[tuple[Cell, ...]] = []
    count = 0
    files = evidence_by_task(session, plan)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for line in task_lines(session, [Task.plan_id == plan.id], today, thresholds):
            task = (line.heading, line.title, *task_cells(line))
            if line.id not in files:
                index.append((*task, None, None, NO_EVIDENCE, None, None))
            for evidence, item, day, uploader in files.get(line.id, []):
                name = _archive_name(line, evidence, item)
                path = store.path_of(evidence)
                if path.exists():
                    archive.write(path, name)
                    count += 1
                else:
                    name = f"（文件缺失）{name}"
                index.append((*task, day, evidence.description or "", evidence.original_name, uploader, name))
        headings = [column.heading for column in INDEX_COLUMNS]
        archive.writestr(f"{INDEX_NAME}.csv", csv_text(headings, index))
        archive.writestr(f"{INDEX_NAME}.xlsx", xlsx_bytes(INDEX_NAME, INDEX_COLUMNS, index))
    return count


def _archive_name(line: TaskLine, evidence: Evidence, item: PlanItem) -> str:
    folder = _safe(f"{item.position + 1:03d}_{item.marker or ''}{item.title}", 40)
    return f"{folder}/{line.id}-{evidence.id}-{_safe(clean_filename(evidence.original_name), 120)}"
