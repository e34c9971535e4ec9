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
    task: Task | None = None,
    kind: HistoryEntry.Kind,
    actor: User,
    at: datetime,
    assignment: Assignment | None = None,
    old: object = "",
    new: object = "",
    note: str = "",
) -> HistoryEntry:
    """Store one timeline entry; dates are kept as ISO text so the timeline can format them.
    Without ``task`` the entry is on the assignment's task (read or not)."""
    return HistoryEntry.objects.create(
        task_id=task.pk if task is not None else assignment.task_id,
        assignment=assignment,
        kind=kind,
        old_value=_text(old),
        new_value=_text(new),
        note=note,
        actor=actor,
        at=at,
    )
