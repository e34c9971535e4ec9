"""Read side of 考核 and 通报: what each unit did in a period, as ``scores.UnitFigures``.

A period is a closed date range [start, end]; figures are taken "as of" its end (or today, for a
period that has not ended yet). An assignment belongs to the period when it existed by its end
and was not finished before it began. Completion is ``completed_at`` (or ``closed_at``), read in
local time; an item finished after the period's end was still open at the end.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from directory.models import Unit
from tracker.models import Assignment, HistoryEntry, Instruction, ProgressReport
from tracker.services import report_clock
from tracker.services.scores import UnitFigures

KIND_ORDER = {kind: index for index, kind in enumerate(Unit.Kind.values)}


@dataclass(frozen=True, slots=True)
class Scope:
    start: date
    end: date
    today: date
    speech_id: int | None = None
    unit_kind: str = ""

    @property
    def as_of(self) -> date:
        return min(self.end, self.today)

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes: [start 00:00, end+1 00:00) local time."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


@dataclass(frozen=True, slots=True)
class OverdueItem:
    unit_id: int
    unit_name: str
    unit_kind: str
    task_title: str
    due_on: date
    days: int


def _finished_at(assignment: Assignment) -> datetime | None:
    return assignment.completed_at or assignment.closed_at


def period_assignments(scope: Scope) -> QuerySet:
    """The assignments a period's figures are made of (active units only)."""
    start, end = scope.bounds()
    assignments = Assignment.objects.filter(unit__is_active=True, created_at__lt=end).exclude(
        Q(completed_at__lt=start) | Q(completed_at__isnull=True, closed_at__lt=start)
    )
    if scope.speech_id:
        assignments = assignments.filter(task__speech_id=scope.speech_id)
    if scope.unit_kind:
        assignments = assignments.filter(unit__kind=scope.unit_kind)
    # Only the columns the figures read: a task's quote and provenance are long.
    return assignments.select_related("unit", "task").only(
        "unit_id", "task_id", "due_on", "status", "created_at", "completed_at", "closed_at",
        "unit__name", "unit__kind", "unit__sort_order", "task__title", "task__report_cadence",
    )  # fmt: skip


def _history_counts(scope: Scope, kind: str) -> dict[int, int]:
    start, end = scope.bounds()
    entries = HistoryEntry.objects.filter(
        kind=kind, at__gte=start, at__lt=end, assignment__isnull=False
    )
    if scope.speech_id:
        entries = entries.filter(task__speech_id=scope.speech_id)
    if scope.unit_kind:
        entries = entries.filter(assignment__unit__kind=scope.unit_kind)
    rows = entries.values("assignment__unit_id").annotate(n=Count("pk"))
    return {row["assignment__unit_id"]: row["n"] for row in rows}


@dataclass
class _Tally:
    unit: Unit
    total: int = 0
    due: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    overdue_days: int = 0
    reports_due: int = 0
    reports_on_time: int = 0
    reports_late: int = 0


def report_deadlines(cadence: str, *, start: date, end: date) -> list[date]:
    """The cadence's report deadlines that fall within [start, end]."""
    deadlines = []
    deadline = report_clock.deadline_on_or_after(cadence, start)
    while deadline <= end:
        deadlines.append(deadline)
        deadline = report_clock.deadline_on_or_after(cadence, deadline + timedelta(days=1))
    return deadlines


def _tally_reports(scope: Scope, assignments: list[Assignment], tallies: dict) -> None:
    """报送: every report deadline of the period an assignment owed a report for, on time
    (a report in that deadline's window) or late (none by the deadline, once it has passed)."""
    with_cadence = [a for a in assignments if a.task.report_cadence]
    if not with_cadence:
        return
    report_days = defaultdict(list)
    rows = ProgressReport.objects.filter(assignment__in=[a.pk for a in with_cadence]).values_list(
        "assignment_id", "created_at"
    )
    for assignment_id, created_at in rows:
        report_days[assignment_id].append(timezone.localdate(created_at))
    as_of = scope.as_of
    for assignment in with_cadence:
        cadence = assignment.task.report_cadence
        assigned_on = timezone.localdate(assignment.created_at)
        finished = _finished_at(assignment)
        finished_on = timezone.localdate(finished) if finished else None
        tally = tallies[assignment.unit_id]
        for deadline in report_deadlines(cadence, start=scope.start, end=as_of):
            if deadline <= assigned_on or (finished_on is not None and finished_on <= deadline):
                continue  # not yet assigned, or already finished: no report owed
            window_start = report_clock.previous_deadline(cadence, deadline)
            if any(window_start < day <= deadline for day in report_days[assignment.pk]):
                tally.reports_due += 1
                tally.reports_on_time += 1
            elif deadline < as_of:
                tally.reports_due += 1
                tally.reports_late += 1


def unit_figures(
    scope: Scope, *, on_progress: Callable[[int, int], None] | None = None
) -> tuple[list[UnitFigures], list[OverdueItem]]:
    """Each unit's figures for the period, and the items still overdue at its end."""
    as_of = scope.as_of
    tallies: dict[int, _Tally] = {}
    overdue_items: list[OverdueItem] = []
    assignments = list(period_assignments(scope).order_by("unit_id", "pk"))
    for index, assignment in enumerate(assignments, start=1):
        tally = tallies.get(assignment.unit_id) or tallies.setdefault(
            assignment.unit_id, _Tally(unit=assignment.unit)
        )
        tally.total += 1
        finished = _finished_at(assignment)
        finished_on = timezone.localdate(finished) if finished else None
        done_in_period = finished_on is not None and scope.start <= finished_on <= as_of
        due_on = assignment.due_on
        if done_in_period or (due_on is not None and due_on <= as_of):
            tally.due += 1
        if done_in_period:
            if due_on is None or finished_on <= due_on:
                tally.done_on_time += 1
            else:
                tally.done_late += 1
                tally.overdue_days += (finished_on - due_on).days
        elif due_on is not None and due_on < as_of:
            tally.overdue += 1
            days = (as_of - due_on).days
            tally.overdue_days += days
            overdue_items.append(
                OverdueItem(
                    unit_id=assignment.unit_id,
                    unit_name=assignment.unit.name,
                    unit_kind=assignment.unit.kind,
                    task_title=assignment.task.title,
                    due_on=due_on,
                    days=days,
                )
            )
        if on_progress is not None and (index % 200 == 0 or index == len(assignments)):
            on_progress(index, len(assignments))
    _tally_reports(scope, assignments, tallies)
    urges = _history_counts(scope, HistoryEntry.Kind.URGED)
    returns = _history_counts(scope, HistoryEntry.Kind.RETURNED)
    figures = [
        UnitFigures(
            unit_id=unit_id,
            unit_name=tally.unit.name,
            unit_kind=tally.unit.kind,
            total=tally.total,
            due=tally.due,
            done_on_time=tally.done_on_time,
            done_late=tally.done_late,
            overdue=tally.overdue,
            overdue_days=tally.overdue_days,
            reports_due=tally.reports_due,
            reports_on_time=tally.reports_on_time,
            reports_late=tally.reports_late,
            urges=urges.get(unit_id, 0),
            returns=returns.get(unit_id, 0),
        )
        for unit_id, tally in sorted(
            tallies.items(), key=lambda item: (item[1].unit.sort_order, item[1].unit.name)
        )
    ]
    overdue_items.sort(
        key=lambda item: (KIND_ORDER.get(item.unit_kind, 99), item.unit_name, -item.days)
    )
    return figures, overdue_items


def instructions_in(scope: Scope, *, until: datetime) -> QuerySet:
    """批示 written from the period's start up to ``until`` (drafting time), on tasks in scope."""
    start, _ = scope.bounds()
    instructions = Instruction.objects.filter(written_at__gte=start, written_at__lte=until)
    if scope.speech_id:
        instructions = instructions.filter(task__speech_id=scope.speech_id)
    if scope.unit_kind:
        instructions = instructions.filter(
            Q(assignment__unit__kind=scope.unit_kind)
            | Q(assignment__isnull=True, task__assignments__unit__kind=scope.unit_kind)
        ).distinct()
    return instructions.select_related("author", "task", "assignment__unit").order_by(
        "written_at", "pk"
    )


def group_by_kind(items, key=lambda item: item.unit_kind):
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return sorted(grouped.items(), key=lambda pair: KIND_ORDER.get(pair[0], 99))
