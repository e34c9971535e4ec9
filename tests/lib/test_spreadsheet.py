import pytest

from lib.spreadsheet import looks_like_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","点我")', True),
        ("+86 571", True),
        ("-已完成", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("青石镇", False),
        ("完成率=80%", False),
        ("", False),
    ],
)
def test_formula_triggers_are_the_leading_characters_spreadsheets_evaluate(text, expected):
    assert looks_like_formula(text) is expected
