"""Word and PDF versions of a speech read as the same text as the .txt."""

import io
import zlib

import docx
import pytest

from speeches.importers import pdf as pdf_importer
from speeches.importers import read_document
from tests.speeches.fixtures_build import build_docx, build_pdf, sample_text


def _txt(prefix: str):
    return read_document(sample_text(prefix).encode("utf-8"), "speech.txt")


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_word_file_reads_as_the_same_text(prefix):
    lines = sample_text(prefix).split("\n")

    document = read_document(build_docx(lines), "speech.docx")

    assert document.encoding == "docx"
    assert document.cleaned_text == _txt(prefix).cleaned_text
    assert document.speeches == _txt(prefix).speeches


def test_a_one_column_table_reads_as_its_paragraphs_in_document_order():
    lines = sample_text("000").split("\n")

    data = build_docx(lines[:20], table_rows=[[line] for line in lines[20:]])
    document = read_document(data, "speech.docx")

    assert document.cleaned_text == _txt("000").cleaned_text


def test_a_table_row_of_several_cells_reads_as_one_tab_separated_line():
    data = build_docx(
        ["在全县重点工作推进会上的讲话", "（2024年3月5日）", "同志们：", "今年的任务分解如下："],
        table_rows=[["责任单位", "任务", "时限"], ["组织部", "牵头抓总", "年底前完成"]],
    )

    document = read_document(data, "speech.docx")

    assert document.cleaned_text.split("\n")[-2:] == [
        "责任单位\t任务\t时限",
        "组织部\t牵头抓总\t年底前完成",
    ]


def test_headers_and_footers_of_a_word_file_are_not_read():
    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "某某文库 仅供学习"
    word.sections[0].footer.paragraphs[0].text = "第 1 页"
    word.add_paragraph("在全县工作会议上的讲话")
    word.add_paragraph("同志们：要抓落实。")
    out = io.BytesIO()
    word.save(out)

    document = read_document(out.getvalue(), "speech.docx")

    assert document.cleaned_text == "在全县工作会议上的讲话\n同志们：要抓落实。"


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_a_pdf_reads_as_the_same_paragraphs(prefix):
    document = read_document(build_pdf(sample_text(prefix).split("\n")), "speech.pdf")

    assert document.encoding == "pdf"
    # A PDF has no blank lines between paragraphs; the paragraphs themselves are identical.
    assert _lines(document.cleaned_text) == _lines(_txt(prefix).cleaned_text)
    (speech,) = document.speeches
    (expected,) = _txt(prefix).speeches
    assert speech.content_hash == expected.content_hash
    assert (speech.title, speech.speaker, speech.delivered_on) == (
        expected.title,
        expected.speaker,
        expected.delivered_on,
    )


def test_a_pdf_collection_splits_like_the_txt():
    # (002 is not compared line by line: STSong-Light has no glyph for "·", which the PDF loses)
    document = read_document(build_pdf(sample_text("002").split("\n")), "collection.pdf")

    assert [s.title for s in document.speeches] == [s.title for s in _txt("002").speeches]


def test_wrapped_pdf_lines_are_joined_into_their_paragraph():
    paragraph = "各乡镇党委要在年底前完成整改任务，" * 8  # 136 characters: four printed lines
    data = build_pdf(["在全县工作会议上的讲话", "同志们：", paragraph, "谢谢大家！"])

    document = read_document(data, "speech.pdf")

    assert document.cleaned_text == f"在全县工作会议上的讲话\n同志们：\n{paragraph}\n谢谢大家！"


def test_compressed_images_do_not_count_against_the_inflation_budget(monkeypatch):
    monkeypatch.setattr(pdf_importer, "MAX_INFLATED_BYTES", 1024 * 1024)
    pixels = zlib.compress(b"\0" * (2 * 1024 * 1024))
    image = (
        b"99 0 obj\n<< /Type /XObject /Subtype /Image /Width 2048 /Height 1024 /BitsPerComponent 8"
        b" /ColorSpace /DeviceGray /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
    )
    text = build_pdf(["在全县工作会议上的讲话", "同志们："])
    data = text + image + pixels + b"\nendstream\nendobj\n"

    assert read_document(data, "speech.pdf").cleaned_text == "在全县工作会议上的讲话\n同志们："
