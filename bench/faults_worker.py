"""Fault: the Celery worker killed mid-run. Nothing may be lost or sent twice.

A private Redis (port 56380) is the broker, a real `celery worker` runs the deadline scan over
a few thousand assignments due within the reminder window, and a local SMTP server (aiosmtpd)
counts the emails. During the run the worker's pool process is SIGKILLed (Celery requeues the
task: acks_late + reject_on_worker_lost), then the whole worker is SIGKILLed and a new one is
started and the scan sent again, as beat's next tick would. Afterwards:
  - lost: email notifications still unsent, or fewer rows than the dry run predicted;
  - doubled: two rows for one (assignment, recipient, kind, day, channel) — the unique key —
    or two emails with different Message-IDs for one row;
  - resent: the same Message-ID delivered twice (a kill between SMTP accept and commit; the
    mail server drops the copy by Message-ID) is reported, not counted as doubled.

    .venv/bin/python bench/faults_worker.py
"""

import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

from _servers import PrivateRedis
from _support import ROOT, figures, setup_django

ASSIGNMENTS_PER_UNIT = 60


class CountingHandler:
    def __init__(self):
        self.message_ids: Counter = Counter()

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.decode("utf-8", "replace").splitlines():
            if line.lower().startswith("message-id:"):
                self.message_ids[line.split(":", 1)[1].strip()] += 1
                break
        return "250 OK"


def pool_children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    return [int(x) for x in out.split()]


def main() -> int:
    from aiosmtpd.controller import Controller
    from load import free_port

    smtp_port = free_port()
    handler = CountingHandler()
    smtp = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    redis = PrivateRedis(56380)
    redis.start()
    os.environ.update(
        CELERY_BROKER_URL=redis.url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        LUOSHI_DEMO_PASSWORD="faults-worker-password",
    )
    worker = None
    try:
        db_url = setup_django("faults_worker", fresh=True)
        from django.core.management import call_command
        from django.utils import timezone

        from config.celery import app
        from directory.models import Unit, User
        from tracker.models import Assignment, Notification, Task
        from tracker.services.reminders import scan

        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        User.objects.filter(role__in=User.UNIT_ROLES).update(email="unit@example.gov.cn")
        now = timezone.now()
        today = timezone.localdate()
        units = list(Unit.objects.filter(members__isnull=False).distinct())
        creator = User.objects.filter(role=User.Role.SUPERVISOR).first()
        for index in range(ASSIGNMENTS_PER_UNIT):
            task = Task.objects.create(
                title=f"故障演练任务{index}",
                created_by=creator,
                created_at=now,
                due_on=today + timedelta(days=index % 9 - 2),
            )
            Assignment.objects.bulk_create(
                Assignment(task=task, unit=u, created_at=now, updated_at=now, due_on=task.due_on)
                for u in units
            )
        expected = sum(scan.scan_deadlines(today=today, now=now, dry_run=True).created.values())
        from django.db import connections

        connections.close_all()

        env = {**os.environ, "DATABASE_URL": db_url, "LUOSHI_LOG_LEVEL": "WARNING"}
        command = [
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
        ]

        def start_worker():
            return subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        def wait_until(condition, seconds):
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                if condition():
                    return True
                time.sleep(0.05)
            return False

        def sent_count():
            return len(handler.message_ids)

        worker = start_worker()
        app.send_task("tracker.tasks.scan_deadlines", kwargs={"today": today.isoformat()})
        # 1. kill the pool process once emails are flowing: the task is requeued and rerun
        wait_until(lambda: sent_count() > expected // 10, 120)
        children = pool_children(worker.pid)
        for child in children:
            os.kill(child, signal.SIGKILL)
        killed_child_at = sent_count()
        # 2. kill the whole worker a bit later, start a new one, send the scan again (next tick)
        wait_until(lambda: sent_count() > killed_child_at + expected // 10, 120)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        killed_worker_at = sent_count()
        worker = start_worker()
        app.send_task("tracker.tasks.scan_deadlines", kwargs={"today": today.isoformat()})
        email_rows = Notification.objects.filter(channel=Notification.Channel.EMAIL)
        wait_until(
            lambda: (
                Notification.objects.count() >= expected
                and not email_rows.filter(sent_at=None).exists()
            ),
            300,
        )
        time.sleep(2)  # let a straggling duplicate, if any, arrive
        rows = Notification.objects.count()
        unsent = email_rows.filter(sent_at=None).count()
        sent_rows = email_rows.exclude(sent_at=None).count()
        keys = Counter(
            Notification.objects.values_list(
                "assignment_id", "recipient_id", "kind", "for_date", "channel"
            )
        )
        doubled_rows = sum(n - 1 for n in keys.values() if n > 1)
        distinct_ids = len(handler.message_ids)
        resent = sum(n - 1 for n in handler.message_ids.values() if n > 1)
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
        redis.kill()
        smtp.stop()

    lost = max(0, expected - rows) + unsent + max(0, sent_rows - distinct_ids)
    doubled = doubled_rows + max(0, distinct_ids - sent_rows)
    print(
        f"expected {expected} notifications (dry run); {rows} rows, {sent_rows} emails marked sent"
    )
    print(
        f"pool process killed after {killed_child_at} emails ({len(children)} child), "
        f"worker killed after {killed_worker_at}"
    )
    print(f"SMTP received {distinct_ids} distinct Message-IDs, {resent} repeated")
    print(
        figures(
            expected=expected,
            notifications=rows,
            emails=distinct_ids,
            lost=lost,
            doubled=doubled,
            resent_same_message_id=resent,
            ok=int(lost == 0 and doubled == 0 and bool(children)),
        )
    )
    return 0 if lost == 0 and doubled == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
