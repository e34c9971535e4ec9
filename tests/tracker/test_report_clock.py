"""The second clock: report deadlines per cadence, 报送逾期, its reminders, light and worklist."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.tracker.reminder_helpers import NOW, TODAY, open_assignment, sent
from tracker import selectors_worklist
from tracker.models import Assignment, Notification, ProgressReport
from tracker.services import reminders, report_clock
from tracker.services.report_clock import MONTHLY, QUARTERLY, WEEKLY

IN_APP = Notification.Channel.IN_APP


@pytest.mark.parametrize(
    ("cadence", "day", "deadline"),
    [
        pytest.param(WEEKLY, date(2026, 11, 25), date(2026, 11, 27), id="Wednesday: Friday"),
        pytest.param(WEEKLY, date(2026, 11, 27), date(2026, 11, 27), id="Friday: itself"),
        pytest.param(WEEKLY, date(2026, 11, 28), date(2026, 12, 4), id="Saturday: next Friday"),
        pytest.param(MONTHLY, date(2026, 11, 25), date(2026, 11, 25), id="the 25th"),
        pytest.param(MONTHLY, date(2026, 12, 26), date(2027, 1, 25), id="after the 25th"),
        pytest.param(QUARTERLY, date(2026, 11, 25), date(2026, 12, 31), id="Q4"),
        pytest.param(QUARTERLY, date(2026, 1, 1), date(2026, 3, 31), id="Q1"),
    ],
)
def test_report_deadline_of_each_cadence(cadence, day, deadline):
    assert report_clock.deadline_on_or_after(cadence, day) == deadline


@pytest.mark.parametrize(
    ("cadence", "last_report", "today", "missed"),
    [
        pytest.param(MONTHLY, None, date(2026, 11, 26), date(2026, 11, 25), id="never reported"),
        pytest.param(MONTHLY, date(2026, 11, 3), date(2026, 11, 26), None, id="reported in time"),
        pytest.param(MONTHLY, date(2026, 10, 20), date(2026, 11, 26), date(2026, 11, 25),
                     id="only last period's report"),
        pytest.param(MONTHLY, None, date(2026, 11, 25), date(2026, 10, 25),
                     id="deadline day itself is not late yet, last month's is"),
        pytest.param(MONTHLY, date(2026, 11, 27), date(2026, 11, 28), None,
                     id="a late report settles it"),
        pytest.param(WEEKLY, date(2026, 11, 23), date(2026, 11, 28), None, id="Monday report"),
        pytest.param(WEEKLY, date(2026, 11, 20), date(2026, 11, 28), date(2026, 11, 27),
                     id="last Friday's report does not cover this week"),
        pytest.param(QUARTERLY, None, date(2026, 10, 1), date(2026, 9, 30), id="quarter end"),
    ],
)  # fmt: skip
def test_a_missed_report_deadline_is_late(cadence, last_report, today, missed):
    assigned = date(2026, 6, 1)
    got = report_clock.missed_deadline(
        cadence, assigned_on=assigned, last_report_on=last_report, today=today
    )
    assert got == missed


def test_nothing_is_owed_before_the_first_deadline_after_assignment():
    got = report_clock.missed_deadline(
        MONTHLY, assigned_on=date(2026, 11, 26), last_report_on=None, today=date(2026, 12, 1)
    )
    assert got is None


@pytest.mark.parametrize(
    ("recurrence", "text", "cadence"),
    [
        ("monthly", "各乡镇要于每月25日前报送工作进展", MONTHLY),
        ("weekly", "每周五前上报推进情况", WEEKLY),
        ("quarterly", "每季度末报送工作情况", QUARTERLY),
        ("monthly", "每月召开一次例会", ""),
        ("", "年底前完成", ""),
    ],
)
def test_cadence_comes_from_a_directive_that_asks_for_reports(recurrence, text, cadence):
    assert report_clock.cadence_from_directive(recurrence, text) == cadence


@pytest.fixture
def monthly(town_a, town_a_staff):
    share = open_assignment(town_a, TODAY + timedelta(days=60))
    share.task.report_cadence = MONTHLY
    share.task.save()
    return share


@pytest.mark.django_db
def test_report_reminders_are_sent_once_per_deadline(monthly, town_a_staff, settings):
    settings.LUOSHI_REMINDER_EMAIL = False
    reminders.scan_deadlines(today=TODAY, now=NOW)  # 11-25: the deadline day, and October's missed
    reminders.scan_deadlines(today=TODAY, now=NOW + timedelta(hours=1))
    assert sent(kind__in=["report_due", "report_overdue"]) == [
        (monthly.pk, "town_a_staff", "report_due", TODAY, IN_APP),
        (monthly.pk, "town_a_staff", "report_overdue", date(2026, 10, 25), IN_APP),
    ]
    notice = Notification.objects.get(kind="report_due")
    assert "每月25日前" in notice.body and "报送" in notice.subject
    tomorrow = TODAY + timedelta(days=1)
    reminders.scan_deadlines(today=tomorrow, now=NOW + timedelta(days=1))
    assert (monthly.pk, "town_a_staff", "report_overdue", TODAY, IN_APP) in sent()


@pytest.mark.django_db
def test_a_report_in_the_period_stops_the_report_reminders(monthly, town_a_staff, settings):
    settings.LUOSHI_REMINDER_EMAIL = False
    ProgressReport.objects.create(
        assignment=monthly, author=town_a_staff, text="本月进展", progress=20,
        created_at=datetime(2026, 11, 3, 2, 0, tzinfo=UTC),
    )  # fmt: skip
    reminders.scan_deadlines(today=TODAY, now=NOW)
    assert sent(kind__in=["report_due", "report_overdue"]) == []


@pytest.mark.django_db
def test_late_reports_are_their_own_worklist_section(monthly, town_a):
    on_time = open_assignment(town_a, TODAY - timedelta(days=3))  # 办理逾期, no cadence
    late = selectors_worklist.late_reports(today=TODAY)
    assert late == [monthly] and late[0].missed_on == date(2026, 10, 25)
    counts = selectors_worklist.worklist(today=TODAY).counts()
    assert (counts["late_reports"], counts["overdue"]) == (1, 1)
    assert on_time not in late
    every = Assignment.objects.all()  # the dashboard's count, per unit, by the same rule
    assert selectors_worklist.late_report_counts(today=TODAY, base=every) == {town_a.pk: 1}


@pytest.mark.django_db
def test_report_clock_shows_on_the_assignment_page(client, monthly, town_a_staff):
    import time_machine

    client.force_login(town_a_staff)
    with time_machine.travel(NOW, tick=False):
        html = client.get(monthly.get_absolute_url()).text
    assert "每月25日前报送进展" in html
    assert "报送逾期（2026年10月25日未报送）" in html


@pytest.mark.django_db
def test_dashboard_has_its_own_report_light(client, monthly, town_a, supervisor):
    import lxml.html
    import time_machine

    client.force_login(supervisor)
    with time_machine.travel(NOW, tick=False):
        html = client.get("/dashboard/").text
    page = lxml.html.fromstring(html)
    assert page.xpath('string(//*[@data-figure="late_reports"])') == "1"
    row = page.xpath(f'//tr[@data-unit="{town_a.pk}"]/td[@data-col="report"]')[0]
    assert row.text_content().strip() == "报送逾期 1"
    assert row.xpath(".//span[contains(@class, 'light-red')]")
    # The first clock is separate: the task's own deadline is two months away.
    assert page.xpath(f'string(//tr[@data-unit="{town_a.pk}"]/td[@data-col="overdue"])') == "0"
