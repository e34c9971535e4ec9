"""Celery tasks: ids and ISO dates in, one service call, retries in the decorator.

Every task is idempotent because the database says so (unique keys, compare-and-set), so a
retried task, a duplicated beat tick or a message redelivered after a worker died is harmless.
"""

import logging
from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


def _day(iso: str | None) -> date:
    return date.fromisoformat(iso) if iso else timezone.localdate()


@shared_task(**RETRY)
def scan_deadlines(today: str | None = None) -> dict[str, int]:
    """Create the reminders due today (catching up missed days) and send their emails."""
    from tracker.services import reminders  # services may enqueue tasks: keep imports one-way

    result = reminders.scan_deadlines(today=_day(today), now=timezone.now())
    logger.info(
        "deadline scan %s: %s; emails %s", result.today, result.by_kind(), result.emails_sent
    )
    return result.by_kind()


@shared_task(**RETRY)
def deliver_notifications() -> int:
    """Retry email notifications that are still unsent (bounded attempts)."""
    from tracker.services import reminders

    return reminders.deliver_pending_email(now=timezone.now())


@shared_task(**RETRY)
def watch_reminders() -> bool:
    """Every quarter hour: run today's scan if its beat tick was lost, else retry unsent email."""
    from tracker.services.reminders import scan

    result = scan.scan_if_missed(now=timezone.now(), scan_hour=scan.scheduled_scan_hour())
    return result is not None


@shared_task(**RETRY)
def send_weekly_digests(today: str | None = None) -> int:
    """The week's summary for every unit and supervisor, once per week."""
    from tracker.services.reminders import digest

    return digest.send_weekly_digests(today=_day(today), now=timezone.now())


@shared_task(**RETRY)
def generate_recurring_assignments(today: str | None = None) -> int:
    """Create the next period's assignments of recurring tasks before the current one ends."""
    from tracker.services.reminders import recurring

    return recurring.generate_next_periods(today=_day(today), now=timezone.now())


# --- Excel ledger export ---------------------------------------------------------------


@shared_task(**RETRY)
def build_ledger_export(export_id: int) -> int:
    """Build one requested ledger file; returns the rows written (0 when nothing was built)."""
    from tracker.services import ledger

    export = ledger.build_export(export_id=export_id, now=timezone.now())
    return export.done_rows if export is not None else 0


# --- 督查通报 ---------------------------------------------------------------------------


@shared_task(**RETRY)
def build_bulletin(bulletin_id: int) -> str:
    """Draft one requested bulletin; returns its status."""
    from tracker.services.documents import bulletins

    bulletin = bulletins.build_bulletin(bulletin_id=bulletin_id, now=timezone.now())
    return bulletin.status if bulletin is not None else "missing"


@shared_task(**RETRY)
def draft_weekly_bulletin(today: str | None = None) -> int:
    """The beat's weekly draft: last week's bulletin, once per week (the supervisor issues it)."""
    from tracker.services import assessment
    from tracker.services.documents import bulletins

    period = assessment.previous_period(assessment.WEEK, _day(today))
    bulletin = bulletins.request_bulletin(
        user=None, start=period.start, end=period.end, label=period.label,
        now=timezone.now(), scheduled=True,
    )  # fmt: skip
    return bulletin.pk


@shared_task(**RETRY)
def requeue_unstarted_work() -> dict[str, int]:
    """Every ten minutes: queue again the work accepted while the broker was down and never
    started (uploads to read, speech extraction, ledger exports, bulletin drafts)."""
    from speeches.services.imports import requeue_unstarted_extractions
    from speeches.services.uploads import sweep_stuck_uploads
    from tracker.services import ledger
    from tracker.services.documents import bulletins

    now = timezone.now()
    counts = {
        "extractions": requeue_unstarted_extractions(now=now),
        "exports": ledger.requeue_unstarted_exports(now=now),
        "abandoned_exports": ledger.fail_abandoned_exports(now=now),
        "bulletins": bulletins.requeue_unstarted_bulletins(now=now),
        "abandoned_bulletins": bulletins.fail_abandoned_bulletins(now=now),
        "uploads": sweep_stuck_uploads(now=now),
    }
    if any(counts.values()):
        logger.info("re-queued unstarted work: %s", counts)
    return counts
