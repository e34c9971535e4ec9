from datetime import UTC, date, datetime

import pytest

from tests.factories import AssignmentFactory, TaskFactory, UnitFactory
from tracker.models import Assignment, HistoryEntry
from tracker.services import assignments as services
from tracker.services.assignments import WorkflowRefused

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
S = Assignment.Status


@pytest.mark.django_db
def test_supervisor_changes_a_due_date_with_history(supervisor, town_a):
    assignment = AssignmentFactory(unit=town_a, due_on=date(2024, 6, 30))
    services.change_due_date(
        assignment=assignment, changed_by=supervisor, now=NOW, due_on=date(2024, 7, 31),
        reason="按市里要求提前部署", expected_version=1,
    )  # fmt: skip
    assignment.refresh_from_db()
    assert (assignment.due_on, assignment.version) == (date(2024, 7, 31), 2)
    entry = HistoryEntry.objects.get()
    assert (entry.kind, entry.old_value, entry.new_value, entry.note, entry.actor) == (
        "due_date", "2024-06-30", "2024-07-31", "按市里要求提前部署", supervisor,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "due_on", "message"),
    [
        (S.PENDING, date(2024, 6, 30), services.DUE_DATE_UNCHANGED),
        (S.PENDING, None, services.DUE_DATE_REQUIRED),
        (S.CLOSED, date(2024, 9, 1), services.DUE_DATE_CLOSED),
    ],
)
def test_bad_due_date_changes_are_refused(supervisor, town_a, status, due_on, message):
    assignment = AssignmentFactory(unit=town_a, status=status, due_on=date(2024, 6, 30))
    with pytest.raises(WorkflowRefused) as refused:
        services.change_due_date(
            assignment=assignment, changed_by=supervisor, now=NOW, due_on=due_on,
            expected_version=1,
        )  # fmt: skip
    assert refused.value.messages == [message]
    assignment.refresh_from_db()
    assert (assignment.due_on, assignment.version) == (date(2024, 6, 30), 1)


@pytest.mark.django_db
def test_reassigning_moves_the_share_and_tells_the_new_unit(supervisor, town_a, town_b_staff):
    assignment = AssignmentFactory(unit=town_a, status=S.IN_PROGRESS)
    services.reassign(
        assignment=assignment, reassigned_by=supervisor, now=NOW, unit=town_b_staff.unit,
        reason="职责调整", expected_version=1,
    )  # fmt: skip
    assignment.refresh_from_db()
    assert assignment.unit == town_b_staff.unit
    entry = HistoryEntry.objects.get()
    assert (entry.kind, entry.old_value, entry.new_value) == ("reassigned", "甲镇", "乙镇")
    assert assignment.notifications.get().recipient == town_b_staff


@pytest.mark.django_db
def test_reassigning_to_a_unit_already_on_the_task_is_refused(supervisor, town_a, town_b):
    task = TaskFactory()
    assignment = AssignmentFactory(task=task, unit=town_a)
    AssignmentFactory(task=task, unit=town_b)
    with pytest.raises(WorkflowRefused) as refused:
        services.reassign(
            assignment=assignment, reassigned_by=supervisor, now=NOW, unit=town_b,
            expected_version=1,
        )  # fmt: skip
    assert refused.value.messages == [services.REASSIGN_DUPLICATE.format(unit="乙镇")]
    assignment.refresh_from_db()
    assert assignment.unit == town_a


@pytest.mark.django_db
def test_reassigning_to_an_inactive_or_same_unit_is_refused(supervisor, town_a):
    closed_unit = UnitFactory(name="撤并镇", is_active=False)
    assignment = AssignmentFactory(unit=town_a)
    for unit, message in (
        (town_a, services.REASSIGN_SAME_UNIT),
        (closed_unit, services.REASSIGN_INACTIVE.format(unit="撤并镇")),
    ):
        with pytest.raises(WorkflowRefused) as refused:
            services.reassign(
                assignment=assignment, reassigned_by=supervisor, now=NOW, unit=unit,
                expected_version=1,
            )  # fmt: skip
        assert refused.value.messages == [message]
    assert not HistoryEntry.objects.exists()
