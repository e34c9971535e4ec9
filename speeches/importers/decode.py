"""Bytes of a text file -> str, or ImportRejected for binary data and mojibake.

Order of attempts: a byte-order mark decides outright; then BOM-less UTF-16 (betrayed by its NUL
bytes), strict UTF-8, GB18030 (the superset of GBK/GB2312, the usual legacy encoding of Chinese
official documents), BOM-less UTF-16 without any ASCII (its high bytes sit in the CJK rows), and
finally whatever charset-normalizer proposes. Every candidate must also *look* like text, so a
wrong guess is refused rather than imported as gibberish. Japanese and Korean legacy encodings
decode as plausible-looking GB hanzi, so before any legacy codec is believed they are asked for
by name and refused with their own message.
"""

import codecs
import re
import unicodedata
from collections.abc import Iterator

from charset_normalizer import from_bytes

from .errors import BINARY_FILE, EMPTY_FILE, JAPANESE_OR_KOREAN, UNDECODABLE_TEXT, ImportRejected

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
# Decoded UTF-16 is believed when nearly every character is one a Chinese document uses.
MIN_UTF16_PLAIN_SHARE = 0.95
UTF16_PLAIN = re.compile(r"[\s\x21-\x7e\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff01-\uff60]")
# Japanese prose is full of kana, Korean of hangul; GB-encoded Chinese read through the Japanese
# codecs yields almost none (GB's own kana rows are hardly used in Chinese documents). GB bytes
# often read as hangul too (both tables fill the same rows), but Korean separates its words
# with spaces and Chinese does not: a Korean reading needs a space for every few syllables.
KANA = re.compile(r"[\u3041-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# (codec, its script, the script's least share of the visible characters, spaces needed per
# character of that script); real Korean has a space every three or four syllables.
FOREIGN_CODECS = (
    ("cp932", KANA, 0.2, 0.0),
    ("euc_jp", KANA, 0.2, 0.0),
    ("cp949", HANGUL, 0.5, 0.2),
)
FOREIGN_SAMPLE_BYTES = 65536
# charset-normalizer names for the UTF family: those only come from a BOM or the checks above.
UTF_FAMILY = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file; return (text, codec name that decodes the original bytes exactly)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportRejected(UNDECODABLE_TEXT) from None
            return _checked(text), encoding
    checked_foreign = False
    for encoding in _candidates(data):
        try:
            text = data.decode(encoding)
        except (UnicodeError, LookupError, ValueError):
            continue
        if not encoding.startswith("utf") and not checked_foreign:
            _refuse_japanese_or_korean(data)
            checked_foreign = True
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
    utf16 = _utf16_without_bom(data) if b"\x00" in data else None
    if utf16:
        tried.insert(0, utf16)
    yield from tried
    # Without NULs (no ASCII at all) UTF-16 comes after UTF-8 and GB18030 had their turn.
    utf16 = _utf16_without_bom(data) if utf16 is None else None
    if utf16:
        tried.append(utf16)
        yield utf16
    # Only now ask charset-normalizer: it is the slow path, for the rare Big5 or the like.
    for match in from_bytes(data):
        name = _codec_name(match.encoding)
        if name in GB_FAMILY:
            name = "gb18030"
        if name and name not in tried and name not in UTF_FAMILY:
            tried.append(name)
            yield name


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding is (nearly) all ASCII, CJK
    ideographs and CJK punctuation. Counting NULs per byte lane is not enough: 一 (U+4E00),
    among the commonest characters, puts a NUL in the other lane."""
    if len(data) % 2 or len(data) < 4:
        return None
    best, best_share = None, MIN_UTF16_PLAIN_SHARE
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = len(UTF16_PLAIN.findall(text)) / len(text)
        if share >= best_share:
            best, best_share = encoding, share
    return best


def _refuse_japanese_or_korean(data: bytes) -> None:
    """Raise JAPANESE_OR_KOREAN when the bytes read as Japanese or Korean prose in its own
    legacy codec (strictly, every byte) rather than as Chinese."""
    sample = data[:FOREIGN_SAMPLE_BYTES]
    if len(sample) < len(data):
        sample = sample.rsplit(b"\n", 1)[0]  # whole lines only: no character cut in two
    for encoding, script, min_share, spaces_per_char in FOREIGN_CODECS:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        visible = len(text) - len(WHITESPACE.findall(text))
        in_script = len(script.findall(text))
        if (
            visible
            and in_script >= min_share * visible
            and text.count(" ") >= spaces_per_char * in_script
        ):
            raise ImportRejected(JAPANESE_OR_KOREAN)


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
