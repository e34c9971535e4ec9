"""Bytes of a text file -> str, or ImportRejected for binary data and mojibake.

Order of attempts: a byte-order mark decides outright; then BOM-less UTF-16 (betrayed by its NUL
bytes), strict UTF-8, GB18030 (the superset of GBK/GB2312, the usual legacy encoding of Chinese
official documents), and finally whatever charset-normalizer proposes. Every candidate must also
*look* like text, so a wrong guess is refused rather than imported as gibberish.
"""

import codecs
import re
import unicodedata
from collections.abc import Iterator

from charset_normalizer import from_bytes

from .errors import BINARY_FILE, EMPTY_FILE, UNDECODABLE_TEXT, ImportRejected

# Longest BOM first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer names the GB family by the narrowest table that fits the sample; the file
# as a whole is decoded with the superset so a rare character further on still decodes.
GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "hz"})

# Thresholds for "looks like text": at most 1% characters that never occur in a speech (controls,
# U+FFFD, private use, unassigned; two are always forgiven), and at least 90% of the non-space
# characters Chinese, ASCII or the punctuation and symbols Chinese documents use.
MAX_BAD_SHARE = 0.01
MIN_GOOD_SHARE = 0.90
# Genuine GB text is almost entirely GB2312 characters; Big5 or other bytes read as GBK land on
# the rare GBK extension rows instead.
MIN_GB2312_SHARE = 0.90
# Share of control bytes above which undecodable data is called binary rather than mojibake.
BINARY_CONTROL_SHARE = 0.05

GOOD_RANGES = (
    (0x0021, 0x007E),  # ASCII printable
    (0x0391, 0x03C9),  # Greek (in GB2312)
    (0x0401, 0x0451),  # Cyrillic (in GB2312)
    (0x2000, 0x206F),  # general punctuation “”‘’—…※
    (0x2100, 0x22FF),  # letterlike, number forms Ⅰ Ⅱ, arrows, math operators
    (0x2460, 0x27BF),  # enclosed ①, box drawing, shapes ■●, symbols ★, dingbats ✔
    (0x3000, 0x303F),  # CJK punctuation 、。〇《》
    (0x3200, 0x33FF),  # enclosed CJK and compatibility ㈠ ㎡
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    # Full-width forms （），： but not the half-width katakana and hangul between them
    # (U+FF61-U+FFDC): GB bytes misread as Shift-JIS land there, and no speech uses them.
    (0xFF01, 0xFF60),
    (0xFFE0, 0xFFEF),
    (0x20000, 0x3134F),  # CJK extensions B-G
)
GOOD_EXTRA = "×÷·°±§¥¤¢£āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
GOOD_OR_SPACE = re.compile(
    "[\\s"
    + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in GOOD_RANGES)
    + re.escape(GOOD_EXTRA)
    + "]+"
)
WHITESPACE = re.compile(r"\s")
CJK_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
ALLOWED_CONTROLS = frozenset("\t\n\r\x0b\x0c")
CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file; return (text, codec name that decodes the original bytes exactly)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportRejected(UNDECODABLE_TEXT) from None
            return _checked(text), encoding
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeError, LookupError, ValueError):
            continue
        if encoding == "gb18030" and not _mostly_gb2312(text):
            continue
        if not text.strip():
            raise ImportRejected(EMPTY_FILE)
        if looks_like_text(text):
            return text, encoding
    if _control_share(data) > BINARY_CONTROL_SHARE:
        raise ImportRejected(BINARY_FILE)
    raise ImportRejected(UNDECODABLE_TEXT)


def looks_like_text(text: str) -> bool:
    """True when ``text`` reads as a (Chinese) document rather than binary or mojibake."""
    visible = len(text) - len(WHITESPACE.findall(text))
    if not visible:
        return True
    rest = GOOD_OR_SPACE.sub("", text)  # C speed for the bulk; only the leftovers are examined
    good = visible - len(rest)
    bad = sum(1 for ch in rest if _is_bad(ch))
    return bad <= max(2, MAX_BAD_SHARE * len(text)) and good >= MIN_GOOD_SHARE * visible


def _checked(text: str) -> str:
    if not text.strip():
        raise ImportRejected(EMPTY_FILE)
    if not looks_like_text(text):
        raise ImportRejected(UNDECODABLE_TEXT)
    return text


def _candidates(data: bytes) -> Iterator[str]:
    tried = ["utf-8", "gb18030"]
    utf16 = _utf16_without_bom(data)
    if utf16:
        tried.insert(0, utf16)
    yield from tried
    # Only now ask charset-normalizer: it is the slow path, for the rare Big5, UTF-16 without
    # NULs or the like.
    for match in from_bytes(data):
        name = _codec_name(match.encoding)
        if name in GB_FAMILY:
            name = "gb18030"
        if name and name not in tried:
            tried.append(name)
            yield name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII characters (newlines, digits) leave NULs in one byte lane."""
    if len(data) % 2 or b"\x00" not in data:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if even >= 9 * odd and even:
        return "utf-16-be"
    if odd >= 9 * even and odd:
        return "utf-16-le"
    return None


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _mostly_gb2312(text: str) -> bool:
    # Only ideographs count: punctuation maps differently between the codecs (GB18030 reads
    # A1AA as U+2014, Python's GB2312 table as U+2015), which says nothing about the encoding.
    wide = CJK_IDEOGRAPH.findall(text)
    if not wide:
        return True
    # "?" stands in for each character GB2312 lacks (any "?" of the text is ASCII, not counted)
    missing = "".join(wide).encode("gb2312", errors="replace").count(b"?")
    return len(wide) - missing >= MIN_GB2312_SHARE * len(wide)


def _is_bad(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    if category == "Cc":
        return ch not in ALLOWED_CONTROLS
    return category in ("Co", "Cs", "Cn")


def _control_share(data: bytes) -> float:
    controls = len(data) - len(data.translate(None, CONTROL_BYTES))
    return controls / len(data) if data else 0.0
