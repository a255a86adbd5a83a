""".pdf with a text layer → the author's paragraphs, with pdfminer.six.

A PDF holds positioned lines, not paragraphs. Each page's lines are read top to bottom; what repeats at
the top or bottom of the pages (a running header, 第 N 页, — 3 —, 3/12) is page furniture and left out;
a line that reaches the right margin runs on into the next one (also across a page break) unless the
next is indented or starts with a marker (一、 （二） 3.), so wrapped lines become their paragraph again.
A PDF without text (a scan) is refused with a message asking for a text version.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException
from pdfminer.psexceptions import PSException

from tracker.plans.errors import PlanInputError
from tracker.plans.parsing.limits import check_time

SCANNED_MESSAGE = (
    "这个 PDF 没有文字层（扫描件或图片），无法读取其中的文字；"
    "请提供文字版：原始的 .docx/.txt，或可以复制出文字的 PDF。"
)
ENCRYPTED_MESSAGE = "这个 PDF 设置了密码或禁止提取文字，无法读取；请提供未加密的文字版（.docx/.txt）。"
CORRUPT_MESSAGE = "无法读取这个 PDF 文件：文件已损坏或格式不受支持；请提供 .docx 或 .txt 文字版。"
MIN_TEXT_CHARS = 20
_PAGE_NUMBER = re.compile(
    r"^[\s\-—－–·•]*(?:第\s*[0-9]+\s*页(?:\s*[/，,]?\s*共\s*[0-9]+\s*页)?|[0-9]+\s*/\s*[0-9]+|[0-9]+|[ivxlcIVXLC]+)"
    r"[\s\-—－–·•]*$"
)
_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是要]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．)）]|第[一二三四五六七八九十]+"
    r"|[①-⑳]|附件|附表)"
)
_EDGE_LINES = 2


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    char_width: float


def _page_lines(page: object) -> list[_Line]:
    lines = []
    for element in page:  # type: ignore[attr-defined]
        if not isinstance(element, LTTextContainer):
            continue
        for line in element:
            if isinstance(line, LTTextLine) and (words := line.get_text().strip()):
                width = (line.x1 - line.x0) / max(len(words), 1)
                lines.append(_Line(words, line.x0, line.x1, line.y1, width))
    return sorted(lines, key=lambda line: (-round(line.top), line.x0))


def _shape(words: str) -> str:
    return re.sub(r"[0-9]+", "#", re.sub(r"\s+", "", words))


def _furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, line) of running headers, footers and page numbers."""
    edges = [
        [
            (index, line)
            for index, line in enumerate(lines)
            if index < _EDGE_LINES or index >= len(lines) - _EDGE_LINES
        ]
        for lines in pages
    ]
    repeated = Counter(shape for page in edges for shape in {_shape(line.text) for _, line in page})
    enough = max(2, (len(pages) + 1) // 2)
    found = set()
    for number, page in enumerate(edges):
        for index, line in page:
            if _PAGE_NUMBER.match(line.text) or (len(pages) > 1 and repeated[_shape(line.text)] >= enough):
                found.add((number, index))
    return found


def _joined(lines: list[_Line]) -> str:
    """The body lines as paragraphs: a line reaching the right margin runs on into the next."""
    if not lines:
        return ""
    char = statistics.median(line.char_width for line in lines)
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    parts = []
    for index, line in enumerate(lines):
        indented = line.x0 > left + 1.5 * char
        if index and not (
            lines[index - 1].x1 >= right - 1.5 * char and not indented and not _MARKER.match(line.text)
        ):
            parts.append("\n")
        parts.append(("\u3000\u3000" if indented else "") + line.text)
    return "".join(parts) + "\n"


def read_pdf(data: bytes) -> str:
    """The text of a PDF's text layer, as paragraphs, or PlanInputError saying what to provide."""
    pages: list[list[_Line]] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            check_time()
            pages.append(_page_lines(page))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise PlanInputError(ENCRYPTED_MESSAGE, detail=f"pdfminer: {error!r}") from error
    except (PDFException, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise PlanInputError(CORRUPT_MESSAGE, detail=f"pdfminer: {error!r}") from error
    furniture = _furniture(pages)
    body = [
        line
        for number, lines in enumerate(pages)
        for index, line in enumerate(lines)
        if (number, index) not in furniture
    ]
    text = _joined(body)
    if len(re.sub(r"\s", "", text)) < MIN_TEXT_CHARS:
        raise PlanInputError(SCANNED_MESSAGE, detail=f"{len(pages)} pages, {len(text)} characters of text")
    return text
