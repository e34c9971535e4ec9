"""Compose the importers: bytes or pasted text in, an ImportedDocument of speeches out."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from . import collections, metadata
from .cleanup import clean_text
from .decode import decode_bytes
from .docx import read_docx
from .errors import (
    EMPTY_FILE,
    FILE_TOO_LARGE,
    LEGACY_WORD_FILE,
    MISSING_EXTENSION,
    NO_SPEECH_TEXT,
    PASTED_EMPTY,
    PASTED_TOO_LONG,
    UNSUPPORTED_FILE_TYPE,
    ImportRejected,
)
from .pdf import read_pdf

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PASTED_CHARS = 10_000_000
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ImportedSpeech:
    title: str  # "" if none found
    speaker: str  # "" if none found
    delivered_on: date | None  # printed under the title, e.g. （2010年2月4日）
    text: str  # this speech's cleaned text, an exact substring of the document's cleaned_text
    content_hash: str  # sha256 of the text, NFKC-normalised and without any whitespace
    position: int  # 1-based position in a collection (1 for a single speech)


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    filename: str
    encoding: str  # codec of a text file ("utf-8", "gb18030", "utf-16"…), "docx", "pdf", "pasted"
    cleaned_text: str  # the whole file's cleaned text
    speeches: tuple[ImportedSpeech, ...]  # one per speech; several for a collection (第N篇)


def read_document(
    data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportedDocument:
    """Decode, clean and split an uploaded .txt/.docx/.pdf; ImportRejected for bad input."""
    kind = _file_kind(filename)
    if len(data) > max_bytes:
        raise ImportRejected(FILE_TOO_LARGE.format(limit_mb=_megabytes(max_bytes)))
    if not data.strip():
        raise ImportRejected(EMPTY_FILE)
    if kind == "txt":
        text, encoding = decode_bytes(data)
    elif kind == "docx":
        text, encoding = read_docx(data), "docx"
    else:
        text, encoding = read_pdf(data), "pdf"
    if not text.strip():
        raise ImportRejected(EMPTY_FILE)
    return _document(text, filename=filename, encoding=encoding)


def read_pasted_text(text: str, *, max_chars: int = DEFAULT_MAX_PASTED_CHARS) -> ImportedDocument:
    """As read_document, for text pasted into a form."""
    if len(text) > max_chars:
        raise ImportRejected(PASTED_TOO_LONG.format(limit=max_chars))
    if not text.strip():
        raise ImportRejected(PASTED_EMPTY)
    return _document(text, filename="", encoding="pasted")


def content_hash(text: str) -> str:
    """sha256 of the text with compatibility forms folded and whitespace removed, so the same
    speech hashes alike from a .txt, a Word file or a PDF whose lines were wrapped differently."""
    folded = WHITESPACE.sub("", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _document(text: str, *, filename: str, encoding: str) -> ImportedDocument:
    cleaned = clean_text(text)
    if not cleaned:
        raise ImportRejected(NO_SPEECH_TEXT)
    return ImportedDocument(
        filename=filename,
        encoding=encoding,
        cleaned_text=cleaned,
        speeches=tuple(_speeches(cleaned)),
    )


def _speeches(cleaned: str) -> list[ImportedSpeech]:
    lines = cleaned.split("\n")
    parts = collections.find_parts(lines)
    if not parts:
        return [_speech(cleaned, title="", position=1)]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    speeches = []
    for part in parts:
        span = cleaned[starts[part.first] + part.title_column : starts[part.stop] - 1].strip()
        if span:
            speeches.append(_speech(span, title=part.title, position=len(speeches) + 1))
    return speeches


def _speech(text: str, *, title: str, position: int) -> ImportedSpeech:
    lines = text.split("\n")
    return ImportedSpeech(
        title=title or metadata.find_title(lines),
        speaker=metadata.find_speaker(lines),
        delivered_on=metadata.find_delivered_on(lines),
        text=text,
        content_hash=content_hash(text),
        position=position,
    )


def _file_kind(filename: str) -> str:
    suffix = PurePath(filename.strip()).suffix.lower()
    if not suffix:
        raise ImportRejected(MISSING_EXTENSION)
    if suffix == ".doc":
        raise ImportRejected(LEGACY_WORD_FILE)
    if suffix not in (".txt", ".docx", ".pdf"):
        raise ImportRejected(UNSUPPORTED_FILE_TYPE)
    return suffix[1:]


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"
