"""The task ledger (任务台账): one row per assignment, as an Excel file or a printable table.

Excel files are built in a Celery worker, not in the request: openpyxl writes a sheet to a
temporary file and zips the workbook only on save, so an .xlsx cannot be streamed while it is
being built, and 30,000 rows take seconds. The request records a ``LedgerExport`` and returns;
the worker writes the rows (reporting progress) into private storage, and the download view
hands the file only to the user who asked for it.
"""

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from tempfile import TemporaryFile
from typing import BinaryIO

from django.core.files import File
from django.db import OperationalError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import QueryDict
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from config.celery import enqueue_on_commit
from directory import policy
from directory.models import Unit, User
from directory.policy import Action
from tracker import selectors
from tracker.filters import AssignmentFilters
from tracker.models import Assignment, LedgerExport, ProgressReport
from tracker.services.dates import chinese_date

logger = logging.getLogger(__name__)

BUILD_TASK = "tracker.tasks.build_ledger_export"
# The print view renders HTML for a meeting; beyond this the Excel file is the right tool.
PRINT_MAX_ROWS = 2000
PROGRESS_EVERY = 1000
EXCEL_CELL_LIMIT = 32767
NO_SOURCE = "（未关联讲话）"
BUILD_FAILED = "生成台账时出错，请重试或联系管理员"
KEEP_EXPORTS_DAYS = 7
STUCK_AFTER = timedelta(minutes=2)

HEADERS = (
    "序号",
    "任务来源（讲话、日期）",
    "任务内容",
    "原文",
    "牵头单位",
    "配合单位",
    "完成时限",
    "状态",
    "进度",
    "最新进展",
    "逾期天数",
)
# Widths in Excel character units (a CJK character counts about two).
COLUMN_WIDTHS = (6, 28, 40, 50, 18, 22, 16, 14, 8, 40, 9)
WRAPPED_COLUMNS = frozenset({1, 2, 3, 4, 5, 9})  # zero-based: long text wraps inside the cell
DATE_FORMAT = 'yyyy"年"m"月"d"日"'


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

    def values(self) -> tuple:
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
        )


def ledger_assignments(
    *, user: User, filters: AssignmentFilters, today: date, unit: Unit | None = None
) -> QuerySet:
    """The assignments of the ledger: what ``user`` may see, narrowed by the dashboard filters
    and to ``unit`` when given, with the latest report text in the same query."""
    latest = ProgressReport.objects.filter(assignment=OuterRef("pk")).order_by("-created_at", "-pk")
    assignments = selectors.assignments_visible_to(user)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    return (
        filters.apply(assignments, today)
        .select_related("task__speech", "unit")
        .annotate(latest_report_text=Subquery(latest.values("text")[:1]))
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


def _units_by_task(task_ids) -> dict[int, tuple[list[str], list[str]]]:
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


def ledger_rows(
    assignments: QuerySet, *, today: date, limit: int | None = None
) -> Iterator[LedgerRow]:
    """Rows in ledger order (the first ``limit`` when given). The row's own unit stands alone
    in the column of its role; the other column lists the task's units of the other role."""
    if limit is None:
        units_by_task = _units_by_task(assignments.order_by().values("task_id"))
        chosen: Iterable[Assignment] = assignments.iterator(chunk_size=2000)
    else:
        chosen = list(assignments[:limit])
        units_by_task = _units_by_task({a.task_id for a in chosen})
    for number, assignment in enumerate(chosen, start=1):
        task = assignment.task
        speech = task.speech
        if speech is None:
            source = NO_SOURCE
        elif speech.delivered_on:
            source = f"《{speech.title}》（{chinese_date(speech.delivered_on)}）"
        else:
            source = f"《{speech.title}》"
        leads, cooperating = units_by_task.get(task.pk, ([], []))
        own = assignment.unit.display_name
        if assignment.role == Assignment.Role.LEAD:
            lead_text, cooperating_text = own, "、".join(cooperating)
        else:
            lead_text, cooperating_text = "、".join(leads), own
        overdue = assignment.is_overdue_on(today)
        yield LedgerRow(
            number=number,
            assignment_id=assignment.pk,
            source=source,
            title=task.title,
            quote=task.quote,
            lead_units=lead_text,
            cooperating_units=cooperating_text,
            due_on=assignment.due_on,
            status=assignment.get_status_display(),
            progress=assignment.progress,
            latest_report=assignment.latest_report_text or "",
            overdue_days=(today - assignment.due_on).days if overdue else None,
        )


def sheet_title(unit: Unit | None) -> str:
    """A Chinese sheet name within Excel's 31 characters and without its forbidden ones."""
    if unit is None:
        return "任务台账"
    name = re.sub(r"[\[\]:*?/\\]", "", unit.display_name)
    return f"{name}任务台账"[-31:]


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]


def write_ledger(
    *,
    rows: Iterable[LedgerRow],
    out: BinaryIO | str,
    title: str,
    sheet_name: str,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write the rows as an .xlsx (write-only, constant memory); returns the rows written."""
    workbook = Workbook(write_only=True)
    wrap = NamedStyle(name="ledger_wrap", alignment=Alignment(wrap_text=True, vertical="top"))
    plain = NamedStyle(name="ledger_plain", alignment=Alignment(vertical="top"))
    day = NamedStyle(
        name="ledger_date", number_format=DATE_FORMAT, alignment=Alignment(vertical="top")
    )
    percent = NamedStyle(
        name="ledger_percent", number_format="0%", alignment=Alignment(vertical="top")
    )
    thin = Side(style="thin", color="999999")
    head = NamedStyle(
        name="ledger_head",
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="EEF1F4"),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        border=Border(top=thin, bottom=thin, left=thin, right=thin),
    )
    for style in (wrap, plain, day, percent, head):
        workbook.add_named_style(style)
    styles = tuple(
        "ledger_date"
        if index == 6
        else "ledger_percent"
        if index == 8
        else "ledger_wrap"
        if index in WRAPPED_COLUMNS
        else "ledger_plain"
        for index in range(len(HEADERS))
    )

    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "C3"  # title and header rows, 序号 and 任务来源 stay in view
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    title_cell = WriteOnlyCell(sheet, value=_text(title))
    title_cell.font = Font(bold=True, size=14)
    sheet.append([title_cell])
    header_cells = []
    for header in HEADERS:
        cell = WriteOnlyCell(sheet, value=header)
        cell.style = "ledger_head"
        header_cells.append(cell)
    sheet.append(header_cells)

    written = 0
    for row in rows:
        cells = []
        for value, style in zip(row.values(), styles, strict=True):
            if isinstance(value, str):
                value = _text(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # a report that starts with "=" is text, never a formula
            cell.style = style
            cells.append(cell)
        sheet.append(cells)
        written += 1
        if on_progress is not None and written % PROGRESS_EVERY == 0:
            on_progress(written)
    last_row = written + 2
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(HEADERS))}{last_row}"
    workbook.save(out)
    return written


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
    """Record an export of what ``user`` may see and queue its build once committed."""
    policy.require(user, Action.EXPORT_LEDGER, unit)
    prune_exports(user=user, now=now)
    with transaction.atomic():
        export = LedgerExport.objects.create(
            requested_by=user,
            unit=unit,
            query=filters.as_querystring()[:500],
            as_of=today,
            created_at=now,
        )
        enqueue_on_commit(BUILD_TASK, export_id=export.pk)
    return export


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
    export.status = LedgerExport.Status.QUEUED
    export.error = ""
    export.done_rows = 0
    export.created_at = now
    export.save(update_fields=["status", "error", "done_rows", "created_at"])
    enqueue_on_commit(BUILD_TASK, export_id=export.pk)
    return export


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
