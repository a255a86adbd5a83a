"""Evidence files (佐证材料): checked, stored under `var/evidence/` with random names, found again by id.

The name a file is stored under never comes from the uploader, so a download cannot be steered outside
the evidence folder; the type is decided from the file's own first bytes and its extension together,
and the file is written only when both agree.

A file is written under a temporary name (`<name>.part`) and moved into place when the transaction
that records it commits; a rollback removes it. A process killed in between leaves only a `.part`
file: `tracker.tasks.evidence_sweep` removes those nobody recorded and finishes the move of those
whose transaction did commit (so does `path_of`, for a download that comes first).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from tracker.config import Settings
from tracker.errors import RuleError
from tracker.tasks.models import Evidence, ProgressEntry, StoredFile, Task

_WRITTEN = "luoshi_written_evidence"
PARTIAL_SUFFIX = ".part"
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")

# extension → (content type, accepted leading bytes)
_JPEG, _PNG, _GIF, _BMP = (b"\xff\xd8\xff",), (b"\x89PNG\r\n\x1a\n",), (b"GIF87a", b"GIF89a"), (b"BM",)
_PDF, _ZIP, _OLE = (b"%PDF-",), (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", _JPEG),
    "jpeg": ("image/jpeg", _JPEG),
    "png": ("image/png", _PNG),
    "gif": ("image/gif", _GIF),
    "bmp": ("image/bmp", _BMP),
    "pdf": ("application/pdf", _PDF),
    "doc": ("application/msword", _OLE),
    "xls": ("application/vnd.ms-excel", _OLE),
    "ppt": ("application/vnd.ms-powerpoint", _OLE),
    "wps": ("application/vnd.ms-works", _OLE),
    "et": ("application/vnd.ms-excel", _OLE),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
}
EVIDENCE_FIELD = "evidence"
"""What a refusal of a file names as its field: the evidence input of every form that takes files."""
ALLOWED_LABEL = "图片（JPG/PNG/GIF/BMP）、PDF 或 Office 文档（Word/Excel/PowerPoint/WPS）"


@dataclass(frozen=True)
class Upload:
    """One uploaded file as the boundary received it."""

    filename: str
    data: bytes
    description: str | None = None


def clean_filename(name: str) -> str:
    """The uploader's file name, kept for display only: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return name[-200:] or "未命名文件"


def check_upload(upload: Upload, max_bytes: int) -> tuple[str, str]:
    """The cleaned name and content type of an acceptable file, or a `RuleError` saying why not."""
    name = clean_filename(upload.filename)
    if not upload.data:
        raise RuleError(f"文件「{name}」是空的。", field=EVIDENCE_FIELD)
    if len(upload.data) > max_bytes:
        raise RuleError(f"文件「{name}」超过 {max_bytes // (1024 * 1024)} MB 的上限。", field=EVIDENCE_FIELD)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        raise RuleError(f"文件「{name}」的类型不受支持；只接受{ALLOWED_LABEL}。", field=EVIDENCE_FIELD)
    content_type, signatures = ALLOWED_TYPES[extension]
    if not upload.data.startswith(signatures):
        raise RuleError(f"文件「{name}」的内容与扩展名 .{extension} 不符。", field=EVIDENCE_FIELD)
    return name, content_type


class EvidenceStore:
    """The evidence folder; paths are built only from stored names this module generated."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, evidence: StoredFile) -> Path:
        """Where a recorded file is; one whose move was cut short by a crash is moved now (its row
        is committed, so its `.part` file is complete)."""
        if not STORED_NAME.match(evidence.stored_name):
            raise RuleError("佐证材料的存储名无效。")
        path = self.root / evidence.stored_name[:2] / evidence.stored_name
        if not path.exists() and partial_of(path).exists():
            os.replace(partial_of(path), path)
        return path

    def write(self, session: Session, data: bytes) -> str:
        """Write `data` under a temporary name; it is moved into place when `session` commits."""
        stored_name = secrets.token_hex(16)
        path = self.root / stored_name[:2] / stored_name
        path.parent.mkdir(parents=True, exist_ok=True)
        partial_of(path).write_bytes(data)
        session.info.setdefault(_WRITTEN, []).append(path)
        return stored_name


def partial_of(path: Path) -> Path:
    """The temporary name of a stored file until its transaction commits."""
    return path.with_name(path.name + PARTIAL_SUFFIX)


def evidence_store(settings: Settings) -> EvidenceStore:
    return EvidenceStore(settings.var_dir / "evidence")


def attach_evidence(
    session: Session,
    store: EvidenceStore,
    task: Task,
    uploads: list[Upload],
    *,
    uploaded_by_id: int | None,
    entry: ProgressEntry | None,
    max_bytes: int,
) -> list[Evidence]:
    """Check every file first, then store them all: one bad file means none is kept."""
    stored = [
        Evidence(task_id=task.id, entry=entry, **fields)
        for fields in store_uploads(
            session, store, uploads, uploaded_by_id=uploaded_by_id, max_bytes=max_bytes
        )
    ]
    session.add_all(stored)
    session.flush()
    return stored


def store_uploads(
    session: Session,
    store: EvidenceStore,
    uploads: list[Upload],
    *,
    uploaded_by_id: int | None,
    max_bytes: int,
) -> list[dict[str, Any]]:
    """Check every file first, then write them all: the `StoredFile` columns of each, in order."""
    checked = [(upload, *check_upload(upload, max_bytes)) for upload in uploads]
    return [
        {
            "original_name": name,
            "stored_name": store.write(session, upload.data),
            "content_type": content_type,
            "size_bytes": len(upload.data),
            "sha256": hashlib.sha256(upload.data).hexdigest(),
            "description": (upload.description or "").strip()[:500] or None,
            "uploaded_by_id": uploaded_by_id,
        }
        for upload, name, content_type in checked
    ]


@event.listens_for(Session, "after_commit")
def _move_written_into_place(session: Session) -> None:
    for path in session.info.pop(_WRITTEN, []):
        os.replace(partial_of(path), path)


@event.listens_for(Session, "after_soft_rollback")
def _remove_written(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is not None:
        return  # a savepoint's rollback: files written before it stay with the transaction
    for path in session.info.pop(_WRITTEN, []):
        partial_of(path).unlink(missing_ok=True)
