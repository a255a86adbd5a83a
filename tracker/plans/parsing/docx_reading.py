""".docx → text and tables, in document order, with python-docx; hostile archives refused first.

The text is built here, so each table cell's span is known exactly: rows become lines with cells
separated by a tab, and a cell's own paragraphs are kept as lines inside it. Cells merged across rows
(`vMerge`) are written once, in their first row, and left empty below, which is how the table reader
recognises one task spanning several rows; cells merged across columns keep their grid position.

A .docx is a zip archive: python-docx opens it only after `archive.unpacked` has inflated its parts
under a byte cap (what actually comes out is counted, not what the archive declares).
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
from tracker.plans.parsing import archive
from tracker.plans.parsing.docx_numbering import ListNumbering
from tracker.plans.parsing.limits import check_time
from tracker.plans.parsing.lookalikes import map_lookalikes

log = logging.getLogger(__name__)

Span = tuple[int, int]

CORRUPT_MESSAGE = archive.CORRUPT_MESSAGE.format(kind=".docx", app="Word 或 WPS")
NOT_WORD_MESSAGE = (
    "这个压缩文件不是 Word 文档（.docx），也不是 Excel 表格（.xlsx）；"
    "请上传 .txt、.docx、.xlsx 或 .pdf 格式的计划。"
)
EMPTY_MESSAGE = "该 .docx 文件中没有文字。"


@dataclass(frozen=True)
class SourceTable:
    """A table as read: one span per grid column in each row (empty spans for merged-away cells)."""

    rows: tuple[tuple[Span, ...], ...]
    span: Span


class TextBuilder:
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


def _add_table(builder: TextBuilder, tbl: CT_Tbl, parent: object, numbering: ListNumbering) -> SourceTable:
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
    inflated = archive.unpacked(data, ".docx", "word/document.xml", NOT_WORD_MESSAGE)
    try:
        document = docx.Document(io.BytesIO(inflated))
        builder = TextBuilder()
        numbering = ListNumbering(document)
        tables = []
        for block in _blocks(document):
            check_time()
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
