"""Dashboard speed: seed 10 units / 300 assignments, then 300 units / 30,000, and measure.

Runs on this run's own PostgreSQL database with DEBUG off (see _support). For each size it
times the dashboard, one unit page and a filtered dashboard as a logged-in supervisor (Django
test Client: server time without network) in CPU milliseconds, median of N interleaved rounds,
beside the floor view (the cheapest signed-in page) timed in the same rounds, with the query
count. The last line holds every figure as key=value.

    .venv/bin/python bench/dashboard.py [--runs 25]
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import setup_django, use_floor_urls

setup_django("dashboard", floor=True)

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.models import Unit, User  # noqa: E402
from speeches.models import Speech  # noqa: E402
from tracker.models import Assignment, Task  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000
STATUSES = ["pending", "in_progress", "in_progress", "done", "closed"]


def reset() -> None:
    with transaction.atomic():
        Assignment.objects.all().delete()
        Task.objects.all().delete()
        Speech.objects.filter(content_hash__startswith="bench").delete()
        User.objects.filter(username="bench_supervisor").delete()
        Unit.objects.filter(name__startswith="基准").delete()


def seed(*, units: int, per_unit: int, tasks: int, today: date) -> User:
    """Wipe the bench rows and create units × per_unit assignments over ``tasks`` tasks."""
    rng = random.Random(20261125)
    reset()
    supervisor = User.objects.create_user(
        "bench_supervisor", password="x", role=User.Role.SUPERVISOR, is_staff=True
    )
    now = timezone.now()
    speeches = [
        Speech.objects.create(
            title=f"基准讲话{i}", text="基准", content_hash=f"bench{i:059d}", imported_at=now
        )
        for i in range(5)
    ]
    kinds = [Unit.Kind.TOWNSHIP, Unit.Kind.STREET, Unit.Kind.DEPARTMENT]
    unit_rows = Unit.objects.bulk_create(
        [Unit(name=f"基准单位{u:03d}", kind=kinds[u % 3], sort_order=u) for u in range(units)],
        batch_size=BATCH,
    )
    task_rows = Task.objects.bulk_create(
        [
            Task(
                title=f"基准任务{t}：推进重点工作落实",
                speech=speeches[t % len(speeches)],
                created_by=supervisor,
                created_at=now,
            )
            for t in range(tasks)
        ],
        batch_size=BATCH,
    )
    batch: list[Assignment] = []
    for u, unit in enumerate(unit_rows):
        for k in range(per_unit):
            task = task_rows[(u * 7 + k) % tasks]
            status = rng.choice(STATUSES)
            due = today + timedelta(days=rng.randint(-90, 90))
            done = status in ("done", "closed")
            completed = (
                datetime.combine(due + timedelta(days=rng.randint(-10, 5)), datetime.min.time(), TZ)
                if done
                else None
            )
            batch.append(
                Assignment(
                    task=task,
                    unit=unit,
                    status=status,
                    due_on=due,
                    progress=100 if done else rng.randint(0, 90),
                    completed_at=completed,
                    created_at=now,
                    updated_at=now,
                )
            )
            if len(batch) >= BATCH:
                Assignment.objects.bulk_create(batch)
                batch = []
    Assignment.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return supervisor


def measure(client, urls: dict[str, str], runs: int) -> dict[str, tuple[float, int]]:
    """(median CPU ms, queries) of each page, timed in interleaved rounds: drift and noise hit
    every page and the floor alike."""
    queries = {}
    for name, url in urls.items():  # warm up, check, count queries once
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries[name] = len(ctx.captured_queries)
    samples = {name: [] for name in urls}
    order, rng = list(urls), random.Random(1)
    for _ in range(runs):
        rng.shuffle(order)
        for name in order:
            start = time.process_time()
            client.get(urls[name])
            samples[name].append((time.process_time() - start) * 1000)
    return {name: (statistics.median(samples[name]), queries[name]) for name in urls}


def run_size(label: str, *, units: int, per_unit: int, tasks: int, runs: int) -> dict:
    from django.test import Client

    today = timezone.localdate()
    started = time.perf_counter()
    supervisor = seed(units=units, per_unit=per_unit, tasks=tasks, today=today)
    seeded = time.perf_counter() - started
    client = Client(HTTP_HOST="localhost")  # DEBUG off: a host ALLOWED_HOSTS lists
    client.force_login(supervisor)
    unit = Unit.objects.filter(name__startswith="基准").order_by("sort_order").first()
    pages = {
        "floor": use_floor_urls(),
        "dashboard": reverse("tracker:dashboard"),
        "unit_page": reverse("tracker:unit-page", args=[unit.pk]),
        "filtered": reverse("tracker:dashboard")
        + "?state=open&due=month&kind=township&q=%E9%87%8D%E7%82%B9&sort=completion",
    }
    figures = {f"{label}_assignments": Assignment.objects.count(), f"{label}_units": units}
    for name, (median, queries) in measure(client, pages, runs).items():
        figures[f"{label}_{name}_ms"] = round(median, 2)
        figures[f"{label}_{name}_queries"] = queries
        ratio = f"{median / figures[f'{label}_floor_ms']:5.1f}× floor" if name != "floor" else ""
        print(f"{label:5} {name:10} cpu {median:7.2f} ms {ratio:12} {queries} queries", flush=True)
    print(f"{label:5} seeded {figures[f'{label}_assignments']} assignments in {seeded:.1f} s")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    figures = {}
    figures |= run_size("small", units=10, per_unit=30, tasks=40, runs=args.runs)
    figures |= run_size("large", units=300, per_unit=100, tasks=1000, runs=args.runs)
    figures["large_dashboard_ratio"] = round(
        figures["large_dashboard_ms"] / figures["large_floor_ms"], 2
    )
    figures["dashboard_under_200ms"] = figures["large_dashboard_ms"] < 200
    figures["queries_constant"] = (
        figures["large_dashboard_queries"] == figures["small_dashboard_queries"]
        and figures["large_filtered_queries"] == figures["small_filtered_queries"]
    )
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
