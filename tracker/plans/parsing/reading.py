"""From uploaded bytes to the document's text: size limit, the format told apart by the bytes.

A zip archive is a .docx or an .xlsx by the parts it holds, whatever its name; a file named .docx or
.xlsx that is no zip archive is a broken one; `%PDF` is read from its text layer; an OLE compound file
is an old .doc/.wps/.xls or a password-protected Office file, each refused with what to do instead;
everything else is text in some encoding (see `decoding`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.plans.errors import PlanInputError
from tracker.plans.parsing import archive
from tracker.plans.parsing.cell_lines import rejoin_cell_lines
from tracker.plans.parsing.decoding import decode_text
from tracker.plans.parsing.docx_reading import CORRUPT_MESSAGE as DOCX_CORRUPT
from tracker.plans.parsing.docx_reading import SourceTable, read_docx
from tracker.plans.parsing.lookalikes import map_lookalikes
from tracker.plans.parsing.pdf_reading import read_pdf
from tracker.plans.parsing.unwrapping import join_hard_wraps
from tracker.plans.parsing.xlsx_reading import CORRUPT_MESSAGE as XLSX_CORRUPT
from tracker.plans.parsing.xlsx_reading import NOT_EXCEL_MESSAGE, read_xlsx

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
EMPTY_MESSAGE = "文件是空的，没有可导入的内容。"
TOO_LARGE_MESSAGE = "文件超过 10 MB，无法导入；计划文档通常只有几十 KB，请检查是否选错了文件。"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def ole_message(data: bytes, name: str) -> str:
    """What to do with an OLE compound file: the format it is, and how to save it so it can be read."""
    if _ENCRYPTED_PACKAGE in data:
        return (
            "这个文件设置了打开密码（加密的 .docx/.xlsx），无法读取；"
            "请在 Word/Excel/WPS 中取消密码（文件 → 信息 → 保护 → 用密码进行加密，清空密码）后另存，再导入。"
        )
    if name.endswith(".wps"):
        return "这是 WPS 文字的 .wps 文件，无法直接读取；请在 WPS 中“另存为”Word 文档（.docx）后再导入。"
    if name.endswith((".xls", ".et")) or any(stream in data for stream in _WORKBOOK):
        return "这是旧版 Excel（.xls）或 WPS 表格（.et）文件，无法直接读取；请“另存为”.xlsx 后再导入。"
    return "这是旧版 Word（.doc）或 WPS 文字文件，无法直接读取；请在 Word 或 WPS 中“另存为”.docx 后再导入。"


@dataclass(frozen=True)
class SourceDocument:
    text: str
    """Decoded, look-alike-mapped and unwrapped (`prepare_text`): what spans index into."""
    tables: tuple[SourceTable, ...] = field(default_factory=tuple)
    """Tables read structurally from a .docx; tables in plain text are found later, from the text."""
    kind: str = "text"
    name: str | None = None
    """The file name as uploaded: a last hint of the plan year when the text names none."""


def read_document(data: bytes, filename: str | None = None) -> SourceDocument:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise PlanInputError(TOO_LARGE_MESSAGE, detail=f"{len(data)} bytes")
    if not data.strip():
        raise PlanInputError(EMPTY_MESSAGE, detail="no bytes, or only whitespace")
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):
        kind = archive.office_kind(data, ".xlsx" if name.endswith(".xlsx") else ".docx")
        if kind == ".xlsx":
            text, tables = read_xlsx(data)
            return SourceDocument(text, tuple(tables), "xlsx", filename)
        if kind is None and name.endswith(".xlsx"):
            raise PlanInputError(NOT_EXCEL_MESSAGE, detail="zip without xl/workbook.xml")
        text, tables = read_docx(data)
        return SourceDocument(text, tuple(tables), "docx", filename)
    if data.startswith(OLE_MAGIC):
        raise PlanInputError(ole_message(data, name), detail="OLE compound file")
    if data.lstrip(b"\x00\t\n\r ").startswith(b"%PDF"):
        return SourceDocument(prepare_text(read_pdf(data)), kind="pdf", name=filename)
    if name.endswith((".docx", ".xlsx")):
        raise PlanInputError(
            DOCX_CORRUPT if name.endswith(".docx") else XLSX_CORRUPT, detail="no zip archive"
        )
    text = prepare_text(decode_text(data))
    if not text.strip():
        raise PlanInputError(EMPTY_MESSAGE, detail="only whitespace after decoding")
    return SourceDocument(text, name=filename)


def prepare_text(text: str) -> str:
    """Plain text as the parser reads it: look-alike code points mapped, line ends normalised, the
    hard wraps of text copied from a PDF joined. Spans index into this text, which is kept as the plan's
    `source_text` beside the verbatim bytes."""
    return join_hard_wraps(rejoin_cell_lines(map_lookalikes(text)))
