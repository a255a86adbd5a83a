""".docx → text and tables, in document order, with python-docx; hostile archives refused first.

The text is built here, so each table cell's span is known exactly: rows become lines with cells
separated by a tab, and a cell's own paragraphs are kept as lines inside it. Cells merged across rows
(`vMerge`) are written once, in their first row, and left empty below, which is how the table reader
recognises one task spanning several rows; cells merged across columns keep their grid position.

A .docx is a zip archive: before python-docx opens it, the declared sizes are checked so a small file
that unpacks to gigabytes (a zip bomb) is refused without being unpacked.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from tracker.plans.errors import PlanInputError
from tracker.plans.parsing.docx_numbering import ListNumbering
from tracker.plans.parsing.lookalikes import map_lookalikes

log = logging.getLogger(__name__)

Span = tuple[int, int]

MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ENTRIES = 5000
CORRUPT_MESSAGE = "无法读取该 .docx 文件：文件已损坏或不完整，请在 Word 中重新保存后再导入。"
BOMB_MESSAGE = "该 .docx 文件解压后异常庞大（疑似压缩炸弹），已拒绝读取。"
NOT_WORD_MESSAGE = "这个压缩文件不是 Word 文档（.docx）；请上传 .txt 或 .docx 格式的计划。"
EMPTY_MESSAGE = "该 .docx 文件中没有文字。"


@dataclass(frozen=True)
class SourceTable:
    """A table as read: one span per grid column in each row (empty spans for merged-away cells)."""

    rows: tuple[tuple[Span, ...], ...]
    span: Span


def _check_archive(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PlanInputError(CORRUPT_MESSAGE, detail=f"not a readable zip: {error}") from error
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names:
            raise PlanInputError(
                NOT_WORD_MESSAGE, detail=f"zip without word/document.xml: {sorted(names)[:5]}"
            )
        unpacked = sum(entry.file_size for entry in entries)
        worst_ratio = max(entry.file_size / max(entry.compress_size, 1) for entry in entries)
        if (
            len(entries) > MAX_ENTRIES
            or unpacked > MAX_UNPACKED_BYTES
            or (worst_ratio > MAX_COMPRESSION_RATIO and unpacked > 1024 * 1024)
        ):
            raise PlanInputError(
                BOMB_MESSAGE,
                detail=f"{len(entries)} entries, {unpacked} bytes unpacked, ratio {worst_ratio:.0f}",
            )


class _TextBuilder:
    """Appends mapped text and returns where each piece landed."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0

    def add(self, text: str) -> Span:
        mapped = map_lookalikes(text)
        start = self.length
        self.pieces.append(mapped)
        self.length += len(mapped)
        return start, self.length

    def text(self) -> str:
        return "".join(self.pieces)


def _paragraph_text(element: object, parent: object, numbering: ListNumbering) -> str:
    """The paragraph as the page shows it: Word's automatic number (if any), then its text."""
    paragraph = Paragraph(element, parent)  # type: ignore[arg-type]
    return numbering.label(paragraph) + paragraph.text


def _cell_text(tc: object, parent: object, numbering: ListNumbering) -> str:
    """All paragraphs of a cell, nested tables included, one per line."""
    paragraphs = tc.iter(qn("w:p"))  # type: ignore[attr-defined]
    lines = (_paragraph_text(p, parent, numbering).replace("\t", " ").strip() for p in paragraphs)
    return "\n".join(line for line in lines if line)


def _add_table(builder: _TextBuilder, tbl: CT_Tbl, parent: object, numbering: ListNumbering) -> SourceTable:
    table_start = builder.length
    rows: list[tuple[Span, ...]] = []
    for tr in tbl.tr_lst:
        cells: list[Span] = [(builder.length, builder.length)] * tr.grid_before
        for index, tc in enumerate(tr.tc_lst):
            if index or cells:
                builder.add("\t")
            text = "" if tc.vMerge == "continue" else _cell_text(tc, parent, numbering)
            span = builder.add(text)
            cells.append(span)
            cells.extend([(span[1], span[1])] * (tc.grid_span - 1))
        builder.add("\n")
        rows.append(tuple(cells))
    return SourceTable(tuple(rows), (table_start, builder.length))


def _blocks(document: object) -> Iterable[object]:
    return document.element.body.inner_content_elements  # type: ignore[attr-defined]


def read_docx(data: bytes) -> tuple[str, list[SourceTable]]:
    """The document's text and its tables, or PlanInputError for a broken, hostile or empty file."""
    _check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
        builder = _TextBuilder()
        numbering = ListNumbering(document)
        tables = []
        for block in _blocks(document):
            if isinstance(block, CT_Tbl):
                tables.append(_add_table(builder, block, document, numbering))
            else:
                builder.add(_paragraph_text(block, document, numbering) + "\n")
    except PlanInputError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError, OSError, AttributeError) as error:
        raise PlanInputError(CORRUPT_MESSAGE, detail=f"python-docx failed: {error!r}") from error
    text = builder.text()
    if not text.strip():
        raise PlanInputError(EMPTY_MESSAGE, detail="no text in paragraphs or tables")
    return text, tables
