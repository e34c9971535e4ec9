"""Telling people about an issued document or a 批示: in-app at once, email by the worker."""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from config.celery import enqueue_on_commit
from directory.models import User
from tracker.models import Assignment, Notification

DELIVER_TASK = "tracker.tasks.deliver_notifications"


def unit_members(unit_ids: Iterable[int], *, roles=User.UNIT_ROLES):
    """The active members of the units, in the given unit roles."""
    return User.objects.filter(unit_id__in=list(unit_ids), role__in=roles, is_active=True)


def notify(
    recipients: Iterable[User],
    *,
    kind: str,
    subject: str,
    body: str,
    now: datetime,
    event: str,
    assignment: Assignment | None = None,
) -> None:
    """One in-app row per person (and an email row for those with an address), once per
    person, assignment and ``event`` (``Notification.event_of`` the issued document or 批示)."""
    rows = []
    common = {
        "assignment": assignment,
        "kind": kind,
        "for_date": timezone.localdate(now),
        "subject": subject[:200],
        "body": body,
        "created_at": now,
        "event": event,
    }
    for user in recipients:
        rows.append(
            Notification(recipient=user, channel=Notification.Channel.IN_APP, sent_at=now, **common)
        )
        if user.email and settings.LUOSHI_REMINDER_EMAIL:
            rows.append(Notification(recipient=user, channel=Notification.Channel.EMAIL, **common))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(row.channel == Notification.Channel.EMAIL for row in rows):
        enqueue_on_commit(DELIVER_TASK)
