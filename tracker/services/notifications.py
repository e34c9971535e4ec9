"""In-app notifications: reading them. Each user only ever touches their own."""

from datetime import datetime

from directory.models import User
from tracker.models import Notification


def _own_unread(user: User):
    return Notification.objects.filter(
        recipient=user, channel=Notification.Channel.IN_APP, sent_at__isnull=False, read_at=None
    )


def mark_read(*, user: User, notification_id: int, now: datetime) -> bool:
    """Mark one of ``user``'s notifications read; reading it again changes nothing."""
    return bool(_own_unread(user).filter(pk=notification_id).update(read_at=now))


def mark_all_read(*, user: User, now: datetime) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    return _own_unread(user).update(read_at=now)
