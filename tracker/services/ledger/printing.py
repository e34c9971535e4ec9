"""The printable ledger for a meeting: one row per task with its units and their states.

The Excel file keeps one row per assignment (for sorting and filtering); on paper that repeats
the task's 原文 once per unit, so the print groups a task's assignments under one row with the
quote once. Its figures come from the dashboard's own selectors over the same assignments, so
the 完成率 and the lights on paper are the ones on the screen.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from tracker.models import Assignment
from tracker.selectors_dashboard import (
    LIGHT_AMBER,
    LIGHT_GREEN,
    LIGHT_LABELS,
    LIGHT_RED,
    Headline,
    headline_of,
    unit_rows,
)
from tracker.services.ledger.rows import STATUS_LABELS, shown_progress, source_text
from tracker.status import DUE_SOON_DAYS

NO_DUE = "未设时限"
# Task rows and unit lines on one printed ledger; beyond them the Excel file is the right tool.
PRINT_MAX_ROWS = 500
PRINT_MAX_UNITS = 2000
PRINT_HEADERS = (
    "序号",
    "任务来源（讲话、日期）",
    "任务内容",
    "原文",
    "完成时限",
    "责任单位及办理情况",
)
ROLE_LABELS = dict(Assignment.Role.choices)
PRINT_FIELDS = (
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
    "task__due_on",
    "task__speech__title",
    "task__speech__delivered_on",
)


@dataclass(frozen=True, slots=True)
class PrintUnit:
    name: str
    role: str
    status: str
    progress: int
    due_on: date | None
    own_due: bool  # the unit's 时限 differs from the task's and is printed beside it
    overdue_days: int | None
    due_soon: bool
    latest_report: str


@dataclass(slots=True)
class PrintTask:
    number: int
    source: str
    title: str
    quote: str
    due_on: date | None
    units: list[PrintUnit] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(unit.overdue_days for unit in self.units)


@dataclass(frozen=True, slots=True)
class PrintLedger:
    tasks: list[PrintTask]
    total_tasks: int

    @property
    def truncated(self) -> bool:
        return len(self.tasks) < self.total_tasks

    headline: Headline
    lights: tuple[tuple[str, str, int], ...]  # (light, label, units) red, amber, green


def print_ledger(
    *, assignments: QuerySet, today: date, limit: int, max_units: int = PRINT_MAX_UNITS
) -> PrintLedger:
    """The first tasks of the ledger's assignments (at most ``limit``, and no new task once
    ``max_units`` unit lines are printed), each with all its units, and the dashboard's
    headline and light counts over all of them."""
    total_tasks = assignments.order_by().values("task_id").distinct().count()
    soon_until = today + timedelta(days=DUE_SOON_DAYS)
    tasks: list[PrintTask] = []
    current: PrintTask | None = None
    current_id = None
    chosen = assignments.values_list(*PRINT_FIELDS).iterator(chunk_size=2000)
    for printed_units, values in enumerate(chosen):  # unit lines printed before this one
        (
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
            task_due_on,
            speech_title,
            delivered_on,
        ) = values
        if task_id != current_id:
            if len(tasks) == limit or printed_units >= max_units:
                break
            current_id = task_id
            current = PrintTask(
                number=len(tasks) + 1,
                source=source_text(speech_title, delivered_on),
                title=title,
                quote=quote,
                due_on=task_due_on,
            )
            tasks.append(current)
        is_open = status in Assignment.OPEN_STATUSES
        current.units.append(
            PrintUnit(
                name=short_name or name,
                role=ROLE_LABELS.get(role, role),
                status=STATUS_LABELS.get(status, status),
                progress=shown_progress(status, progress),
                due_on=due_on,
                own_due=due_on != task_due_on,
                overdue_days=(today - due_on).days if overdue else None,
                due_soon=bool(is_open and due_on and today <= due_on <= soon_until),
                latest_report=latest or "",
            )
        )
    lead = ROLE_LABELS[Assignment.Role.LEAD]
    for task in tasks:
        task.units.sort(key=lambda unit: unit.role != lead)  # lead units first, order kept
    rows = unit_rows(assignments=assignments, today=today)
    counts = {LIGHT_RED: 0, LIGHT_AMBER: 0, LIGHT_GREEN: 0}
    for row in rows:
        counts[row.light] += 1
    lights = tuple((light, LIGHT_LABELS[light], count) for light, count in counts.items())
    return PrintLedger(
        tasks=tasks, total_tasks=total_tasks, headline=headline_of(rows), lights=lights
    )
