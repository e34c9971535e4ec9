"""Document kinds a supervision office tracks, and a first guess of a text's kind.

The kind is detected at import, stored on the Speech, editable by the reviewer and passed to
``extract(kind=...)`` so the pipeline can apply the rules of the genre.
"""

import re
from enum import StrEnum


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

# Title words, most specific first: the first that appears in the opening lines decides.
_TITLE_RULES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    (DocumentKind.TASK_BREAKDOWN, re.compile(r"任务分解|责任分工|分工方案|任务清单|台账")),
    (DocumentKind.SUPERVISION_REPORT, re.compile(r"督查(情况)?通报|督办通报|通报")),
    (DocumentKind.MINUTES, re.compile(r"纪要")),
    (DocumentKind.WORK_REPORT, re.compile(r"政府工作报告|工作报告")),
    (DocumentKind.INSTRUCTION, re.compile(r"批示")),
    (DocumentKind.SUMMARY, re.compile(r"述职|总结")),
    (DocumentKind.PLAN, re.compile(r"方案|规划|计划|意见|要点")),
    (DocumentKind.NOTICE, re.compile(r"通知|函")),
    (DocumentKind.SPEECH, re.compile(r"讲话|致辞|发言|报告会")),
    (DocumentKind.MEETING_REPORT, re.compile(r"召开|会议|座谈会|推进会")),
)
_OPENING_LINES = 6


def detect_kind(text: str) -> DocumentKind:
    """The document kind read from its opening lines; a speech when nothing says otherwise."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_OPENING_LINES]
    opening = "\n".join(lines)
    for kind, pattern in _TITLE_RULES:
        if pattern.search(opening):
            return kind
    return DocumentKind.SPEECH
