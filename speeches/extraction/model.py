"""The extraction result: one frozen record per directive, shaped like the extract_tasks JSON."""

from dataclasses import dataclass
from datetime import date


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
        }
