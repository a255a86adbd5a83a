""".xlsx 任务分解表 → text and tables, with openpyxl, after `archive.unpacked` has inflated the parts
under its byte cap.

Each sheet is written as the .docx reader writes a document: the lines above the task table (the
sheet's title, 附件 notes) as paragraphs, then the table from its header row (the first row naming
任务/具体要求/责任单位/牵头/配合/完成时限 columns) with cells separated by a tab. A merged cell's value
stands in its first cell and the cells it covers stay empty, which is how the table reader recognises
one task over several rows. A sheet without such a header is written as lines of text.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import date, datetime, time
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from tracker.plans.errors import PlanInputError
from tracker.plans.parsing import archive
from tracker.plans.parsing.docx_reading import SourceTable, TextBuilder
from tracker.plans.parsing.limits import check_time
from tracker.plans.parsing.tables import is_header_row

CORRUPT_MESSAGE = archive.CORRUPT_MESSAGE.format(kind=".xlsx", app="Excel 或 WPS 表格")
NOT_EXCEL_MESSAGE = "这个压缩文件不是 Excel 表格（.xlsx）；请上传 .txt、.docx、.xlsx 或 .pdf 格式的计划。"
EMPTY_MESSAGE = "该 .xlsx 文件中没有文字。"
HEADER_SEARCH_ROWS = 10


def _words(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\t", " ").strip()


def _rows(sheet: object) -> list[list[str]]:
    """The sheet's rows as words, without the empty columns on the right and empty rows at the end."""
    rows = [[_words(value) for value in row] for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]
    width = max((max((i + 1 for i, cell in enumerate(row) if cell), default=0) for row in rows), default=0)
    rows = [row[:width] + [""] * (width - len(row)) for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _add_sheet(builder: TextBuilder, rows: list[list[str]]) -> SourceTable | None:
    header = next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if is_header_row(row)), None)
    above = rows if header is None else rows[:header]
    for row in above:
        words = " ".join(cell for cell in row if cell)
        if words:
            builder.add(words + "\n")
    if header is None:
        return None
    table_start = builder.length
    table_rows = []
    for row in rows[header:]:
        check_time()
        cells = []
        for index, cell in enumerate(row):
            if index:
                builder.add("\t")
            cells.append(builder.add(cell))
        builder.add("\n")
        table_rows.append(tuple(cells))
    return SourceTable(tuple(table_rows), (table_start, builder.length))


def read_xlsx(data: bytes) -> tuple[str, list[SourceTable]]:
    """The workbook's text and task tables, or PlanInputError for a broken, hostile or empty file."""
    inflated = archive.unpacked(data, ".xlsx", "xl/workbook.xml", NOT_EXCEL_MESSAGE)
    try:
        with warnings.catch_warnings():  # openpyxl warns of features it drops (styles, validation)
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(inflated), data_only=True)
        sheets = [_rows(sheet) for sheet in workbook.worksheets]
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        ParseError,
        OSError,
    ) as error:
        raise PlanInputError(CORRUPT_MESSAGE, detail=f"openpyxl failed: {error!r}") from error
    builder = TextBuilder()
    tables = [table for rows in sheets if (table := _add_sheet(builder, rows)) is not None]
    text = builder.text()
    if not text.strip():
        raise PlanInputError(EMPTY_MESSAGE, detail="no text in any sheet")
    return text, tables
