"""Uploaded bytes or pasted text -> cleaned speeches. Pure Python: no Django imports.

    document = read_document(data, "讲话.docx")   # or read_pasted_text(text)
    document.cleaned_text, document.speeches[0].title, document.speeches[0].delivered_on

Bad input raises ImportRejected whose ``message`` is one of the constants in ``errors``.
"""

from .cleanup import clean_text
from .errors import (
    BINARY_FILE,
    CORRUPT_DOCX,
    CORRUPT_PDF,
    DOCX_BOMB,
    EMPTY_FILE,
    ENCRYPTED_PDF,
    FILE_TOO_LARGE,
    IMAGE_ONLY_PDF,
    LEGACY_WORD_FILE,
    MISSING_EXTENSION,
    NO_SPEECH_TEXT,
    PASTED_EMPTY,
    PASTED_TOO_LONG,
    PDF_BOMB,
    UNDECODABLE_TEXT,
    UNSUPPORTED_FILE_TYPE,
    ImportRejected,
)
from .reader import (
    ImportedDocument,
    ImportedSpeech,
    content_hash,
    read_document,
    read_pasted_text,
)

__all__ = [
    "BINARY_FILE",
    "CORRUPT_DOCX",
    "CORRUPT_PDF",
    "DOCX_BOMB",
    "EMPTY_FILE",
    "ENCRYPTED_PDF",
    "FILE_TOO_LARGE",
    "IMAGE_ONLY_PDF",
    "LEGACY_WORD_FILE",
    "MISSING_EXTENSION",
    "NO_SPEECH_TEXT",
    "PASTED_EMPTY",
    "PASTED_TOO_LONG",
    "PDF_BOMB",
    "UNDECODABLE_TEXT",
    "UNSUPPORTED_FILE_TYPE",
    "ImportRejected",
    "ImportedDocument",
    "ImportedSpeech",
    "clean_text",
    "content_hash",
    "read_document",
    "read_pasted_text",
]
