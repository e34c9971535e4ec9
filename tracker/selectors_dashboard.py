"""Read side of the dashboard, the unit page and "my tasks".

Every figure is aggregated in SQL with conditional counts, one GROUP BY over the filtered
assignments, so the number of queries stays the same for 10 units or 3,000. ``today`` always
comes in from the view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from directory.models import Unit, User
from tracker import selectors, selectors_worklist
from tracker.filters import AssignmentFilters, overdue_q, week_bounds
from tracker.models import Assignment

DUE_SOON_DAYS = 7
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
COMPLETED_STATUSES = (Assignment.Status.DONE, Assignment.Status.CLOSED)

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
    return Q(status__in=COMPLETED_STATUSES) & (
        Q(due_on__isnull=True) | Q(completed_at__date__lte=F("due_on"))
    )


@dataclass
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


def unit_rows(*, assignments: QuerySet, today: date) -> list[UnitRow]:
    """Per-unit counts of the given assignments in one grouped query (units without any omitted)."""
    week = week_bounds(today)
    soon_until = today + timedelta(days=DUE_SOON_DAYS)
    open_q = Q(status__in=Assignment.OPEN_STATUSES)
    # Group by the bare unit_id (no join, integer grouping), then read the names of just
    # those units in a second query: faster than grouping by the joined text columns.
    values = list(
        assignments.order_by()
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=open_q),
            completed=Count("pk", filter=Q(status__in=COMPLETED_STATUSES)),
            closed=Count("pk", filter=Q(status=Assignment.Status.CLOSED)),
            overdue=Count("pk", filter=overdue_q(today)),
            due_soon=Count("pk", filter=open_q & Q(due_on__gte=today, due_on__lte=soon_until)),
            due_this_week=Count("pk", filter=open_q & Q(due_on__gte=today, due_on__lte=week[1])),
            on_time=Count("pk", filter=_on_time_q()),
        )
    )
    if not values:
        return []
    units = {
        u["pk"]: u
        for u in Unit.objects.filter(pk__in=[v["unit_id"] for v in values]).values(
            "pk", "name", "short_name", "kind", "sort_order"
        )
    }
    return [
        UnitRow(
            unit_id=v["unit_id"],
            name=units[v["unit_id"]]["name"],
            short_name=units[v["unit_id"]]["short_name"],
            kind=units[v["unit_id"]]["kind"],
            sort_order=units[v["unit_id"]]["sort_order"],
            total=v["total"],
            open=v["open"],
            completed=v["completed"],
            closed=v["closed"],
            overdue=v["overdue"],
            due_soon=v["due_soon"],
            due_this_week=v["due_this_week"],
            on_time=v["on_time"],
        )
        for v in values
    ]


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
    assignments = filters.apply(selectors.assignments_visible_to(user), today)
    rows = unit_rows(assignments=assignments, today=today)
    late = Counter(
        a.unit_id for a in selectors_worklist.late_reports(today=today, base=assignments)
    )
    for row in rows:
        row.late_reports = late.get(row.unit_id, 0)
    sort = parse_sort(sort)
    return Dashboard(headline=headline_of(rows), rows=sort_rows(rows, sort), sort=sort)


# Groups on the unit page, in the order a unit works through them.
GROUP_OVERDUE = "overdue"
GROUP_THIS_WEEK = "this_week"
GROUP_LATER = "later"
GROUP_NO_DUE = "no_due"
GROUP_DONE = "done"
GROUP_CLOSED = "closed"
GROUP_LABELS = {
    GROUP_OVERDUE: "已逾期",
    GROUP_THIS_WEEK: f"{DUE_SOON_DAYS} 天内到期",
    GROUP_LATER: "以后到期",
    GROUP_NO_DUE: "未设时限",
    GROUP_DONE: "已完成，待销号",
    GROUP_CLOSED: "已销号",
}


def group_of(assignment: Assignment, today: date) -> str:
    """Which unit-page group an assignment falls in on ``today``."""
    if assignment.status == Assignment.Status.CLOSED:
        return GROUP_CLOSED
    if assignment.status == Assignment.Status.DONE:
        return GROUP_DONE
    if assignment.due_on is None:
        return GROUP_NO_DUE
    if assignment.due_on < today:
        return GROUP_OVERDUE
    if assignment.due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return GROUP_THIS_WEEK
    return GROUP_LATER


def unit_assignments(*, unit: Unit, include_closed: bool = True) -> QuerySet:
    """A unit's assignments with what the row shows, earliest due first."""
    qs = Assignment.objects.filter(unit=unit).select_related("task", "task__speech")
    if not include_closed:
        qs = qs.exclude(status=Assignment.Status.CLOSED)
    return qs.order_by(F("due_on").asc(nulls_last=True), "pk")


def grouped(assignments, today: date) -> list[tuple[str, str, list[Assignment]]]:
    """(key, label, assignments) for every non-empty group, in working order."""
    groups: dict[str, list[Assignment]] = {key: [] for key in GROUP_LABELS}
    for a in assignments:
        groups[group_of(a, today)].append(a)
    return [(key, GROUP_LABELS[key], items) for key, items in groups.items() if items]


def unit_summary(*, unit: Unit, today: date) -> UnitRow | None:
    """The unit's own dashboard line (None when it has no assignments)."""
    rows = unit_rows(assignments=Assignment.objects.filter(unit=unit), today=today)
    return rows[0] if rows else None
