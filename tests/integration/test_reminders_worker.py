"""Reminders through a real Celery worker on the real Redis broker, with a pinned today."""

import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from directory.models import User
from tests.factories import UnitFactory, UserFactory
from tests.tracker.reminder_helpers import open_assignment
from tests.workers import running_worker, wait_for
from tracker.models import Notification, ReminderScan

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parents[2]
SCAN = "tracker.tasks.scan_deadlines"
DELIVER = "tracker.tasks.deliver_notifications"


BROKER_URL = django_settings.CELERY_BROKER_URL  # this engineer's own Redis database


def broker() -> redis.Redis:
    return redis.Redis.from_url(BROKER_URL)


def queue_drained() -> bool:
    """Nothing waiting and nothing unacknowledged: with acks_late, every task has finished."""
    client = broker()
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


@pytest.fixture(autouse=True)
def _clean_broker(settings):
    settings.LUOSHI_REMINDER_EMAIL = True
    broker().delete("celery", "unacked", "unacked_index")
    yield
    broker().delete("celery", "unacked", "unacked_index")


@pytest.fixture
def worker():
    with running_worker():
        yield


@pytest.fixture
def town():
    unit = UnitFactory(name="丁镇")
    staff = [
        UserFactory(username=f"ding{n}", role=User.Role.UNIT_STAFF, unit=unit, email=f"d{n}@t.test")
        for n in range(2)
    ]
    return unit, staff


def test_worker_sends_every_rule_once_even_when_the_beat_tick_is_duplicated(
    town, supervisor, worker
):
    unit, _ = town
    UserFactory(username="ding_leader", role=User.Role.UNIT_LEADER, unit=unit)
    expected = {
        open_assignment(unit, TODAY + timedelta(days=7)).pk: "due_soon",
        open_assignment(unit, TODAY + timedelta(days=3)).pk: "due_soon",
        open_assignment(unit, TODAY + timedelta(days=1)).pk: "due_soon",
        open_assignment(unit, TODAY).pk: "due_today",
        open_assignment(unit, TODAY - timedelta(days=1)).pk: "overdue",
        open_assignment(unit, TODAY - timedelta(days=4)).pk: "overdue",
    }
    quiet = [
        open_assignment(unit, TODAY + timedelta(days=2)),
        open_assignment(unit, TODAY - timedelta(days=2)),
        open_assignment(unit, TODAY, status="closed"),
        open_assignment(unit, TODAY - timedelta(days=1), status="done"),
    ]
    escalated = open_assignment(unit, TODAY - timedelta(days=8))

    for _ in range(3):  # a duplicated beat tick and a manual re-run
        celery_app.send_task(SCAN, kwargs={"today": TODAY.isoformat()})
    wait_for(lambda: ReminderScan.objects.filter(scan_date=TODAY).exists(), what="scan")
    wait_for(queue_drained, what="all three tasks acknowledged")

    staff_rows = Notification.objects.filter(
        recipient__username__startswith="ding", channel="in_app"
    ).exclude(recipient__username="ding_leader")
    by_assignment = {}
    for assignment_id, kind in staff_rows.values_list("assignment_id", "kind"):
        by_assignment.setdefault(assignment_id, []).append(kind)
    # Overdue day 8 is not a reminder day ((8 - 1) % 3 != 0): only the escalation goes out.
    assert by_assignment == {pk: [kind, kind] for pk, kind in expected.items()}
    assert not Notification.objects.filter(assignment__in=quiet).exists()
    escalations = Notification.objects.filter(assignment=escalated, kind="escalation")
    assert sorted(escalations.values_list("recipient__username", flat=True)) == [
        "ding_leader",
        "supervisor",
    ]
    assert len(mail.outbox) == 2 * len(expected)
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == len(mail.outbox)


class RecordingHandler:
    def __init__(self, delay: float = 0.0):
        self.messages: list = []
        self.delay = delay
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_email_leaves_through_smtp_with_chinese_subject_and_body(
    town, smtp_server, settings, worker
):
    controller, handler = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    unit, _ = town
    open_assignment(unit, date(2026, 11, 28), title="完成农村人居环境整治")

    celery_app.send_task(SCAN, kwargs={"today": TODAY.isoformat()})
    wait_for(lambda: len(handler.messages) == 2, what="two emails at the SMTP server")
    wait_for(queue_drained, what="scan acknowledged")

    message = handler.messages[0]
    # A folded encoded-word header decodes with the fold's leading space.
    assert message["Subject"].strip() == "【任务即将到期】完成农村人居环境整治（距完成时限还有3天）"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "完成时限：2026年11月28日（星期六，非工作日）" in body
    assert sorted(m["To"] for m in handler.messages) == ["d0@t.test", "d1@t.test"]
    rows = Notification.objects.filter(channel="email")
    assert {m["Message-ID"] for m in handler.messages} == {
        f"<notification-{pk}@luoshi.local>" for pk in rows.values_list("pk", flat=True)
    }
    assert not rows.filter(sent_at=None).exists()


def test_broker_down_at_scan_time_keeps_the_web_working_and_the_next_scan_catches_up(
    town, client, settings
):
    unit, staff = town
    due_tomorrow = open_assignment(unit, TODAY + timedelta(days=1))  # 1 day before: the 25th
    with running_worker():
        celery_app.send_task(SCAN, kwargs={"today": (TODAY - timedelta(days=1)).isoformat()})
        wait_for(lambda: ReminderScan.objects.exists(), what="the scan of the 24th")
        wait_for(queue_drained, what="scan acknowledged")

    dead = "redis://127.0.0.1:1/4"  # nothing listens there: Redis is down
    with pytest.raises(OperationalError), celery_app.connection_for_write(dead) as conn:
        # What beat does at 08:00 on the 25th: publishing fails, the tick is lost.
        celery_app.send_task(SCAN, kwargs={"today": TODAY.isoformat()}, connection=conn)

    settings.CELERY_BROKER_URL = dead
    client.force_login(staff[0])
    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json() == {"status": "degraded"}
    assert client.get(reverse("tracker:notification-list")).status_code == 200
    assert client.get(reverse("tracker:notification-bell")).status_code == 200
    assert not Notification.objects.filter(assignment=due_tomorrow).exists()

    settings.CELERY_BROKER_URL = BROKER_URL  # Redis is back the next day
    with running_worker():
        celery_app.send_task(SCAN, kwargs={"today": (TODAY + timedelta(days=1)).isoformat()})
        wait_for(
            lambda: ReminderScan.objects.filter(scan_date=TODAY + timedelta(days=1)).exists(),
            what="the scan of the 26th",
        )
        wait_for(queue_drained, what="scan acknowledged")
    rows = Notification.objects.filter(assignment=due_tomorrow, channel="in_app")
    # The missed reminder of the 25th and today's due-today collapse into one catch-up each.
    assert sorted(rows.values_list("recipient__username", "kind", "for_date")) == [
        ("ding0", "catch_up", TODAY + timedelta(days=1)),
        ("ding1", "catch_up", TODAY + timedelta(days=1)),
    ]
    assert Notification.objects.filter(channel="email", sent_at=None).count() == 0


def start_subprocess_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


@pytest.mark.slow
def test_worker_killed_mid_batch_then_restarted_sends_the_rest_once():
    handler = RecordingHandler(delay=0.3)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    unit = UnitFactory(name="戊镇")
    for n in range(12):
        UserFactory(username=f"wu{n}", role=User.Role.UNIT_STAFF, unit=unit, email=f"w{n}@t.test")
    open_assignment(unit, TODAY)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
    }
    first = start_subprocess_worker(env)
    try:
        celery_app.send_task(SCAN, kwargs={"today": TODAY.isoformat()})
        wait_for(lambda: len(handler.messages) >= 4, what="four emails before the kill")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    rows = Notification.objects.filter(channel="email")
    sent_before = dict(rows.filter(sent_at__isnull=False).values_list("pk", "sent_at"))
    assert 0 < len(sent_before) < 12
    assert Notification.objects.filter(channel="in_app").count() == 12  # created before emails

    second = start_subprocess_worker(env)
    try:
        celery_app.send_task(DELIVER)  # the next tick: the scan's unacked message waits for
        wait_for(lambda: not rows.filter(sent_at=None).exists(), timeout=90, what="all sent")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(20)
        controller.stop()

    # Rows sent before the kill were not sent again; every row reached the server.
    assert dict(rows.filter(pk__in=sent_before).values_list("pk", "sent_at")) == sent_before
    ids = [m["Message-ID"] for m in handler.messages]
    assert set(ids) == {
        f"<notification-{pk}@luoshi.local>" for pk in rows.values_list("pk", flat=True)
    }
    # SMTP cannot be exactly-once: at most the one message in flight at the kill reaches the
    # server twice, and it carries the same Message-ID so the server or the client drops it.
    duplicates = [i for i in set(ids) if ids.count(i) > 1]
    assert len(ids) - len(set(ids)) <= 1
    assert all(int(i.split("-")[1].split("@")[0]) not in sent_before for i in duplicates)
