"""The county's comparison of its towns as an .xlsx sheet, through `tracker.spreadsheets` (every cell
made safe there): one row per town and a 全县 row, the figures the page shows, with the progress at
the end of each month so the sheet carries the trend too."""

from __future__ import annotations

from collections.abc import Iterator

from tracker.board.lights import Light
from tracker.county.figures import CountyBoard
from tracker.dashboard.figures import Completion
from tracker.spreadsheets import Cell, Column, xlsx_bytes

PERCENT = "0.0"


def _columns(board: CountyBoard) -> list[Column]:
    return [
        Column("镇", 16),
        Column("任务数", 9),
        Column("已办结", 9),
        Column("平均进度（%）", 13, PERCENT),
        Column("临期（蓝）", 11),
        Column("逾期（橙）", 11),
        Column("严重逾期（红）", 14),
        *(Column(f"{month}月末进度（%）", 13, PERCENT) for month in board.months),
    ]


def _row(completion: Completion, lights: dict[Light, int], line: list[float]) -> list[Cell]:
    return [
        completion.label,
        completion.total,
        completion.done,
        round(completion.mean_percent, 1),
        lights[Light.BLUE],
        lights[Light.ORANGE],
        lights[Light.RED],
        *(round(value, 1) for value in line),
    ]


def _rows(board: CountyBoard) -> Iterator[list[Cell]]:
    for row in board.towns:
        yield _row(row.completion, row.lights, board.trends.get(row.town.id, []))
    yield _row(board.total, board.total_lights, board.county_trend)


def comparison_workbook(board: CountyBoard) -> bytes:
    return xlsx_bytes(f"{board.year}年各镇对比", _columns(board), _rows(board))
