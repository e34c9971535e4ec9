"""Load test (`make load`): gunicorn on 127.0.0.1, a closed loop, an open-model capacity sweep.

A fresh database of this run gets the demo county (seed_demo) plus VOLUME_PER_UNIT assignments
for every township, street and department. Every user is signed in before any clock starts
(sessions created in the database as a login would, cookies set, one real form login checked,
each session's first page fetched). Then, against one gunicorn (4 workers) on 127.0.0.1:

1. Closed loop: 50 users (40 unit staff, 10 leaders) with no think time for CLOSED_SECONDS —
   staff open their unit page and report progress or start a task through the real forms
   (CSRF token, version field, htmx answer; a row's forms are fetched from its panel when the
   page does not carry them), leaders open the dashboard, its htmx partial and unit pages.
2. Open model, twice — Luoshi's request mix and the floor (bench/_floor.py: a trivial
   signed-in view): arrivals at a set rate (Poisson), each served by a signed-in user whose
   think time (exponential) since their last request has passed; each role's mean think time
   is set so that its pool of users is at most a third busy (a busier pool would make
   arrivals wait for a simulated user, not for the server). Latency counts from the
   scheduled arrival, so a server that falls behind is charged for the wait (no coordinated
   omission). A short saturating probe finds each target's throughput; the sweep offers
   SWEEP_SHARES of it and reports the capacity: the highest offered rate with p95 < 300 ms and
   0 errors. The figure that matters is the ratio of the two capacities, measured in one run.

Server time per request comes from gunicorn's access log (%(D)s, joined on an X-Bench-Id
header): client time minus server time is queueing. The client's own CPU is reported (it
shares the two cores with the server) and so is the server's CPU per request. Afterwards every
update the clients saw accepted must be in the database exactly once. Bounded: loopback only,
MAX_REQUESTS_PER_USER, and every phase has a deadline.

    .venv/bin/python bench/load.py [--users 50] [--closed-seconds 40] [--step-seconds 8]
"""

import argparse
import heapq
import http.client
import io
import os
import queue
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

from _support import BENCH, FLOOR_PATH, FLOOR_SETTINGS, ROOT, figures, setup_django

HOST = "127.0.0.1"
VOLUME_PER_UNIT = 30
MAX_REQUESTS_PER_USER = 5000
PASSWORD = "load-test-password-8c1f"
SAVED_MARKERS = ("进展已提交", "已保存")
STALE_MARKERS = ("该任务已被他人修改", "页面已过期")
P95_LIMIT_MS = 300
SWEEP_SHARES = (0.2, 0.35, 0.5, 0.65, 0.8, 1.0, 1.25)  # of the probe's throughput
MIN_SAMPLES = 60  # a step lasts long enough for this many arrivals (p95 of 6 is noise)
PROBE_SECONDS = 4
PROBE_THREADS = 12
OPEN_THREADS = 48
THINK_SECONDS = 2.0  # mean think time between one user's requests (shortened if too few users)
# A role's simulated users are at most this busy (thinking or waiting on a page): a busier pool
# makes arrivals wait for a user who has finished thinking, which is the client's queue, not
# the server's (at 70 % busy, p95 of 200–400 ms with the server's own p95 under 20 ms).
POOL_BUSY = 1 / 3
FLOOR_STAFF_SHARE = 0.75  # the floor's requests come from staff and leaders in this proportion
LEADER_KINDS = ("dashboard", "dashboard_partial", "other_unit_page")
DRAIN_SECONDS = 10
MIX = (  # (weight, kind) of the open model's arrivals: what staff and leaders do in a day
    (45, "unit_page"),
    (20, "update"),
    (20, "dashboard"),
    (5, "dashboard_partial"),
    (10, "other_unit_page"),
)

FORM = re.compile(r"<form\b[^>]*\baction=\"(?P<action>[^\"]+)\"[^>]*>(?P<body>.*?)</form>", re.S)
HIDDEN = re.compile(r"<input[^>]*name=\"(?P<name>[^\"]+)\"[^>]*value=\"(?P<value>[^\"]*)\"")
PROGRESS_VALUE = re.compile(r"name=\"progress\"[^>]*value=\"(\d+)\"")
CSRF_INPUT = re.compile(r"name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\"")
HX_GET = re.compile(r"hx-get=\"([^\"]+)\"")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------- the world


def prepare() -> dict:
    """Seed demo data plus volume, create the load users and their sessions (no password
    hashing on the clock: a session row like the one a login writes)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
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
    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS

    def session_for(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    staff, leaders = [], []
    for index, unit in enumerate(units[:20]):
        for copy in (1, 2, 3):
            user, _ = User.objects.update_or_create(
                username=f"load_staff_{index}_{copy}",
                defaults={"role": User.Role.UNIT_STAFF, "unit": unit, "password": hashed},
            )
            staff.append(Member(user.username, "staff", unit.pk, session_for(user)))
    for index in range(20):
        user, _ = User.objects.update_or_create(
            username=f"load_leader_{index}",
            defaults={"role": User.Role.LEADER, "unit": None, "password": hashed},
        )
        leaders.append(Member(user.username, "leader", None, session_for(user)))
    versions = dict(Assignment.objects.values_list("pk", "version"))
    return {
        "staff": staff,
        "leaders": leaders,
        "unit_ids": [u.pk for u in units],
        "versions": versions,
        "assignments": len(versions),
    }


@dataclass
class Member:
    username: str
    role: str
    unit_id: int | None
    session: str
    browser: "Browser | None" = None
    page: str = ""  # the last unit page this user saw (its forms or row links)


class Browser:
    """One user's keep-alive connection with cookies, like a browser tab."""

    def __init__(self, port: int, session: str = ""):
        self.port = port
        self.cookies: dict[str, str] = {"sessionid": session} if session else {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, *, data=None, htmx=False, tag=""):
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if htmx:
            headers["HX-Request"] = "true"
        if tag:
            headers["X-Bench-Id"] = tag
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), text

    def login(self, username: str) -> None:
        """The real login form (checked once per run; the load users' sessions exist already)."""
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


# ---------------------------------------------------------------------------------- recording


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[str, str] = field(default_factory=dict)  # X-Bench-Id -> kind
    errors: Counter = field(default_factory=Counter)
    conflicts: int = 0
    refused: Counter = field(default_factory=Counter)

    def record(self, kind: str, seconds: float, tag: str) -> None:
        with self.lock:
            self.by_kind[kind].append(seconds * 1000)
            self.tags[tag] = kind

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1

    @property
    def latencies(self) -> list[float]:
        return [value for values in self.by_kind.values() for value in values]


@dataclass
class Ledger:
    """What the clients saw accepted, over every phase (for the lost-update check)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: Counter = field(default_factory=Counter)  # assignment pk -> accepted updates
    reports: list[str] = field(default_factory=list)


_sequence = iter(range(10**9))
_sequence_lock = threading.Lock()


def next_tag(phase: str) -> str:
    with _sequence_lock:
        return f"{phase}-{next(_sequence)}"


def timed(stats, phase, kind, browser, method, path, *, started=None, **kw):
    """One request; latency from ``started`` (the scheduled arrival) when given."""
    tag = next_tag(phase)
    start = time.perf_counter() if started is None else started
    try:
        status, location, text = browser.request(method, path, tag=tag, **kw)
    except Exception as exc:  # a dropped connection is an error like a 500
        stats.record(kind, time.perf_counter() - start, tag)
        stats.error(f"{kind}:{type(exc).__name__}")
        return None, None, ""
    stats.record(kind, time.perf_counter() - start, tag)
    if status >= 500 or status in (400, 403, 404):
        stats.error(f"{kind}:{status}")
    return status, location, text


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


# ---------------------------------------------------------------------------------- behaviour


def row_forms(member, stats, phase, page):
    """The report and start forms of the unit page, from the page itself or, when rows load
    their forms on demand (htmx), from one row's panel."""
    unit_path = f"/units/{member.unit_id}/tasks/"

    def forms_of(html):
        return [
            (unescape(m.group("action")), m.group("body"))
            for m in FORM.finditer(html)
            if unit_path in m.group("action")
        ]

    forms = forms_of(page)
    if forms:
        return forms
    links = [unescape(u) for u in HX_GET.findall(page) if unit_path in unescape(u)]
    if not links:
        return []
    status, _, panel = timed(
        stats, phase, "row_panel", member.browser, "GET", random.choice(links), htmx=True
    )
    return forms_of(panel) if status == 200 else []


def update(member, stats, ledger, phase, rng, *, started=None) -> None:
    """Report progress or start a task through a row's real form (htmx answer)."""
    forms = row_forms(member, stats, phase, member.page)
    reports = [f for f in forms if f[0].endswith("/report/")]
    starts = [f for f in forms if 'value="start"' in f[1]]
    pool = reports if reports and (not starts or rng.random() < 0.8) else starts
    if not pool:
        return
    action, body = rng.choice(pool)
    fields = {m.group("name"): unescape(m.group("value")) for m in HIDDEN.finditer(body)}
    assignment_pk = int(action.rstrip("/").split("/")[-2])
    text = ""
    if action.endswith("/report/"):
        current = int((PROGRESS_VALUE.search(body) or [0, "0"])[1])
        text = f"load {member.username} {next_tag(phase)}: 已按要求推进"
        fields.update(text=text, progress=str(min(100, current + rng.choice((0, 5)))))
    status, _, answer = timed(
        stats, phase, "update", member.browser, "POST", action, data=fields, htmx=True,
        started=started,
    )  # fmt: skip
    if status != 200:
        return
    if any(marker in answer for marker in SAVED_MARKERS):
        with ledger.lock:
            ledger.accepted[assignment_pk] += 1
            if text:
                ledger.reports.append(text)
    elif any(marker in answer for marker in STALE_MARKERS):
        with stats.lock:
            stats.conflicts += 1
    else:
        error = re.search(r'class="field-error"[^>]*>([^<]+)<', answer)
        with stats.lock:
            stats.refused[error.group(1) if error else "no message"] += 1


def unit_page(member, stats, phase, *, started=None) -> None:
    path = f"/units/{member.unit_id}/tasks/"
    status, _, page = timed(stats, phase, "unit_page", member.browser, "GET", path, started=started)
    if status == 200:
        member.page = page


def staff_loop(member, deadline, stats, ledger, rng):
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        unit_page(member, stats, "closed")
        if member.page and rng.random() >= 0.4:
            update(member, stats, ledger, "closed", rng)


def leader_loop(member, unit_ids, deadline, stats, rng):
    for _ in range(MAX_REQUESTS_PER_USER):
        if time.monotonic() >= deadline:
            return
        roll = rng.random()
        if roll < 0.5:
            timed(stats, "closed", "dashboard", member.browser, "GET", "/dashboard/")
        elif roll < 0.7:
            timed(
                stats, "closed", "dashboard_partial", member.browser, "GET", "/dashboard/",
                htmx=True,
            )  # fmt: skip
        else:
            path = f"/units/{rng.choice(unit_ids)}/tasks/"
            timed(stats, "closed", "unit_page", member.browser, "GET", path)


def open_request(kind, member, world, stats, ledger, phase, rng, started) -> None:
    """One arrival of the open model, as ``kind``."""
    if kind == "floor":
        timed(stats, phase, "floor", member.browser, "GET", FLOOR_PATH, started=started)
    elif kind == "unit_page":
        unit_page(member, stats, phase, started=started)
    elif kind == "update":
        if member.page:
            update(member, stats, ledger, phase, rng, started=started)
        else:
            unit_page(member, stats, phase, started=started)
    elif kind == "dashboard":
        timed(stats, phase, "dashboard", member.browser, "GET", "/dashboard/", started=started)
    elif kind == "dashboard_partial":
        timed(
            stats, phase, "dashboard_partial", member.browser, "GET", "/dashboard/", htmx=True,
            started=started,
        )  # fmt: skip
    else:
        path = f"/units/{rng.choice(world['unit_ids'])}/tasks/"
        timed(stats, phase, "unit_page", member.browser, "GET", path, started=started)


class Users:
    """Signed-in users of one role, each ready again a think time after their last request."""

    def __init__(self, members, think: float, rng):
        self.think, self.rng = think, rng
        self.ready = [(0.0, index, member) for index, member in enumerate(members)]
        heapq.heapify(self.ready)
        self.cond = threading.Condition()

    def take(self, until: float):
        with self.cond:
            while True:
                if self.ready:
                    at, _, member = self.ready[0]
                    wait = at - time.monotonic()
                    if wait <= 0:
                        heapq.heappop(self.ready)
                        return member
                else:
                    wait = 0.05
                if time.monotonic() + wait > until:
                    return None
                self.cond.wait(min(wait, 0.05))

    def give_back(self, member, index) -> None:
        with self.cond:
            at = time.monotonic() + self.rng.expovariate(1 / self.think)
            heapq.heappush(self.ready, (at, index, member))
            self.cond.notify()


def role_shares(kinds) -> dict[str, float]:
    """The share of arrivals each role's users serve."""
    total = sum(weight for weight, _ in kinds)
    leader = 0.0
    for weight, kind in kinds:
        if kind == "floor":
            leader += weight * (1 - FLOOR_STAFF_SHARE)
        elif kind in LEADER_KINDS:
            leader += weight
    return {"staff": 1 - leader / total, "leader": leader / total}


def think_times(world, rate: float, kinds) -> dict[str, float]:
    """Each role's mean think time at ``rate``: THINK_SECONDS, shortened so that the role's
    pool of users is at most POOL_BUSY busy."""
    pools = {"staff": len(world["staff"]), "leader": len(world["leaders"])}
    return {
        role: min(THINK_SECONDS, pools[role] * POOL_BUSY / (rate * share))
        if share
        else THINK_SECONDS
        for role, share in role_shares(kinds).items()
    }


def open_step(world, *, rate, seconds, kinds, stats, ledger, phase, think) -> dict:
    """Poisson arrivals at ``rate`` per second for ``seconds``; returns the step's figures.
    ``think``: each role's mean think time."""
    rng = random.Random(int(rate * 1000))
    pools = {
        "staff": Users(world["staff"], think["staff"], random.Random(1)),
        "leader": Users(world["leaders"], think["leader"], random.Random(2)),
    }
    indexes = {id(m): i for i, m in enumerate(world["staff"] + world["leaders"])}
    jobs: queue.Queue = queue.Queue()
    start = time.monotonic()
    end = start + seconds
    drain_until = end + DRAIN_SECONDS
    cpu_before = time.process_time()

    def serve():
        worker_rng = random.Random(rng.random())
        while True:
            job = jobs.get()
            if job is None:
                return
            at, kind = job
            role = "leader" if kind in LEADER_KINDS else "staff"
            if kind == "floor":
                role = "staff" if worker_rng.random() < FLOOR_STAFF_SHARE else "leader"
            member = pools[role].take(drain_until)
            if member is None:
                stats.error(f"{kind}:no user ready before the deadline")
                continue
            started = time.perf_counter() - (time.monotonic() - at)  # from the arrival
            try:
                open_request(kind, member, world, stats, ledger, phase, worker_rng, started)
            finally:
                pools[role].give_back(member, indexes[id(member)])

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(OPEN_THREADS)]
    for thread in threads:
        thread.start()
    weights = [w for w, _ in kinds]
    names = [k for _, k in kinds]
    at = start
    arrivals = 0
    while True:
        at += rng.expovariate(rate)
        if at >= end:
            break
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        jobs.put((at, rng.choices(names, weights)[0]))
        arrivals += 1
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join(timeout=max(0.1, drain_until - time.monotonic()))
    unfinished = sum(thread.is_alive() for thread in threads)
    if unfinished:
        stats.error(f"unfinished after the {DRAIN_SECONDS} s drain")
    elapsed = time.monotonic() - start
    values = stats.latencies
    return {
        "rate": rate,
        "arrivals": arrivals,
        "done": len(values),
        "p50": statistics.median(values) if values else 0.0,
        "p95": percentile(values, 0.95),
        "errors": sum(stats.errors.values()),
        "client_cpu": (time.process_time() - cpu_before) / elapsed,
    }


def probe(world, kind_fn, seconds) -> float:
    """Saturating closed loop (PROBE_THREADS users, no think time): requests per second."""
    deadline = time.monotonic() + seconds
    counts = Counter()
    members = (world["staff"] + world["leaders"])[:PROBE_THREADS]

    def loop(member):
        rng = random.Random(member.username)
        while time.monotonic() < deadline:
            kind_fn(member, rng)
            counts[member.username] += 1

    threads = [threading.Thread(target=loop, args=(m,)) for m in members]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return sum(counts.values()) / (time.monotonic() - start)


# ---------------------------------------------------------------------------------- server


class Server:
    def __init__(self, db_url: str, workers: int):
        self.port = free_port()
        self.log = Path(tempfile.mkdtemp(prefix="luoshi-load-")) / "access.log"
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "DJANGO_ENV": "development",
            "DJANGO_DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": FLOOR_SETTINGS,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "LUOSHI_LOG_LEVEL": "WARNING",
            "LUOSHI_LOGIN_FAILURE_LIMIT": "1000",
        }
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "--pythonpath",
                str(BENCH),
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
                "--access-logfile",
                str(self.log),
                "--access-logformat",
                "%({x-bench-id}i)s %(s)s %(D)s",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )

    def wait(self, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status in (200, 503):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer in time")

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn workers so far (from /proc)."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            pids = [self.process.pid, *map(int, children.read_text().split())]
        except OSError:
            return 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def server_ms(self) -> dict[str, float]:
        """X-Bench-Id -> server milliseconds, from the access log."""
        times = {}
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return times
        for line in lines:
            parts = line.split()
            if len(parts) == 3 and parts[0] != "-":
                times[parts[0]] = int(parts[2]) / 1000
        return times

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


# ---------------------------------------------------------------------------------- reporting


def kind_lines(stats: Stats, server: dict[str, float]) -> list[str]:
    by_kind_server = defaultdict(list)
    for tag, kind in stats.tags.items():
        if tag in server:
            by_kind_server[kind].append(server[tag])
    lines = []
    for kind, values in sorted(stats.by_kind.items()):
        on_server = by_kind_server.get(kind, [])
        shown = (
            f" server p50={statistics.median(on_server):.0f} p95={percentile(on_server, 0.95):.0f}"
            if on_server
            else ""
        )
        lines.append(
            f"    {kind:<18} n={len(values):<6} p50={statistics.median(values):.0f} "
            f"p95={percentile(values, 0.95):.0f} ms{shown}"
        )
    return lines


def sweep_step(name, world, server, ledger, *, rate, kinds, step_seconds, until, cpu_ms):
    """One offered rate: True (holds), False (short), or None when the budget is spent."""
    seconds = min(max(step_seconds, MIN_SAMPLES / rate), 3 * step_seconds)
    if time.monotonic() + seconds + DRAIN_SECONDS > until:
        return None
    think = think_times(world, rate, kinds)
    stats = Stats()
    cpu_before = server.cpu_seconds()
    step = open_step(
        world, rate=rate, seconds=seconds, kinds=kinds, stats=stats, ledger=ledger,
        phase=f"{name}{rate}", think=think,
    )  # fmt: skip
    server_cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(step["done"], 1)
    cpu_ms.append(server_cpu_ms)
    ok = step["p95"] < P95_LIMIT_MS and step["errors"] == 0
    times = server.server_ms()
    on_server = [times[t] for t in stats.tags if t in times]
    print(
        f"  {name:<6} offered {rate:6.1f}/s for {seconds:.0f} s (think staff "
        f"{think['staff']:.1f} s, leaders {think['leader']:.1f} s): "
        f"{step['done']} done, p50={step['p50']:.0f} p95={step['p95']:.0f} ms, server p95="
        f"{percentile(on_server, 0.95):.0f} ms, errors={step['errors']}, "
        f"server CPU {server_cpu_ms:.1f} ms/req, client CPU {step['client_cpu']:.2f} core"
        f" -> {'holds' if ok else 'short'}",
        flush=True,
    )
    if stats.errors:
        print(f"         errors: {dict(stats.errors)}")
    return ok


def sweep(
    name, world, server, ledger, *, kinds, peak, step_seconds, until, cpu_ms: list
) -> tuple[float, bool]:
    """Offer SWEEP_SHARES of ``peak`` in turn until one is short, then once halfway between
    the last rate that held and the short one (or stop when the time budget, ``until``, runs
    out); the capacity is the highest rate that held. Returns it and whether a short step
    bounded it (False: the capacity is a lower bound)."""
    capacity = 0.0
    step = {"name": name, "world": world, "server": server, "ledger": ledger, "kinds": kinds}
    step |= {"step_seconds": step_seconds, "until": until, "cpu_ms": cpu_ms}
    for share in SWEEP_SHARES:
        rate = round(peak * share, 1)
        ok = sweep_step(rate=rate, **step)
        if ok is None:
            print(f"  {name:<6} time budget spent: capacity is at least {capacity:.1f}/s")
            return capacity, False
        if not ok:
            middle = round((capacity + rate) / 2, 1)
            if middle > capacity and sweep_step(rate=middle, **step):
                capacity = middle
            return capacity, True  # past the knee: higher rates only queue more
        capacity = rate
    return capacity, False


def member_first_page(member: Member, port: int) -> bool:
    """Open the user's connection with their session cookie and fetch their first page."""
    member.browser = Browser(port, member.session)
    path = f"/units/{member.unit_id}/tasks/" if member.unit_id else "/dashboard/"
    status, _, page = member.browser.request("GET", path)
    member.page = page if member.unit_id else ""
    return status == 200


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--closed-seconds", type=float, default=40)
    parser.add_argument("--step-seconds", type=float, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--budget", type=float, default=290, help="seconds for the whole run")
    args = parser.parse_args()
    started_run = time.monotonic()

    os.environ["LUOSHI_DEMO_PASSWORD"] = PASSWORD  # before settings are read: demo accounts too
    db_url = setup_django("load")
    world = prepare()
    server = Server(db_url, args.workers)
    stats = Stats()
    ledger = Ledger()
    try:
        server.wait()
        # Everyone signs in before any clock: a real form login once, then each user's session
        # cookie and first page (which also sets the CSRF cookie).
        Browser(server.port).login(world["staff"][0].username)
        members = world["staff"] + world["leaders"]
        with ThreadPoolExecutor(max_workers=args.workers * 2) as pool:
            signed_in = list(pool.map(lambda m: member_first_page(m, server.port), members))
        if not all(signed_in):
            raise RuntimeError("a load user is not signed in")
        print(
            f"{len(members)} users signed in; setup took {time.monotonic() - started_run:.0f} s",
            flush=True,
        )

        # 1. Closed loop.
        staff_count = min(len(world["staff"]), args.users * 4 // 5)
        leader_count = min(len(world["leaders"]), args.users - staff_count)
        rng = random.Random(20261125)
        deadline = time.monotonic() + args.closed_seconds
        threads = [
            threading.Thread(
                target=staff_loop, args=(m, deadline, stats, ledger, random.Random(rng.random()))
            )
            for m in world["staff"][:staff_count]
        ] + [
            threading.Thread(
                target=leader_loop,
                args=(m, world["unit_ids"], deadline, stats, random.Random(rng.random())),
            )
            for m in world["leaders"][:leader_count]
        ]
        cpu_before, server_cpu_before = time.process_time(), server.cpu_seconds()
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.closed_seconds + 120)
        elapsed = time.monotonic() - began
        closed_client_cpu = (time.process_time() - cpu_before) / elapsed
        closed = stats.latencies
        closed_rps = len(closed) / elapsed
        closed_server_cpu_ms = (server.cpu_seconds() - server_cpu_before) * 1000 / len(closed)
        print(
            f"closed loop: {len(threads)} users ({staff_count} unit staff, {leader_count} "
            f"leaders), {args.workers} gunicorn workers, {world['assignments']} assignments, "
            f"{elapsed:.0f} s, {closed_rps:.1f} req/s, client CPU {closed_client_cpu:.2f} core, "
            f"server CPU {closed_server_cpu_ms:.1f} ms/req"
        )
        print("\n".join(kind_lines(stats, server.server_ms())))
        print(f"    errors: {dict(stats.errors) or 'none'}")
        print(f"    refused with a message: {dict(stats.refused) or 'none'}")
        print(f"    updates accepted={sum(ledger.accepted.values())} conflicts={stats.conflicts}")

        # 2. Open model sweeps: Luoshi's mix, then the floor, same server, same run.
        floor_peak = probe(
            world,
            lambda m, rng: m.browser.request("GET", FLOOR_PATH),
            PROBE_SECONDS,
        )

        def mix_once(member, rng):
            if member.unit_id:
                unit_page(member, Stats(), "probe")
            else:
                member.browser.request("GET", "/dashboard/")

        mix_peak = probe(world, mix_once, PROBE_SECONDS)
        print(
            f"probes ({PROBE_THREADS} users, no think time): mix {mix_peak:.1f}/s, "
            f"floor {floor_peak:.1f}/s"
        )
        mix_cpu, floor_cpu = [], []  # server CPU ms per request, per step
        # Half the time left to each sweep: neither starves the other.
        left = started_run + args.budget - time.monotonic()
        mix_capacity, mix_bounded = sweep(
            "mix", world, server, ledger, kinds=MIX, peak=mix_peak,
            step_seconds=args.step_seconds, until=time.monotonic() + left / 2, cpu_ms=mix_cpu,
        )  # fmt: skip
        floor_capacity, floor_bounded = sweep(
            "floor", world, server, ledger, kinds=((1, "floor"),), peak=floor_peak,
            step_seconds=args.step_seconds, until=started_run + args.budget, cpu_ms=floor_cpu,
        )  # fmt: skip
    finally:
        server.stop()

    from tracker.models import Assignment, ProgressReport

    final = dict(Assignment.objects.values_list("pk", "version"))
    lost = doubled = 0
    for pk, before in world["versions"].items():
        grew = final[pk] - before
        seen = ledger.accepted.get(pk, 0)
        lost += max(0, seen - grew)
        doubled += max(0, grew - seen)
    stored = Counter(
        ProgressReport.objects.filter(text__startswith="load ").values_list("text", flat=True)
    )
    lost_reports = sum(1 for text in ledger.reports if stored.get(text, 0) == 0)
    doubled_reports = sum(count - 1 for count in stored.values() if count > 1)
    ratio = mix_capacity / floor_capacity if floor_capacity else 0.0
    bounds = {True: "", False: " (at least: no step was short)"}
    mix_cpu_ms = statistics.median(mix_cpu) if mix_cpu else 0.0
    floor_cpu_ms = statistics.median(floor_cpu) if floor_cpu else 0.0
    # What the capacities would be if CPU alone decided: the floor's CPU per request over the
    # mix's, on the same server in the same run (the capacity ratio's ceiling on two cores).
    cpu_ratio = floor_cpu_ms / mix_cpu_ms if mix_cpu_ms else 0.0
    print(
        f"capacity (p95 < {P95_LIMIT_MS} ms, 0 errors): mix {mix_capacity:.1f}/s"
        f"{bounds[mix_bounded]}, floor {floor_capacity:.1f}/s{bounds[floor_bounded]}, "
        f"ratio {ratio:.2f} (goal ≥ 0.3); closed-loop p95 {percentile(closed, 0.95):.0f} ms "
        f"(goal < 500); server CPU per request: mix {mix_cpu_ms:.1f} ms, floor "
        f"{floor_cpu_ms:.1f} ms, ratio {cpu_ratio:.2f}; whole run "
        f"{time.monotonic() - started_run:.0f} s"
    )
    line = figures(
        closed_users=len(threads),
        closed_seconds=round(elapsed, 1),
        closed_requests=len(closed),
        closed_rps=closed_rps,
        closed_p50_ms=statistics.median(closed) if closed else 0.0,
        closed_p95_ms=percentile(closed, 0.95),
        closed_p99_ms=percentile(closed, 0.99),
        closed_errors=sum(stats.errors.values()),
        closed_client_cpu=closed_client_cpu,
        closed_server_cpu_ms=closed_server_cpu_ms,
        mix_capacity_rps=mix_capacity,
        mix_capacity_bounded=mix_bounded,
        floor_capacity_rps=floor_capacity,
        floor_capacity_bounded=floor_bounded,
        capacity_ratio=ratio,
        mix_server_cpu_ms=mix_cpu_ms,
        floor_server_cpu_ms=floor_cpu_ms,
        cpu_ratio=cpu_ratio,
        load_avg=os.getloadavg()[0],  # the machine's, others' work included
        updates=sum(ledger.accepted.values()),
        conflicts=stats.conflicts,
        lost_updates=lost + lost_reports,
        doubled_updates=doubled + doubled_reports,
    )
    import run_all

    lines, held, short = run_all.goal_lines("load", run_all.parse_figures(line))
    print("\n".join(lines))
    print(f"load goals: {held} hold, {short} short")
    print(line)
    return 0 if not (lost or lost_reports or doubled or doubled_reports) else 1


if __name__ == "__main__":
    sys.exit(main())
