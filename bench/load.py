"""Load test: gunicorn on PostgreSQL, 50 users for 60 s, then a check that no update was lost.

Runs only on 127.0.0.1. A fresh database luoshi_bench_load gets the demo county (seed_demo) plus
volume: VOLUME_PER_UNIT assignments for every township, street and department. Then:
  - 40 unit staff (two per unit) open their unit page and report progress through the real
    form (CSRF token, hidden version field, htmx partial answer), or start a pending task;
  - 10 leaders open the dashboard, its htmx partial and random unit pages.
Each user stops at the deadline or after MAX_REQUESTS_PER_USER requests, whichever is first.
A refused stale form ("该任务已被他人修改…") is a correct answer, counted as a conflict, never as
an error. Afterwards the database must reflect every accepted update exactly once: each
assignment's version grew by the number of updates the clients saw accepted, and every accepted
report's text is stored once.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--workers 4]
"""

import argparse
import http.client
import io
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from html import unescape
from urllib.parse import urlencode

from _support import ROOT, figures, setup_django

VOLUME_PER_UNIT = 30
MAX_REQUESTS_PER_USER = 5000
PASSWORD = "load-test-password-8c1f"
SAVED_MARKERS = ("进展已提交", "已保存")
STALE_MARKERS = ("该任务已被他人修改", "页面已过期")

FORM = re.compile(r"<form\b[^>]*\baction=\"(?P<action>[^\"]+)\"[^>]*>(?P<body>.*?)</form>", re.S)
HIDDEN = re.compile(r"<input[^>]*name=\"(?P<name>[^\"]+)\"[^>]*value=\"(?P<value>[^\"]*)\"")
PROGRESS_VALUE = re.compile(r"name=\"progress\"[^>]*value=\"(\d+)\"")
CSRF_INPUT = re.compile(r"name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(db_url: str) -> dict:
    """Seed demo data plus volume; return the load users and the initial versions."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from directory.models import Unit, User
    from tracker.models import Assignment, Task

    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    now = timezone.now()
    today = timezone.localdate()
    supervisor = User.objects.filter(role=User.Role.SUPERVISOR).first()
    units = list(
        Unit.objects.filter(
            kind__in=[Unit.Kind.TOWNSHIP, Unit.Kind.STREET, Unit.Kind.DEPARTMENT], is_active=True
        ).order_by("pk")
    )
    hashed = make_password(PASSWORD)
    for index in range(VOLUME_PER_UNIT):
        task = Task.objects.create(
            title=f"压测任务{index + 1}：按期完成重点工作并报送进展",
            created_by=supervisor,
            created_at=now,
            due_on=today + timezone.timedelta(days=index - 5),
        )
        Assignment.objects.bulk_create(
            Assignment(
                task=task,
                unit=unit,
                created_at=now,
                updated_at=now,
                due_on=task.due_on,
                status=Assignment.Status.PENDING if index % 3 else Assignment.Status.IN_PROGRESS,
            )
            for unit in units
        )
    staff, leaders = [], []
    for index, unit in enumerate(units[:20]):
        for copy in (1, 2):
            user, _ = User.objects.update_or_create(
                username=f"load_staff_{index}_{copy}",
                defaults={"role": User.Role.UNIT_STAFF, "unit": unit, "password": hashed},
            )
            staff.append((user.username, unit.pk))
    for index in range(10):
        user, _ = User.objects.update_or_create(
            username=f"load_leader_{index}",
            defaults={"role": User.Role.LEADER, "unit": None, "password": hashed},
        )
        leaders.append(user.username)
    versions = dict(Assignment.objects.values_list("pk", "version"))
    return {
        "staff": staff,
        "leaders": leaders,
        "unit_ids": [u.pk for u in units],
        "versions": versions,
        "assignments": len(versions),
    }


class Browser:
    """One user's keep-alive connection with cookies, like a browser tab."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, *, data=None, htmx=False):
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), text

    def login(self, username: str) -> None:
        status, _, page = self.request("GET", "/login/")
        token = CSRF_INPUT.search(page).group(1)
        status, _, _ = self.request(
            "POST",
            "/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
                "next": "",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login failed for {username}: {status}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.by_kind: dict[str, list[float]] = defaultdict(list)
        self.errors = Counter()
        self.conflicts = 0
        self.accepted: Counter = Counter()  # assignment pk -> accepted updates
        self.reports: list[str] = []  # texts of accepted reports
        self.refused = Counter()

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_kind[kind].append(seconds)


def timed(stats: Stats, kind: str, browser: Browser, method: str, path: str, **kw):
    start = time.perf_counter()
    try:
        status, location, text = browser.request(method, path, **kw)
    except Exception as exc:  # a dropped connection is an error like a 500
        stats.record(kind, time.perf_counter() - start)
        with stats.lock:
            stats.errors[f"{kind}:{type(exc).__name__}"] += 1
        return None, None, ""
    stats.record(kind, time.perf_counter() - start)
    if status >= 500 or status in (403, 404, 400):
        with stats.lock:
            stats.errors[f"{kind}:{status}"] += 1
    return status, location, text


def logged_in(port: int, username: str, stats: Stats) -> Browser | None:
    browser = Browser(port)
    try:
        browser.login(username)
    except Exception as exc:
        with stats.lock:
            stats.errors[f"login:{exc}"] += 1
        return None
    return browser


def staff_loop(port, username, unit_id, deadline, stats, rng):
    browser = logged_in(port, username, stats)
    if browser is None:
        return
    page_path = f"/units/{unit_id}/tasks/"
    for sequence in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        status, _, page = timed(stats, "unit_page", browser, "GET", page_path)
        if status != 200 or rng.random() < 0.4:
            continue
        forms = [
            (unescape(m.group("action")), m.group("body"))
            for m in FORM.finditer(page)
            if f"/units/{unit_id}/tasks/" in m.group("action")
        ]
        reports = [f for f in forms if f[0].endswith("/report/")]
        starts = [f for f in forms if 'value="start"' in f[1]]
        pool = reports if reports and (not starts or rng.random() < 0.8) else starts
        if not pool:
            continue
        action, body = rng.choice(pool)
        fields = {m.group("name"): unescape(m.group("value")) for m in HIDDEN.finditer(body)}
        assignment_pk = int(action.rstrip("/").split("/")[-2])
        text = ""
        if action.endswith("/report/"):
            current = int((PROGRESS_VALUE.search(body) or [0, "0"])[1])
            text = f"load {username} #{sequence}: 已按要求推进"
            fields.update(text=text, progress=str(min(100, current + rng.choice((0, 5)))))
        status, _, answer = timed(stats, "update", browser, "POST", action, data=fields, htmx=True)
        if status != 200:
            continue
        if any(marker in answer for marker in SAVED_MARKERS):
            with stats.lock:
                stats.accepted[assignment_pk] += 1
                if text:
                    stats.reports.append(text)
        elif any(marker in answer for marker in STALE_MARKERS):
            with stats.lock:
                stats.conflicts += 1
        else:
            error = re.search(r'class="field-error"[^>]*>([^<]+)<', answer)
            with stats.lock:
                stats.refused[error.group(1) if error else "no message"] += 1


def leader_loop(port, username, unit_ids, deadline, stats, rng):
    browser = logged_in(port, username, stats)
    if browser is None:
        return
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        roll = rng.random()
        if roll < 0.5:
            timed(stats, "dashboard", browser, "GET", "/dashboard/")
        elif roll < 0.7:
            timed(stats, "dashboard_partial", browser, "GET", "/dashboard/", htmx=True)
        else:
            timed(stats, "unit_page", browser, "GET", f"/units/{rng.choice(unit_ids)}/tasks/")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def wait_for(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    os.environ["LUOSHI_DEMO_PASSWORD"] = PASSWORD  # before settings are read: demo accounts too
    db_url = setup_django("load", fresh=True)
    world = prepare(db_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "LUOSHI_LOG_LEVEL": "WARNING",
        "LUOSHI_LOGIN_FAILURE_LIMIT": "1000",
    }
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_for(port, gunicorn)
        stats = Stats()
        rng = random.Random(20261125)
        staff_count = min(len(world["staff"]), args.users * 4 // 5)
        leader_count = min(len(world["leaders"]), args.users - staff_count)
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=staff_loop,
                args=(port, name, unit, deadline, stats, random.Random(rng.random())),
            )
            for name, unit in world["staff"][:staff_count]
        ] + [
            threading.Thread(
                target=leader_loop,
                args=(port, name, world["unit_ids"], deadline, stats, random.Random(rng.random())),
            )
            for name in world["leaders"][:leader_count]
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=30)

    from tracker.models import Assignment, ProgressReport

    final = dict(Assignment.objects.values_list("pk", "version"))
    lost = doubled = 0
    for pk, before in world["versions"].items():
        grew = final[pk] - before
        seen = stats.accepted.get(pk, 0)
        lost += max(0, seen - grew)
        doubled += max(0, grew - seen)
    stored = Counter(
        ProgressReport.objects.filter(text__startswith="load ").values_list("text", flat=True)
    )
    lost_reports = sum(1 for text in stats.reports if stored.get(text, 0) == 0)
    doubled_reports = sum(count - 1 for count in stored.values() if count > 1)
    requests = len(stats.latencies)
    ms = [value * 1000 for value in stats.latencies]
    print(
        f"{len(threads)} users ({staff_count} unit staff, {leader_count} leaders), "
        f"{args.workers} gunicorn workers, {world['assignments']} assignments, {elapsed:.0f} s"
    )
    for kind, values in sorted(stats.by_kind.items()):
        values_ms = [v * 1000 for v in values]
        print(
            f"  {kind:<18} n={len(values):<6} p50={statistics.median(values_ms):.0f} ms "
            f"p95={percentile(values_ms, 0.95):.0f} ms"
        )
    print(f"  errors: {dict(stats.errors) or 'none'}")
    print(f"  refused with a message: {dict(stats.refused) or 'none'}")
    print(
        f"  updates accepted={sum(stats.accepted.values())} stale-form conflicts={stats.conflicts}"
    )
    print(
        figures(
            users=len(threads),
            seconds=round(elapsed, 1),
            requests=requests,
            rps=requests / elapsed,
            p50_ms=statistics.median(ms) if ms else 0.0,
            p95_ms=percentile(ms, 0.95),
            p99_ms=percentile(ms, 0.99),
            errors=sum(stats.errors.values()),
            updates=sum(stats.accepted.values()),
            conflicts=stats.conflicts,
            lost_updates=lost + lost_reports,
            doubled_updates=doubled + doubled_reports,
        )
    )
    return 0 if not stats.errors and not (lost or lost_reports or doubled or doubled_reports) else 1


if __name__ == "__main__":
    sys.exit(main())
