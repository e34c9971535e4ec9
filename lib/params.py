"""Query-string values read by filter forms: text a database can hold, ids a column can hold.

PostgreSQL refuses a NUL byte in any text and an integer past its column's range; both used to
surface as HTTP 500. Filters ask these helpers first and turn a refusal into a Chinese message.
"""

import unicodedata

MAX_ID = 2**31 - 1  # an AutoField is a 32-bit integer column


def is_clean_text(text: str) -> bool:
    """No NUL or other control character (tabs and newlines aside), no lone surrogate."""
    for char in text:
        if char in "\t\n\r":
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            return False
    return True


def parse_id(raw: str) -> int | None:
    """A positive id a primary-key column can hold, or None."""
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None
