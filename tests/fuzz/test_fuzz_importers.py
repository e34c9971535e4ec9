"""Hypothesis over the importers: any bytes give a document or a Chinese rejection, no crash."""

import hashlib
import string
import unicodedata

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from speeches import importers
from speeches.importers import ImportRejected, read_document, read_pasted_text
from tests.fuzz.budget import FUZZ
from tests.speeches.fixtures_build import build_docx, build_pdf

FILENAMES = ("讲话.txt", "讲话.docx", "讲话.pdf", "讲话.TXT", "讲话", "讲话.doc", "讲话.xlsx")
FIXED_MESSAGES = {
    value
    for name, value in vars(importers).items()
    if name.isupper() and isinstance(value, str) and "{" not in value
}
TEMPLATED_PREFIXES = (
    importers.FILE_TOO_LARGE.split("{")[0],
    importers.PASTED_TOO_LONG.split("{")[0],
)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


# Chinese speech-like text: GB2312 characters (what official documents are written in; the
# decoder deliberately distrusts GB text full of rare GBK-only characters), full-width
# punctuation, digits, line breaks.
CJK = st.sampled_from([chr(c) for c in range(0x4E00, 0x9FA6) if _in_gb2312(chr(c))])
PUNCT = st.sampled_from("，。、；：？！“”（）《》—…\n\n  ")
speech_text = st.lists(
    st.one_of(CJK, CJK, CJK, PUNCT, st.sampled_from(string.digits)), min_size=1, max_size=400
).map("".join)

SAMPLE_PARAGRAPHS = (
    "在全区基层党建工作会议上的讲话",
    "（2010年2月4日）",
    "同志们：",
    "各乡镇党委要在年底前完成软弱涣散党组织整顿，组织部门每半年至少召开1次专题会议。",
)


def assert_rejection_is_a_chinese_message(error: ImportRejected) -> None:
    message = error.message
    assert message in FIXED_MESSAGES or message.startswith(TEMPLATED_PREFIXES), message
    assert str(error) == message


def assert_document_is_consistent(document) -> None:
    assert document.speeches, "a document without speeches must be rejected instead"
    for position, speech in enumerate(document.speeches, start=1):
        assert speech.text.strip()
        assert speech.text in document.cleaned_text
        assert speech.position == position
        normalised = "".join(unicodedata.normalize("NFKC", speech.text).split())
        assert speech.content_hash == hashlib.sha256(normalised.encode()).hexdigest()


def read_or_reject(data: bytes, filename: str):
    try:
        document = read_document(data, filename)
    except ImportRejected as error:
        assert_rejection_is_a_chinese_message(error)
        return None
    assert_document_is_consistent(document)
    return document


@FUZZ
@given(data=st.binary(max_size=4096), filename=st.sampled_from(FILENAMES))
@example(data=b"\x00" * 64, filename="讲话.txt")
@example(data=b"PK\x03\x04" + b"\x00" * 60, filename="讲话.docx")
@example(data=b"%PDF-1.4\n%%EOF", filename="讲话.pdf")
@example(data="\ufeff".encode() + b"\r\n" * 10, filename="讲话.txt")
def test_any_bytes_give_a_document_or_a_chinese_rejection(data, filename):
    read_or_reject(data, filename)


@FUZZ
@given(
    text=st.lists(st.one_of(CJK, CJK, CJK, PUNCT), min_size=24, max_size=400).map("".join),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
@example(text="各乡镇要在年底前完成整顿", encoding="gb18030")
def test_text_files_in_any_supported_encoding_read_back_the_same(text, encoding):
    assume(sum(1 for ch in text if "\u4e00" <= ch <= "\u9fa5") >= 8)
    reference = read_or_reject(text.encode("utf-8"), "讲话.txt")
    encoded = read_or_reject(text.encode(encoding), "讲话.txt")
    if reference is None:
        assert encoded is None
    else:
        assert encoded is not None
        assert encoded.cleaned_text == reference.cleaned_text


@FUZZ
@given(text=st.text(max_size=2000))
def test_pasted_text_gives_a_document_or_a_chinese_rejection(text):
    try:
        document = read_pasted_text(text)
    except ImportRejected as error:
        assert_rejection_is_a_chinese_message(error)
    else:
        assert_document_is_consistent(document)


def _mutations(original: bytes):
    """Flip, cut or splice bytes of a valid file: the shapes real corruption takes."""
    size = len(original)
    position = st.integers(min_value=0, max_value=size - 1)
    flip = st.tuples(position, st.integers(1, 255)).map(
        lambda pv: original[: pv[0]] + bytes([original[pv[0]] ^ pv[1]]) + original[pv[0] + 1 :]
    )
    cut = position.map(lambda p: original[:p])
    splice = st.tuples(position, st.binary(min_size=1, max_size=64)).map(
        lambda pb: original[: pb[0]] + pb[1] + original[pb[0] :]
    )
    return st.one_of(flip, cut, splice)


VALID_DOCX = build_docx(SAMPLE_PARAGRAPHS)
VALID_PDF = build_pdf(SAMPLE_PARAGRAPHS)


def test_the_unmutated_files_import():
    assert "年底前" in read_document(VALID_DOCX, "讲话.docx").cleaned_text
    assert "年底前" in read_document(VALID_PDF, "讲话.pdf").cleaned_text


@FUZZ
@given(data=_mutations(VALID_DOCX))
def test_corrupted_docx_gives_a_document_or_a_chinese_rejection(data):
    read_or_reject(data, "讲话.docx")


@FUZZ
@given(data=_mutations(VALID_PDF))
def test_corrupted_pdf_gives_a_document_or_a_chinese_rejection(data):
    read_or_reject(data, "讲话.pdf")


@FUZZ
@given(paragraphs=st.lists(speech_text, min_size=1, max_size=8))
def test_docx_of_any_paragraphs_reads_back_their_text(paragraphs):
    document = read_or_reject(build_docx(paragraphs), "讲话.docx")
    if document is not None:
        squeezed = "".join(document.cleaned_text.split())
        longest = max(paragraphs, key=len)
        core = "".join(longest.split())
        assume(len(core) >= 10)
        # Cleanup may drop boilerplate lines, never rewrite the characters of a kept one.
        assert core in squeezed or not any(ch in squeezed for ch in core[:1])


# Found by test_text_files_in_any_supported_encoding_read_back_the_same: a short GB18030 file
# with a GBK-only character, or the dash "——" (U+2014 in GB18030, U+2015 in Python's GB2312
# table), was taken for another encoding and read as half-width katakana mojibake.
@pytest.mark.parametrize(
    "text", ["一一一一一一一丩", "一" * 21 + "———"], ids=["gbk-only", "dashes"]
)
def test_short_gb18030_text_is_never_imported_as_half_width_katakana(text):
    try:
        document = read_document(text.encode("gb18030"), "讲话.txt")
    except ImportRejected as error:
        assert error.message == importers.UNDECODABLE_TEXT
        return
    assert document.cleaned_text == text
