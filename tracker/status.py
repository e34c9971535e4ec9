"""The status vocabulary of the work: open, completed, overdue, due soon, and the unit page's
groups. One home for what the dashboard, the filters, the ledger, the calendar feeds, the
reminders and the unit page call by these names. Overdue and due soon are derived from the
date, never stored.
"""

from datetime import date, timedelta

from django.db.models import Q, TextChoices


class Status(TextChoices):
    """Where one unit's share of a task stands (Assignment.Status)."""

    PENDING = "pending", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成（待审核）"
    CLOSED = "closed", "已销号"


OPEN = (Status.PENDING, Status.IN_PROGRESS)
COMPLETED = (Status.DONE, Status.CLOSED)
# "Due soon": open and due within this many days (the dashboard's amber light, the unit page).
DUE_SOON_DAYS = 7


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Not yet completed and past the due date."""
    return due_on is not None and due_on < today and status in OPEN


def is_due_soon(status: str, due_on: date | None, today: date) -> bool:
    """Open and due from today to DUE_SOON_DAYS ahead."""
    return (
        due_on is not None
        and status in OPEN
        and today <= due_on <= today + timedelta(days=DUE_SOON_DAYS)
    )


def overdue_q(today: date, prefix: str = "") -> Q:
    """``is_overdue`` in SQL; ``prefix`` reaches the assignment through a relation."""
    return Q(**{f"{prefix}status__in": OPEN, f"{prefix}due_on__lt": today})


def due_soon_q(today: date, prefix: str = "") -> Q:
    """``is_due_soon`` in SQL."""
    return Q(
        **{
            f"{prefix}status__in": OPEN,
            f"{prefix}due_on__gte": today,
            f"{prefix}due_on__lte": today + timedelta(days=DUE_SOON_DAYS),
        }
    )


# Groups on the unit page, in the order a unit works through them.
GROUP_OVERDUE = "overdue"
GROUP_THIS_WEEK = "this_week"
GROUP_LATER = "later"
GROUP_NO_DUE = "no_due"
GROUP_DONE = "done"
GROUP_CLOSED = "closed"
GROUP_LABELS = {
    GROUP_OVERDUE: "已逾期",
    GROUP_THIS_WEEK: f"{DUE_SOON_DAYS} 天内到期",
    GROUP_LATER: "以后到期",
    GROUP_NO_DUE: "未设时限",
    GROUP_DONE: "已完成，待销号",
    GROUP_CLOSED: "已销号",
}


def group_key(status: str, due_on: date | None, today: date) -> str:
    """Which unit-page group a row of this status and due date falls in on ``today``."""
    if status == Status.CLOSED:
        return GROUP_CLOSED
    if status == Status.DONE:
        return GROUP_DONE
    if due_on is None:
        return GROUP_NO_DUE
    if due_on < today:
        return GROUP_OVERDUE
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return GROUP_THIS_WEEK
    return GROUP_LATER
