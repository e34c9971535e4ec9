"""Deadline scan speed: 100,000 open assignments in PostgreSQL, one scan, its time and queries.

Seeds its own database (luoshi_bench_reminders, rebuilt each run) with COPY: 300 units with two
staff and a leader each, 5 supervisors, 100,000 open assignments due from 60 days ago to 60
days ahead, 1% with a pending extension request. Then runs the same service as the daily
Celery task with a pinned today, and runs it again (the idempotent re-run of a duplicated
tick). In-app only (no user has an email address): email delivery is one transaction per
message by design, so that a killed worker never loses or doubles one.

    .venv/bin/python bench/reminders.py [--assignments 100000]
"""

import argparse
import io
import random
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import Stopwatch, figures, setup_django

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
LONG_AGO = datetime(2026, 1, 5, tzinfo=UTC)
UNITS = 300


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(buffer.read())


def seed(total: int) -> None:
    from django.db import connection, transaction

    from directory.models import Unit, User

    rng = random.Random(20261125)
    with transaction.atomic():
        Unit.objects.bulk_create(
            Unit(name=f"基准{n}镇", kind=Unit.Kind.TOWNSHIP, sort_order=n) for n in range(UNITS)
        )
        units = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
        people = [
            User(username=f"staff{u}_{k}", role=User.Role.UNIT_STAFF, unit_id=u, password="!")
            for u in units
            for k in range(2)
        ]
        people += [
            User(username=f"leader{u}", role=User.Role.UNIT_LEADER, unit_id=u, password="!")
            for u in units
        ]
        people += [
            User(username=f"duban{k}", role=User.Role.SUPERVISOR, password="!") for k in range(5)
        ]
        User.objects.bulk_create(people)
        author = User.objects.get(username="duban0").pk
        tasks = -(-total // UNITS)
        with connection.cursor() as cursor:
            copy_rows(
                cursor,
                "tracker_task",
                ["title", "quote", "section_path", "deadline_text", "recurrence", "target",
                 "report_cadence", "provenance", "created_by_id", "created_at", "version"],
                ((f"第{n}项重点工作：完成村级活动场所建设", "", "[]", "", "", "", "", "{}",
                  author, LONG_AGO.isoformat(), 1) for n in range(tasks)),
            )  # fmt: skip
            cursor.execute("SELECT id FROM tracker_task ORDER BY id")
            task_ids = [row[0] for row in cursor.fetchall()]
            copy_rows(
                cursor,
                "tracker_assignment",
                ["task_id", "unit_id", "role", "period", "due_on", "status", "progress",
                 "created_at", "updated_at", "version"],
                ((task_ids[k // UNITS], units[k % UNITS], "lead", 1,
                  (TODAY + timedelta(days=rng.randint(-60, 60))).isoformat(),
                  rng.choice(("pending", "in_progress")), 0, LONG_AGO.isoformat(),
                  LONG_AGO.isoformat(), 1) for k in range(total)),
            )  # fmt: skip
            cursor.execute(
                """
                INSERT INTO tracker_extensionrequest (assignment_id, requested_by_id,
                    requested_at, old_due_on, new_due_on, reason, status, decision_note)
                SELECT a.id, %s, %s, a.due_on, a.due_on + 30, '施工受阻', 'pending', ''
                FROM tracker_assignment a WHERE a.id %% 100 = 0
                """,
                [author, NOW],
            )
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=int, default=100_000)
    args = parser.parse_args()
    setup_django("reminders", fresh=True)

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.models import Notification
    from tracker.services import reminders

    settings.LUOSHI_REMINDER_EMAIL = False
    with Stopwatch() as seeding:
        seed(args.assignments)
    print(f"seeded {args.assignments} assignments in {seeding.seconds:.1f} s")

    with CaptureQueriesContext(connection) as queries, Stopwatch() as first:
        result = reminders.scan_deadlines(today=TODAY, now=NOW)
    created = sum(result.by_kind().values())
    print(f"scan: {result.by_kind()} in {first.seconds:.2f} s, {len(queries)} queries")
    with CaptureQueriesContext(connection) as again, Stopwatch() as second:
        rerun = reminders.scan_deadlines(today=TODAY, now=NOW + timedelta(minutes=1))
    assert sum(rerun.by_kind().values()) == 0, "a second scan created reminders again"
    assert Notification.objects.count() == created
    print(
        figures(
            assignments=args.assignments,
            notifications=created,
            scan_s=first.seconds,
            scan_queries=len(queries),
            rescan_s=second.seconds,
            rescan_queries=len(again),
            seed_s=seeding.seconds,
        )
    )


if __name__ == "__main__":
    main()
