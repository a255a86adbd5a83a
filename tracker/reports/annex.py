"""附件：年度任务完成情况一览表 — every task of the plan with what the prose leaves out: its lead unit,
deadline, state (with percent, overdue days, an approved extension) and the number of evidence files.
Continuing work says 常态化推进, never 逾期."""

from __future__ import annotations

from datetime import date

from tracker.reports.citing import clause
from tracker.reports.draft import Annex, AnnexRow
from tracker.reports.figures import chinese_date, chinese_month_day
from tracker.reports.index import YearIndex
from tracker.reports.records import ItemRecord, TaskRecord
from tracker.reports.views import area_name

TITLE = "{year}年度任务完成情况一览表"
COLUMNS = ("序号", "方面", "任务", "牵头单位", "完成时限", "完成情况", "佐证材料")


def _day(day: date, year: int) -> str:
    """12月31日 within the plan year (the table's title says which), the full date outside it."""
    return chinese_month_day(day) if day.year == year else chinese_date(day)


def _deadline(task: TaskRecord, year: int) -> str:
    if task.ongoing:
        return "长期坚持"
    if task.recurring:
        return "定期开展"
    return _day(task.deadline, year) if task.deadline else "未定"


def _state(index: YearIndex, task: TaskRecord) -> str:
    extensions = index.approved_extensions_of_task.get(task.id)
    extended = (
        f"（经批准延期至{_day(extensions[-1].requested_deadline, index.plan.year)}）" if extensions else ""
    )
    if task.continuing:
        entries = len(index.entries_of_task.get(task.id, ()))
        return f"常态化推进，本年度进展记录{entries}次" if entries else "常态化推进，本年度无进展记录"
    if task.done:
        return "已办结" + extended
    late = index.overdue_days(task)
    progress = f"，完成进度{task.percent}%" if task.percent else ""
    if late is not None:
        return f"逾期{late}天{progress}" + extended
    if task.status == "in_progress":
        return f"推进中{progress}" + extended
    return "未开始" + extended


def _top(index: YearIndex, task: TaskRecord) -> ItemRecord:
    item = index.items[task.plan_item_id]
    while item.parent_id in index.items:
        item = index.items[item.parent_id]
    return item


def compose_annex(index: YearIndex) -> Annex:
    rows = []
    tasks = [task for top in index.top_items for task in index.tasks_under(top)]
    for number, task in enumerate(tasks, start=1):
        top = _top(index, task)
        files = len(index.evidence_of_task.get(task.id, ()))
        cells = (
            str(number),
            area_name(top),
            clause(task.title),
            task.lead_unit or "未分配",
            _deadline(task, index.plan.year),
            _state(index, task),
            f"{files}份" if files else "无",
        )
        rows.append(AnnexRow(task.id, cells))
    return Annex(TITLE.format(year=index.plan.year), COLUMNS, tuple(rows))
