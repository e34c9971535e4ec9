"""Chinese numerals as documents write them, for the importers and the extraction alike.

12, １２, 十二, 二十四, 廿四, 卅一, 两 and the digit-by-digit 二〇二三; nothing above 99 except
digit-by-digit figures.
"""

DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,  # a Latin O typed for 〇 in years (二O一O年)
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Old-style tens in dates: 廿四日 is the 24th, 卅一日 the 31st.
TENS = {"廿": 20, "卅": 30}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_int(numeral: str) -> int | None:
    """The value of ``numeral``; None when it is not a numeral this parser reads."""
    numeral = numeral.translate(_FULL_WIDTH)
    if not numeral:
        return None
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    if numeral[0] in TENS:
        ones = numeral[1:]
        low = DIGITS.get(ones) if ones else 0
        return None if low is None or len(ones) > 1 else TENS[numeral[0]] + low
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        high = DIGITS.get(tens) if tens else 1
        low = DIGITS.get(ones) if ones else 0
        if high is None or low is None:
            return None
        return high * 10 + low
    digits = [DIGITS.get(ch) for ch in numeral]
    if None in digits:
        return None
    return int("".join(str(d) for d in digits))
