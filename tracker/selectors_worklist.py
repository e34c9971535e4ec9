"""The 督查室's worklist (待办): what waits for a supervisor today, each with a count and a list.

Reads only; the actions one click away (销号, 退回, 审批延期, 催办) are services.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from directory import policy
from directory.models import Unit, User
from speeches.models import Directive, Speech
from tracker import selectors
from tracker.filters import AssignmentFilters
from tracker.models import Assignment, ExtensionRequest, HistoryEntry
from tracker.prepared import Prepared
from tracker.services import report_clock

LIST_LIMIT = 50
SECTIONS = (
    ("completions", "待销号"),
    ("extensions", "延期申请"),
    ("late_reports", "报送逾期"),
    ("overdue", "办理逾期"),
    ("documents", "待审核文件"),
    ("no_account", "无账号单位"),
)
SECTION_LABELS = dict(SECTIONS)


@dataclass
class Section:
    key: str
    label: str
    count: int
    items: list = field(default_factory=list)


@dataclass
class Worklist:
    today: date
    sections: dict[str, Section]

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections.values())

    def counts(self) -> dict[str, int]:
        return {key: section.count for key, section in self.sections.items()}


def _open_assignments():
    return Assignment.objects.filter(status__in=Assignment.OPEN_STATUSES).select_related(
        "task", "unit"
    )


def with_urge_counts(assignments):
    """Annotate 催办次数 and the last 催办 of each assignment."""
    return assignments.annotate(
        urge_count=Count("history", filter=Q(history__kind=HistoryEntry.Kind.URGED)),
        last_urged_at=Max("history__at", filter=Q(history__kind=HistoryEntry.Kind.URGED)),
    )


def _missed(cadence: str, created_at, last_report_at, today: date) -> date | None:
    zone = timezone.get_current_timezone()
    return report_clock.missed_deadline(
        cadence,
        assigned_on=created_at.astimezone(zone).date(),
        last_report_on=last_report_at.astimezone(zone).date() if last_report_at else None,
        today=today,
    )


def _report_clock_rows(base) -> QuerySet:
    """What the 报送 clock needs of each open assignment of ``base`` with a cadence."""
    return (
        base.filter(status__in=Assignment.OPEN_STATUSES)
        .exclude(task__report_cadence="")
        .order_by()
        .values_list("pk", "unit_id", "task__report_cadence", "created_at")
        .annotate(last_report_at=Max("reports__created_at"))
    )


def _count_late(rows, today: date) -> Counter:
    return Counter(
        unit_id
        for _, unit_id, cadence, created_at, last in rows
        if _missed(cadence, created_at, last, today) is not None
    )


def late_report_counts(*, today: date, base) -> Counter:
    """``late_reports`` of ``base`` counted per unit id (the dashboard's 报送 column), read as
    values: no model per assignment."""
    return _count_late(_report_clock_rows(base), today)


_scoped_report_clock_rows = Prepared(
    lambda scope, filters, today: _report_clock_rows(
        filters.apply(selectors.assignments_of_scope(scope), today)
    )
)


def scoped_late_report_counts(*, user: User, filters: AssignmentFilters, today: date) -> Counter:
    """``late_report_counts`` of what ``user`` may see and ``filters`` select (prepared)."""
    rows = _scoped_report_clock_rows(scope=policy.unit_scope(user), filters=filters, today=today)
    return _count_late(rows, today)


def late_reports(*, today: date, unit: Unit | None = None, base=None) -> list[Assignment]:
    """Open assignments (of ``base`` when given) whose task asks for reports on a cadence and
    whose last report deadline passed without one (报送逾期); each carries ``missed_on``."""
    base = _open_assignments() if base is None else base.filter(status__in=Assignment.OPEN_STATUSES)
    candidates = (
        base.select_related("task", "unit")
        .exclude(task__report_cadence="")
        .annotate(last_report_at=Max("reports__created_at"))
        .order_by("pk")
    )
    if unit is not None:
        candidates = candidates.filter(unit=unit)
    late = []
    for assignment in candidates:
        missed = _missed(
            assignment.task.report_cadence, assignment.created_at, assignment.last_report_at, today
        )
        if missed is not None:
            assignment.missed_on = missed
            late.append(assignment)
    late.sort(key=lambda a: (a.missed_on, a.pk))
    return late


def overdue_assignments(*, today: date):
    """Open assignments past their due date (办理逾期), by unit (one 催办 reaches all of a unit's)
    and most overdue first within it."""
    return with_urge_counts(_open_assignments().filter(due_on__lt=today)).order_by(
        "unit__sort_order", "unit__name", "due_on", "pk"
    )


def documents_waiting_for_review():
    """Imported documents with candidates nobody has reviewed yet."""
    pending = Q(directives__status=Directive.Status.PENDING)
    return (
        Speech.objects.annotate(pending_count=Count("directives", filter=pending))
        .filter(pending_count__gt=0)
        .order_by("-imported_at", "-pk")
    )


def units_without_account():
    """Active units with open work and no active login to receive it."""
    members = User.objects.filter(unit=OuterRef("pk"), role__in=User.UNIT_ROLES, is_active=True)
    open_work = Q(assignments__status__in=Assignment.OPEN_STATUSES)
    return (
        Unit.objects.filter(is_active=True)
        .exclude(Exists(members))
        .annotate(open_count=Count("assignments", filter=open_work))
        .filter(open_count__gt=0)
        .order_by("sort_order", "name")
    )


def worklist(*, today: date, limit: int = LIST_LIMIT) -> Worklist:
    """Every section of the worklist as of ``today``: the count and the first ``limit`` items."""
    completions = (
        Assignment.objects.filter(status=Assignment.Status.DONE)
        .select_related("task", "unit")
        .order_by("completed_at", "pk")
    )
    extensions = (
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
        .select_related("assignment__task", "assignment__unit", "requested_by")
        .order_by("requested_at", "pk")
    )
    late = late_reports(today=today)
    querysets = {
        "completions": completions,
        "extensions": extensions,
        "overdue": overdue_assignments(today=today),
        "documents": documents_waiting_for_review(),
        "no_account": units_without_account(),
    }
    sections = {}
    for key, label in SECTIONS:
        if key == "late_reports":
            sections[key] = Section(key, label, len(late), late[:limit])
        else:
            queryset = querysets[key]
            sections[key] = Section(key, label, queryset.count(), list(queryset[:limit]))
    return Worklist(today=today, sections=sections)


def worklist_counts(*, today: date) -> dict[str, int]:
    """The counts alone (the bell)."""
    return worklist(today=today, limit=0).counts()
