"""Every cell a spreadsheet could run as a formula is neutralised, in CSV and .xlsx alike."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tracker.spreadsheets import Column, csv_text, safe_cell, xlsx_bytes

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","看")',
    "+86 123",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\x00危险",
    "\x1b[31m",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str) and cell.startswith("'")


def test_ordinary_text_numbers_and_dates_are_left_alone() -> None:
    assert safe_cell("开展法治讲座 = 12 场") == "开展法治讲座 = 12 场"
    assert safe_cell(-5) == -5
    assert safe_cell(date(2026, 6, 30)) == date(2026, 6, 30)
    assert safe_cell(None) is None and safe_cell("") == ""


def test_control_characters_a_sheet_cannot_hold_are_shown_not_dropped() -> None:
    assert safe_cell("讲座\x07第二场") == "讲座\ufffd第二场"
    assert safe_cell("第一行\n第二行\t完") == "第一行\n第二行\t完"


def test_an_xlsx_read_back_holds_the_neutralised_text_and_no_formula() -> None:
    columns = [Column("说明"), Column("截止", number_format="yyyy-mm-dd"), Column("进度")]
    rows = [(text, date(2026, 6, 30), 40) for text in DANGEROUS]
    sheet = load_workbook(io.BytesIO(xlsx_bytes("台账", columns, rows))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in cells] == [safe_cell(text) for text in DANGEROUS]
    assert sheet["B2"].value.date() == date(2026, 6, 30) and sheet["C2"].value == 40
    assert sheet.freeze_panes == "A2"


def test_a_csv_read_back_holds_the_neutralised_text() -> None:
    text = csv_text(["=说明", "进度"], [(value, 1) for value in DANGEROUS])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["'=说明", "进度"]
    assert all(row[0].startswith("'") for row in rows[1:])


def test_no_module_writes_a_spreadsheet_but_through_here() -> None:
    """The one function is the only way: any other CSV or workbook writer in the product fails here."""
    import re

    from tracker.config import PROJECT_ROOT

    writers = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|import Workbook")
    found = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "tracker").rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["tracker/spreadsheets.py"]
