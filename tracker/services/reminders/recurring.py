"""Recurring tasks (每月 / 每季度 / 每半年 / 每年 / 每两年 …): the next period's assignment."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef

from lib.recurrence import BIENNIAL, RECURRENCES
from tracker.models import Assignment, HistoryEntry
from tracker.services import periods

GENERATED_NOTE = "按周期自动生成第{period}期"


def _lead_days(period: periods.Period) -> int:
    # A week ahead would chain weekly periods forward; never run more than half a period ahead.
    return min(settings.LUOSHI_RECURRING_LEAD_DAYS, (period.end - period.start).days // 2 + 1)


def next_assignment_due(
    *, recurrence: str, period_start: date, today: date
) -> periods.Period | None:
    """The next period when it is time to create it (pure), else None."""
    current = periods.period_containing(recurrence, period_start)
    if recurrence == BIENNIAL:
        current = periods.Period(period_start, date(period_start.year + 1, 12, 31))
    following = periods.next_period(recurrence, current)
    if today < following.start - timedelta(days=_lead_days(current)):
        return None
    return following


@transaction.atomic
def generate_next_periods(*, today: date, now: datetime) -> int:
    """Create each recurring assignment's next period once, before the current one ends.

    The unique (task, unit, period) key makes a second run or a racing worker a no-op.
    """
    latest = (
        Assignment.objects.filter(
            task__recurrence__in=RECURRENCES,
            period_start__isnull=False,
            unit__is_active=True,
        )
        .exclude(
            Exists(
                Assignment.objects.filter(
                    task=OuterRef("task"), unit=OuterRef("unit"), period=OuterRef("period") + 1
                )
            )
        )
        .annotate(recurrence=F("task__recurrence"))
        .values_list("pk", "task_id", "unit_id", "role", "period", "period_start", "recurrence")
    )
    new = []
    for _pk, task_id, unit_id, role, period, period_start, recurrence in latest:
        following = next_assignment_due(
            recurrence=recurrence, period_start=period_start, today=today
        )
        if following is None:
            continue
        new.append(
            Assignment(
                task_id=task_id,
                unit_id=unit_id,
                role=role,
                period=period + 1,
                period_start=following.start,
                due_on=following.end,
                status=Assignment.Status.PENDING,
                created_at=now,
                updated_at=now,
            )
        )
    Assignment.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        Assignment.objects.filter(created_at=now, period__gt=1)
        .select_related("task")
        .only("pk", "task_id", "period", "due_on", "task__created_by_id")
    )
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            task_id=assignment.task_id,
            assignment=assignment,
            kind=HistoryEntry.Kind.CREATED,
            new_value=assignment.due_on.isoformat(),
            note=GENERATED_NOTE.format(period=assignment.period),
            actor_id=assignment.task.created_by_id,
            at=now,
        )
        for assignment in created
    )
    return len(created)
