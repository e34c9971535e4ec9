"""Email delivery of notification rows, each at most once per successful send.

A row is claimed and marked sent in the transaction that hands it to SMTP: a worker killed
before the commit leaves the row unsent and a later pass sends it (with the same Message-ID,
so a mail server that already accepted it can drop the copy); a concurrent pass skips rows
another worker holds. A failed send keeps its reason and is retried up to the attempt limit.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F

from tracker.models import Notification

logger = logging.getLogger(__name__)

MESSAGE_ID_DOMAIN = "luoshi.local"
FAILURE_LIMIT = 1000


def message_id(notification_id: int) -> str:
    return f"<notification-{notification_id}@{MESSAGE_ID_DOMAIN}>"


def pending_email_ids(*, max_attempts: int) -> list[int]:
    return list(
        Notification.objects.filter(
            channel=Notification.Channel.EMAIL, sent_at=None, attempts__lt=max_attempts
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def deliver_pending_email(*, now: datetime, max_attempts: int | None = None) -> int:
    """Send every unsent email notification once; returns how many were sent by this call."""
    max_attempts = max_attempts or settings.LUOSHI_EMAIL_MAX_ATTEMPTS
    ids = pending_email_ids(max_attempts=max_attempts)
    if not ids:
        return 0
    sent = 0
    connection = get_connection(fail_silently=False)
    try:
        for notification_id in ids:
            sent += _deliver_one(notification_id, now=now, connection=connection)
    finally:
        try:
            connection.close()
        except Exception:  # a broken SMTP session must not hide the outcome already stored
            logger.warning("closing the email connection failed", exc_info=True)
    return sent


def _deliver_one(notification_id: int, *, now: datetime, connection) -> int:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, sent_at=None)
            .first()
        )
        if notification is None:  # sent by an earlier pass, or another worker holds it now
            return 0
        # Compare-and-set: the claim and the outcome commit together with the send.
        claimed = Notification.objects.filter(pk=notification_id, sent_at=None).update(
            sent_at=now, attempts=F("attempts") + 1, failure_reason=""
        )
        if not claimed:
            return 0
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
            headers={"Message-ID": message_id(notification_id)},
            connection=connection,
        )
        try:
            if not notification.recipient.email:
                raise ValueError("接收人未登记电子邮箱")
            message.send()
        except Exception as exc:  # SMTP, DNS and socket errors alike: keep the reason, retry later
            reason = f"{type(exc).__name__}: {exc}"[:FAILURE_LIMIT]
            logger.warning("email notification %s failed: %s", notification_id, reason)
            Notification.objects.filter(pk=notification_id).update(
                sent_at=None, failure_reason=reason
            )
            try:
                connection.close()  # the next message opens a fresh session
            except Exception:
                logger.debug("closing a failed email connection", exc_info=True)
            return 0
        return 1
