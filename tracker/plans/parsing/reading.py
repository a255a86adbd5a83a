"""From uploaded bytes to the document's text: size limit, .docx or text told apart by the bytes.

A file named .docx that is not a zip archive is a broken .docx; a zip archive is read as .docx whatever
its name; everything else is text in some encoding (see `decoding`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.plans.errors import PlanInputError
from tracker.plans.parsing.decoding import decode_text
from tracker.plans.parsing.docx_reading import CORRUPT_MESSAGE, SourceTable, read_docx
from tracker.plans.parsing.lookalikes import map_lookalikes
from tracker.plans.parsing.unwrapping import join_hard_wraps

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
EMPTY_MESSAGE = "文件是空的，没有可导入的内容。"
TOO_LARGE_MESSAGE = "文件超过 10 MB，无法导入；计划文档通常只有几十 KB，请检查是否选错了文件。"


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
    if data.startswith(b"PK\x03\x04"):
        text, tables = read_docx(data)
        return SourceDocument(text, tuple(tables), "docx", filename)
    if (filename or "").lower().endswith(".docx"):
        raise PlanInputError(CORRUPT_MESSAGE, detail="named .docx but not a zip archive")
    text = prepare_text(decode_text(data))
    if not text.strip():
        raise PlanInputError(EMPTY_MESSAGE, detail="only whitespace after decoding")
    return SourceDocument(text, name=filename)


def prepare_text(text: str) -> str:
    """Plain text as the parser reads it: look-alike code points mapped, line ends normalised, the
    hard wraps of text copied from a PDF joined. Spans index into this text, which is kept as the plan's
    `source_text` beside the verbatim bytes."""
    return join_hard_wraps(map_lookalikes(text))
