from datetime import UTC, datetime

import pytest

from tests.factories import AssignmentFactory
from tracker.models import Assignment, HistoryEntry
from tracker.services import assignments as services
from tracker.services.assignments import TRANSITIONS, Transition, WorkflowRefused

NOW = datetime(2024, 6, 1, 2, 0, tzinfo=UTC)
S = Assignment.Status

# (state, transition) -> resulting state, or None when the move must be refused.
EXPECTED = {
    (S.PENDING, Transition.START): S.IN_PROGRESS,
    (S.IN_PROGRESS, Transition.COMPLETE): S.DONE,
    (S.DONE, Transition.RETURN): S.IN_PROGRESS,
    (S.DONE, Transition.CLOSE): S.CLOSED,
}
ALL_PAIRS = [(state, transition) for state in S for transition in Transition]


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "transition"), ALL_PAIRS)
def test_every_state_and_transition_pair_is_applied_or_refused(supervisor, state, transition):
    assignment = AssignmentFactory(status=state)
    expected = EXPECTED.get((state, transition))
    if expected is None:
        with pytest.raises(WorkflowRefused) as refused:
            services.apply_transition(
                assignment=assignment, transition=transition, actor=supervisor, now=NOW,
                expected_version=1, reason="理由",
            )  # fmt: skip
        assert refused.value.messages == [
            services.ILLEGAL_TRANSITION.format(
                status=state.label, label=TRANSITIONS[transition].label
            )
        ]
        assignment.refresh_from_db()
        assert (assignment.status, assignment.version) == (state, 1)
        assert not HistoryEntry.objects.exists()
        return
    services.apply_transition(
        assignment=assignment, transition=transition, actor=supervisor, now=NOW,
        expected_version=1, reason="理由",
    )  # fmt: skip
    assignment.refresh_from_db()
    assert assignment.status == expected
    assert assignment.version == 2
    entry = HistoryEntry.objects.get()
    assert (entry.old_value, entry.new_value) == (state.label, expected.label)
    assert (entry.actor, entry.at, entry.assignment) == (supervisor, NOW, assignment)


def test_transition_table_is_the_documented_chain():
    assert {
        (src, name): rule.target for name, rule in TRANSITIONS.items() for src in rule.sources
    } == EXPECTED


@pytest.mark.django_db
def test_return_needs_a_reason_and_records_it(supervisor):
    assignment = AssignmentFactory(status=S.DONE, completed_at=NOW)
    with pytest.raises(WorkflowRefused) as refused:
        services.apply_transition(
            assignment=assignment, transition="return", actor=supervisor, now=NOW,
            expected_version=1, reason="  ",
        )  # fmt: skip
    assert refused.value.messages == [services.RETURN_REASON_REQUIRED]
    assignment.refresh_from_db()
    assert assignment.status == S.DONE

    services.apply_transition(
        assignment=assignment, transition="return", actor=supervisor, now=NOW,
        expected_version=1, reason="佐证材料不全",
    )  # fmt: skip
    assignment.refresh_from_db()
    assert assignment.status == S.IN_PROGRESS
    assert assignment.completed_at is None
    entry = HistoryEntry.objects.get()
    assert (entry.kind, entry.note) == (HistoryEntry.Kind.RETURNED, "佐证材料不全")


@pytest.mark.django_db
def test_returning_a_completion_tells_the_unit(
    supervisor, town_a_staff, town_a_leader, town_b_staff
):
    assignment = AssignmentFactory(status=S.DONE, unit=town_a_staff.unit)
    services.apply_transition(
        assignment=assignment, transition="return", actor=supervisor, now=NOW,
        expected_version=1, reason="请补充照片",
    )  # fmt: skip
    notified = {n.recipient for n in assignment.notifications.filter(kind="returned")}
    assert notified == {town_a_staff, town_a_leader}
    assert "请补充照片" in assignment.notifications.first().body


@pytest.mark.django_db
def test_closing_records_who_and_when(supervisor):
    assignment = AssignmentFactory(status=S.DONE)
    services.apply_transition(
        assignment=assignment, transition="close", actor=supervisor, now=NOW, expected_version=1
    )
    assignment.refresh_from_db()
    assert (assignment.closed_by, assignment.closed_at) == (supervisor, NOW)
    assert HistoryEntry.objects.get().kind == HistoryEntry.Kind.CLOSED


@pytest.mark.django_db
def test_unknown_transition_is_refused(supervisor):
    assignment = AssignmentFactory()
    with pytest.raises(WorkflowRefused) as refused:
        services.apply_transition(
            assignment=assignment, transition="delete", actor=supervisor, now=NOW,
            expected_version=1,
        )  # fmt: skip
    assert refused.value.messages == [services.UNKNOWN_TRANSITION]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (S.PENDING, "2024-05-31", True),
        (S.IN_PROGRESS, "2024-05-31", True),
        (S.IN_PROGRESS, "2024-06-01", False),
        (S.DONE, "2024-05-31", False),
        (S.CLOSED, "2024-05-31", False),
    ],
)
def test_overdue_is_derived_from_due_date_and_state(status, due, overdue):
    from datetime import date

    assignment = AssignmentFactory(status=status, due_on=date.fromisoformat(due))
    assert assignment.is_overdue_on(date(2024, 6, 1)) is overdue
