"""Chinese and full-width numerals as used in dates and counts (二〇二三, 十月, 三十一, ５)."""

from .data.deadline_words import CHINESE_DIGITS

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def to_int(numeral: str) -> int | None:
    """The value of 12 / １２ / 十二 / 二〇二三 / 两; None when it is not a numeral."""
    numeral = numeral.translate(_FULL_WIDTH)
    if not numeral:
        return None
    if numeral.isdigit():
        return int(numeral)
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        if "十" in ones:
            return None
        high = CHINESE_DIGITS.get(tens) if tens else 1
        low = CHINESE_DIGITS.get(ones) if ones else 0
        if high is None or low is None or len(tens) > 1 or len(ones) > 1:
            return None
        return high * 10 + low
    digits = [CHINESE_DIGITS.get(ch) for ch in numeral]
    if None in digits:
        return None
    return int("".join(str(d) for d in digits))
