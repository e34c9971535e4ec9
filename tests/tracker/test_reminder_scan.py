"""The deadline scan on PostgreSQL: each reminder created once, for the right people."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from directory.models import User
from tests.factories import UserFactory
from tests.tracker.reminder_helpers import NOW, TODAY, open_assignment, sent
from tracker.models import Assignment, ExtensionRequest, Notification, ReminderScan
from tracker.services import reminders

IN_APP = Notification.Channel.IN_APP
EMAIL = Notification.Channel.EMAIL


@pytest.fixture(autouse=True)
def _plain_rules(settings):
    settings.LUOSHI_REMINDER_OFFSETS = [7, 3, 1, 0]
    settings.LUOSHI_REMINDER_WORKING_DAYS = False
    settings.LUOSHI_REMINDER_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def people(town_a_staff, town_a_leader, supervisor, town_b_staff):
    for user, email in [(town_a_staff, "a@luoshi.test"), (town_a_leader, ""), (supervisor, "")]:
        user.email = email
        user.save()
    return town_a_staff


def test_scan_creates_each_due_reminder_for_the_unit_staff(people, town_a, town_b):
    soon = open_assignment(town_a, TODAY + timedelta(days=3))
    today = open_assignment(town_a, TODAY)
    late = open_assignment(town_a, TODAY - timedelta(days=1))
    quiet = open_assignment(town_a, TODAY + timedelta(days=2))
    other_unit = open_assignment(town_b, TODAY + timedelta(days=1))

    result = reminders.scan_deadlines(today=TODAY, now=NOW)

    assert sent(channel=IN_APP) == [
        (soon.pk, "town_a_staff", "due_soon", TODAY, IN_APP),
        (today.pk, "town_a_staff", "due_today", TODAY, IN_APP),
        (late.pk, "town_a_staff", "overdue", TODAY, IN_APP),
        (other_unit.pk, "town_b_staff", "due_soon", TODAY, IN_APP),
    ]
    assert not Notification.objects.filter(assignment=quiet).exists()
    assert result.by_kind() == {"due_soon": 3, "due_today": 2, "overdue": 2}
    assert Notification.objects.filter(channel=IN_APP, sent_at=None).count() == 0


@pytest.mark.parametrize("status", [Assignment.Status.DONE, Assignment.Status.CLOSED])
def test_no_reminder_for_completed_or_closed_work(people, town_a, status):
    open_assignment(town_a, TODAY, status=status)
    open_assignment(town_a, TODAY - timedelta(days=10), status=status)
    reminders.scan_deadlines(today=TODAY, now=NOW)
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_a_pending_extension_request_pauses_overdue_reminders(people, town_a):
    late = open_assignment(town_a, TODAY - timedelta(days=10))
    ExtensionRequest.objects.create(
        assignment=late,
        requested_by=people,
        requested_at=NOW,
        old_due_on=late.due_on,
        new_due_on=TODAY + timedelta(days=20),
        reason="雨季施工受阻",
    )
    reminders.scan_deadlines(today=TODAY, now=NOW)
    assert Notification.objects.count() == 0


def test_escalation_goes_once_to_unit_leader_and_supervisors(people, town_a):
    late = open_assignment(town_a, TODAY - timedelta(days=8))
    reminders.scan_deadlines(today=TODAY, now=NOW)
    escalations = sent(kind="escalation", channel=IN_APP)
    assert escalations == [
        (late.pk, "supervisor", "escalation", late.due_on, IN_APP),
        (late.pk, "town_a_leader", "escalation", late.due_on, IN_APP),
    ]
    notice = Notification.objects.get(kind="escalation", recipient__username="supervisor")
    assert notice.subject.startswith("【逾期督办】甲镇：")
    assert "已逾期8天" in notice.subject

    for day in range(1, 6):
        later = TODAY + timedelta(days=day)
        reminders.scan_deadlines(today=later, now=NOW + timedelta(days=day))
    assert sent(kind="escalation", channel=IN_APP) == escalations


def test_running_the_scan_twice_sends_nothing_twice(people, town_a):
    open_assignment(town_a, TODAY + timedelta(days=1))
    first = reminders.scan_deadlines(today=TODAY, now=NOW)
    second = reminders.scan_deadlines(today=TODAY, now=NOW + timedelta(minutes=5))
    assert first.by_kind() == {"due_soon": 2}
    assert second.by_kind() == {}
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1


def test_email_copy_has_chinese_subject_and_body_and_a_stable_message_id(people, town_a):
    assignment = open_assignment(town_a, date(2026, 11, 28), title="完成农村人居环境整治")
    reminders.scan_deadlines(today=TODAY, now=NOW)
    (message,) = mail.outbox
    assert message.to == ["a@luoshi.test"]
    assert message.subject == "【任务即将到期】完成农村人居环境整治（距完成时限还有3天）"
    assert "完成时限：2026年11月28日（星期六，非工作日）" in message.body
    assert f"/assignments/{assignment.pk}/" in message.body
    row = Notification.objects.get(channel=EMAIL)
    assert message.extra_headers["Message-ID"] == f"<notification-{row.pk}@luoshi.local>"
    assert row.sent_at == NOW
    assert row.attempts == 1


def test_failed_email_keeps_its_reason_and_is_retried_a_bounded_number_of_times(
    people, town_a, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    settings.LUOSHI_EMAIL_MAX_ATTEMPTS = 2
    open_assignment(town_a, TODAY)
    reminders.scan_deadlines(today=TODAY, now=NOW)
    row = Notification.objects.get(channel=EMAIL)
    assert row.sent_at is None
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.failure_reason

    assert reminders.deliver_pending_email(now=NOW) == 0
    assert reminders.deliver_pending_email(now=NOW) == 0  # limit reached: not tried again
    row.refresh_from_db()
    assert row.attempts == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.deliver_pending_email(now=NOW, max_attempts=3) == 1
    row.refresh_from_db()
    assert (row.sent_at, row.failure_reason, row.attempts) == (NOW, "", 3)
    assert len(mail.outbox) == 1


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing after it runs, no except Exception catches it."""


def test_a_worker_dying_between_claim_and_send_leaves_the_rest_to_be_sent_once(town_a, monkeypatch):
    for n in range(5):
        UserFactory(
            username=f"staff{n}", role=User.Role.UNIT_STAFF, unit=town_a, email=f"s{n}@luoshi.test"
        )
    open_assignment(town_a, TODAY)
    reminders.scan_deadlines(today=TODAY, now=NOW, dry_run=True)  # nothing kept
    assert Notification.objects.count() == 0

    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages
    calls = {"n": 0}

    def dies_on_the_third(self, messages):
        calls["n"] += 1
        if calls["n"] == 3:
            raise WorkerKilled
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", dies_on_the_third)
    with pytest.raises(WorkerKilled):
        reminders.scan_deadlines(today=TODAY, now=NOW)
    assert len(mail.outbox) == 2
    # The claim of the third rolled back with its transaction: claimed-but-unsent cannot persist.
    assert Notification.objects.filter(channel=EMAIL, sent_at__isnull=False).count() == 2
    assert Notification.objects.filter(channel=EMAIL, sent_at=None, attempts=0).count() == 3

    assert reminders.deliver_pending_email(now=NOW + timedelta(minutes=1)) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@luoshi.test" for n in range(5)]
    assert reminders.deliver_pending_email(now=NOW + timedelta(minutes=2)) == 0
    assert len(mail.outbox) == 5


def test_after_three_missed_days_the_next_scan_sends_one_catch_up_per_assignment(people, town_a):
    reminders.scan_deadlines(today=date(2026, 11, 21), now=NOW - timedelta(days=4))
    due_sunday = open_assignment(town_a, date(2026, 11, 22))  # due-soon 21st, today 22nd, late 23rd
    due_later = open_assignment(town_a, date(2026, 12, 2))  # 7 days before: the 25th
    far = open_assignment(town_a, date(2026, 12, 10))  # nothing in the window

    result = reminders.scan_deadlines(today=TODAY, now=NOW)

    assert sent(channel=IN_APP) == [
        (due_sunday.pk, "town_a_staff", "catch_up", TODAY, IN_APP),
        (due_later.pk, "town_a_staff", "due_soon", TODAY, IN_APP),
    ]
    assert result.window == [date(2026, 11, d) for d in (22, 23, 24, 25)]
    notice = Notification.objects.get(kind="catch_up", channel=IN_APP)
    assert "已逾期3天" in notice.subject
    assert "补发" in notice.body
    assert not Notification.objects.filter(assignment=far).exists()
    # Running again the same day neither repeats the catch-up nor adds per-day reminders.
    reminders.scan_deadlines(today=TODAY, now=NOW + timedelta(hours=1))
    assert Notification.objects.filter(channel=IN_APP).count() == 2
    assert list(ReminderScan.objects.values_list("scan_date", flat=True)) == [
        TODAY,
        date(2026, 11, 21),
    ]


def test_dry_run_counts_without_saving_or_sending(people, town_a):
    open_assignment(town_a, TODAY)
    result = reminders.scan_deadlines(today=TODAY, now=NOW, dry_run=True)
    assert result.by_kind() == {"due_today": 2}
    assert Notification.objects.count() == 0
    assert ReminderScan.objects.count() == 0
    assert mail.outbox == []


def test_scan_deadlines_command_prints_counts_per_kind(people, town_a, capsys):
    open_assignment(town_a, date(2026, 11, 26))
    open_assignment(town_a, date(2026, 11, 24))
    call_command("scan_deadlines", "--today", "2026-11-25", "--dry-run")
    out = capsys.readouterr().out
    assert "试运行（未保存）" in out
    assert "即将到期（due_soon）: 2" in out
    assert "已逾期（overdue）: 2" in out
    assert Notification.objects.count() == 0
    call_command("scan_deadlines", "--today", "2026-11-25")
    out = capsys.readouterr().out
    assert "合计: 4" in out
    assert "邮件已发送: 2" in out
    assert Notification.objects.count() == 4


def test_scan_deadlines_command_refuses_a_bad_date_and_changes_nothing(people, town_a):
    open_assignment(town_a, TODAY)
    with pytest.raises(CommandError) as refused:
        call_command("scan_deadlines", "--today", "2026-13-01")
    assert str(refused.value) == "日期格式应为 YYYY-MM-DD，例如 2026-11-25"
    assert Notification.objects.count() == 0


def test_scan_query_count_does_not_grow_with_assignments(
    people, town_a, django_assert_max_num_queries, settings
):
    settings.LUOSHI_REMINDER_EMAIL = False
    for n in range(3):
        open_assignment(town_a, TODAY + timedelta(days=n))
    with django_assert_max_num_queries(30) as small:
        reminders.scan_deadlines(today=TODAY, now=NOW)
    for n in range(60):
        open_assignment(town_a, TODAY - timedelta(days=n % 20))
    with django_assert_max_num_queries(len(small.captured_queries)):
        reminders.scan_deadlines(today=TODAY + timedelta(days=1), now=NOW + timedelta(days=1))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_create_and_send_each_reminder_once(settings):
    from tests.factories import UnitFactory

    unit = UnitFactory(name="丙镇")
    for n in range(4):
        UserFactory(username=f"c{n}", role=User.Role.UNIT_STAFF, unit=unit, email=f"c{n}@t.test")
    for n in range(30):
        open_assignment(unit, TODAY + timedelta(days=[0, 1, 3, 7, -1, -4][n % 6]))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan(offset: int):
        try:
            barrier.wait()
            results.append(
                reminders.scan_deadlines(
                    today=TODAY, now=datetime(2026, 11, 25, 0, 0, offset, tzinfo=UTC)
                )
            )
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    in_app = Notification.objects.filter(channel=IN_APP).count()
    assert in_app == 30 * 4
    assert sum(
        n for r in results for (_, channel), n in r.created.items() if channel == IN_APP
    ) == (in_app)
    assert sum(r.emails_sent for r in results) == 30 * 4
    assert len(mail.outbox) == 30 * 4
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 30 * 4


def test_watchdog_runs_a_missed_scan_after_its_hour_and_only_once(people, town_a):
    open_assignment(town_a, TODAY)
    before_eight = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 07:30 on the 25th in Beijing
    assert reminders.scan_if_missed(now=before_eight, scan_hour=8) is None
    assert Notification.objects.count() == 0
    after_eight = datetime(2026, 11, 25, 1, 15, tzinfo=UTC)  # 09:15: the 08:00 tick was lost
    result = reminders.scan_if_missed(now=after_eight, scan_hour=8)
    assert result is not None
    assert result.today == TODAY
    assert result.by_kind() == {"due_today": 2}
    assert reminders.scan_if_missed(now=after_eight + timedelta(minutes=15), scan_hour=8) is None
    assert Notification.objects.count() == 2


def test_a_refused_extension_resumes_reminders_and_releases_the_held_back_escalation(
    people, town_a, supervisor
):
    late = open_assignment(town_a, TODAY - timedelta(days=12))
    request = ExtensionRequest.objects.create(
        assignment=late,
        requested_by=people,
        requested_at=NOW - timedelta(days=10),
        old_due_on=late.due_on,
        new_due_on=TODAY + timedelta(days=20),
        reason="雨季施工受阻",
    )
    reminders.scan_deadlines(today=TODAY - timedelta(days=1), now=NOW - timedelta(days=1))
    assert Notification.objects.count() == 0  # paused: no overdue reminder, no escalation

    request.status = ExtensionRequest.Status.REFUSED
    request.decided_by, request.decided_at = supervisor, NOW - timedelta(hours=1)
    request.save()
    reminders.scan_deadlines(today=TODAY, now=NOW)
    assert sent(kind="escalation", channel=IN_APP) == [
        (late.pk, "supervisor", "escalation", late.due_on, IN_APP),
        (late.pk, "town_a_leader", "escalation", late.due_on, IN_APP),
    ]
