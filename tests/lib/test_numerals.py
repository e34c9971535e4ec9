"""One numeral parser: the importers and the extraction read 廿四 as 24 alike."""

from datetime import date

import pytest

from lib.numerals import chinese_int
from speeches.extraction.numerals import to_int
from speeches.importers import collections, metadata


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十四", 24),
        ("廿四", 24),
        ("廿", 20),
        ("卅一", 31),
        ("两", 2),
        ("二〇二三", 2023),
        ("二O一O", 2010),
        ("〇四", 4),
    ],
)
def test_numerals_read_as_documents_write_them(numeral, value):
    assert chinese_int(numeral) == value


@pytest.mark.parametrize("text", ["", "十二十", "一百", "百", "廿十", "卅四五", "年", "²"])
def test_what_is_not_a_numeral_gives_none(text):
    assert chinese_int(text) is None


def test_the_extraction_reads_the_same_numerals():
    assert to_int("廿四") == 24
    assert to_int("二〇二三") == 2023


def test_the_importers_read_the_same_numerals():
    assert metadata.date_in_line("二〇二六年三月廿四日") == date(2026, 3, 24)
    assert metadata.date_in_line("二O一O年十二月卅一日") == date(2010, 12, 31)


def test_a_collection_counts_its_speeches_with_the_same_numerals():
    lines = ["第1篇 甲", "正文", "第二篇 乙", "正文", "第３篇 丙", "正文", "第一百篇 丁"]
    assert [part.title for part in collections.find_parts(lines)] == ["甲", "乙", "丙"]
