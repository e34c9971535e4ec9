"""催办: one assignment or every overdue one of a unit, sent in-app and by email once."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from directory.models import User
from tests.factories import AssignmentFactory, UserFactory
from tracker import selectors
from tracker.models import Assignment, HistoryEntry, Notification
from tracker.services import urging
from tracker.services.assignments import WorkflowRefused
from tracker.services.reminders import deliver_pending_email

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
S = Assignment.Status


@pytest.fixture
def staff(town_a):
    return UserFactory(
        username="a_staff", role=User.Role.UNIT_STAFF, unit=town_a, email="a@example.cn"
    )


@pytest.mark.django_db
def test_urging_is_recorded_and_sent_in_app_and_by_email_once(supervisor, staff, town_a):
    share = AssignmentFactory(unit=town_a, due_on=TODAY - timedelta(days=3))
    urging.urge_assignment(assignment=share, urged_by=supervisor, message="请本周内办结", now=NOW)
    entry = HistoryEntry.objects.get(assignment=share)
    assert (entry.kind, entry.note, entry.actor) == ("urged", "请本周内办结", supervisor)
    rows = Notification.objects.filter(assignment=share, kind="urged")
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "in_app"]
    assert deliver_pending_email(now=NOW) == 1
    assert deliver_pending_email(now=NOW) == 0
    assert len(mail.outbox) == 1 and "请本周内办结" in mail.outbox[0].body
    assert selectors.urge_count(share) == 1


@pytest.mark.django_db
def test_a_second_urge_the_same_day_is_refused_and_sends_nothing(supervisor, staff, town_a):
    share = AssignmentFactory(unit=town_a, due_on=TODAY - timedelta(days=3))
    urging.urge_assignment(assignment=share, urged_by=supervisor, message="请办理", now=NOW)
    with pytest.raises(WorkflowRefused) as refused:
        urging.urge_assignment(assignment=share, urged_by=supervisor, message="再催", now=NOW)
    assert refused.value.messages == [urging.URGED_TODAY]
    assert Notification.objects.filter(kind="urged").count() == 2  # one in-app, one email
    tomorrow = NOW + timedelta(days=1)
    urging.urge_assignment(assignment=share, urged_by=supervisor, message="再催", now=tomorrow)
    assert selectors.urge_count(share) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "message", "refusal"),
    [(S.DONE, "请办理", urging.URGE_NOT_OPEN), (S.IN_PROGRESS, "  ", urging.URGE_MESSAGE_REQUIRED)],
)
def test_urging_refusals(supervisor, town_a, status, message, refusal):
    share = AssignmentFactory(unit=town_a, status=status)
    with pytest.raises(WorkflowRefused) as refused:
        urging.urge_assignment(assignment=share, urged_by=supervisor, message=message, now=NOW)
    assert refused.value.messages == [refusal]
    assert not HistoryEntry.objects.exists()


@pytest.mark.django_db
def test_urging_a_unit_reaches_every_overdue_assignment_of_it(supervisor, staff, town_a, town_b):
    late = [AssignmentFactory(unit=town_a, due_on=TODAY - timedelta(days=n)) for n in (1, 9)]
    AssignmentFactory(unit=town_a, due_on=TODAY + timedelta(days=5))  # not overdue
    AssignmentFactory(unit=town_b, due_on=TODAY - timedelta(days=2))  # another unit
    urging.urge_assignment(assignment=late[0], urged_by=supervisor, message="先催", now=NOW)
    outcome = urging.urge_unit_overdue(
        unit=town_a, urged_by=supervisor, message="请集中清理逾期任务", today=TODAY, now=NOW
    )
    assert outcome.urged == [late[1]] and outcome.skipped == [late[0]]
    assert set(HistoryEntry.objects.filter(kind="urged").values_list("assignment", flat=True)) == {
        late[0].pk, late[1].pk,
    }  # fmt: skip


@pytest.mark.django_db
def test_unit_staff_and_leaders_cannot_urge(town_a_staff, leader, town_a):
    from django.core.exceptions import PermissionDenied

    share = AssignmentFactory(unit=town_a, due_on=TODAY - timedelta(days=3))
    for user in (town_a_staff, leader):
        with pytest.raises(PermissionDenied):
            urging.urge_assignment(assignment=share, urged_by=user, message="催", now=NOW)


@pytest.mark.django_db
def test_assignment_page_urges_and_shows_the_reminder_log(client, supervisor, staff, town_a):
    share = AssignmentFactory(unit=town_a, due_on=date(2020, 1, 1))
    client.force_login(supervisor)
    response = client.post(
        reverse("tracker:assignment-urge", args=[share.pk]),
        {"message": "请尽快办结"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.text
    assert "已催办" in html
    assert "<dd data-urge-count>1</dd>" in html
    # The log: what was sent, to whom, by which channel, and whether it was delivered.
    assert "督查室催办" in html and "a_staff" in html
    assert 'data-delivery="sent"' in html and 'data-delivery="queued"' in html
    Notification.objects.filter(channel="email").update(failure_reason="SMTPException: 550")
    unit_view = client.get(share.get_absolute_url())
    assert 'data-delivery="failed"' in unit_view.text and "550" in unit_view.text


@pytest.mark.django_db
def test_the_unit_sees_its_reminder_log_but_no_urge_form(client, staff, town_a):
    share = AssignmentFactory(unit=town_a, due_on=date(2020, 1, 1))
    Notification.objects.create(
        recipient=staff, assignment=share, kind="overdue", for_date=TODAY, subject="任务已逾期",
        created_at=NOW, sent_at=NOW,
    )  # fmt: skip
    client.force_login(staff)
    html = client.get(share.get_absolute_url()).text
    assert "提醒记录" in html and "任务已逾期" in html
    assert reverse("tracker:assignment-urge", args=[share.pk]) not in html
