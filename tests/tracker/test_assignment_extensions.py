from datetime import UTC, date, datetime

import pytest

from tests.factories import AssignmentFactory
from tracker.models import Assignment, ExtensionRequest, HistoryEntry
from tracker.services import assignments as services
from tracker.services.assignments import WorkflowRefused

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
DUE = date(2024, 6, 30)
S = Assignment.Status


def ask(assignment, user, *, new_due_on=date(2024, 8, 31), reason="汛期施工受阻"):
    assignment.refresh_from_db()
    return services.request_extension(
        assignment=assignment, requested_by=user, now=NOW, new_due_on=new_due_on,
        reason=reason, expected_version=assignment.version,
    )  # fmt: skip


def decide(extension, user, *, approve, note=""):
    assignment = Assignment.objects.get(pk=extension.assignment_id)
    return services.decide_extension(
        extension=extension, decided_by=user, now=NOW, approve=approve, note=note,
        expected_version=assignment.version,
    )  # fmt: skip


@pytest.fixture
def assignment(town_a_staff):
    return AssignmentFactory(unit=town_a_staff.unit, status=S.IN_PROGRESS, due_on=DUE)


@pytest.mark.django_db
def test_a_unit_asks_for_a_later_date_and_history_records_it(assignment, town_a_staff):
    extension = ask(assignment, town_a_staff)
    assert (extension.status, extension.old_due_on, extension.new_due_on) == (
        ExtensionRequest.Status.PENDING,
        DUE,
        date(2024, 8, 31),
    )
    entry = HistoryEntry.objects.get()
    assert (entry.kind, entry.old_value, entry.new_value, entry.note) == (
        "extension_requested", "2024-06-30", "2024-08-31", "汛期施工受阻",
    )  # fmt: skip
    assignment.refresh_from_db()
    assert assignment.due_on == DUE  # nothing moves before a decision


@pytest.mark.django_db
def test_only_one_request_waits_at_a_time(assignment, town_a_staff):
    ask(assignment, town_a_staff)
    with pytest.raises(WorkflowRefused) as refused:
        ask(assignment, town_a_staff, new_due_on=date(2024, 9, 30))
    assert refused.value.messages == [services.EXTENSION_PENDING]
    assert ExtensionRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reason": " "}, services.EXTENSION_REASON_REQUIRED),
        ({"new_due_on": DUE}, services.EXTENSION_NOT_LATER.format(due="2024年6月30日")),
        ({"new_due_on": date(2024, 5, 31)}, services.EXTENSION_IN_PAST),
    ],
)
def test_bad_extension_requests_are_refused(assignment, town_a_staff, kwargs, message):
    with pytest.raises(WorkflowRefused) as refused:
        ask(assignment, town_a_staff, **kwargs)
    assert refused.value.messages == [message]
    assert not ExtensionRequest.objects.exists()
    assert not HistoryEntry.objects.exists()


@pytest.mark.django_db
def test_finished_assignments_cannot_ask_for_extension(town_a_staff):
    done = AssignmentFactory(unit=town_a_staff.unit, status=S.DONE, due_on=DUE)
    with pytest.raises(WorkflowRefused) as refused:
        ask(done, town_a_staff)
    assert refused.value.messages == [services.EXTENSION_NOT_OPEN]


@pytest.mark.django_db
def test_approval_moves_the_due_date_and_tells_the_unit(assignment, town_a_staff, supervisor):
    extension = decide(ask(assignment, town_a_staff), supervisor, approve=True, note="同意")
    assignment.refresh_from_db()
    assert assignment.due_on == date(2024, 8, 31)
    assert (extension.status, extension.decided_by, extension.decided_at) == (
        "approved", supervisor, NOW,
    )  # fmt: skip
    entry = HistoryEntry.objects.filter(kind="extension_approved").get()
    assert (entry.old_value, entry.new_value, entry.actor) == (
        "2024-06-30",
        "2024-08-31",
        supervisor,
    )
    notice = assignment.notifications.get(recipient=town_a_staff)
    assert notice.kind == "extension_decided"
    assert "2024年8月31日" in notice.body


@pytest.mark.django_db
def test_refusal_needs_a_note_and_keeps_the_due_date(assignment, town_a_staff, supervisor):
    extension = ask(assignment, town_a_staff)
    with pytest.raises(WorkflowRefused) as refused:
        decide(extension, supervisor, approve=False)
    assert refused.value.messages == [services.REFUSAL_NOTE_REQUIRED]
    extension.refresh_from_db()
    assert extension.status == "pending"

    decide(extension, supervisor, approve=False, note="时限不可调整")
    extension.refresh_from_db()
    assignment.refresh_from_db()
    assert (extension.status, extension.decision_note) == ("refused", "时限不可调整")
    assert assignment.due_on == DUE
    assert HistoryEntry.objects.filter(kind="extension_refused", note="时限不可调整").exists()


@pytest.mark.django_db
def test_a_request_is_decided_once(assignment, town_a_staff, supervisor):
    extension = ask(assignment, town_a_staff)
    decide(extension, supervisor, approve=True)
    with pytest.raises(WorkflowRefused) as refused:
        decide(extension, supervisor, approve=False, note="改主意")
    assert refused.value.messages == [services.EXTENSION_ALREADY_DECIDED]
    extension.refresh_from_db()
    assert extension.status == "approved"


@pytest.mark.django_db
def test_after_a_decision_a_new_request_may_be_filed(assignment, town_a_staff, supervisor):
    decide(ask(assignment, town_a_staff), supervisor, approve=False, note="不同意")
    ask(assignment, town_a_staff, new_due_on=date(2024, 7, 15))
    assert ExtensionRequest.objects.filter(status="pending").count() == 1
