"""Ledger export jobs: a request records a ``LedgerExport`` and queues it; the worker builds it.

An .xlsx is a zip that is only complete once closed, so it cannot be streamed to the browser
while it is being built, and 30,000 rows take seconds: the request records the export and
returns, the Celery worker writes the rows (reporting progress) into private storage, and the
download view hands the file only to the user who asked for it.
"""

import logging
from datetime import date, datetime, timedelta
from tempfile import TemporaryFile

from django.core.files import File
from django.db import IntegrityError, OperationalError, transaction
from django.http import QueryDict

from config.celery import enqueue_on_commit
from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker.filters import AssignmentFilters
from tracker.models import LedgerExport
from tracker.services.dates import chinese_date
from tracker.services.ledger.excel import sheet_title, write_ledger
from tracker.services.ledger.rows import ledger_assignments, ledger_rows

logger = logging.getLogger(__name__)

BUILD_TASK = "tracker.tasks.build_ledger_export"
BUILD_FAILED = "生成台账时出错，请重试或联系管理员"
KEEP_EXPORTS_DAYS = 7
STUCK_AFTER = timedelta(minutes=2)
ABANDONED_AFTER = timedelta(minutes=30)


def export_title(*, unit: Unit | None, filters: AssignmentFilters, as_of: date) -> str:
    what = f"{unit.name}任务台账" if unit is not None else "任务台账"
    note = "（已筛选）" if filters.is_active else ""
    return f"{what}{note}　统计日期：{chinese_date(as_of)}"


def export_filename(export: LedgerExport) -> str:
    unit = export.unit.display_name if export.unit_id else ""
    return f"{unit}任务台账_{export.as_of:%Y%m%d}.xlsx"


def request_export(
    *, user: User, filters: AssignmentFilters, now: datetime, today: date, unit: Unit | None = None
) -> LedgerExport:
    """Record an export of what ``user`` may see and queue its build once committed; while
    one of the user's exports is still queued or being built, that one is returned instead."""
    policy.require(user, Action.EXPORT_LEDGER, unit)
    prune_exports(user=user, now=now)
    running = unfinished_export(user)
    if running is not None:
        return running
    try:
        with transaction.atomic():
            export = LedgerExport.objects.create(
                requested_by=user,
                unit=unit,
                query=filters.as_querystring()[:500],
                as_of=today,
                created_at=now,
            )
            enqueue_on_commit(BUILD_TASK, export_id=export.pk)
    except IntegrityError:  # a simultaneous request won: the unique key holds one per user
        return unfinished_export(user) or LedgerExport.objects.filter(requested_by=user).first()
    return export


def unfinished_export(user: User) -> LedgerExport | None:
    """The user's export that is queued or being built, if any (at most one: unique key)."""
    return LedgerExport.objects.filter(
        requested_by=user, status__in=(LedgerExport.Status.QUEUED, LedgerExport.Status.RUNNING)
    ).first()


def prune_exports(*, user: User, now: datetime) -> int:
    """Delete the user's exports (rows and files) older than KEEP_EXPORTS_DAYS."""
    old = list(
        LedgerExport.objects.filter(
            requested_by=user, created_at__lt=now - timedelta(days=KEEP_EXPORTS_DAYS)
        )
    )
    for export in old:
        if export.file:
            export.file.delete(save=False)
        export.delete()
    return len(old)


def may_retry(export: LedgerExport, *, now: datetime) -> bool:
    """Failed, or queued so long that its broker message must have been lost."""
    if export.status == LedgerExport.Status.FAILED:
        return True
    return export.status == LedgerExport.Status.QUEUED and now - export.created_at > STUCK_AFTER


@transaction.atomic
def retry_export(*, export: LedgerExport, user: User, now: datetime) -> LedgerExport:
    """Queue a failed or stuck export again (a lost broker message leaves it queued)."""
    export = LedgerExport.objects.select_for_update().get(pk=export.pk, requested_by=user)
    if not may_retry(export, now=now):
        return export
    running = unfinished_export(user)
    if running is not None and running.pk != export.pk:
        return running  # one export in the works per user
    export.status = LedgerExport.Status.QUEUED
    export.error = ""
    export.done_rows = 0
    export.created_at = now
    export.save(update_fields=["status", "error", "done_rows", "created_at"])
    enqueue_on_commit(BUILD_TASK, export_id=export.pk)
    return export


def fail_abandoned_exports(*, now: datetime) -> int:
    """Mark failed (so the retry button shows) every export still 生成中 long after it was
    asked for: its build died without recording why. Builds take seconds, not half an hour."""
    return LedgerExport.objects.filter(
        status=LedgerExport.Status.RUNNING, created_at__lt=now - ABANDONED_AFTER
    ).update(status=LedgerExport.Status.FAILED, error=BUILD_FAILED, finished_at=now)


def requeue_unstarted_exports(*, now: datetime) -> int:
    """Queue again every export still waiting after STUCK_AFTER (its message was lost: the
    broker was down), as the retry button would."""
    stuck = LedgerExport.objects.filter(
        status=LedgerExport.Status.QUEUED, created_at__lt=now - STUCK_AFTER
    ).values_list("pk", flat=True)
    ids = list(stuck)
    with transaction.atomic():
        LedgerExport.objects.filter(pk__in=ids, status=LedgerExport.Status.QUEUED).update(
            created_at=now
        )
        for export_id in ids:
            enqueue_on_commit(BUILD_TASK, export_id=export_id)
    return len(ids)


def build_export(*, export_id: int, now: datetime) -> LedgerExport | None:
    """Build the export's file once; a finished export is left as it is, a redelivered one
    (worker lost mid-way) is rebuilt from scratch."""
    claimed = LedgerExport.objects.filter(
        pk=export_id, status__in=(LedgerExport.Status.QUEUED, LedgerExport.Status.RUNNING)
    ).update(status=LedgerExport.Status.RUNNING, done_rows=0)
    export = (
        LedgerExport.objects.select_related("requested_by", "unit").filter(pk=export_id).first()
    )
    if export is None:
        logger.warning("ledger export %s no longer exists", export_id)
        return None
    if not claimed:
        return export
    filters = AssignmentFilters.from_querydict(QueryDict(export.query))
    assignments = ledger_assignments(
        user=export.requested_by, filters=filters, today=export.as_of, unit=export.unit
    )
    total = assignments.count()
    LedgerExport.objects.filter(pk=export_id).update(total_rows=total)

    def progress(done: int) -> None:
        LedgerExport.objects.filter(pk=export_id).update(done_rows=done)

    try:
        with TemporaryFile() as tmp:
            written = write_ledger(
                rows=ledger_rows(assignments, today=export.as_of),
                out=tmp,
                title=export_title(unit=export.unit, filters=filters, as_of=export.as_of),
                sheet_name=sheet_title(export.unit),
                on_progress=progress,
            )
            tmp.seek(0)
            export.file.save(f"ledger-{export.pk}.xlsx", File(tmp), save=False)
    except OperationalError:
        raise  # the database went away: the task retries, and RUNNING is claimable again
    except Exception:
        logger.exception("ledger export %s failed", export_id)
        LedgerExport.objects.filter(pk=export_id).update(
            status=LedgerExport.Status.FAILED, error=BUILD_FAILED, finished_at=now
        )
        export.refresh_from_db()
        return export
    LedgerExport.objects.filter(pk=export_id).update(
        status=LedgerExport.Status.DONE,
        file=export.file.name,
        total_rows=written,
        done_rows=written,
        finished_at=now,
    )
    export.refresh_from_db()
    return export
