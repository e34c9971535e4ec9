"""Document kinds a supervision office tracks, and a first guess of a text's kind.

The kind is detected at import, stored on the Speech, editable by the reviewer and passed to
``extract(kind=...)`` so the pipeline can apply the rules of the genre.
"""

import re
from enum import StrEnum

from .data.kind_rules import (
    NEWS_LEDE,
    SPEECH_SALUTATION,
    TITLE_BLOCK_END,
    TITLE_BLOCK_MAX_LINES,
    TITLE_NOISE,
    TITLE_RULES,
)


class DocumentKind(StrEnum):
    SPEECH = "speech"
    MEETING_REPORT = "meeting-report"
    MINUTES = "minutes"
    NOTICE = "notice"
    PLAN = "plan"
    TASK_BREAKDOWN = "task-breakdown"
    WORK_REPORT = "work-report"
    SUPERVISION_REPORT = "supervision-report"
    INSTRUCTION = "instruction"
    SUMMARY = "summary"


KIND_LABELS = {
    DocumentKind.SPEECH: "讲话",
    DocumentKind.MEETING_REPORT: "会议报道",
    DocumentKind.MINUTES: "会议纪要",
    DocumentKind.NOTICE: "通知",
    DocumentKind.PLAN: "方案",
    DocumentKind.TASK_BREAKDOWN: "任务分解",
    DocumentKind.WORK_REPORT: "政府工作报告",
    DocumentKind.SUPERVISION_REPORT: "督查通报",
    DocumentKind.INSTRUCTION: "批示",
    DocumentKind.SUMMARY: "总结",
}

_TITLE_RULES = tuple((DocumentKind(kind), re.compile(p)) for kind, p in TITLE_RULES)
_NOISE = re.compile("|".join(TITLE_NOISE))
_BLOCK_END = re.compile(TITLE_BLOCK_END)
_SALUTATION = re.compile(SPEECH_SALUTATION)
_NEWS_LEDE = re.compile(NEWS_LEDE, re.MULTILINE)
_SPACE = re.compile(r"\s+")
_BODY_LINE_CHARS = 60  # a line this long that ends a sentence is body text, not title


def title_block(text: str) -> str:
    """The opening lines that name the document, white space removed."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = _SPACE.sub("", raw)
        if not line or _NOISE.search(line):
            continue
        if _BLOCK_END.search(line) or (len(line) > _BODY_LINE_CHARS and line[-1] in "。；"):
            break
        lines.append(line)
        if len(lines) == TITLE_BLOCK_MAX_LINES:
            break
    return "\n".join(lines)


def detect_kind(text: str) -> DocumentKind:
    """The document kind read from its title block; a speech when nothing says otherwise."""
    title = title_block(text)
    for kind, pattern in _TITLE_RULES:
        if pattern.search(title):
            return kind
    opening = "\n".join(text.splitlines()[:20])
    if _SALUTATION.search(opening):
        return DocumentKind.SPEECH
    if _NEWS_LEDE.search(opening):
        return DocumentKind.MEETING_REPORT
    return DocumentKind.SPEECH
