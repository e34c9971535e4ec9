"""The rows of the task ledger (任务台账): one per assignment, in ledger order, as plain values.

Read with ``values_list`` rather than model instances (30,000 rows would build 120,000 objects
through ``select_related``), the overdue rule evaluated in SQL by the same ``overdue_q`` the
dashboard counts with, and each speech's source text built once.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from directory.models import Unit, User
from tracker import selectors
from tracker.filters import AssignmentFilters
from tracker.models import Assignment, HistoryEntry, ProgressReport
from tracker.services import report_clock
from tracker.services.dates import chinese_date
from tracker.status import overdue_q

NO_SOURCE = "（未关联讲话）"
ROW_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: int  # Excel character units (a CJK character counts about two)
    kind: str  # "number", "text" (one line), "wrap" (long text), "date", "percent"


COLUMNS = (
    Column("序号", 6, "number"),
    Column("任务来源（讲话、日期）", 28, "wrap"),
    Column("任务内容", 40, "wrap"),
    Column("原文", 50, "wrap"),
    Column("牵头单位", 18, "wrap"),
    Column("配合单位", 22, "wrap"),
    Column("完成时限", 16, "date"),
    Column("状态", 14, "text"),
    Column("进度", 8, "percent"),
    Column("最新进展", 40, "wrap"),
    Column("逾期天数", 9, "number"),
    Column("报送情况", 16, "text"),  # the second clock: 报送逾期 apart from 办理逾期
    Column("催办次数", 9, "number"),
)
HEADERS = tuple(column.header for column in COLUMNS)
STATUS_LABELS = dict(Assignment.Status.choices)
COMPLETED = frozenset({Assignment.Status.DONE, Assignment.Status.CLOSED})


def shown_progress(status: str, progress: int) -> int:
    """Completed work (done or closed) reads 100%, as the dashboard counts it: the ledger never
    shows a 已销号 item at 70%."""
    return 100 if status in COMPLETED else progress


@dataclass(frozen=True, slots=True)
class LedgerRow:
    number: int
    assignment_id: int
    source: str
    title: str
    quote: str
    lead_units: str
    cooperating_units: str
    due_on: date | None
    status: str
    progress: int
    latest_report: str
    overdue_days: int | None
    report_state: str = ""  # "" when the task asks for no reports, else 按时报送 / 报送逾期（…）
    urge_count: int = 0

    def values(self) -> tuple:
        """The cells in the order of ``COLUMNS`` (progress as a fraction for a % cell)."""
        return (
            self.number,
            self.source,
            self.title,
            self.quote,
            self.lead_units,
            self.cooperating_units,
            self.due_on,
            self.status,
            self.progress / 100,
            self.latest_report,
            self.overdue_days,
            self.report_state,
            self.urge_count,
        )


def ledger_assignments(
    *, user: User, filters: AssignmentFilters, today: date, unit: Unit | None = None
) -> QuerySet:
    """The assignments of the ledger: what ``user`` may see, narrowed by the dashboard filters
    and to ``unit`` when given, with the latest report text and the overdue flag in the same
    query."""
    latest = ProgressReport.objects.filter(assignment=OuterRef("pk")).order_by("-created_at", "-pk")
    urges = (
        HistoryEntry.objects.filter(assignment=OuterRef("pk"), kind=HistoryEntry.Kind.URGED)
        .order_by()
        .values("assignment")
        .annotate(n=Count("pk"))
    )
    assignments = selectors.assignments_visible_to(user)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    return (
        filters.apply(assignments, today)
        .select_related("task__speech", "unit")
        .annotate(
            latest_report_text=Subquery(latest.values("text")[:1]),
            latest_report_at=Subquery(latest.values("created_at")[:1]),
            urge_count=Coalesce(Subquery(urges.values("n")[:1]), 0),
            is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        )
        .order_by(
            "task__speech__delivered_on",
            "task__speech_id",
            "task_id",
            "role",
            "unit__sort_order",
            "unit__name",
            "period",
            "pk",
        )
    )


def units_by_task(task_ids) -> dict[int, tuple[list[str], list[str]]]:
    """Lead and cooperating unit names of every task in the ledger, in one query."""
    names: dict[int, tuple[list[str], list[str]]] = {}
    pairs = (
        Assignment.objects.filter(task_id__in=task_ids)
        .order_by("task_id", "unit__sort_order", "unit__name")
        .values_list("task_id", "role", "unit__short_name", "unit__name")
    )
    for task_id, role, short_name, name in pairs.iterator(chunk_size=5000):
        leads, cooperating = names.setdefault(task_id, ([], []))
        bucket = leads if role == Assignment.Role.LEAD else cooperating
        label = short_name or name
        if label not in bucket:  # recurring tasks repeat a unit once per period
            bucket.append(label)
    return names


def source_text(title: str | None, delivered_on: date | None) -> str:
    """《讲话》（2026年3月5日）, or NO_SOURCE for a task added by hand."""
    if title is None:
        return NO_SOURCE
    if delivered_on:
        return f"《{title}》（{chinese_date(delivered_on)}）"
    return f"《{title}》"


ROW_FIELDS = (
    "pk",
    "task_id",
    "role",
    "unit__short_name",
    "unit__name",
    "due_on",
    "status",
    "progress",
    "latest_report_text",
    "is_overdue",
    "task__title",
    "task__quote",
    "task__speech_id",
    "task__speech__title",
    "task__speech__delivered_on",
    "task__report_cadence",
    "created_at",
    "latest_report_at",
    "urge_count",
)
REPORTED_ON_TIME = "按时报送"
REPORT_LATE = "报送逾期（{due}未报送）"


def report_state(*, cadence: str, status: str, created_at, latest_report_at, today: date) -> str:
    """The second clock in words: '' when no reports are asked for or the work is finished."""
    if not cadence or status not in Assignment.OPEN_STATUSES:
        return ""
    zone = timezone.get_current_timezone()
    missed = report_clock.missed_deadline(
        cadence,
        assigned_on=created_at.astimezone(zone).date(),
        last_report_on=latest_report_at.astimezone(zone).date() if latest_report_at else None,
        today=today,
    )
    return REPORT_LATE.format(due=chinese_date(missed)) if missed else REPORTED_ON_TIME


def ledger_rows(assignments: QuerySet, *, today: date) -> Iterator[LedgerRow]:
    """Rows in ledger order. The row's own unit stands alone in the column of its role; the
    other column lists the task's units of the other role."""
    names = units_by_task(assignments.order_by().values("task_id"))
    joined: dict[int, tuple[str, str]] = {}
    sources: dict[int | None, str] = {}
    lead_role = Assignment.Role.LEAD
    chosen = assignments.values_list(*ROW_FIELDS).iterator(chunk_size=ROW_CHUNK)
    for number, values in enumerate(chosen, start=1):
        (
            pk,
            task_id,
            role,
            short_name,
            name,
            due_on,
            status,
            progress,
            latest,
            overdue,
            title,
            quote,
            speech_id,
            speech_title,
            delivered_on,
            cadence,
            created_at,
            latest_at,
            urged,
        ) = values
        source = sources.get(speech_id)
        if source is None:
            source = sources[speech_id] = source_text(speech_title, delivered_on)
        units = joined.get(task_id)
        if units is None:
            leads, cooperating = names.get(task_id, ([], []))
            units = joined[task_id] = ("、".join(leads), "、".join(cooperating))
        own = short_name or name
        if role == lead_role:
            lead_text, cooperating_text = own, units[1]
        else:
            lead_text, cooperating_text = units[0], own
        yield LedgerRow(
            number=number,
            assignment_id=pk,
            source=source,
            title=title,
            quote=quote,
            lead_units=lead_text,
            cooperating_units=cooperating_text,
            due_on=due_on,
            status=STATUS_LABELS.get(status, status),
            progress=shown_progress(status, progress),
            latest_report=latest or "",
            overdue_days=(today - due_on).days if overdue else None,
            report_state=report_state(
                cadence=cadence,
                status=status,
                created_at=created_at,
                latest_report_at=latest_at,
                today=today,
            ),
            urge_count=urged,
        )
