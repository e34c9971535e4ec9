"""Split text into sentences and clauses without breaking inside quotes or brackets."""

import re

_OPENERS = "“‘「『（(【[《〈"
_CLOSERS = "”’」』）)】]》〉"
SENTENCE_ENDS = "。！？；!?;"
CLAUSE_BREAKS = "，,"
_SPACE = re.compile(r"\s")


def _spans(text: str, start: int, end: int, breaks: str) -> list[tuple[int, int]]:
    spans, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(depth - 1, 0)
        elif ch in breaks and depth == 0:
            spans.append((begin, i + 1))
            begin = i + 1
    if begin < end:
        spans.append((begin, end))
    # An unbalanced opener must not swallow the rest of a long line: split such spans plainly.
    out = []
    for s, e in spans:
        if e - s > 400 and any(ch in breaks for ch in text[s : e - 1]):
            begin = s
            for i in range(s, e):
                if text[i] in breaks:
                    out.append((begin, i + 1))
                    begin = i + 1
            if begin < e:
                out.append((begin, e))
        else:
            out.append((s, e))
    return out


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``start:end`` so that it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (ending at 。！？；), stripped, never empty."""
    end = len(text) if end is None else end
    out = []
    for s, e in _spans(text, start, end, SENTENCE_ENDS):
        s, e = strip_span(text, s, e)
        if s < e:
            out.append((s, e))
    return out


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma clauses of one sentence, outside quotes and brackets, stripped."""
    out = []
    for s, e in _spans(text, start, end, CLAUSE_BREAKS):
        s, e = strip_span(text, s, e)
        if s < e:
            out.append((s, e))
    return out


_INVISIBLE = re.compile(r"[\W_]+")


def visible_length(text: str) -> int:
    """Characters that carry meaning (no spaces, punctuation or quote marks)."""
    return len(_INVISIBLE.sub("", text))
