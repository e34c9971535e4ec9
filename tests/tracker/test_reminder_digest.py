"""The weekly digest: per unit figures, per supervisor overdue by unit, once per week."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from tests.factories import AssignmentFactory, TaskFactory, UnitFactory, UserFactory
from tests.tracker.reminder_helpers import LONG_AGO, open_assignment
from tracker.models import Assignment, Notification
from tracker.services.reminders import digest

MONDAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 Beijing time


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LUOSHI_REMINDER_EMAIL = True


@pytest.fixture
def week(town_a, town_b):
    open_assignment(town_a, MONDAY + timedelta(days=2))  # due this week
    open_assignment(town_a, MONDAY + timedelta(days=6))  # due Sunday: this week
    open_assignment(town_a, MONDAY + timedelta(days=7))  # next week
    open_assignment(town_a, MONDAY - timedelta(days=3))  # overdue
    open_assignment(town_b, MONDAY - timedelta(days=20))
    open_assignment(town_b, MONDAY - timedelta(days=1))
    done = open_assignment(town_b, MONDAY + timedelta(days=1), status=Assignment.Status.DONE)
    done.completed_at = NOW - timedelta(days=3)
    done.save()
    open_assignment(town_a, MONDAY - timedelta(days=30), status=Assignment.Status.CLOSED)


def test_unit_figures_count_due_this_week_overdue_and_completed_last_week(week):
    figures = {row["unit__name"]: row for row in digest.unit_figures(today=MONDAY)}
    assert {k: figures["甲镇"][k] for k in ("due", "overdue", "completed")} == {
        "due": 2,
        "overdue": 1,
        "completed": 0,
    }
    assert {k: figures["乙镇"][k] for k in ("due", "overdue", "completed")} == {
        "due": 0,
        "overdue": 2,
        "completed": 1,
    }


def test_digest_reaches_unit_members_and_supervisors_once_per_week(
    week, town_a_staff, town_a_leader, town_b_staff, supervisor
):
    supervisor.email = "duban@luoshi.test"
    supervisor.save()
    created = digest.send_weekly_digests(today=MONDAY, now=NOW)
    assert created == 5  # 3 unit members + supervisor in-app, supervisor email
    mine = Notification.objects.get(recipient=town_a_staff, kind=Notification.Kind.DIGEST)
    assert mine.subject == "【每周汇总】甲镇：本周到期2项，逾期1项"
    assert "本周（2026年11月23日至2026年11月29日）到期：2项" in mine.body
    assert mine.for_date == MONDAY
    (email,) = mail.outbox
    assert email.subject == "【每周汇总】全区逾期3项，涉及2个单位"
    assert "乙镇：逾期2项" in email.body
    assert email.body.index("乙镇") < email.body.index("甲镇")  # most overdue first

    again = digest.send_weekly_digests(today=MONDAY + timedelta(days=2), now=NOW + timedelta(1))
    assert again == 0
    assert len(mail.outbox) == 1


def test_a_missed_report_reaches_the_digest_of_its_unit_and_the_supervisors(
    week, town_a, town_a_staff, supervisor
):
    """报送逾期 is the second clock: a unit with nothing due or overdue but a weekly report
    not filed still gets a digest that says so, and the supervisors' digest names it."""
    quiet = UnitFactory(name="丙镇")
    quiet_staff = UserFactory(username="quiet_staff", role="unit_staff", unit=quiet)
    for unit in (quiet, town_a):
        task = TaskFactory(title="每周报送防汛值守情况", due_on=date(2026, 12, 31),
                           report_cadence="weekly", created_at=LONG_AGO)  # fmt: skip
        AssignmentFactory(task=task, unit=unit, due_on=date(2026, 12, 31), created_at=LONG_AGO,
                          status=Assignment.Status.IN_PROGRESS)  # fmt: skip
    figures = {row["unit__name"]: row for row in digest.unit_figures(today=MONDAY)}
    assert (figures["丙镇"]["late_reports"], figures["丙镇"]["overdue"]) == (1, 0)
    assert figures["甲镇"]["late_reports"] == 1 and figures["乙镇"]["late_reports"] == 0
    digest.send_weekly_digests(today=MONDAY, now=NOW)
    quiet_digest = Notification.objects.get(recipient=quiet_staff, kind=Notification.Kind.DIGEST)
    assert quiet_digest.subject == "【每周汇总】丙镇：本周到期0项，逾期0项，报送逾期1项"
    assert "报送逾期：1项" in quiet_digest.body
    mine = Notification.objects.get(recipient=town_a_staff, kind=Notification.Kind.DIGEST)
    assert mine.subject == "【每周汇总】甲镇：本周到期2项，逾期1项，报送逾期1项"
    theirs = Notification.objects.get(recipient=supervisor, kind=Notification.Kind.DIGEST).body
    assert "报送逾期2项，涉及2个单位：" in theirs
    assert "丙镇：报送逾期1项" in theirs and "乙镇：报送逾期" not in theirs
