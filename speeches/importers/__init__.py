# TEMPORARY contract shim written by the lead so Django can import while the importer library
# is being written. The importer engineer replaces this file wholesale.
from dataclasses import dataclass
from datetime import date


class ImportRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ImportedSpeech:
    title: str
    speaker: str
    delivered_on: date | None
    text: str
    content_hash: str
    position: int


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    filename: str
    encoding: str
    cleaned_text: str
    speeches: tuple


def read_document(data: bytes, filename: str, *, max_bytes: int = 20 * 1024 * 1024):
    raise NotImplementedError


def read_pasted_text(text: str, *, max_chars: int = 10_000_000):
    raise NotImplementedError
