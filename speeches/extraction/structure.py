"""The outline of a speech: paragraphs, sentences and the section every sentence belongs to."""

import re
from collections import Counter
from dataclasses import dataclass

from . import classify
from .data.directive_markers import RHETORIC_PARAGRAPH_OPENINGS
from .data.heading_patterns import (
    BODY_LEVELS,
    COLON_ENUMERATOR,
    INLINE_ENUMERATORS,
    INLINE_HEADING_MAX_CHARS,
    ITEM_LEVELS,
    LINE_HEADINGS,
    NUMBERED_ACTOR_MIN_CHARS,
    NUMBERED_CLAUSE_MIN_CHARS,
    NUMBERED_LINE_MIN_CHARS,
    NUMBERED_SENTENCE_MIN_CHARS,
    PAGE_NUMBER,
    PROBLEM_TOPIC,
    PROBLEM_TOPIC_MAX_CHARS,
    RUNNING_HEADER_MAX_CHARS,
    TOPIC_SENTENCE_MAX_CHARS,
    TOPIC_SENTENCE_MID_MAX_CHARS,
    WRAP_MIN_LINES,
    WRAP_MIN_WIDTH,
    WRAP_SHARE,
    WRAP_STOPS,
)
from .sentences import (
    CLAUSE_BREAKS,
    SENTENCE_ENDS,
    split_sentences,
    strip_span,
    visible_length,
)

_LINE = re.compile(r"[^\n]+")
_LINE_HEADINGS = tuple((level, re.compile(r"\s*" + p)) for level, p in LINE_HEADINGS)
_INLINE = re.compile(r"\s*(?:" + "|".join(INLINE_ENUMERATORS) + ")")
_COLON_ENUMERATOR = re.compile(COLON_ENUMERATOR)
_PROBLEM_TOPIC = re.compile(PROBLEM_TOPIC)
_PARALLEL = re.compile(r"对[^，,；;。]{2,30}的[，,]|在“[^”]{1,6}”上[，,]")
_HEADING_TRIM = "。；;，,：: \t"
_PAGE_NUMBER = re.compile(PAGE_NUMBER)
HEADING_MAX_CHARS = 40


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with what the outline says about it."""

    start: int
    end: int
    paragraph: int
    section_path: tuple[str, ...]
    scope: tuple[int, tuple[str, ...]]  # speech number and line-level sections: actors' reach
    is_heading: bool  # only names a section; never a directive
    enumerated: bool  # opens with 一要/二是/首先 …
    intro: bool  # before the first body heading of its speech
    rhetoric: bool  # greeting or peroration paragraph


def line_heading_level(line: str) -> tuple[int, int] | None:
    """(level, marker length) when a line opens with a section marker."""
    for level, pattern in _LINE_HEADINGS:
        m = pattern.match(line)
        if m and m.end() < len(line.rstrip()):
            return level, m.end()
    return None


def _reads_as_item(body: str, *, more: bool) -> bool:
    """A numbered line whose first sentence is a full instruction rather than a title."""
    length = visible_length(body)
    if body.rstrip()[-1:] in SENTENCE_ENDS:
        # "要围绕“…”加强农村基层党建。": one clause is a title; a directive has clauses, or
        # names who acts ("各乡镇要在3月10日前完成护林员培训。")
        if any(ch in CLAUSE_BREAKS for ch in body) or classify.actor_opening(body.strip()):
            return length > NUMBERED_SENTENCE_MIN_CHARS or (
                length > NUMBERED_ACTOR_MIN_CHARS and classify.may_hold_modal(body)
            )
        return length > NUMBERED_CLAUSE_MIN_CHARS
    # no closing mark (mixed-form notices): long, with clauses, and nothing after it
    return not more and length > NUMBERED_LINE_MIN_CHARS and any(ch in CLAUSE_BREAKS for ch in body)


def heading_text(text: str) -> str:
    """A section's name as the section path holds it."""
    return text.strip(_HEADING_TRIM)[:HEADING_MAX_CHARS]


def _is_topic_sentence(text: str, s: int, e: int, *, first: bool) -> bool:
    """A short sentence that names what the following ones elaborate."""
    length = visible_length(text[s:e])
    limit = TOPIC_SENTENCE_MAX_CHARS if first else TOPIC_SENTENCE_MID_MAX_CHARS
    # "要以政治建设为统领，坚决提高政治能力。": no actor, so a topic rather than an assignment
    if text[e - 1] == "。" and text.startswith("要", s) and length <= limit:
        return True
    return length <= PROBLEM_TOPIC_MAX_CHARS and bool(_PROBLEM_TOPIC.fullmatch(text, s, e))


def _join_parallel(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # "对…的，要…；对…的，要…" and "在“学”上，要…；在“做”上，要…" are one instruction in parts.
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out:
            ps, pe = out[-1]
            parallel = _PARALLEL.match(text, ps) and _PARALLEL.match(text, s)
            if text[pe - 1] in "；;" and parallel and text[ps] == text[s]:
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def line_spans(text: str) -> list[tuple[int, int]]:
    """The non-blank lines of ``text``, stripped; ``Sentence.paragraph`` indexes this list.

    Text extracted from a PDF breaks every line at the same width, inside words and dates;
    such lines are joined back into their paragraphs (across a page's running header and
    number), so that a paragraph is one line as in any other document.
    """
    out = []
    for m in _LINE.finditer(text):
        s, e = strip_span(text, m.start(), m.end())
        if s < e:
            out.append((s, e))
    width = _wrap_width(text, out)
    return _join_wrapped(text, out, width) if width else out


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The width a PDF extraction wrapped the lines at, or None for an ordinary text."""
    lengths = Counter(e - s for s, e in lines if e - s >= WRAP_MIN_WIDTH)
    if not lengths:
        return None
    width, _ = lengths.most_common(1)[0]
    at_width = lengths[width] + lengths[width + 1]
    return width if at_width >= max(WRAP_MIN_LINES, WRAP_SHARE * len(lines)) else None


def _join_wrapped(text: str, lines: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    seen = Counter(text[s:e] for s, e in lines)
    page_furniture = {
        n
        for n, (s, e) in enumerate(lines)
        if _PAGE_NUMBER.fullmatch(text, s, e)
        or (seen[text[s:e]] > 1 and e - s <= RUNNING_HEADER_MAX_CHARS)
    }
    out: list[tuple[int, int]] = []
    n = 0
    while n < len(lines):
        last = n
        while lines[last][1] - lines[last][0] >= width - 1 and text[lines[last][1] - 1] not in (
            WRAP_STOPS
        ):
            following = last + 1
            while following in page_furniture:
                following += 1
            if following >= len(lines) or line_heading_level(
                text[lines[following][0] : lines[following][1]]
            ):
                break
            last = following
        out.append((lines[n][0], lines[last][1]))
        n = last + 1
    return out


def outline(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order, each knowing its section path."""
    lines = [(s, e, line_heading_level(text[s:e])) for s, e in line_spans(text)]
    # A speech (a 第N篇 part of a collection) whose body has headings starts its body at the first.
    body_starts: dict[int, int] = {}
    speech = 0
    for index, (_, _, heading) in enumerate(lines):
        if heading and heading[0] == 0:
            speech += 1
        elif heading and heading[0] in BODY_LEVELS:
            body_starts.setdefault(speech, index)

    out: list[Sentence] = []
    stack: list[tuple[int, str]] = []
    speech = 0
    for index, (ls, le, heading) in enumerate(lines):
        if heading and heading[0] == 0:
            speech += 1
            stack = []
        rhetoric = text.startswith(RHETORIC_PARAGRAPH_OPENINGS, ls)
        intro = index < body_starts.get(speech, -1)
        spans = _join_parallel(text, split_sentences(text, ls, le))
        for n, (s, e) in enumerate(spans):
            level, is_heading, enumerated = None, False, False
            more = n + 1 < len(spans)
            if n == 0 and heading:
                level, is_heading = heading[0], True
                body = text[s + heading[1] : e]
                if level in ITEM_LEVELS:
                    enumerated = True
                    is_heading = more and visible_length(body) <= INLINE_HEADING_MAX_CHARS
                elif level and _reads_as_item(body, more=more):
                    # "一、各责任单位要……，并于1月15日前将工作方案报区政府办。": a whole directive
                    enumerated, is_heading = True, False
                if not is_heading:
                    s += heading[1]  # the quote starts after "（一）"
                    s, e = strip_span(text, s, e)
            elif more and _is_topic_sentence(text, s, e, first=n == 0):
                level, is_heading = 5, True
            else:
                m = _INLINE.match(text, s, e) or _COLON_ENUMERATOR.search(text, s, e)
                if m:
                    level, enumerated = 5, True
                    body = text[m.end() : e]
                    is_heading = visible_length(body) <= INLINE_HEADING_MAX_CHARS and not any(
                        ch in CLAUSE_BREAKS for ch in body
                    )
            if level is not None:
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, heading_text(text[s:e])))
            path = tuple(t for _, t in stack)
            scope = (speech, tuple(t for lv, t in stack if lv < 5))
            out.append(Sentence(s, e, index, path, scope, is_heading, enumerated, intro, rhetoric))
    return out
