"""Bytes of a text file → str, with the encoding found from the bytes, never from the file name.

Chinese government files come as UTF-8 (with or without BOM), GB18030/GBK from older Windows tools, and
now and then UTF-16 from Notepad's "Unicode". Anything else is refused with a message naming the cause:
a binary file (an image, a PDF, an old .doc), or bytes that are no known text encoding. GB18030 accepts
many byte sequences, so a GB18030 reading must also look like text, or it is refused as undecodable.
"""

from __future__ import annotations

import logging

from tracker.plans.errors import PlanInputError

log = logging.getLogger(__name__)

_TEXT_VERSION = "请提供文字版（.docx、.xlsx、.txt 或可复制文字的 PDF）。"
_MAGIC = (
    (b"{\\rtf", "这是 RTF 文件，请在 Word 中另存为 .docx 后再导入。"),
    (b"\x89PNG", "这是一张图片（PNG），无法读取其中的文字；" + _TEXT_VERSION),
    (b"\xff\xd8\xff", "这是一张图片（JPEG），无法读取其中的文字；" + _TEXT_VERSION),
    (b"GIF8", "这是一张图片（GIF），无法读取其中的文字；" + _TEXT_VERSION),
    (b"\x7fELF", "这是可执行程序，不是计划文档；请上传 .txt、.docx、.xlsx 或 .pdf 格式的计划。"),
)
BINARY_MESSAGE = "文件是二进制数据，不是文本；请上传 .txt、.docx、.xlsx 或 .pdf 格式的计划文档。"
UNDECODABLE_MESSAGE = (
    "无法识别文件的文字编码（既不是 UTF-8，也不是 GBK/GB18030）；请用 UTF-8 编码另存后再导入。"
)
_TEXT_CONTROLS = {9, 10, 12, 13, 26}
_PLAUSIBLE_SHARE = 0.9


def refuse_known_binary(data: bytes) -> None:
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise PlanInputError(message, detail=f"binary file, magic {magic!r}")


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > max(2, len(sample) // 200)


def _plausible_char(char: str) -> bool:
    code = ord(char)
    return (
        char.isascii()
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation (“ ” — …)
        or 0x2E80 <= code <= 0x2FDF  # radicals (mapped later)
        or 0x2460 <= code <= 0x24FF  # circled numbers ①
        or char in "·×÷°℃―─│┃┌┐└┘├┤┬┴┼■□▲△◆◇○●★☆√"
    )


def _plausible(text: str) -> bool:
    """GB18030 turns almost any bytes into characters; real Chinese text is mostly the common ones
    (GB2312), while Latin-1 or random bytes land in rare extension characters."""
    sample = [char for char in text[:20000] if not char.isascii()]
    if not sample:
        return True
    common = sum(1 for char in sample if _in_gb2312(char) or (_plausible_char(char) and not _ideograph(char)))
    return common >= _PLAUSIBLE_SHARE * len(sample)


def _ideograph(char: str) -> bool:
    return 0x4E00 <= ord(char) <= 0x9FFF


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def decode_text(data: bytes) -> str:
    """The text of a .txt file's bytes, or PlanInputError naming why it is not one."""
    text = _decode(data)
    if "\x00" in text:  # UTF-16 can carry it; no database text column can
        raise PlanInputError(BINARY_MESSAGE, detail="NUL character in the decoded text")
    return text


def _decode(data: bytes) -> str:
    refuse_known_binary(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PlanInputError(UNDECODABLE_MESSAGE, detail=f"bad UTF-16: {error}") from error
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if _looks_binary(data):
        raise PlanInputError(BINARY_MESSAGE, detail="NUL or control bytes in a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        log.debug("not UTF-8 (%s); trying GB18030", utf8_error)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise PlanInputError(UNDECODABLE_MESSAGE, detail=f"neither UTF-8 nor GB18030: {error}") from error
    if not _plausible(text):
        raise PlanInputError(UNDECODABLE_MESSAGE, detail="GB18030 decoding gives implausible characters")
    return text
