"""Shared plumbing for bench/ scripts: a private database per run, Django set up on it, a floor.

Every script prints its figures as key=value pairs on its last line; `bench/run_all.py` reads
that line and compares each figure with its goal.

Databases: every run gets its own, luoshi_bench_<name>_<pid> on the PostgreSQL of BENCH_PG
(default postgres://postgres@127.0.0.1:5432), dropped when the script exits (BENCH_KEEP_DB=1
keeps it). Two `make bench` at once therefore never share a database, and a developer's own
database is never touched. A database left by a run that was killed is dropped by the next run
(its pid is no longer alive).

Floor: a figure alone flatters or frightens; next to the cheapest signed-in page measured in
the same process and the same run it means something. ``use_floor_urls()`` routes FLOOR_PATH
to ``_floor.floor`` (the whole middleware stack, session and user, then a few bytes), and
``cpu_ms`` times any request in CPU milliseconds, median of N.
"""

import atexit
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
for _path in (ROOT, BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PREFIX = "luoshi_bench_"
RUN_DB = re.compile(rf"^{PREFIX}[a-z0-9_]+_(\d+)$")
FLOOR_PATH = "/bench/floor/"
FLOOR_SETTINGS = "_floor_settings"  # importable from bench/ (gunicorn: --pythonpath bench)


def database_name(name: str) -> str:
    """luoshi_bench_<name>_<pid>: one database per run of one script."""
    return f"{PREFIX}{name}_{os.getpid()}"


def database_url(name: str) -> str:
    return f"{PG}/{database_name(name)}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop_abandoned(conn) -> None:
    """Drop run databases whose process is gone (a run killed before its atexit)."""
    names = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"])
    for (db,) in names.fetchall():
        match = RUN_DB.match(db)
        if match and int(match[1]) != os.getpid() and not _alive(int(match[1])):
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def drop_database(name: str) -> None:
    import psycopg

    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django not set up: nothing to close
        pass
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database_name(name)}" WITH (FORCE)')


def ensure_database(name: str, *, fresh: bool = True) -> str:
    """Create this run's database (dropped again at exit) and return its URL. ``fresh`` is
    kept for the callers' sake: a per-run database is always fresh."""
    import psycopg

    db = database_name(name)
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        _drop_abandoned(conn)
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    if os.environ.get("BENCH_KEEP_DB") != "1":
        atexit.register(drop_database, name)
    return database_url(name)


def setup_django(
    name: str, *, fresh: bool = True, migrate: bool = True, floor: bool = False
) -> str:
    """Point Django at this run's database with DEBUG off, migrate it quietly, return its URL.

    With ``floor`` the settings route FLOOR_PATH to the floor view (see ``use_floor_urls``)."""
    url = ensure_database(name, fresh=fresh)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_DEBUG"] = "0"  # DEBUG keeps every query and slows templates: never bench it
    os.environ["DJANGO_SETTINGS_MODULE"] = FLOOR_SETTINGS if floor else "config.settings"
    os.environ.setdefault("LUOSHI_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
    import django

    django.setup()
    from django.conf import settings

    assert not settings.DEBUG, "benchmarks run with DEBUG off"
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    return url


def use_floor_urls() -> str:
    """Route FLOOR_PATH to the floor view in this process (after setup_django); returns it."""
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "_floor"
    clear_url_caches()
    return FLOOR_PATH


def cpu_ms(request, *, runs: int = 20, warmup: int = 2) -> float:
    """Median CPU milliseconds of ``request()`` (process time: waiting on PostgreSQL is not
    counted, so a busy neighbour on the machine does not inflate it)."""
    for _ in range(warmup):
        request()
    samples = []
    for _ in range(runs):
        start = time.process_time()
        request()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def figures(**values) -> str:
    """The last line of a bench script: key=value pairs, floats rounded sensibly."""
    parts = []
    for key, value in values.items():
        if isinstance(value, float):
            value = f"{value:.4g}" if abs(value) < 1000 else f"{value:.0f}"
        parts.append(f"{key}={value}")
    return " ".join(parts)


class Stopwatch:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
