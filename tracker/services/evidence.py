"""Checking evidence files before they are stored: type by extension AND by content, size.

A file is accepted only when its extension is on the list and its first bytes (and, for
Office Open XML, its zip directory) say it is that kind of file: a renamed .exe is refused.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

TYPE_NOT_ALLOWED = "不支持的文件类型：{name}（仅限 PDF、Word、Excel、JPG、PNG、ZIP）"
CONTENT_MISMATCH = "文件内容与扩展名不符：{name}"
TOO_LARGE = "文件过大：{name}（单个文件不超过 {limit} MB）"
EMPTY_FILE = "文件为空：{name}"
TOO_MANY_FILES = "一次最多上传 {limit} 个佐证材料"

MAX_FILES_PER_REPORT = 10

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls compound file
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _is_pdf(head: bytes, data: bytes) -> bool:
    return head.startswith(b"%PDF-")


def _is_ole2(head: bytes, data: bytes) -> bool:
    return head.startswith(_OLE2)


def _is_jpeg(head: bytes, data: bytes) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _is_png(head: bytes, data: bytes) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_zip(head: bytes, data: bytes) -> bool:
    return head.startswith(_ZIP) and _zip_names(data) is not None


def _is_docx(head: bytes, data: bytes) -> bool:
    names = _zip_names(data) if head.startswith(_ZIP) else None
    return names is not None and "word/document.xml" in names


def _is_xlsx(head: bytes, data: bytes) -> bool:
    names = _zip_names(data) if head.startswith(_ZIP) else None
    return names is not None and "xl/workbook.xml" in names


# extension -> (content type served back, content check)
ALLOWED_TYPES = {
    "pdf": ("application/pdf", _is_pdf),
    "doc": ("application/msword", _is_ole2),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _is_docx,
    ),
    "xls": ("application/vnd.ms-excel", _is_ole2),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _is_xlsx),
    "jpg": ("image/jpeg", _is_jpeg),
    "jpeg": ("image/jpeg", _is_jpeg),
    "png": ("image/png", _is_png),
    "zip": ("application/zip", _is_zip),
}


class EvidenceRejected(ValueError):
    """A file that may not be stored; the message is shown to the user as is."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def max_evidence_bytes() -> int:
    return settings.LUOSHI_MAX_EVIDENCE_MB * 1024 * 1024


def clean_name(name: str) -> str:
    """The file's own name without any directory part a browser may send."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[-200:] or "佐证材料"


def check_file(*, name: str, data: bytes, max_bytes: int) -> CheckedFile:
    """Accept one file or raise EvidenceRejected with the Chinese reason."""
    name = clean_name(name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        raise EvidenceRejected(TYPE_NOT_ALLOWED.format(name=name))
    if not data:
        raise EvidenceRejected(EMPTY_FILE.format(name=name))
    if len(data) > max_bytes:
        limit = max_bytes // (1024 * 1024) or 1
        raise EvidenceRejected(TOO_LARGE.format(name=name, limit=limit))
    content_type, matches = ALLOWED_TYPES[extension]
    if not matches(data[:16], data):
        raise EvidenceRejected(CONTENT_MISMATCH.format(name=name))
    return CheckedFile(name=name, content_type=content_type, data=data)


def check_files(files, *, max_bytes: int) -> list[CheckedFile]:
    """Check every uploaded file (objects with .name and .read()); all pass or none is kept."""
    files = list(files)
    if len(files) > MAX_FILES_PER_REPORT:
        raise EvidenceRejected(TOO_MANY_FILES.format(limit=MAX_FILES_PER_REPORT))
    checked = []
    for upload in files:
        size = getattr(upload, "size", None)
        if size is not None and size > max_bytes:
            # Refuse before reading a huge upload into memory.
            limit = max_bytes // (1024 * 1024) or 1
            raise EvidenceRejected(TOO_LARGE.format(name=clean_name(upload.name), limit=limit))
        checked.append(check_file(name=upload.name, data=upload.read(), max_bytes=max_bytes))
    return checked
