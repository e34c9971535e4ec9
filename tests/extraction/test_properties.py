from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speeches.extraction import extract

R = date(2024, 3, 5)
GENRE = "一二三四五六七八九十、，。；：“”（）()要各级党组织乡镇部门必须确保年底前每季度月日\n 0123"


def _check(text):
    for d in extract(text, reference_date=R):
        assert text[d.start : d.end] == d.quote
        assert 0 <= d.confidence <= 1


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_any_unicode_text_returns_exact_quotes(text):
    _check(text)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=GENRE, max_size=400))
def test_speech_like_text_returns_exact_quotes(text):
    _check(text)


def test_empty_and_blank_text_give_nothing():
    assert extract("", reference_date=R) == []
    assert extract(" \n\t\n", reference_date=R) == []


def test_unbalanced_brackets_and_quotes():
    _check("（各地要“抓好落实，（（确保年底前完成。\n要加强“学习）” 】】 各部门要每月报告。")


@pytest.mark.slow
def test_one_megabyte_single_line():
    _check("各乡镇要在6月底前完成整顿，" * 75_000)


def test_long_single_line_of_prose():
    _check("基层党建工作取得新进展各级党组织要抓好落实并确保年底前完成任务" * 600)
