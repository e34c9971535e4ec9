"""Ledger export speed: 30,000 assignments (300 units × 100 tasks, one report each).

Measures, on this run's own PostgreSQL database:
  - the request that asks for an export (it only records the job and queues it on commit);
  - the worker-side build of the .xlsx (the Celery task's service call), with its query count,
    next to the same build for 300 assignments (the count must not grow with the rows);
  - the writers on the same 30,000 rows in one run: XlsxWriter constant_memory (what the
    product uses), openpyxl write-only with shared styles (the alternative), and openpyxl
    write-only with a named style per cell (the writer before), in CPU seconds, and each
    writer's peak Python memory (tracemalloc) at 3,000 and 30,000 rows: flat means the
    30,000-row peak is about the 3,000-row one;
  - reading the rows as values (now) against model instances (before);
  - the print view (one row per task, the overdue filter).
Before and now are compared in CPU on the same rows in the same run (rows as values + XlsxWriter
against rows as instances + the named-style writer); wall times stretch with the machine's load,
printed beside them.
The last line holds every figure as key=value.

    .venv/bin/python bench/ledger.py [--units 300] [--tasks 100]
"""

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryFile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import Stopwatch, figures, setup_django

BATCH = 5000
SMALL_ROWS = 3000


def openpyxl_write_only(rows, out, *, named_styles: bool) -> int:
    """The alternative streaming writer: openpyxl write-only mode, the ledger's formats, either
    with shared style objects (its best) or a named style per cell (the product's writer before
    XlsxWriter)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, NamedStyle

    from tracker.services.ledger import COLUMNS, DATE_FORMAT, HEADERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("任务台账")
    sheet.freeze_panes = "C3"
    formats = {"date": DATE_FORMAT, "percent": "0%"}
    top, wrap = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    if named_styles:
        for kind in ("number", "text", "wrap", "date", "percent"):
            workbook.add_named_style(
                NamedStyle(
                    name=f"ledger_{kind}",
                    number_format=formats.get(kind, "General"),
                    alignment=wrap if kind == "wrap" else top,
                )
            )
    sheet.append(["任务台账"])
    sheet.append(list(HEADERS))
    written = 0
    for row in rows:
        cells = []
        for value, column in zip(row.values(), COLUMNS, strict=True):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value[:1] in "=+-@":
                cell.data_type = "s"
            if named_styles:
                cell.style = f"ledger_{column.kind}"
            else:
                cell.alignment = wrap if column.kind == "wrap" else top
                if column.kind in formats:
                    cell.number_format = formats[column.kind]
            cells.append(cell)
        sheet.append(cells)
        written += 1
    workbook.save(out)
    return written


def writers():
    from tracker.services.ledger import write_ledger

    return {
        "xlsxwriter": lambda rows, out: write_ledger(
            rows=rows, out=out, title="任务台账", sheet_name="任务台账"
        ),
        "openpyxl": lambda rows, out: openpyxl_write_only(rows, out, named_styles=False),
        "openpyxl_named": lambda rows, out: openpyxl_write_only(rows, out, named_styles=True),
    }


def cpu_seconds(write, rows) -> float:
    gc.collect()
    with TemporaryFile() as out:
        start = time.process_time()
        assert write(iter(rows), out) == len(rows)
        return time.process_time() - start


def peak_mb(write, rows) -> float:
    """Peak Python memory while writing (the rows already exist: only the writer's own)."""
    gc.collect()
    with TemporaryFile() as out:
        tracemalloc.start()
        write(iter(rows), out)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / 1e6


def seed(*, units: int, tasks: int):
    from django.utils import timezone

    from directory.models import Unit, User
    from speeches.models import Speech
    from tracker.models import Assignment, ProgressReport, Task

    now = timezone.now()
    supervisor = User.objects.create_user(
        "bench-supervisor", role=User.Role.SUPERVISOR, is_staff=True
    )
    district = Unit.objects.create(name="基准区", kind=Unit.Kind.DISTRICT)
    town_rows = Unit.objects.bulk_create(
        Unit(name=f"基准{i}镇", kind=Unit.Kind.TOWNSHIP, parent=district, sort_order=i)
        for i in range(units)
    )
    speeches = [
        Speech.objects.create(
            title=f"在全区重点工作推进会上的讲话（{i}）",
            delivered_on=date(2026, 3, 5),
            text="基准",
            content_hash=f"bench-ledger-{i}",
            imported_at=now,
        )
        for i in range(5)
    ]
    task_rows = Task.objects.bulk_create(
        Task(
            title=f"第{i + 1}项：各乡镇要在年底前完成村级活动场所建设，确保按期完成并报送进展情况",
            quote="各乡镇、街道党（工）委要在年底前完成村级活动场所建设，确保按期完成。" * 2,
            speech=speeches[i % 5],
            due_on=date(2026, 6, 30) + timedelta(days=3 * i),
            created_by=supervisor,
            created_at=now,
        )
        for i in range(tasks)
    )
    statuses = ["pending", "in_progress", "in_progress", "done", "closed"]
    assignments = [
        Assignment(
            task=task,
            unit=town,
            role="lead" if index % 10 else "cooperating",
            status=statuses[(index + t) % 5],
            progress=(index * 7) % 100,
            due_on=task.due_on,
            created_at=now,
            updated_at=now,
        )
        for t, task in enumerate(task_rows)
        for index, town in enumerate(town_rows)
    ]
    created = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                assignment=a,
                author=supervisor,
                text="已召开专题会议部署，完成选址和设计，正在推进主体工程建设。",
                progress=a.progress,
                created_at=now,
            )
            for a in created
        ),
        batch_size=BATCH,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load: fresh planner stats
    return supervisor, len(created)


def build_once(supervisor, *, today):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tracker.models import LedgerExport
    from tracker.services import ledger

    export = LedgerExport.objects.create(
        requested_by=supervisor, as_of=today, created_at=timezone.now()
    )
    cpu = time.process_time()
    with CaptureQueriesContext(connection) as queries, Stopwatch() as watch:
        export = ledger.build_export(export_id=export.pk, now=timezone.now())
    watch.cpu = time.process_time() - cpu
    assert export.status == LedgerExport.Status.DONE, export.error
    size = export.file.size
    return watch, len(queries), export.done_rows, size


def rows_as_instances(assignments, today) -> int:
    """The row read before: model instances through select_related, as the old rows did."""
    count = 0
    for a in assignments.iterator(chunk_size=2000):
        speech = a.task.speech
        _ = (speech.title if speech else "", a.unit.display_name, a.get_status_display())
        _ = a.is_overdue_on(today), a.latest_report_text
        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=100)
    args = parser.parse_args()
    setup_django("ledger")
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from config.celery import app as celery_app
    from tracker.filters import AssignmentFilters
    from tracker.models import Assignment, LedgerExport
    from tracker.services import ledger

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="luoshi-bench-ledger-")
    celery_app.send_task = lambda *a, **k: None  # the request is measured, not the broker
    today = date(2026, 11, 25)

    supervisor, _ = seed(units=3, tasks=100)
    small_watch, small_queries, small_rows, _ = build_once(supervisor, today=today)
    Assignment.objects.all().delete()
    from directory.models import Unit, User
    from speeches.models import Speech
    from tracker.models import Task

    Task.objects.all().delete()
    Speech.objects.all().delete()
    LedgerExport.objects.all().delete()
    User.objects.all().delete()
    Unit.objects.filter(parent__isnull=False).delete()
    Unit.objects.all().delete()

    with Stopwatch() as seeding:
        supervisor, total = seed(units=args.units, tasks=args.tasks)
    print(f"seeded {total} assignments in {seeding.seconds:.1f} s")
    build, queries, rows, size = build_once(supervisor, today=today)
    seconds = build.seconds
    print(
        f"build: {rows} rows in {seconds:.2f} s ({build.cpu:.2f} s CPU in this process), "
        f"{queries} queries, {size / 1e6:.1f} MB"
    )
    print(
        f"build (300 rows): {small_rows} rows in {small_watch.seconds:.2f} s, "
        f"{small_queries} queries"
    )

    assignments = ledger.ledger_assignments(
        user=supervisor, filters=AssignmentFilters(), today=today
    )
    cpu_start = time.process_time()
    same_rows = list(ledger.ledger_rows(assignments, today=today))
    rows_cpu = time.process_time() - cpu_start
    cpu_start = time.process_time()
    rows_as_instances(assignments, today)
    rows_before_cpu = time.process_time() - cpu_start
    print(f"rows: values {rows_cpu:.2f} s CPU, model instances (before) {rows_before_cpu:.2f} s")
    cpu, peak = {}, {}
    for name, write in writers().items():
        cpu[name] = cpu_seconds(write, same_rows)
        if name != "openpyxl_named":  # same writer as openpyxl, a slower style lookup
            peak[name] = (peak_mb(write, same_rows[:SMALL_ROWS]), peak_mb(write, same_rows))
        shown = f", peak {peak[name][0]:.1f} MB at {SMALL_ROWS} rows, " if name in peak else ""
        shown += f"{peak[name][1]:.1f} MB at {len(same_rows)}" if name in peak else ""
        print(f"writer {name:<15} {cpu[name]:.2f} s CPU for {len(same_rows)} rows{shown}")
    now_cpu = rows_cpu + cpu["xlsxwriter"]
    before_cpu = rows_before_cpu + cpu["openpyxl_named"]
    print(
        f"rows + writer in CPU, same rows, same run: now {now_cpu:.2f} s, before (instances + "
        f"named-style writer) {before_cpu:.2f} s: {before_cpu / now_cpu:.1f}× less"
    )

    client = Client()
    client.force_login(supervisor)
    request_times = []
    for _ in range(15):
        with Stopwatch() as watch:
            response = client.post(reverse("tracker:ledger-export") + "?state=open")
        assert response.status_code == 302, response.status_code
        request_times.append(watch.seconds)
    print_times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as print_queries, Stopwatch() as watch:
            response = client.get(reverse("tracker:ledger-print"), {"state": "overdue"})
        assert response.status_code == 200
        print_times.append(watch.seconds)
    print(
        figures(
            ledger_rows=rows,
            ledger_build_s=seconds,
            ledger_build_cpu_s=build.cpu,
            ledger_cpu_s=now_cpu,
            ledger_before_cpu_s=before_cpu,
            ledger_cpu_ratio=now_cpu / before_cpu,
            load_avg=os.getloadavg()[0],  # the machine's: wall times stretch with it
            ledger_rows_per_s=rows / seconds,
            ledger_build_queries=queries,
            # the 300-row build reports no progress; these are the queries besides progress
            ledger_data_queries=queries - rows // ledger.PROGRESS_EVERY,
            ledger_build_queries_300=small_queries,
            ledger_file_mb=size / 1e6,
            ledger_xlsxwriter_cpu_s=cpu["xlsxwriter"],
            ledger_openpyxl_cpu_s=cpu["openpyxl"],
            ledger_openpyxl_named_cpu_s=cpu["openpyxl_named"],
            ledger_writer_ratio=cpu["openpyxl"] / cpu["xlsxwriter"],
            ledger_peak_mb=peak["xlsxwriter"][1],
            ledger_peak_growth=peak["xlsxwriter"][1] / max(peak["xlsxwriter"][0], 0.01),
            ledger_openpyxl_peak_mb=peak["openpyxl"][1],
            ledger_request_ms=statistics.median(request_times) * 1000,
            ledger_print_ms=statistics.median(print_times) * 1000,
            ledger_print_queries=len(print_queries),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
