"""Shared plumbing for bench/ scripts: a private PostgreSQL database and Django set up on it.

Every script prints its figures as key=value pairs on its last line; `bench/run_all.py` reads
that line. Scripts never touch the developer's own database: each uses luoshi_bench_<name> on
the PostgreSQL of BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def database_url(name: str) -> str:
    return f"{PG}/luoshi_bench_{name}"


def ensure_database(name: str, *, fresh: bool = False) -> str:
    """Create luoshi_bench_<name> (dropped first when fresh) and return its URL."""
    import psycopg

    db = f"luoshi_bench_{name}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{db}"')
    return database_url(name)


def setup_django(name: str, *, fresh: bool = False, migrate: bool = True) -> str:
    """Point Django at the bench database, migrate it quietly, and return its URL."""
    url = ensure_database(name, fresh=fresh)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LUOSHI_LOG_LEVEL", "WARNING")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    return url


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
