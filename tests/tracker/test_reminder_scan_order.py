"""One reminder per person a day whatever order days are scanned in: a backfill of a day that an
earlier catch-up already answered, a re-run of today, a day scanned after a later one."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command

from tests.tracker.reminder_helpers import NOW, TODAY, open_assignment
from tracker.models import Notification, ReminderScan
from tracker.services import reminders

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _plain_rules(settings):
    settings.LUOSHI_REMINDER_OFFSETS = [7, 3, 1, 0]
    settings.LUOSHI_REMINDER_WORKING_DAYS = False
    settings.LUOSHI_REMINDER_EMAIL = False


@pytest.fixture
def work(town_a_staff, town_a, town_b_staff, town_b):
    # Something falls due on most days around TODAY, for both units.
    return [
        open_assignment(unit, TODAY + timedelta(days=offset))
        for unit in (town_a, town_b)
        for offset in (-6, -4, -2, -1, 0, 1, 2, 3, 5, 7)
    ]


def in_app_per_person_and_day() -> Counter:
    return Counter(
        Notification.objects.filter(channel=Notification.Channel.IN_APP).values_list(
            "assignment_id", "recipient_id", "created_at"
        )
    )


def scan(day, *, at):
    return reminders.scan_deadlines(today=day, now=at)


def assert_nobody_got_two_on_one_day():
    doubled = {key: n for key, n in in_app_per_person_and_day().items() if n > 1}
    assert doubled == {}


@pytest.mark.django_db
def test_backfilling_a_day_the_catch_up_answered_then_todays_scan_sends_nothing_twice(work):
    scan(TODAY - 5 * DAY, at=NOW - 5 * DAY)  # the last scan before an outage
    scan(TODAY, at=NOW)  # after the outage: catches up the four missed days
    before = Notification.objects.count()

    # someone backfills a missed day by hand, then today's scan runs again (the watchdog)
    call_command("scan_deadlines", "--today", (TODAY - 2 * DAY).isoformat())
    scan(TODAY, at=NOW + timedelta(hours=2))

    assert Notification.objects.count() == before
    assert_nobody_got_two_on_one_day()


@pytest.mark.django_db
def test_rescanning_a_day_already_scanned_then_today_sends_nothing_twice(work):
    for back in range(5, 0, -1):
        scan(TODAY - back * DAY, at=NOW - back * DAY)
    before = Notification.objects.count()
    call_command("scan_deadlines", "--today", (TODAY - 3 * DAY).isoformat())
    assert Notification.objects.count() == before
    scan(TODAY, at=NOW)
    assert_nobody_got_two_on_one_day()


@pytest.mark.django_db
def test_a_day_scanned_after_a_later_day_adds_nothing(work):
    scan(TODAY - 4 * DAY, at=NOW - 4 * DAY)
    scan(TODAY, at=NOW)
    after_today = Notification.objects.count()
    scan(TODAY - DAY, at=NOW + timedelta(hours=1))  # an older day, answered by today's catch-up
    assert Notification.objects.count() == after_today
    assert_nobody_got_two_on_one_day()


@pytest.mark.django_db
def test_each_scan_records_the_days_it_answered(work):
    scan(TODAY - 3 * DAY, at=NOW - 3 * DAY)
    scan(TODAY, at=NOW)
    assert ReminderScan.objects.get(scan_date=TODAY).window_start == TODAY - 2 * DAY
