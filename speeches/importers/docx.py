"""Bytes of a .docx -> the body text: paragraphs and tables in document order.

The zip is inspected with zipfile *before* python-docx opens it, because python-docx inflates
every part into memory: a few kilobytes can claim gigabytes (a zip bomb). Headers, footers and
text boxes are not read; that is where watermarks of the sites live, not the speech.
"""

import io
import zipfile

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from .errors import CORRUPT_DOCX, DOCX_BOMB, ImportRejected

# A long speech's body is a few megabytes of XML and its pictures a few more; python-docx and
# lxml hold the XML in memory several times over (a 252 MB body took 1.4 GB and 83 s).
MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_XML_PART_BYTES = 16 * 1024 * 1024
MAX_MEMBERS = 10_000
# Word XML compresses about 10:1; a ratio beyond this on a sizeable archive is no document.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
MAIN_PART = "word/document.xml"


def read_docx(data: bytes) -> str:
    """The text of the document body; one line per paragraph, a table row per line."""
    check_archive(data)
    try:
        document = Document(io.BytesIO(data))
        blocks = list(_blocks(document))
    except Exception:  # python-docx and lxml raise a zoo of errors on malformed parts
        raise ImportRejected(CORRUPT_DOCX) from None
    return "\n".join(blocks)


def check_archive(data: bytes) -> None:
    """Refuse what is not a zip with a Word body, and zip bombs, from the zip directory alone.

    zipfile never inflates a member beyond the size its directory entry declares, so these
    declared sizes bound what python-docx can allocate.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ImportRejected(CORRUPT_DOCX) from None
    if MAIN_PART not in {member.filename for member in members}:
        raise ImportRejected(CORRUPT_DOCX)
    uncompressed = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if len(members) > MAX_MEMBERS or uncompressed > MAX_UNCOMPRESSED_BYTES:
        raise ImportRejected(DOCX_BOMB)
    if any(
        member.file_size > MAX_XML_PART_BYTES
        for member in members
        if member.filename.endswith((".xml", ".rels"))
    ):
        raise ImportRejected(DOCX_BOMB)
    if uncompressed > RATIO_CHECK_FROM_BYTES and uncompressed > MAX_COMPRESSION_RATIO * max(
        compressed, 1
    ):
        raise ImportRejected(DOCX_BOMB)


def _blocks(container) -> list[str]:
    lines = []
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    return lines


def _table_lines(table: Table) -> list[str]:
    """A row of several cells becomes one tab-separated line (unit, task, deadline stay
    together); a one-column table reads as its paragraphs. Merged cells count once."""
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not any(cell is seen or cell._tc is seen._tc for seen in cells):
                cells.append(cell)
        if len(cells) == 1:
            lines.extend(_blocks(cells[0]))
        else:
            texts = [" ".join(line for line in _blocks(cell) if line.strip()) for cell in cells]
            lines.append("\t".join(texts))
    return lines
