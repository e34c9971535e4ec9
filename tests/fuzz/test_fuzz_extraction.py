"""Hypothesis over the extractor: any text and date give well-formed directives, never a crash."""

import string
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.budget import FUZZ

extraction = pytest.importorskip("speeches.extraction")
extract = extraction.extract

UNIT_NAMES = ("区委组织部", "区委宣传部", "甲镇", "乙街道", "区财政局")
# Pieces of directive language, so generated text reaches the deeper stages of the pipeline.
PHRASES = (
    "各乡镇",
    "区委组织部",
    "甲镇",
    "要",
    "必须",
    "在年底前",
    "3月底前",
    "每季度",
    "每半年至少召开1次",
    "完成",
    "整顿",
    "100%",
    "第一篇",
    "一、",
    "（一）",
    "同志们：",
    "。",
    "，",
    "；",
    "\n",
    "\n\n",
    "2026年",
    "年内",
    "下半年",
    "及时",
    "牵头",
    "配合",
)
pieces = st.one_of(
    st.sampled_from(PHRASES),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.sampled_from(string.digits + "—…“”（）《》、 "),
)
speech_like = st.lists(pieces, max_size=300).map("".join)
any_text = st.text(max_size=600)
reference_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))


def assert_well_formed(text: str, directives) -> None:
    previous_start = -1
    for directive in directives:
        assert 0 <= directive.start < directive.end <= len(text)
        assert text[directive.start : directive.end] == directive.quote
        assert directive.start >= previous_start, "directives come in text order"
        previous_start = directive.start
        assert 0.0 <= directive.confidence <= 1.0
        assert directive.deadline is None or isinstance(directive.deadline, date)
        assert all(isinstance(unit, str) and unit for unit in directive.units)
        directive.as_json_dict()


@FUZZ
@given(text=speech_like, reference_date=reference_dates)
@example(text="各乡镇要在年底前完成整顿。", reference_date=date(2026, 2, 4))
@example(text="组织部门每半年至少召开1次专题会议。", reference_date=date(1999, 12, 31))
def test_speech_like_text_gives_well_formed_directives(text, reference_date):
    assert_well_formed(text, extract(text, reference_date=reference_date, unit_names=UNIT_NAMES))


@FUZZ
@given(text=any_text, reference_date=reference_dates)
def test_arbitrary_unicode_never_crashes_the_extractor(text, reference_date):
    assert_well_formed(text, extract(text, reference_date=reference_date))


@FUZZ
@given(text=speech_like)
def test_extraction_is_deterministic(text):
    first = extract(text, reference_date=date(2026, 2, 4), unit_names=UNIT_NAMES)
    again = extract(text, reference_date=date(2026, 2, 4), unit_names=UNIT_NAMES)
    assert first == again
