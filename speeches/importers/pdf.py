"""Bytes of a .pdf -> its text layer, with paragraphs rejoined.

pdfminer gives one line per printed line. Chinese official documents indent the first line of
a paragraph by two characters and fill every other line to the right margin, so a line that
reaches the margin continues on the next line unless that one is indented or set apart by more
than ordinary line spacing. Spaces pdfminer infers from the gaps of justified text are dropped
between Chinese characters (spaces printed in the PDF are kept).
"""

import io
import re
import zlib
from collections import Counter

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTAnno, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from .errors import CORRUPT_PDF, ENCRYPTED_PDF, IMAGE_ONLY_PDF, PDF_BOMB, ImportRejected

MAX_INFLATED_BYTES = 256 * 1024 * 1024
INFLATE_CHUNK = 1024 * 1024
STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
IMAGE_DICT = re.compile(rb"/Subtype\s*/Image")
HEADER_LOOKBACK = 4096
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A line is full when it ends within this many character heights of the right margin; a line
# is indented when it starts this far right of the left margin.
FULL_LINE_SLACK = 0.6
INDENT_MIN = 0.8
# Lines further apart than this many character heights belong to different paragraphs.
PARAGRAPH_GAP = 0.8
MIN_WRAPPED_LINES = 2


def read_pdf(data: bytes) -> str:
    """The text layer of every page; ImportRejected for encrypted, image-only or broken PDFs."""
    if b"%PDF-" not in data[:1024]:  # the header may follow some junk, but not much
        raise ImportRejected(CORRUPT_PDF)
    check_streams(data)
    try:
        pages = list(_page_lines(data))
    except PDFEncryptionError:  # a user password is set (PDFPasswordIncorrect), or unknown crypt
        raise ImportRejected(ENCRYPTED_PDF) from None
    except Exception:  # pdfminer raises a zoo of errors (KeyError, TypeError…) on broken files
        raise ImportRejected(CORRUPT_PDF) from None
    text = _join_wrapped(pages)
    if not text.strip():
        raise ImportRejected(IMAGE_ONLY_PDF)
    return text


def check_streams(data: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate beyond MAX_INFLATED_BYTES in total.

    pdfminer inflates each stream in one piece; this pass inflates chunk by chunk and stops at
    the budget, so a small file cannot make the parser allocate gigabytes.
    """
    budget = MAX_INFLATED_BYTES
    for match in STREAM_START.finditer(data):
        header = data[max(0, match.start() - HEADER_LOOKBACK) : match.start()]
        if IMAGE_DICT.search(header[header.rfind(b"obj") :]):
            continue  # text extraction never inflates images
        inflater = zlib.decompressobj()
        pending = data[match.end() : match.end() + INFLATE_CHUNK]
        offset = match.end() + len(pending)
        try:
            while pending and not inflater.eof:
                budget -= len(inflater.decompress(pending, INFLATE_CHUNK))
                if budget < 0:
                    raise ImportRejected(PDF_BOMB)
                pending = inflater.unconsumed_tail
                if not pending:
                    pending = data[offset : offset + INFLATE_CHUNK]
                    offset += len(pending)
        except zlib.error:
            continue  # not a Flate stream (an image, plain text): nothing to inflate


def _page_lines(data: bytes):
    """Per page: [(text, x0, x1, y0, y1)] in reading order."""
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser, password="")
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        lines = []
        for box in device.get_result():
            if not isinstance(box, LTTextBox):
                continue
            for line in box:
                if isinstance(line, LTTextLine):
                    text = UNMAPPED_GLYPH.sub("", _line_text(line)).strip()
                    if text:
                        lines.append((text, line.x0, line.x1, line.y0, line.y1))
        yield lines


def _line_text(line: LTTextLine) -> str:
    pieces = [(item.get_text(), isinstance(item, LTAnno)) for item in line]
    text = []
    for index, (piece, inferred) in enumerate(pieces):
        if inferred and piece == " " and 0 < index < len(pieces) - 1:
            before, after = pieces[index - 1][0], pieces[index + 1][0]
            if CJK.match(before[-1:]) and CJK.match(after[:1]):
                continue
        text.append(piece)
    return "".join(text)


def _join_wrapped(pages: list[list[tuple]]) -> str:
    right = _right_margin(pages)
    paragraphs: list[str] = []
    previous_full = False
    for lines in pages:
        if not lines:
            continue
        left = min(line[1] for line in lines)
        previous_y0 = None  # a paragraph may continue from the last line of the previous page
        for text, x0, x1, y0, y1 in lines:
            height = y1 - y0
            indented = x0 - left > INDENT_MIN * height
            apart = previous_y0 is not None and previous_y0 - y1 > PARAGRAPH_GAP * height
            if paragraphs and previous_full and not indented and not apart:
                paragraphs[-1] += text
            else:
                paragraphs.append(text)
            previous_full = right is not None and x1 > right - FULL_LINE_SLACK * height
            previous_y0 = y0
    return "\n".join(paragraphs)


def _right_margin(pages: list[list[tuple]]) -> float | None:
    """Where wrapped lines end: the most common right edge shared by two lines or more.

    None when no two lines end alike: then nothing was wrapped (a title page, a short list).
    """
    ends = Counter(round(line[2]) for lines in pages for line in lines)
    shared = [(count, edge) for edge, count in ends.items() if count >= MIN_WRAPPED_LINES]
    return float(max(shared)[1]) if shared else None
