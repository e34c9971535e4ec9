"""Build .docx and .pdf files of the sample speeches on the fly (no Django, no fonts needed).

The PDFs are written by hand: their text uses the standard CID font STSong-Light with the
UniGB-UCS2-H encoding (UCS-2 codes in the content stream), which every PDF reader, pdfminer
included, maps back to Unicode without an embedded font. Paragraphs are laid out like an
official document: wrapped at a fixed width, the first line indented by two characters.
"""

import hashlib
import io
import struct
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest

SHARED_SPEECHES = Path(__file__).resolve().parents[2].parent / "shared" / "speeches"

FONT_SIZE = 12
LEADING = 16
LINE_CHARS = 36  # STSong-Light without /W: every glyph 1000 units wide, so 36 x 12pt = 432pt
LEFT, TOP, BOTTOM = 72, 770, 72
# The fixed padding string of the PDF standard security handler (PDF 1.7, 7.6.3.3).
PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def sample_path(prefix: str) -> Path:
    """A sample speech of ../shared/speeches by its number prefix ("000"); skip when absent."""
    if not SHARED_SPEECHES.is_dir():
        pytest.skip("../shared/speeches (the real sample speeches) is not beside the checkout")
    (path,) = SHARED_SPEECHES.glob(f"{prefix}_*.txt")
    return path


def sample_text(prefix: str) -> str:
    return sample_path(prefix).read_text(encoding="utf-8")


def build_docx(paragraphs: Iterable[str], *, table_rows: Iterable[Iterable[str]] = ()) -> bytes:
    """A Word file with one paragraph per item, then a table (one row per item of table_rows)."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    rows = [list(row) for row in table_rows]
    if rows:
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_pdf(paragraphs: Iterable[str], *, user_password: str | None = None) -> bytes:
    """A text PDF of the paragraphs; with user_password, RC4-encrypted (standard handler, R2)."""
    pages, lines, y = [], [], TOP
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        for number, chunk in enumerate(_wrap(paragraph.strip())):
            if y < BOTTOM:
                pages.append(lines)
                lines, y = [], TOP
            indent = 2 * FONT_SIZE if number == 0 else 0
            lines.append((LEFT + indent, y, chunk))
            y -= LEADING
    pages.append(lines)
    contents = [_text_stream(page) for page in pages]
    return _pdf(contents, with_font=True, user_password=user_password)


def build_image_only_pdf() -> bytes:
    """A scanned page: one grey image and no text at all."""
    stream = b"q 200 0 0 100 72 600 cm /Im1 Do Q"
    return _pdf([stream], with_font=False, user_password=None)


def _wrap(paragraph: str) -> list[str]:
    first = LINE_CHARS - 2  # the indent takes two characters
    chunks = [paragraph[:first]]
    rest = paragraph[first:]
    while rest:
        chunks.append(rest[:LINE_CHARS])
        rest = rest[LINE_CHARS:]
    return chunks


def _text_stream(lines: list[tuple[int, int, str]]) -> bytes:
    ops = ["BT", f"/F1 {FONT_SIZE} Tf"]
    for x, y, text in lines:
        codes = "".join(f"{ord(ch):04X}" for ch in text if ord(ch) <= 0xFFFF)
        ops.append(f"1 0 0 1 {x} {y} Tm <{codes}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def _pdf(contents: list[bytes], *, with_font: bool, user_password: str | None) -> bytes:
    """Assemble objects: 1 catalog, 2 pages, 3-5 font, 6 image, then page/content pairs."""
    file_id = hashlib.md5(b"".join(contents)).digest()
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            b" /DescendantFonts [4 0 R] >>"
        ),
        5: (
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /ItalicAngle 0"
            b" /FontBBox [0 -200 1000 900] /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        ),
    }
    pixels = bytes(range(0, 200, 10)) * 10
    streams = {6: (b"/Type /XObject /Subtype /Image /Width 20 /Height 10 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8", pixels)}  # fmt: skip
    resources = b"/Font << /F1 3 0 R >>" if with_font else b"/XObject << /Im1 6 0 R >>"
    kids = []
    for index, content in enumerate(contents):
        page, stream = 7 + 2 * index, 8 + 2 * index
        kids.append(b"%d 0 R" % page)
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << %s >> >>" % (stream, resources)
        )
        streams[stream] = (b"", content)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    encrypt = key = None
    if user_password is not None:
        encrypt, key = _standard_security(user_password, file_id)
    # Strings are encrypted too (with their object's key): the CID font names its character
    # collection in two of them.
    registry, ordering = b"Adobe", b"GB1"
    if key:
        registry, ordering = (
            _rc4(_object_key(key, 4), registry),
            _rc4(_object_key(key, 4), ordering),
        )
    objects[4] = (
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /FontDescriptor 5 0 R"
        b" /CIDSystemInfo << /Registry <%s> /Ordering <%s> /Supplement 2 >> >>"
        % (registry.hex().encode(), ordering.hex().encode())
    )
    for number, (extra, data) in streams.items():
        if key:
            data = _rc4(_object_key(key, number), data)
        objects[number] = b"<< %s /Length %d >>\nstream\n%s\nendstream" % (extra, len(data), data)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    size = max(objects) + 1 + (1 if encrypt else 0)
    if encrypt:
        objects[size - 1] = encrypt
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    trailer = b"/Size %d /Root 1 0 R /ID [<%s> <%s>]" % (
        size, file_id.hex().encode(), file_id.hex().encode()
    )  # fmt: skip
    if encrypt:
        trailer += b" /Encrypt %d 0 R" % (size - 1)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def _standard_security(user_password: str, file_id: bytes) -> tuple[bytes, bytes]:
    """The /Encrypt dictionary and file key of 40-bit RC4 (algorithms 2, 3 and 4 of the spec)."""
    permissions = -4
    user = (user_password.encode("latin-1") + PASSWORD_PAD)[:32]
    owner_key = hashlib.md5((b"owner-" + user)[:32]).digest()[:5]
    owner = _rc4(owner_key, user)
    key = hashlib.md5(user + owner + struct.pack("<i", permissions) + file_id).digest()[:5]
    check = _rc4(key, PASSWORD_PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner.hex().encode(), check.hex().encode(), permissions
    )  # fmt: skip
    return encrypt, key


def _object_key(key: bytes, number: int) -> bytes:
    return hashlib.md5(key + struct.pack("<i", number)[:3] + b"\x00\x00").digest()[: len(key) + 5]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)
