"""Fault: PostgreSQL restarted while users work. Requests must fail cleanly and then recover.

A private PostgreSQL cluster (port 55432, temp dir) serves gunicorn with 2 workers; a logged-in
unit user and /healthz are polled continuously while the cluster is stopped for a few seconds
and started again. Clean failure: every request gets an HTTP answer (the 500 page, /healthz 503)
within seconds, never a hang or a dropped connection. Recovery: after the database is back,
every request succeeds again, without restarting gunicorn.

    .venv/bin/python bench/faults_postgres.py [--outage 4]
"""

import argparse
import io
import os
import signal
import subprocess
import sys
import threading
import time

from _servers import PrivatePostgres
from _support import ROOT, figures
from load import PASSWORD, Browser, free_port, wait_for


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=4.0, help="seconds the database is down")
    parser.add_argument("--before", type=float, default=4.0)
    parser.add_argument("--after", type=float, default=8.0)
    args = parser.parse_args()

    with PrivatePostgres() as pg:
        db_url = pg.create_database("luoshi")
        os.environ.update(
            DATABASE_URL=db_url,
            DJANGO_SETTINGS_MODULE="config.settings",
            LUOSHI_LOG_LEVEL="WARNING",
            LUOSHI_DEMO_PASSWORD=PASSWORD,
        )
        os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
        import django

        django.setup()
        from django.core.management import call_command

        from directory.models import User

        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        user = User.objects.filter(role=User.Role.UNIT_STAFF).order_by("pk").first()
        page = f"/units/{user.unit_id}/tasks/"
        from django.db import connections

        connections.close_all()

        port = free_port()
        env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "30",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        samples: list[tuple[float, str, int | str, float]] = []
        try:
            wait_for(port, gunicorn)
            browser = Browser(port)
            browser.login(user.username)
            probe = Browser(port)
            stop = threading.Event()
            t0 = time.monotonic()

            def poll(client: Browser, path: str) -> None:
                while not stop.is_set():
                    start = time.monotonic()
                    try:
                        status, _, _ = client.request("GET", path)
                    except Exception as exc:
                        status = type(exc).__name__
                    samples.append((start - t0, path, status, time.monotonic() - start))
                    time.sleep(0.05)

            pollers = [
                threading.Thread(target=poll, args=(browser, page)),
                threading.Thread(target=poll, args=(probe, "/healthz")),
            ]
            for thread in pollers:
                thread.start()
            time.sleep(args.before)
            down_at = time.monotonic() - t0
            pg.stop()
            time.sleep(args.outage)
            pg._pg_ctl("start")
            up_at = time.monotonic() - t0
            time.sleep(args.after)
            stop.set()
            for thread in pollers:
                thread.join(timeout=60)
        finally:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)

    before = [s for s in samples if s[0] < down_at]
    during = [s for s in samples if down_at <= s[0] < up_at]
    after = [s for s in samples if s[0] >= up_at]
    dropped = [s for s in samples if not isinstance(s[2], int)]
    slowest = max(s[3] for s in samples)
    failed_after = [s for s in after if s[2] != 200]
    recovered_at = max((s[0] for s in failed_after), default=up_at)
    clean_during = all(s[2] in (500, 503, 200) for s in during)
    late_failures = [s for s in failed_after if s[0] > up_at + 3]
    print(f"database stopped at {down_at:.1f} s for {args.outage:.0f} s, started at {up_at:.1f} s")
    print(f"before: {len(before)} requests, statuses {sorted({s[2] for s in before}, key=str)}")
    print(f"during: {len(during)} requests, statuses {sorted({s[2] for s in during}, key=str)}")
    print(
        f"after:  {len(after)} requests, {len(failed_after)} failed, last failure at "
        f"{recovered_at:.1f} s"
    )
    ok = (
        all(s[2] == 200 for s in before)
        and clean_during
        and not dropped
        and slowest < 10
        and not late_failures
        and after
    )
    print(
        figures(
            requests=len(samples),
            failed_cleanly=sum(1 for s in during + after if s[2] in (500, 503)),
            dropped_or_hung=len(dropped),
            slowest_s=slowest,
            recovery_s=max(0.0, recovered_at - up_at),
            failures_after_3s=len(late_failures),
            ok=int(bool(ok)),
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
