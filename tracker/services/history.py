"""Recording the timeline: every change of a task or assignment says who, when, from and to."""

from datetime import date, datetime

from directory.models import User
from tracker.models import Assignment, HistoryEntry, Task


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record(
    *,
    task: Task,
    kind: HistoryEntry.Kind,
    actor: User,
    at: datetime,
    assignment: Assignment | None = None,
    old: object = "",
    new: object = "",
    note: str = "",
) -> HistoryEntry:
    """Store one timeline entry; dates are kept as ISO text so the timeline can format them."""
    return HistoryEntry.objects.create(
        task=task,
        assignment=assignment,
        kind=kind,
        old_value=_text(old),
        new_value=_text(new),
        note=note,
        actor=actor,
        at=at,
    )
