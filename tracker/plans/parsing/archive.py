"""Office files (.docx, .xlsx) are zip archives, and an archive's own account of itself is not to be
trusted: an entry that declares 1,000 bytes may inflate to 300 MB, a deflate stream may be corrupt, a
compression method may be one nobody supports. So the parts are inflated here, in chunks, counting
what actually comes out, and the reading stops at the cap; every decoder error becomes a Chinese
message. The libraries that read the document (python-docx, openpyxl) are then given the parts as
inflated, stored uncompressed, so they cannot unpack more than was counted.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib

from tracker.plans.errors import PlanInputError

MAX_INFLATED_BYTES = 32 * 1024 * 1024
"""What all parts of one archive may inflate to. A plan's XML is a few MB at most; photos are stored
as they are (they do not compress), and the upload itself is at most 10 MB."""
MAX_ENTRIES = 5000
MAX_DECLARED_RATIO = 100
"""A part declaring it inflates a hundredfold (and to over 1 MB) is refused before anything is read:
text compresses tenfold, not a hundredfold."""
CHUNK_BYTES = 64 * 1024

BOMB_MESSAGE = "该 {kind} 文件解压后异常庞大（疑似压缩炸弹），已拒绝读取。"
CORRUPT_MESSAGE = "无法读取该 {kind} 文件：文件已损坏或不完整，请用 {app} 重新保存后再导入。"
METHOD_MESSAGE = "该 {kind} 文件使用了不支持的压缩方式，请用 {app} 打开后另存为 {kind} 再导入。"
ENCRYPTED_MESSAGE = "该 {kind} 文件中的内容已加密（设置了密码），请取消密码后另存再导入。"
_APPS = {".docx": "Word 或 WPS", ".xlsx": "Excel 或 WPS 表格"}


def _refusal(template: str, kind: str, detail: str) -> PlanInputError:
    return PlanInputError(template.format(kind=kind, app=_APPS.get(kind, "原程序")), detail=detail)


def _open(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _refusal(CORRUPT_MESSAGE, kind, f"not a readable zip: {error!r}") from error


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int, kind: str) -> bytes:
    """The entry's bytes, read in chunks; refused as soon as more than `budget` bytes come out."""
    chunks, total = [], 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                total += len(chunk)
                if total > budget:
                    raise _refusal(
                        BOMB_MESSAGE,
                        kind,
                        f"{entry.filename} inflates past the cap (declared {entry.file_size})",
                    )
                chunks.append(chunk)
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise _refusal(METHOD_MESSAGE, kind, f"{entry.filename}: {error}") from error
    except RuntimeError as error:  # an encrypted entry ("password required")
        raise _refusal(ENCRYPTED_MESSAGE, kind, f"{entry.filename}: {error}") from error
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError) as error:
        raise _refusal(CORRUPT_MESSAGE, kind, f"{entry.filename}: {error!r}") from error
    return b"".join(chunks)


OFFICE_PARTS = {"word/document.xml": ".docx", "xl/workbook.xml": ".xlsx"}


def office_kind(data: bytes, named: str) -> str | None:
    """The kind (.docx or .xlsx) by the parts the archive lists, never by the file's name; None for
    neither. An archive that cannot be opened is refused as the kind it is `named`."""
    with _open(data, named) as archive:
        names = set(archive.namelist())
    return next((kind for part, kind in OFFICE_PARTS.items() if part in names), None)


def _refuse_declared_bomb(entries: list[zipfile.ZipInfo], kind: str) -> None:
    """What the archive admits to is checked first, cheaply; what it hides is caught while inflating."""
    declared = sum(entry.file_size for entry in entries)
    ratio = max((entry.file_size / max(entry.compress_size, 1) for entry in entries), default=0)
    if (
        len(entries) > MAX_ENTRIES
        or declared > MAX_INFLATED_BYTES
        or (ratio > MAX_DECLARED_RATIO and declared > 1024 * 1024)
    ):
        detail = f"{len(entries)} entries declaring {declared} bytes, ratio {ratio:.0f}"
        raise _refusal(BOMB_MESSAGE, kind, detail)


def unpacked(data: bytes, kind: str, required: str, not_this_kind: str) -> bytes:
    """The archive with every part inflated under the cap and stored uncompressed, for a reading
    library to open; PlanInputError for a broken, hostile, encrypted or foreign archive (one without
    `required`, refused with `not_this_kind`)."""
    with _open(data, kind) as archive:
        entries = [entry for entry in archive.infolist() if not entry.is_dir()]
        _refuse_declared_bomb(entries, kind)
        if required not in {entry.filename for entry in entries}:
            names = sorted(entry.filename for entry in entries)[:5]
            raise PlanInputError(not_this_kind, detail=f"zip without {required}: {names}")
        budget = MAX_INFLATED_BYTES
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as stored:
            for entry in entries:
                part = _inflate(archive, entry, budget, kind)
                budget -= len(part)
                stored.writestr(entry.filename, part)
    return output.getvalue()
