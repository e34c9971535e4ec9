"""督查通报 and 考核 speed: a month of 4,800 assignments (48 units × 100 tasks).

Measures, on this run's own PostgreSQL database:
  - the period figures every unit's score is made of (``unit_figures``, what the 考核 page
    and the bulletin read), in CPU and wall seconds with its query count, best of three;
  - the whole draft (figures, ranking, overdue lines, praise and naming);
  - the .docx of that draft (python-docx; its table rows are copied as XML after the first);
  - issuing it (number, final .docx in storage, notices to the units in it).
Wall times stretch with the machine's load; CPU times are the comparable figures.
The last line holds every figure as key=value.

    .venv/bin/python bench/documents.py [--units 48] [--tasks 100]
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import figures, setup_django

START, END, TODAY = date(2026, 11, 1), date(2026, 11, 30), date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
CREATED = datetime(2026, 10, 1, 1, 0, tzinfo=UTC)


def seed(units: int, tasks: int) -> int:
    from directory.models import Unit, User
    from speeches.models import Speech
    from tracker.models import Assignment, ProgressReport, Task

    supervisor = User.objects.create(username="bench_supervisor", role=User.Role.SUPERVISOR)
    speech = Speech.objects.create(
        title="在全区重点工作推进会上的讲话", text="各乡镇要" * 2000, content_hash="b" * 64,
        delivered_on=date(2026, 9, 30), imported_by=supervisor, imported_at=CREATED,
    )  # fmt: skip
    kinds = (Unit.Kind.TOWNSHIP, Unit.Kind.STREET, Unit.Kind.DEPARTMENT)
    made_units = Unit.objects.bulk_create(
        [Unit(name=f"测试单位{i:03d}", kind=kinds[i % 3], sort_order=i) for i in range(units)]
    )
    User.objects.bulk_create(
        [User(username=f"staff{u.pk}", role=User.Role.UNIT_STAFF, unit=u) for u in made_units]
    )
    made_tasks = Task.objects.bulk_create(
        [
            Task(
                speech=speech,
                title=f"完成第{i}项重点工作",
                quote="各乡镇要" * 50,
                due_on=START + timedelta(days=i % 45),
                report_cadence="weekly" if i % 3 == 0 else "",
                created_by=supervisor,
                created_at=CREATED,
            )
            for i in range(tasks)
        ]
    )
    rows = []
    for unit in made_units:
        for index, task in enumerate(made_tasks):
            done = (unit.pk + index) % 3 == 0
            finished = datetime.combine(
                task.due_on + timedelta(days=index % 5 - 2), datetime.min.time(), UTC
            )
            rows.append(
                Assignment(
                    task=task,
                    unit=unit,
                    due_on=task.due_on,
                    created_at=CREATED,
                    updated_at=CREATED,
                    status="done" if done else "in_progress",
                    completed_at=finished if done else None,
                )
            )
    made = Assignment.objects.bulk_create(rows, batch_size=2000)
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                assignment=a,
                author=supervisor,
                text="已推进",
                progress=50,
                created_at=datetime(2026, 11, 12, 2, 0, tzinfo=UTC),
            )
            for a in made[::2]
        ],
        batch_size=2000,
    )
    return len(made)


def best_of(runs: int, work):
    best_cpu = best_wall = None
    result = None
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        result = work()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        best_wall = wall if best_wall is None else min(best_wall, wall)
    return result, best_cpu, best_wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=48)
    parser.add_argument("--tasks", type=int, default=100)
    args = parser.parse_args()
    setup_django("documents", fresh=True)

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.models import User
    from tracker.selectors_assessment import Scope, unit_figures
    from tracker.services.documents import bulletin, bulletins

    settings.LUOSHI_REMINDER_EMAIL = False
    media = tempfile.TemporaryDirectory(prefix="luoshi-bench-documents-")
    settings.MEDIA_ROOT = media.name  # the issued .docx goes here, removed at exit
    assignments = seed(args.units, args.tasks)
    scope = Scope(start=START, end=END, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        unit_figures(scope)
    _, figures_cpu, figures_wall = best_of(3, lambda: unit_figures(scope))
    label = "2026年11月"

    def draft():
        return bulletins.draft(scope=scope, label=label, named_after_days=7, closing="x", now=NOW)

    result, draft_cpu, draft_wall = best_of(3, draft)
    _, docx_cpu, docx_wall = best_of(3, lambda: bulletin.build(result.content))
    supervisor = User.objects.get(username="bench_supervisor")
    request = bulletins.request_bulletin(
        user=supervisor, start=START, end=END, label=label, now=NOW
    )
    bulletins.build_bulletin(bulletin_id=request.pk, now=NOW)
    cpu, wall = time.process_time(), time.perf_counter()
    issued = bulletins.issue_bulletin(bulletin=request, user=supervisor, now=NOW)
    issue_cpu, issue_wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"{assignments} assignments, {len(result.content.overdue)} overdue lines, {issued.number}"
    )
    print(
        figures(
            assignments=assignments,
            overdue_lines=len(result.content.overdue),
            figures_cpu_s=figures_cpu,
            figures_wall_s=figures_wall,
            figures_queries=len(queries),
            draft_cpu_s=draft_cpu,
            draft_wall_s=draft_wall,
            docx_cpu_s=docx_cpu,
            docx_wall_s=docx_wall,
            issue_cpu_s=issue_cpu,
            issue_wall_s=issue_wall,
        )
    )
    media.cleanup()


if __name__ == "__main__":
    main()
