"""Every spreadsheet the product writes (CSV and .xlsx) goes through here, cell by cell.

Excel and WPS open an exported file directly, and a text cell that starts with `=`, `+`, `-` or `@`
(or with a tab, carriage return or another control character that moves what follows into view) is
read as a formula: `=HYPERLINK("http://evil.example","点此查看")` in an evidence description would
become a live link in the county inspector's 台账. `safe_cell` is the one place that neutralises such
text (OWASP's advice: a leading apostrophe, so the cell shows the text as typed); both writers below
call it for every cell, so no export can forget to.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | Decimal | date | datetime | None

_FORMULA_START = re.compile(r"[=+\-@\x00-\x1f\x7f]")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters XML 1.0 cannot carry at all (an .xlsx is XML); tab and line breaks it can."""
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value: Cell) -> Cell:
    """`value` as it may go into a cell: text that a spreadsheet would run as a formula gets a leading
    apostrophe, and control characters no spreadsheet shows are replaced by U+FFFD, so that nothing
    the person typed disappears without a trace. Numbers and dates are values, never formulas."""
    if not isinstance(value, str) or not value:
        return value
    if _FORMULA_START.match(value):
        value = "'" + value
    return _NOT_IN_XML.sub("\ufffd", value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """CSV with a byte-order mark, which Excel and WPS open as Chinese text without an import dialog."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()


@dataclass(frozen=True)
class Column:
    """One column of an .xlsx sheet: its heading, width in characters and Excel number format."""

    heading: str
    width: int = 12
    number_format: str | None = None
    wrap: bool = False


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name, its columns and its rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Cell]] = ()


def xlsx_bytes(title: str, columns: Sequence[Column], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A workbook of one sheet (every export of a list)."""
    return xlsx_book([Sheet(title, columns, rows)])


def xlsx_book(sheets: Sequence[Sheet]) -> bytes:
    """Sheets in order, each with a bold, frozen heading row with filter buttons, then its rows,
    every cell made safe (an import template with its instructions is several sheets)."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _fill(book.create_sheet(sheet.title[:31]), sheet)  # 31: Excel's limit for a sheet name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(target: Worksheet, sheet: Sheet) -> None:
    target.append([safe_cell(column.heading) for column in sheet.columns])
    for cell in target[1]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        target.append([safe_cell(cell) for cell in row])
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        target.column_dimensions[letter].width = column.width
        if column.number_format or column.wrap:
            for (cell,) in target.iter_rows(min_row=2, min_col=index, max_col=index):
                if column.number_format:
                    cell.number_format = column.number_format
                if column.wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    target.freeze_panes = "A2"
    target.auto_filter.ref = target.dimensions
