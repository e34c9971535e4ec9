"""Fault: Redis (the Celery broker) down. Pages work, /healthz reports it, reminders catch up.

A private Redis (port 56381) is the broker. With it stopped: /healthz answers 200 "degraded"
with the broker marked down, the unit page renders and a progress report is saved (the job it
would enqueue is logged, not raised), each within the broker connect timeout. The days the
broker was down are days beat could not start the deadline scan: after Redis is back, one scan
run by a real worker catches up on an assignment that fell due during the outage.

    .venv/bin/python bench/faults_redis.py
"""

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from _servers import PrivateRedis
from _support import ROOT, figures, setup_django


def main() -> int:
    redis = PrivateRedis(56381)
    redis.start()
    os.environ["CELERY_BROKER_URL"] = redis.url
    checks: dict[str, bool] = {}
    worker = None
    try:
        db_url = setup_django("faults_redis", fresh=True)
        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from config.celery import app
        from directory.models import User
        from tracker.models import Assignment, Notification, ReminderScan, Task

        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        user = User.objects.filter(role=User.Role.UNIT_STAFF).order_by("pk").first()
        supervisor = User.objects.filter(role=User.Role.SUPERVISOR).first()
        now = timezone.now()
        today = timezone.localdate()
        # Beat last scanned three days ago; this task fell due the day after, while Redis was down.
        ReminderScan.objects.create(scan_date=today - timedelta(days=3), finished_at=now)
        assigned = now - timedelta(days=20)
        task = Task.objects.create(
            title="故障演练：逾期任务",
            created_by=supervisor,
            created_at=assigned,
            due_on=today - timedelta(days=2),
        )
        overdue = Assignment.objects.create(
            task=task,
            unit=user.unit,
            created_at=assigned,
            updated_at=assigned,
            due_on=task.due_on,
            status=Assignment.Status.IN_PROGRESS,
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)

        # a unit user sees only ok/degraded (the broker's details are for admins)
        checks["healthz_ok_with_redis"] = client.get("/healthz").json()["status"] == "ok"
        redis.kill()

        start = time.perf_counter()
        health = client.get("/healthz")
        healthz_s = time.perf_counter() - start
        body = health.json()
        checks["healthz_200_when_down"] = health.status_code == 200
        checks["healthz_reports_broker_down"] = body == {"status": "degraded"}
        start = time.perf_counter()
        page = client.get(f"/units/{user.unit_id}/tasks/")
        page_s = time.perf_counter() - start
        checks["unit_page_200_when_down"] = page.status_code == 200
        version = overdue.version
        start = time.perf_counter()
        report = client.post(
            f"/units/{user.unit_id}/tasks/{overdue.pk}/report/",
            {"version": version, "text": "Redis 停机期间填报", "progress": "40"},
            headers={"HX-Request": "true"},
        )
        update_s = time.perf_counter() - start
        overdue.refresh_from_db()
        checks["update_saved_when_down"] = (
            report.status_code == 200 and overdue.version == version + 1 and overdue.progress == 40
        )

        redis.start()
        checks["healthz_ok_again"] = client.get("/healthz").json()["broker"]["ok"] is True
        from django.db import connections

        connections.close_all()
        env = {**os.environ, "DATABASE_URL": db_url, "LUOSHI_LOG_LEVEL": "WARNING"}
        worker = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        app.send_task("tracker.tasks.scan_deadlines", kwargs={"today": today.isoformat()})
        end = time.monotonic() + 120
        while time.monotonic() < end and not ReminderScan.objects.filter(scan_date=today).exists():
            time.sleep(0.2)
        kinds = sorted(
            set(Notification.objects.filter(assignment=overdue).values_list("kind", flat=True))
        )
        checks["scan_ran_after_outage"] = ReminderScan.objects.filter(scan_date=today).exists()
        checks["missed_reminder_caught_up"] = bool(kinds)
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
        redis.kill()

    for name, passed in checks.items():
        print(f"  {'ok ' if passed else 'FAIL'} {name}")
    print(f"  reminders for the assignment due during the outage: {kinds}")
    ok = all(checks.values())
    print(
        figures(
            checks=len(checks),
            failed=sum(1 for v in checks.values() if not v),
            healthz_down_s=healthz_s,
            page_down_s=page_s,
            update_down_s=update_s,
            ok=int(ok),
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
