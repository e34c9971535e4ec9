"""Read side of the dashboard, the unit page and "my tasks".

Every figure is aggregated in SQL with conditional counts, one GROUP BY over the filtered
assignments, so the number of queries stays the same for 10 units or 3,000. ``today`` always
comes in from the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from directory import policy
from directory.models import Unit, User
from speeches.models import Speech
from tracker import selectors, selectors_worklist
from tracker.filters import AssignmentFilters, week_bounds
from tracker.models import Assignment
from tracker.prepared import Prepared
from tracker.status import (
    COMPLETED,
    DUE_SOON_DAYS,
    GROUP_LABELS,
    GROUP_OVERDUE,
    GROUP_THIS_WEEK,
    due_soon_q,
    group_key,
    overdue_q,
)

LIGHT_RED = "red"
LIGHT_AMBER = "amber"
LIGHT_GREEN = "green"
LIGHT_LABELS = {LIGHT_RED: "红灯", LIGHT_AMBER: "黄灯", LIGHT_GREEN: "绿灯"}
# (light, label, rule): the legend under the unit table.
LIGHT_RULES = tuple(
    (light, LIGHT_LABELS[light], rule)
    for light, rule in (
        (LIGHT_RED, "有逾期未完成的任务"),
        (LIGHT_AMBER, f"无逾期，但有 {DUE_SOON_DAYS} 天内到期、尚未完成的任务"),
        (LIGHT_GREEN, f"无逾期，{DUE_SOON_DAYS} 天内也没有待完成的到期任务"),
    )
)
LIGHT_ORDER = {LIGHT_RED: 0, LIGHT_AMBER: 1, LIGHT_GREEN: 2}

KIND_LABELS = dict(Unit.Kind.choices)

SORT_KEYS = {
    "unit": lambda r: (r.sort_order, r.name),
    "open": lambda r: r.open,
    "done": lambda r: r.completed,
    "overdue": lambda r: r.overdue,
    "completion": lambda r: r.completion_pct,
    "ontime": lambda r: -1 if r.on_time_pct is None else r.on_time_pct,
    "light": lambda r: LIGHT_ORDER[r.light],
    "report": lambda r: r.late_reports,
}
# The second clock's light: 报送逾期 is counted apart from 办理逾期.
REPORT_LIGHT_RULE = (
    "报送灯：有任务未按报送周期（每周五前/每月25日前/每季度末）报送进展为红灯，否则绿灯"
)
DEFAULT_SORT = "-overdue"


def _pct(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


def _on_time_q() -> Q:
    # completed_at__date uses the current time zone (Asia/Shanghai): a report filed at
    # 23:30 on the due date is on time.
    return Q(status__in=COMPLETED) & (
        Q(due_on__isnull=True) | Q(completed_at__date__lte=F("due_on"))
    )


@dataclass(slots=True)
class UnitRow:
    """One unit's line of the dashboard table."""

    unit_id: int
    name: str
    short_name: str
    kind: str
    sort_order: int
    total: int
    open: int
    completed: int
    closed: int
    overdue: int
    due_soon: int
    due_this_week: int
    on_time: int
    url: str = ""  # the unit page, set by the view
    late_reports: int = 0  # 报送逾期: the second clock, counted apart from overdue

    @property
    def report_light(self) -> str:
        return LIGHT_RED if self.late_reports else LIGHT_GREEN

    @property
    def report_light_label(self) -> str:
        return LIGHT_LABELS[self.report_light]

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def completion_pct(self) -> int:
        return _pct(self.completed, self.total) or 0

    @property
    def on_time_pct(self) -> int | None:
        return _pct(self.on_time, self.completed)

    @property
    def open_not_overdue(self) -> int:
        return self.open - self.overdue

    @property
    def light(self) -> str:
        if self.overdue:
            return LIGHT_RED
        if self.due_soon:
            return LIGHT_AMBER
        return LIGHT_GREEN

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass
class Headline:
    """The five figures at the top of the dashboard."""

    total: int = 0
    open: int = 0
    due_this_week: int = 0
    overdue: int = 0
    completed: int = 0
    on_time: int = 0
    closed: int = 0
    late_reports: int = 0

    @property
    def on_time_pct(self) -> int | None:
        return _pct(self.on_time, self.completed)

    @property
    def completion_pct(self) -> int:
        return _pct(self.completed, self.total) or 0


@dataclass
class Dashboard:
    headline: Headline
    rows: list[UnitRow] = field(default_factory=list)
    sort: str = DEFAULT_SORT


def parse_sort(raw: str) -> str:
    """A known sort key with an optional "-" for descending, else the default."""
    return raw if raw.lstrip("-") in SORT_KEYS else DEFAULT_SORT


def _unit_counts(assignments: QuerySet, today: date) -> QuerySet:
    """Per-unit counts of the given assignments: one grouped query, one dict per unit."""
    week = week_bounds(today)
    open_q = Q(status__in=Assignment.OPEN_STATUSES)
    # Group by the bare unit_id (no join, integer grouping); the callers read the names of just
    # those units apart: faster than grouping by the joined text columns.
    return (
        assignments.order_by()
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=open_q),
            completed=Count("pk", filter=Q(status__in=COMPLETED)),
            closed=Count("pk", filter=Q(status=Assignment.Status.CLOSED)),
            overdue=Count("pk", filter=overdue_q(today)),
            due_soon=Count("pk", filter=due_soon_q(today)),
            due_this_week=Count("pk", filter=open_q & Q(due_on__gte=today, due_on__lte=week[1])),
            on_time=Count("pk", filter=_on_time_q()),
        )
    )


def _fetch(counts: QuerySet) -> list[tuple]:
    """The rows of a values() query (no converters needed), read from the cursor.

    The ORM writes the SQL; reading a row per unit through its iterables and converters
    (int() on every count) costs more CPU than the cursor's own reading."""
    sql, params = counts.query.sql_with_params()
    with connections[counts.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _unit_row(counts: dict, unit: dict) -> UnitRow:
    return UnitRow(
        unit_id=counts["unit_id"],
        name=unit["name"],
        short_name=unit["short_name"],
        kind=unit["kind"],
        sort_order=unit["sort_order"],
        total=counts["total"],
        open=counts["open"],
        completed=counts["completed"],
        closed=counts["closed"],
        overdue=counts["overdue"],
        due_soon=counts["due_soon"],
        due_this_week=counts["due_this_week"],
        on_time=counts["on_time"],
    )


def _directory_query() -> QuerySet:
    return Unit.objects.order_by().values_list("pk", "name", "short_name", "kind", "sort_order")


# The whole directory (a county's few hundred units): cheaper to read than a list of hundreds
# of ids is to send, and the same query every time.
_directory = Prepared(_directory_query)


def _with_names(counts: list[tuple]) -> list[UnitRow]:
    """A UnitRow for each row of ``_unit_counts``: its unit id, then the counts in UnitRow's
    order (a test holds the two orders equal), the names from the directory."""
    if not counts:
        return []
    units = {unit[0]: unit[1:] for unit in _directory()}
    return [UnitRow(row[0], *units[row[0]], *row[1:]) for row in counts]


def unit_rows(*, assignments: QuerySet, today: date) -> list[UnitRow]:
    """Per-unit counts of the given assignments in one grouped query (units without any omitted)."""
    return _with_names(_fetch(_unit_counts(assignments, today)))


def _scoped_counts(scope: int | str, filters: AssignmentFilters, today: date) -> QuerySet:
    return _unit_counts(filters.apply(selectors.assignments_of_scope(scope), today), today)


_dashboard_counts = Prepared(_scoped_counts)


def dashboard_rows(*, user: User, filters: AssignmentFilters, today: date) -> list[UnitRow]:
    """``unit_rows`` of what ``user`` may see and ``filters`` select, prepared per scope,
    filters and day: the dashboard's every load runs it."""
    scope = policy.unit_scope(user)
    return _with_names(_dashboard_counts(scope=scope, filters=filters, today=today))


_speeches_with_tasks = Prepared(
    lambda: (
        Speech.objects.filter(tasks__isnull=False)
        .distinct()
        .order_by("-delivered_on", "-pk")
        .values("pk", "title", "delivered_on")
    ),
    dicts=True,
)


def speeches_with_tasks() -> list[dict]:
    """The dashboard's 讲话稿 filter choices: every document a task came from, newest first."""
    return _speeches_with_tasks()


def headline_of(rows: list[UnitRow]) -> Headline:
    """Totals over the unit rows: every assignment belongs to exactly one unit."""
    h = Headline()
    for r in rows:
        h.total += r.total
        h.open += r.open
        h.due_this_week += r.due_this_week
        h.overdue += r.overdue
        h.completed += r.completed
        h.on_time += r.on_time
        h.closed += r.closed
        h.late_reports += r.late_reports
    return h


def sort_rows(rows: list[UnitRow], sort: str) -> list[UnitRow]:
    """Rows ordered by a column; ties fall back to the directory order."""
    key = SORT_KEYS[sort.lstrip("-")]
    ordered = sorted(rows, key=lambda r: (r.sort_order, r.name))
    return sorted(ordered, key=key, reverse=sort.startswith("-"))


def dashboard(*, user: User, filters: AssignmentFilters, today: date, sort: str = "") -> Dashboard:
    """Headline figures and the unit table for what ``filters`` select, as of ``today``."""
    rows = dashboard_rows(user=user, filters=filters, today=today)
    late = selectors_worklist.scoped_late_report_counts(user=user, filters=filters, today=today)
    for row in rows:
        row.late_reports = late.get(row.unit_id, 0)
    sort = parse_sort(sort)
    return Dashboard(headline=headline_of(rows), rows=sort_rows(rows, sort), sort=sort)


def group_of(assignment: Assignment, today: date) -> str:
    """Which unit-page group an assignment falls in on ``today``."""
    return group_key(assignment.status, assignment.due_on, today)


UNIT_PAGE_ORDER = (F("due_on").asc(nulls_last=True), "pk")  # earliest due first, undated last
STATUS_LABELS = dict(Assignment.Status.choices)


@dataclass(slots=True)
class UnitPageRow:
    """One line of the unit page, read as plain values: a page of rows builds no model."""

    pk: int
    unit_id: int  # what the policy judges a row by
    status: str
    due_on: date | None
    progress: int
    role: str
    completed_at: datetime | None
    title: str
    speech_title: str | None
    version: int  # what a form built from the row must send back
    detail_url: str = ""  # these three are set by the view
    panel_url: str = ""
    is_late: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


_ROW_FIELDS = (
    *("pk", "unit_id", "status", "due_on", "progress", "role", "completed_at"),
    *("task__title", "task__speech__title", "version"),
)


def _unit_rows_query(unit: int) -> QuerySet:
    return (
        Assignment.objects.filter(unit_id=unit).order_by(*UNIT_PAGE_ORDER).values_list(*_ROW_FIELDS)
    )


_unit_rows = Prepared(_unit_rows_query, ids=("unit",))


def unit_assignments(*, unit: Unit) -> list[UnitPageRow]:
    """A unit's assignments with what the row shows, earliest due first (prepared: the unit
    page's main query)."""
    return [UnitPageRow(*values) for values in _unit_rows(unit=unit.pk)]


_page_row = Prepared(
    lambda unit, pk: Assignment.objects.filter(unit_id=unit, pk=pk).values_list(*_ROW_FIELDS),
    ids=("unit", "pk"),
)


def visible_page_row(user: User, *, unit_id: int, pk: int) -> UnitPageRow | None:
    """The unit's assignment ``pk`` as a page row, None when it is not that unit's or the
    user may not see the unit (``assignments_visible_to``'s rule); prepared, as every row
    panel and inline update reads it."""
    rows = _page_row(unit=unit_id, pk=pk) if policy.sees_unit(user, unit_id) else []
    return UnitPageRow(*rows[0]) if rows else None


class _RowState(NamedTuple):
    pk: int
    status: str
    due_on: date | None
    completed_at: datetime | None


_row_states = Prepared(
    lambda unit: (
        Assignment.objects.filter(unit_id=unit)
        .order_by(*UNIT_PAGE_ORDER)
        .values_list("pk", "status", "due_on", "completed_at")
    ),
    ids=("unit",),
)


def unit_state(*, unit: Unit, today: date) -> tuple[UnitRow | None, dict[str, list[int]]]:
    """The unit's figures and the ids of every group in page order, from one light query:
    what an inline update sends out of band (the figures, and where a moved row goes)."""
    states = [_RowState(*v) for v in _row_states(unit=unit.pk)]
    members: dict[str, list[int]] = {key: [] for key in GROUP_LABELS}
    for state in states:
        members[group_key(state.status, state.due_on, today)].append(state.pk)
    return summary_of(states, unit=unit, today=today), members


def grouped(assignments, today: date) -> list[tuple[str, str, list]]:
    """(key, label, assignments) for every non-empty group, in working order."""
    groups: dict[str, list] = {key: [] for key in GROUP_LABELS}
    for a in assignments:
        groups[group_of(a, today)].append(a)
    return [(key, GROUP_LABELS[key], items) for key, items in groups.items() if items]


def unit_summary(*, unit: Unit, today: date) -> UnitRow | None:
    """The unit's own dashboard line (None when it has no assignments)."""
    values = list(_unit_counts(Assignment.objects.filter(unit=unit), today))
    if not values:
        return None
    return _unit_row(values[0], _names(unit))


def _names(unit: Unit) -> dict:
    return {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
            "sort_order": unit.sort_order}  # fmt: skip


def summary_of(
    rows: list[UnitPageRow] | list[_RowState], *, unit: Unit, today: date
) -> UnitRow | None:
    """``unit_summary`` counted over the unit's rows already read for its page: no query.

    The same rules as ``_unit_counts`` (a test holds the two equal), by way of the groups:
    overdue is the overdue group, due soon the this-week group."""
    if not rows:
        return None
    counts = dict.fromkeys(("total", "open", "completed", "closed", "overdue", "due_soon",
                            "due_this_week", "on_time"), 0)  # fmt: skip
    week_end = week_bounds(today)[1]
    for r in rows:
        counts["total"] += 1
        group = group_key(r.status, r.due_on, today)
        if r.status in COMPLETED:
            counts["completed"] += 1
            counts["closed"] += r.status == Assignment.Status.CLOSED
            counts["on_time"] += r.due_on is None or (
                r.completed_at is not None and timezone.localdate(r.completed_at) <= r.due_on
            )
            continue
        if r.status not in Assignment.OPEN_STATUSES:
            continue
        counts["open"] += 1
        counts["overdue"] += group == GROUP_OVERDUE
        counts["due_soon"] += group == GROUP_THIS_WEEK
        counts["due_this_week"] += group == GROUP_THIS_WEEK and r.due_on <= week_end
    return _unit_row({"unit_id": unit.pk, **counts}, _names(unit))
