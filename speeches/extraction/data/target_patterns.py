"""Numeric targets of the genre: a quantity with its measure and bound, as written."""

NUMBER = r"(?:\d+(?:\.\d+)?|[一二三四五六七八九十两百千万]+)"
MEASURES = (
    r"(?:万|亿)?元|%|％|名|人|个|项|条|间|户|所|家|村|支|批|场|期|篇|件|类"
    r"|平方米|平米|公里|亩|套|处|座"
)
LOWER_BOUNDS = r"不少于|不低于|不超过|不高于|达到|超过|力争|至少|过"
UPPER_WORDS = r"以上|以下|以内|左右|多"
