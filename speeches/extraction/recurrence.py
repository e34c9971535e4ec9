"""How often a task repeats: 每周 … 每两年 → weekly … biennial."""

import re

from .data.recurrence_words import RECURRENCE_PATTERNS

_RULES = tuple((re.compile(p), value) for p, value in RECURRENCE_PATTERNS)


def find_recurrence(text: str) -> str | None:
    """The recurrence a sentence sets, or None; the first phrase in the text wins."""
    best: tuple[int, str] | None = None
    for pattern, value in _RULES:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), value)
    return best[1] if best else None
