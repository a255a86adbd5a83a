"""The provisioning workbook (.xlsx): the template offered for download, and reading a filled-in copy.

Two sheets, headings in Chinese as a county's staff would write them:
- 镇: 所属县, 镇名称, 协调人姓名, 协调人登录名, 协调人邮箱 (one row per town; the three 协调人 cells
  all filled, or all empty for a town whose coordinator is added later);
- 单位: 镇名称, 单位名称 (one row per 责任单位).
A third sheet, 填写说明, says the same to whoever fills it in. Columns are found by their heading, so
their order may change; a heading the template does not have is refused rather than ignored, since
whatever was typed under it would otherwise be dropped without a word. Empty rows are passed over.
Row numbers are the spreadsheet's own (the heading is row 1), as the person sees them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from tracker.organisations.provisioning import (
    TOWNS_SHEET,
    UNITS_SHEET,
    ImportRefused,
    TownLine,
    TownsFile,
    UnitLine,
    at,
)
from tracker.spreadsheets import Column, Sheet, xlsx_book

TOWN_HEADINGS = ("所属县", "镇名称", "协调人姓名", "协调人登录名", "协调人邮箱")
UNIT_HEADINGS = ("镇名称", "单位名称")
TEMPLATE_FILENAME = "镇与单位导入模板.xlsx"
MAX_ROWS = 5000
"""More rows than any county has towns and units: a bigger sheet is a wrong file, not a county."""

INSTRUCTIONS = (
    ("填写说明", ""),
    (
        "「镇」表",
        "每个镇一行。所属县：县级机构名称（县里的协调人导入时可留空，即本县）。镇名称：必填，全系统唯一。",
    ),
    (
        "",
        "协调人姓名、协调人登录名、协调人邮箱：三项同时填写，为该镇新建一名协调人（法治办）；暂不设协调人则三项都留空。",
    ),
    (
        "",
        "登录名全系统唯一，不含空格；新协调人的初始密码在导入完成后显示一次，请转交本人并提醒其登录后修改。",
    ),
    (
        "「单位」表",
        "每个责任单位一行。镇名称：「镇」表中的镇，或本县已有的镇。单位名称：必填，同一镇内不重复。",
    ),
    ("导入规则", "整个文件作为一次导入：任何一行有误，全部不导入，并逐行列出问题（表名和行号）。"),
    ("", "已存在的镇、单位和协调人账号保持不变，并在结果中列出；同一文件可以重复导入。"),
)


def template_bytes() -> bytes:
    """The empty template: the two sheets with their headings, and the instructions."""
    heading, text = INSTRUCTIONS[0]
    return xlsx_book(
        [
            Sheet(TOWNS_SHEET, [Column(name, width=18) for name in TOWN_HEADINGS]),
            Sheet(UNITS_SHEET, [Column(name, width=18) for name in UNIT_HEADINGS]),
            Sheet(heading, [Column(heading, width=12), Column(text, width=100, wrap=True)], INSTRUCTIONS[1:]),
        ]
    )


def _text(value: object) -> str:
    """A cell as text: a number typed as a login (13800001111) is not turned into 13800001111.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _rows(
    sheet: Worksheet, headings: Sequence[str], problems: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, heading → text) for each non-empty row under the heading row."""
    name = sheet.title
    rows = sheet.iter_rows(values_only=True)
    header = [_text(cell) for cell in next(rows, ())]
    unknown = [heading for heading in header if heading and heading not in headings]
    missing = [heading for heading in headings if heading not in header]
    if unknown or missing:
        said = [f"缺少表头「{'」「'.join(missing)}」" if missing else ""]
        said.append(f"表头「{'」「'.join(unknown)}」不是模板中的列" if unknown else "")
        problems.append(f"{at(name, 1)}：{'；'.join(s for s in said if s)}。请使用下载的模板。")
        return
    columns = {heading: header.index(heading) for heading in headings}
    for number, cells in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            problems.append(f"「{name}」表超过 {MAX_ROWS} 行，请确认是否选错了文件。")
            return
        texts = [_text(cell) for cell in cells]
        if not any(texts):
            continue
        extra = [text for index, text in enumerate(texts) if text and index not in columns.values()]
        if extra:
            problems.append(
                f"{at(name, number)}：表头以外的单元格有内容「{extra[0][:20]}」，请只在模板的列中填写。"
            )
            continue
        yield (
            number,
            {heading: texts[index] if index < len(texts) else "" for heading, index in columns.items()},
        )


def read_towns_workbook(data: bytes) -> TownsFile:
    """The lines of a filled-in template, or `ImportRefused` naming what is wrong with the file."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise ImportRefused(
            [f"文件不是有效的 .xlsx 工作簿（{type(error).__name__}），请用下载的模板填写后上传。"]
        ) from None
    problems: list[str] = []
    absent = [name for name in (TOWNS_SHEET, UNITS_SHEET) if name not in book.sheetnames]
    if absent:
        book.close()
        raise ImportRefused([f"工作簿中缺少「{name}」表，请使用下载的模板。" for name in absent])
    towns = tuple(
        TownLine(
            number,
            cells["所属县"],
            cells["镇名称"],
            cells["协调人姓名"],
            cells["协调人登录名"],
            cells["协调人邮箱"],
        )
        for number, cells in _rows(book[TOWNS_SHEET], TOWN_HEADINGS, problems)
    )
    units = tuple(
        UnitLine(number, cells["镇名称"], cells["单位名称"])
        for number, cells in _rows(book[UNITS_SHEET], UNIT_HEADINGS, problems)
    )
    book.close()
    if problems:
        raise ImportRefused(problems)
    return TownsFile(towns, units)
