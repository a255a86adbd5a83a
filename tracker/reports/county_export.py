"""The county's summary as an .xlsx (through `tracker.spreadsheets`): one line per town's figure with
its sources, the county's total under each indicator, then the figures left out with their reasons."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.reports.county_summary import CountySummary, SummaryRow
from tracker.spreadsheets import Cell, Column, xlsx_bytes

COLUMNS = (
    Column("指标", 24, wrap=True),
    Column("类型", 6),
    Column("单位", 6),
    Column("镇", 10),
    Column("数字", 12),
    Column("来源（任务、进展）", 60, wrap=True),
    Column("说明", 30, wrap=True),
)


def _sources(row: SummaryRow) -> Iterator[list[Cell]]:
    for town in row.figures:
        said = [town.task.label] if town.task else []
        said += [f"{entry.label}（{entry.detail}）" for entry in town.entries]
        yield [
            row.name,
            row.kind_word,
            row.unit,
            town.town.name,
            str(town.figure.quantity),
            "\n".join(said),
            "",
        ]


def summary_xlsx(summary: CountySummary) -> bytes:
    lines: list[list[Cell]] = []
    for row in summary.rows:
        lines.extend(_sources(row))
        if row.total is None:
            lines.append([row.name, row.kind_word, row.unit, "全县", "—", "", "比率不相加，见各镇数字"])
        else:
            towns = len(row.figures)
            lines.append(
                [row.name, row.kind_word, row.unit, "全县合计", str(row.total), "", f"{towns}个镇相加"]
            )
    for left in summary.left_out:
        lines.append([left.indicator, "", "", left.town, left.figure, "", f"未汇总：{left.reason}"])
    return xlsx_bytes(f"{summary.year}年度各镇指标汇总", COLUMNS, lines)
