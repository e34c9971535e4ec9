"""Chinese and full-width numerals as used in dates and counts (二〇二三, 十月, 三十一, ５, 廿四).

The parser is lib.numerals, shared with the importers.
"""

from lib.numerals import chinese_int as to_int

__all__ = ["to_int"]
