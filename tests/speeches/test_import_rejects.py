"""Every kind of bad input is refused with its own Chinese message."""

import codecs
import io
import zipfile
import zlib

import pytest

from speeches.importers import (
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
    read_document,
    read_pasted_text,
)
from speeches.importers import docx as docx_importer
from speeches.importers import pdf as pdf_importer
from tests.speeches.fixtures_build import build_docx, build_image_only_pdf, build_pdf

SPEECH = "在全县工作会议上的讲话\n（2024年3月5日）\n同志们：\n各乡镇要在年底前完成整改任务。"


def _refusal(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(ImportRejected) as excinfo:
        read_document(data, filename, **kwargs)
    assert str(excinfo.value) == excinfo.value.message
    return excinfo.value.message


def test_a_file_over_the_limit_is_refused_with_the_limit_in_megabytes():
    limit = 1024 * 1024

    assert _refusal(b"a" * (limit + 1), "big.txt", max_bytes=limit) == FILE_TOO_LARGE.format(
        limit_mb="1"
    )
    assert FILE_TOO_LARGE.format(limit_mb="1") == "文件超过 1 MB 的大小上限，请拆分或压缩后重新上传"
    assert "0.5 MB" in _refusal(b"a" * (limit // 2 + 1), "big.pdf", max_bytes=limit // 2)
    assert read_document(SPEECH.encode(), "ok.txt", max_bytes=len(SPEECH.encode())).speeches


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"", "empty.txt"),
        (b" \r\n\t \n", "blank.txt"),
        ("\u3000\u3000\n".encode(), "indent-only.txt"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "bom-only.txt"),
        (b"", "empty.docx"),
        (b"", "empty.pdf"),
    ],
)
def test_an_empty_file_is_refused(data, filename):
    assert _refusal(data, filename) == EMPTY_FILE


def test_a_word_file_without_text_is_refused_as_empty():
    assert _refusal(build_docx(["", "  "]), "blank.docx") == EMPTY_FILE


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("speech", MISSING_EXTENSION),
        ("讲话稿.", MISSING_EXTENSION),
        ("speech.exe", UNSUPPORTED_FILE_TYPE),
        ("speech.html", UNSUPPORTED_FILE_TYPE),
        ("speech.txt.zip", UNSUPPORTED_FILE_TYPE),
        ("speech.doc", LEGACY_WORD_FILE),
    ],
)
def test_a_file_type_other_than_txt_docx_pdf_is_refused(filename, message):
    assert _refusal(SPEECH.encode(), filename) == message
    assert all(kind in message for kind in (".txt", ".docx", ".pdf"))


def test_the_extension_is_case_insensitive():
    assert read_document(SPEECH.encode(), "讲话.TXT").speeches[0].title == "在全县工作会议上的讲话"


def test_binary_garbage_is_refused():
    assert _refusal(b"\x00\x01\x02\xff" * 500, "garbage.txt") == BINARY_FILE


def test_undecodable_text_is_refused():
    garbled = SPEECH.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")

    assert _refusal(garbled, "garbled.txt") == UNDECODABLE_TEXT


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"PK\x03\x04broken", id="broken-zip"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, id="ole-doc-renamed"),
        pytest.param(SPEECH.encode(), id="text-renamed"),
    ],
)
def test_a_corrupt_word_file_is_refused(data):
    assert _refusal(data, "speech.docx") == CORRUPT_DOCX


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", SPEECH)

    assert _refusal(out.getvalue(), "speech.docx") == CORRUPT_DOCX


def test_a_word_file_with_a_broken_body_is_refused():
    good = io.BytesIO(build_docx([SPEECH]))
    out = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "word/document.xml":
                body = body[: len(body) // 2]  # truncated XML
            target.writestr(member, body)

    assert _refusal(out.getvalue(), "speech.docx") == CORRUPT_DOCX


def _docx_with_extra_member(size: int) -> bytes:
    source = io.BytesIO(build_docx([SPEECH]))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as target:
        for member in original.infolist():
            target.writestr(member, original.read(member))
        target.writestr("word/media/padding.bin", b"\0" * size, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_zip_bomb_word_file_is_refused_by_compression_ratio():
    bomb = _docx_with_extra_member(20 * 1024 * 1024)  # 20 MB of zeros in about 20 KB

    assert len(bomb) < 100 * 1024
    assert _refusal(bomb, "speech.docx") == DOCX_BOMB


def test_a_word_file_too_large_when_unpacked_is_refused(monkeypatch):
    monkeypatch.setattr(docx_importer, "MAX_UNCOMPRESSED_BYTES", 64 * 1024)

    assert _refusal(_docx_with_extra_member(128 * 1024), "speech.docx") == DOCX_BOMB


def test_an_encrypted_pdf_is_refused():
    assert _refusal(build_pdf(SPEECH.split("\n"), user_password="secret"), "a.pdf") == (
        ENCRYPTED_PDF
    )


def test_a_pdf_without_a_text_layer_is_refused():
    assert _refusal(build_image_only_pdf(), "scan.pdf") == IMAGE_ONLY_PDF


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.4\nthis is not a pdf at all", id="garbage"),
        pytest.param(SPEECH.encode(), id="text-renamed"),
    ],
)
def test_a_corrupt_pdf_is_refused(data):
    assert _refusal(data, "speech.pdf") == CORRUPT_PDF


def test_a_truncated_pdf_is_refused_or_read_but_never_crashes():
    data = build_pdf(SPEECH.split("\n"))

    for cut in range(0, len(data), 97):
        try:
            read_document(data[:cut], "speech.pdf")
        except ImportRejected as exc:
            assert exc.message in (EMPTY_FILE, CORRUPT_PDF, IMAGE_ONLY_PDF)


def test_a_pdf_whose_streams_inflate_beyond_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_importer, "MAX_INFLATED_BYTES", 1024 * 1024)
    bomb = zlib.compress(b"\0" * (2 * 1024 * 1024))
    stream = b"99 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb)
    data = build_pdf(SPEECH.split("\n")) + stream + bomb + b"\nendstream\nendobj\n"

    assert _refusal(data, "speech.pdf") == PDF_BOMB


def test_a_file_of_nothing_but_advertising_is_refused():
    ads = "仅供学习 禁止外传 用后删除\n酷乐文行整理，咨询QQ206157060\n15位用户关注\n"

    assert _refusal(ads.encode("gbk"), "ads.txt") == NO_SPEECH_TEXT


def test_empty_or_too_long_pasted_text_is_refused():
    with pytest.raises(ImportRejected) as empty:
        read_pasted_text(" \n\u3000")
    with pytest.raises(ImportRejected) as long:
        read_pasted_text("讲话" * 6, max_chars=10)

    assert empty.value.message == PASTED_EMPTY
    assert long.value.message == PASTED_TOO_LONG.format(limit=10)


@pytest.mark.parametrize(
    "message",
    [
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
    ],
)
def test_every_message_is_a_chinese_sentence(message):
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in message) >= 10
