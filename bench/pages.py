"""Page cost against the floor: CPU per request of each page beside a trivial signed-in view.

Seeds this run's own database (see _support): one unit with 32 assignments and a member of its
staff, and 300 units with 100 assignments each for the dashboard. Then, in one process with
DEBUG off, it times interleaved rounds of

  floor        a trivial signed-in view (session, user, every middleware; no query of its own)
  unit_page    the unit page as the unit's staff (32 rows)
  row_panel    opening one row (the htmx GET of its forms)
  update       an inline progress report (htmx POST; answers with the changed row)
  complete     an inline 标记完成 with its final report (the row moves group), undone after
  dashboard    the dashboard as a supervisor (300 units)

(update and complete change the same two rows every round; that flatters nothing, since a
prepared query's SQL is kept per shape with the row's id a placeholder, never per row) and
prints for each the median in-process CPU time (time.process_time, so the database
server's own work is not counted) and its ratio to the floor of the same run, with the
query count. The last line holds every figure as key=value.

    .venv/bin/python bench/pages.py [--rounds 30] [--profile unit_page]
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

from _support import figures, setup_django, use_floor_urls

setup_django("pages", floor=True)  # this run's own database, DEBUG off

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.models import Unit, User  # noqa: E402
from speeches.models import Speech  # noqa: E402
from tracker.models import Assignment, Instruction, Task  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000
UNIT_ROWS = 32
DASHBOARD_UNITS = 300
PER_UNIT = 100
STATUSES = ["pending", "in_progress", "in_progress", "done", "closed"]
GOALS = {"unit_page": 3.0, "update": 2.0, "complete": 2.0, "dashboard": 4.0}


def _assignment(rng, task, unit, today, now, status=None) -> Assignment:
    status = status or rng.choice(STATUSES)
    due = today + timedelta(days=rng.randint(-30, 60))
    done = status in ("done", "closed")
    return Assignment(
        task=task,
        unit=unit,
        status=status,
        due_on=due,
        progress=100 if done else rng.randint(0, 90),
        completed_at=datetime.combine(due, datetime.min.time(), TZ) if done else None,
        created_at=now,
        updated_at=now,
    )


def seed(today: date) -> dict:
    rng = random.Random(20261201)
    now = timezone.now()
    supervisor = User.objects.create_user(
        "bench_supervisor", password="x", role=User.Role.SUPERVISOR, is_staff=True
    )
    speeches = [
        Speech.objects.create(
            title=f"基准讲话{i}：全县重点工作推进会", text="基准", content_hash=f"bench{i:059d}",
            imported_at=now,
        )
        for i in range(5)
    ]  # fmt: skip
    units = Unit.objects.bulk_create(
        [
            Unit(name=f"基准单位{u:03d}", kind=Unit.Kind.TOWNSHIP, sort_order=u)
            for u in range(DASHBOARD_UNITS)
        ]
    )
    tasks = Task.objects.bulk_create(
        [
            Task(
                title=f"基准任务{t}：认真落实县委决策部署，推进重点工作按期完成并报送情况",
                speech=speeches[t % len(speeches)],
                created_by=supervisor,
                created_at=now,
            )
            for t in range(1000)
        ],
        batch_size=BATCH,
    )
    unit = units[0]
    staff = User.objects.create_user(
        "bench_staff", password="x", role=User.Role.UNIT_STAFF, unit=unit
    )
    # The staff's own unit: exactly UNIT_ROWS assignments, two known open ones to update.
    own = [_assignment(rng, tasks[k], unit, today, now) for k in range(UNIT_ROWS - 2)]
    own.append(_assignment(rng, tasks[UNIT_ROWS], unit, today, now, status="in_progress"))
    own.append(_assignment(rng, tasks[UNIT_ROWS + 1], unit, today, now, status="in_progress"))
    Assignment.objects.bulk_create(own)
    batch = []
    for u, other in enumerate(units[1:], start=1):
        for k in range(PER_UNIT):
            batch.append(_assignment(rng, tasks[(u * 7 + k) % len(tasks)], other, today, now))
        if len(batch) >= BATCH:
            Assignment.objects.bulk_create(batch)
            batch = []
    Assignment.objects.bulk_create(batch)
    # Two 批示 on the page's header, as a unit under supervision has: one on an assignment of
    # its own, one on a task it shares with every unit of it.
    Instruction.objects.bulk_create(
        Instruction(task=own[k].task, assignment=own[k] if k == 0 else None, author=supervisor,
                    text="请抓紧推进，按期报送进展情况", written_at=now)
        for k in (0, 1)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    mine = list(Assignment.objects.filter(unit=unit, status="in_progress").order_by("-pk")[:2])
    return {"supervisor": supervisor, "staff": staff, "unit": unit, "report": mine[0],
            "complete": mine[1]}  # fmt: skip


class Pages:
    """One callable per page; each returns the response of one timed request."""

    def __init__(self, seeded: dict):
        self.unit = seeded["unit"]
        self.staff = Client(HTTP_HOST="localhost")
        self.staff.force_login(seeded["staff"])
        self.supervisor = Client(HTTP_HOST="localhost")
        self.supervisor.force_login(seeded["supervisor"])
        self.report = seeded["report"]
        self.complete = seeded["complete"]
        self.htmx = {"HTTP_HX_REQUEST": "true"}
        self.floor_path = use_floor_urls()

    def floor(self):
        return self.staff.get(self.floor_path)

    def unit_page(self):
        return self.staff.get(reverse("tracker:unit-page", args=[self.unit.pk]))

    def row_panel(self):
        url = reverse("tracker:unit-assignment-panel", args=[self.unit.pk, self.report.pk])
        return self.staff.get(url, **self.htmx)

    def update(self):
        a = self.report
        url = reverse("tracker:unit-assignment-report", args=[self.unit.pk, a.pk])
        version = Assignment.objects.values_list("version", flat=True).get(pk=a.pk)
        start = time.process_time()
        data = {"text": "按计划推进", "progress": str(a.progress), "version": version}
        response = self.staff.post(url, data, **self.htmx)  # multipart, as the report form is
        return response, time.process_time() - start

    def complete_row(self):
        a = self.complete
        url = reverse("tracker:unit-assignment-transition", args=[self.unit.pk, a.pk])
        version = Assignment.objects.values_list("version", flat=True).get(pk=a.pk)
        start = time.process_time()
        data = {"transition": "complete", "version": version, "reason": "已全部完成"}
        response = self.staff.post(url, data, **self.htmx)  # multipart: the final report form
        spent = time.process_time() - start
        # Back to 推进中 outside the timed part, so every round moves the row the same way.
        Assignment.objects.filter(pk=a.pk).update(status="in_progress", completed_at=None)
        return response, spent

    def dashboard(self):
        return self.supervisor.get(reverse("tracker:dashboard"))


def _timed(call) -> tuple[object, float]:
    start = time.process_time()
    result = call()
    if isinstance(result, tuple):  # the page timed itself (set-up excluded)
        return result
    return result, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--profile", help="cProfile one page over the rounds, print the top")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (tottime …)")
    parser.add_argument("--loop", help="only run this page, --rounds times, untimed")
    args = parser.parse_args()
    assert not settings.DEBUG
    seeded = seed(timezone.localdate())
    pages = Pages(seeded)
    calls = {
        "floor": pages.floor,
        "unit_page": pages.unit_page,
        "row_panel": pages.row_panel,
        "update": pages.update,
        "complete": pages.complete_row,
        "dashboard": pages.dashboard,
    }
    try:
        reverse("tracker:unit-assignment-panel", args=[1, 1])
    except NoReverseMatch:  # before rows opened on demand
        del calls["row_panel"]
    queries = {}
    for name, call in calls.items():  # warm up, check, and count queries once
        with CaptureQueriesContext(connection) as ctx:
            response, _ = _timed(call)
        assert response.status_code == 200, (name, response.status_code)
        queries[name] = len(ctx.captured_queries)
    if args.loop:  # for a sampling profiler outside: py-spy record -- python bench/pages.py …
        for _ in range(args.rounds):
            _timed(calls[args.loop])
        return
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)  # CPU: waiting on PostgreSQL is not ours
        profiler.enable()
        for _ in range(args.rounds):
            _timed(calls[args.profile])
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)
        return
    cpu = {name: [] for name in calls}
    rng = random.Random(1)
    order = list(calls)
    for _ in range(args.rounds):
        rng.shuffle(order)  # interleaved: drift and noise hit every page alike
        for name in order:
            response, spent = _timed(calls[name])
            assert response.status_code == 200, (name, response.status_code)
            cpu[name].append(spent * 1000)
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    base = medians["floor"]
    out = {"floor_ms": round(base, 2)}
    print(f"{'page':10} {'cpu ms':>8} {'ratio':>6} {'goal':>6} queries  (median of {args.rounds})")
    for name, median in medians.items():
        ratio = median / base
        goal = GOALS.get(name)
        shown = f"≤{goal:g}×" if goal else ""
        print(f"{name:10} {median:8.2f} {ratio:5.1f}× {shown:>6} {queries[name]:>7}")
        if name != "floor":
            out[f"{name}_ms"] = round(median, 2)
            out[f"{name}_x_floor"] = round(ratio, 2)  # run_all's goals: pages:<name>_x_floor
        out[f"{name}_queries"] = queries[name]
    print(figures(**out))


if __name__ == "__main__":
    main()
