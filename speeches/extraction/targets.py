"""Numeric targets as written: "2名以上", "不少于3人", "80%", "不低于10万元"."""

import re

from .data.target_patterns import LOWER_BOUNDS, MEASURES, NUMBER, UPPER_WORDS

_TARGET = re.compile(
    rf"(?P<bound>{LOWER_BOUNDS})?(?P<n>{NUMBER})\s*(?P<measure>{MEASURES})(?P<upper>{UPPER_WORDS})?"
)
_MAX_TARGETS = 3


def find_target(text: str) -> str | None:
    """The numeric targets of a sentence joined with "、", or None.

    Arabic figures always count; a Chinese numeral only with a bound ("不少于三人"), since
    "一批", "两级" are ways of speaking, not targets.
    """
    found: list[str] = []
    for m in _TARGET.finditer(text):
        if not (m.group("n")[0].isdigit() or m.group("bound") or m.group("upper")):
            continue
        if text.startswith(("年", "月", "日"), m.end("n")):
            continue
        found.append(m.group(0).strip())
        if len(found) == _MAX_TARGETS:
            break
    return "、".join(dict.fromkeys(found)) or None
