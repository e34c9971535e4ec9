"""Ledger export speed: 30,000 assignments (300 units × 100 tasks, one report each).

Measures, on its own PostgreSQL database (luoshi_bench_ledger, rebuilt each run):
  - the request that asks for an export (it only records the job and queues it on commit);
  - the worker-side build of the .xlsx (the Celery task's service call), with its query count,
    next to the same build for 300 assignments (the count must not grow with the rows);
  - the print view (capped at PRINT_MAX_ROWS rows).
The last line holds every figure as key=value.

    .venv/bin/python bench/ledger.py [--units 300] [--tasks 100]
"""

import argparse
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import Stopwatch, figures, setup_django

BATCH = 5000


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
    with CaptureQueriesContext(connection) as queries, Stopwatch() as watch:
        export = ledger.build_export(export_id=export.pk, now=timezone.now())
    assert export.status == LedgerExport.Status.DONE, export.error
    size = export.file.size
    return watch.seconds, len(queries), export.done_rows, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--tasks", type=int, default=100)
    args = parser.parse_args()
    setup_django("ledger", fresh=True)
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from config.celery import app as celery_app
    from tracker.models import Assignment, LedgerExport

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="luoshi-bench-ledger-")
    celery_app.send_task = lambda *a, **k: None  # the request is measured, not the broker
    today = date(2026, 11, 25)

    supervisor, _ = seed(units=3, tasks=100)
    small_seconds, small_queries, small_rows, _ = build_once(supervisor, today=today)
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
    seconds, queries, rows, size = build_once(supervisor, today=today)
    print(f"build: {rows} rows in {seconds:.2f} s, {queries} queries, {size / 1e6:.1f} MB")
    print(f"build (300 rows): {small_rows} rows in {small_seconds:.2f} s, {small_queries} queries")

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
            ledger_rows_per_s=rows / seconds,
            ledger_build_queries=queries,
            ledger_build_queries_300=small_queries,
            ledger_file_mb=size / 1e6,
            ledger_request_ms=statistics.median(request_times) * 1000,
            ledger_print_ms=statistics.median(print_times) * 1000,
            ledger_print_queries=len(print_queries),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
