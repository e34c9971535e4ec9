"""The extraction result: one frozen record per directive, shaped like the extract_tasks JSON."""

from dataclasses import dataclass
from datetime import date

SOURCE_KINDS = {
    "sentence": "原句",
    "heading": "标题",
    "table": "表格列",
    "phase": "实施阶段",
    "addressee": "主送单位",
    "lead_in": "引导语",
    "context": "上文",
}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a directive's units or deadline were read: a SOURCE_KINDS key and the words."""

    kind: str
    text: str

    @property
    def label(self) -> str:
        return SOURCE_KINDS[self.kind]

    def as_json_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Directive:
    """One trackable instruction; ``text[start:end] == quote`` in the text it came from."""

    quote: str
    start: int
    end: int
    task: str
    units: tuple[str, ...]
    deadline_text: str
    deadline: date | None
    recurrence: str | None
    target: str | None
    confidence: float
    section_path: tuple[str, ...] = ()
    units_source: Provenance | None = None
    deadline_source: Provenance | None = None

    def as_json_dict(self) -> dict:
        """The fields of the eval README, JSON-ready (deadline as ISO date or None)."""
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "task": self.task,
            "units": list(self.units),
            "deadline_text": self.deadline_text,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "recurrence": self.recurrence,
            "target": self.target,
            "confidence": self.confidence,
            "section": " / ".join(self.section_path),
            "units_source": self.units_source.as_json_dict() if self.units_source else None,
            "deadline_source": (
                self.deadline_source.as_json_dict() if self.deadline_source else None
            ),
        }
