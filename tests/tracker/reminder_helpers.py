"""Building blocks shared by the reminder tests: open assignments created long before today."""

from datetime import UTC, date, datetime

from directory.models import User
from tests.factories import AssignmentFactory, TaskFactory
from tracker.models import Assignment, Notification

LONG_AGO = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 08:00 in Asia/Shanghai


def open_assignment(unit, due_on: date, *, title: str = "完成村级活动场所建设", **kwargs):
    # An admin: tasks' authors must not show up among the supervisors who get escalations.
    author, _ = User.objects.get_or_create(username="task_author", defaults={"role": "admin"})
    task = TaskFactory(title=title, due_on=due_on, created_at=LONG_AGO, created_by=author)
    kwargs.setdefault("status", Assignment.Status.PENDING)
    return AssignmentFactory(
        task=task, unit=unit, due_on=due_on, created_at=LONG_AGO, updated_at=LONG_AGO, **kwargs
    )


def sent(**filters) -> list[tuple]:
    """(assignment, recipient username, kind, for_date, channel) of every notification."""
    return sorted(
        Notification.objects.filter(**filters).values_list(
            "assignment_id", "recipient__username", "kind", "for_date", "channel"
        )
    )
