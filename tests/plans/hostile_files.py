"""Hostile Office files, built byte by byte for the tests: archives that lie about their sizes, carry a
corrupt deflate stream, name a compression method nobody reads, claim encryption, or are cut off."""

from __future__ import annotations

import io
import struct
import zipfile

LOCAL, CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def office_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def plan_docx() -> bytes:
    """A small, sound .docx holding a plan, for spoiling."""
    import docx

    document = docx.Document()
    for text in ("2026年工作要点", "一是开展普法宣传。" * 200, "二是推进政务公开。"):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_parts(document_xml: bytes) -> dict[str, bytes]:
    return {"[Content_Types].xml": b"<Types/>", "word/document.xml": document_xml}


def _patch(data: bytes, name: str, local_offset: int, central_offset: int, fmt: str, value: int) -> bytes:
    """Set one field of `name`'s local header and central directory record."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, offset, name_at in ((LOCAL, local_offset, 30), (CENTRAL, central_offset, 46)):
        position = patched.find(signature)
        while position >= 0:
            if patched[position + name_at : position + name_at + len(encoded)] == encoded:
                struct.pack_into(fmt, patched, position + offset, value)
                break
            position = patched.find(signature, position + 4)
    return bytes(patched)


def lying_sizes(inflated: int, declared: int = 1000) -> bytes:
    """A .docx whose document.xml declares `declared` bytes and inflates to `inflated`."""
    data = office_zip(docx_parts(b"<" + b"a" * inflated))
    return _patch(data, "word/document.xml", 22, 24, "<I", declared)


def unknown_method(data: bytes, name: str = "word/document.xml") -> bytes:
    return _patch(data, name, 8, 10, "<H", 99)


def claims_encryption(data: bytes, name: str = "word/document.xml") -> bytes:
    return _patch(data, name, 6, 8, "<H", 0x1)


def corrupt_deflate(data: bytes, name: str = "word/document.xml") -> bytes:
    """The entry's compressed bytes overwritten in the middle, sizes and headers intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entry = archive.getinfo(name)
    start = entry.header_offset + 30 + len(entry.filename.encode()) + len(entry.extra)
    middle = start + entry.compress_size // 3
    patched = bytearray(data)
    patched[middle : middle + 16] = b"\xff" * 16
    return bytes(patched)


def cut_off(data: bytes) -> bytes:
    return data[: len(data) // 2]
